// BITFIELD and BITFIELD_RO (Redis 7.0 src/bitops.c bitfieldGeneric): signed and unsigned integers
// of 1..64 bits at any bit offset, big-endian bit order, with OVERFLOW WRAP | SAT | FAIL per op.

import type { CommandContext, CommandSpec } from './command.js';
import { lookupReadTyped, parseBigInteger, parseInteger } from './args.js';
import { NOT_INTEGER, SYNTAX, err } from './errors.js';
import { keywordIs, parseBitOffset, stringForBitWrite } from './bitmap-shared.js';
import { ErrorReply, type Reply } from '../resp/reply.js';

type Overflow = 'wrap' | 'sat' | 'fail';

/** One parsed subcommand; OVERFLOW is not an op, it sets `overflow` for the ops after it. */
interface BitfieldOp {
  kind: 'get' | 'set' | 'incrby';
  /** Bit offset of the field's most significant bit. */
  offset: number;
  bits: number;
  signed: boolean;
  /** SET's value or INCRBY's increment (a signed 64-bit argument). */
  operand: bigint;
  overflow: Overflow;
}

const TYPE_ERROR = err('Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.');

/**
 * getBitfieldTypeFromArgument: `i1`..`i64` or `u1`..`u63` (u64 is refused: an integer reply is
 * signed). The prefix is case-sensitive and the width is read up to the first NUL (strlen).
 */
function parseType(raw: string): { signed: boolean; bits: number } | ErrorReply {
  const sign = raw[0];
  if (sign !== 'i' && sign !== 'u') return TYPE_ERROR;
  const nul = raw.indexOf('\0', 1);
  const bits = parseInteger(raw.slice(1, nul < 0 ? undefined : nul));
  if (bits === undefined || bits < 1 || bits > (sign === 'i' ? 64 : 63)) return TYPE_ERROR;
  return { signed: sign === 'i', bits };
}

/** The ops of `args` (from argv[2]) in order, or the first error in argument order. */
function parseOps(ctx: CommandContext, args: string[]): BitfieldOp[] | ErrorReply {
  const ops: BitfieldOp[] = [];
  let overflow: Overflow = 'wrap';
  for (let j = 2; j < args.length; j++) {
    const remaining = args.length - j - 1;
    const sub = args[j]!;
    let kind: BitfieldOp['kind'];
    if (keywordIs(sub, 'get') && remaining >= 2) kind = 'get';
    else if (keywordIs(sub, 'set') && remaining >= 3) kind = 'set';
    else if (keywordIs(sub, 'incrby') && remaining >= 3) kind = 'incrby';
    else if (keywordIs(sub, 'overflow') && remaining >= 1) {
      const mode = (['wrap', 'sat', 'fail'] as const).find((m) => keywordIs(args[j + 1]!, m));
      if (mode === undefined) return err('Invalid OVERFLOW type specified');
      overflow = mode;
      j++;
      continue;
    } else return SYNTAX;
    const type = parseType(args[j + 1]!);
    if (type instanceof ErrorReply) return type;
    const offset = parseBitOffset(ctx, args[j + 2]!, type.bits);
    if (offset instanceof ErrorReply) return offset;
    let operand = 0n;
    if (kind !== 'get') {
      const parsed = parseBigInteger(args[j + 3]!);
      if (parsed === undefined) return NOT_INTEGER;
      operand = parsed;
    }
    ops.push({ kind, offset, bits: type.bits, signed: type.signed, operand, overflow });
    j += kind === 'get' ? 2 : 3;
  }
  return ops;
}

/** getUnsignedBitfield: the `bits` bits at `offset`, bytes past the end reading as 0. */
function readBits(bytes: Uint8Array, offset: number, bits: number): bigint {
  let v = 0n;
  for (let i = offset; i < offset + bits; i++) {
    const byte = bytes[Math.floor(i / 8)] ?? 0;
    v = (v << 1n) | BigInt((byte >> (7 - (i % 8))) & 1);
  }
  return v;
}

/** setUnsignedBitfield: writes the low `bits` bits of `value` at `offset` (inside `bytes`). */
function writeBits(bytes: Uint8Array, offset: number, bits: number, value: bigint): void {
  for (let j = 0; j < bits; j++) {
    const i = offset + j;
    const mask = 0x80 >> (i % 8);
    const byte = Math.floor(i / 8);
    if ((value >> BigInt(bits - 1 - j)) & 1n) bytes[byte]! |= mask;
    else bytes[byte]! &= ~mask;
  }
}

/** A field read as the op's type. */
function fieldValue(op: BitfieldOp, bytes: Uint8Array): bigint {
  const raw = readBits(bytes, op.offset, op.bits);
  return op.signed ? BigInt.asIntN(op.bits, raw) : raw;
}

const int64 = (v: bigint): bigint => BigInt.asIntN(64, v);

/**
 * checkSignedBitfieldOverflow: 1 (above the type's max), -1 (below its min) or 0, for `value` +
 * `incr`. Its bounds `max - value` and `min - value` wrap around in 64 bits, and the test is kept
 * as Redis writes it: so a SET (incr 0) of a value within `max` of INT64_MIN counts as an overflow
 * *upwards* (`OVERFLOW SAT SET i3 0 -9223372036854775808` stores 3, not -4).
 */
function signedOverflow(value: bigint, incr: bigint, bits: number): 1 | -1 | 0 {
  const max = (1n << BigInt(bits - 1)) - 1n;
  const min = -max - 1n;
  const maxIncr = int64(max - value);
  const minIncr = int64(min - value);
  if (value > max || (bits !== 64 && incr > maxIncr) || (value >= 0n && incr > 0n && incr > maxIncr)) return 1;
  if (value < min || (bits !== 64 && incr < minIncr) || (value < 0n && incr < 0n && incr < minIncr)) return -1;
  return 0;
}

/** checkUnsignedBitfieldOverflow, for `value` (a uint64) + `incr` (an int64), bounds wrapping as in Redis. */
function unsignedOverflow(value: bigint, incr: bigint, bits: number): 1 | -1 | 0 {
  const max = (1n << BigInt(bits)) - 1n;
  if (value > max || (incr > 0n && incr > int64(max - value))) return 1;
  if (incr < 0n && incr < int64(-value)) return -1;
  return 0;
}

/**
 * The value a SET or INCRBY stores, or undefined when it overflows under FAIL. WRAP keeps the low
 * `bits` bits of the 64-bit sum; SAT stores the type's max or min. An unsigned SET takes its
 * operand as the uint64 it is cast to, so a negative value overflows upwards (SAT stores the max).
 */
function storedValue(op: BitfieldOp, old: bigint): bigint | undefined {
  const value = op.kind === 'incrby' ? old : op.signed ? op.operand : BigInt.asUintN(64, op.operand);
  const incr = op.kind === 'incrby' ? op.operand : 0n;
  const overflow = op.signed ? signedOverflow(value, incr, op.bits) : unsignedOverflow(value, incr, op.bits);
  if (overflow === 0) return value + incr;
  if (op.overflow === 'fail') return undefined;
  if (op.overflow === 'wrap') return op.signed ? BigInt.asIntN(op.bits, value + incr) : BigInt.asUintN(op.bits, value + incr);
  const bits = BigInt(op.bits);
  if (op.signed) return overflow > 0 ? (1n << (bits - 1n)) - 1n : -(1n << (bits - 1n));
  return overflow > 0 ? (1n << bits) - 1n : 0n;
}

/** An integer reply: a JS number when exact, else the bigint. */
function integer(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** bitfieldGeneric: BITFIELD (`readOnly` false) and BITFIELD_RO (GET only). */
function bitfield(ctx: CommandContext, args: string[], readOnly: boolean): Reply {
  const ops = parseOps(ctx, args);
  if (ops instanceof ErrorReply) return ops;
  const key = args[1]!;
  const writes = ops.filter((op) => op.kind !== 'get');
  if (writes.length === 0) {
    // Only GETs: a read (a missing key reads as zeros), never dirty.
    const o = lookupReadTyped(ctx, key, 'string');
    if (o instanceof ErrorReply) return o;
    // As Redis does, each GET reads a zero-padded copy of the (at most) 9 bytes it spans.
    const data = o?.data ?? '';
    return ops.map((op) => {
      const first = Math.floor(op.offset / 8);
      const window = Buffer.from(data.slice(first, first + 9), 'latin1');
      return integer(fieldValue({ ...op, offset: op.offset - first * 8 }, window));
    });
  }
  if (readOnly) return err('BITFIELD_RO only supports the GET subcommand');
  // The string is padded up to the farthest bit any SET/INCRBY reaches, before any op runs
  // (and stays so even when every write fails under OVERFLOW FAIL).
  const highest = writes.reduce((max, op) => Math.max(max, op.offset + op.bits - 1), 0);
  const bitmap = stringForBitWrite(ctx, key, highest);
  if (bitmap instanceof ErrorReply) return bitmap;
  const bytes = Buffer.from(bitmap.value.data, 'latin1');
  let changes = 0;
  const replies: Reply[] = [];
  for (const op of ops) {
    const old = fieldValue(op, bytes);
    if (op.kind === 'get') {
      replies.push(integer(old));
      continue;
    }
    const stored = storedValue(op, old);
    if (stored === undefined) {
      replies.push(null);
      continue;
    }
    writeBits(bytes, op.offset, op.bits, stored);
    replies.push(integer(op.kind === 'set' ? old : stored));
    if (bitmap.grew || stored !== old) changes++;
  }
  if (changes > 0) {
    bitmap.value.data = bytes.toString('latin1');
    ctx.keyspace.modified(ctx.db, key);
    ctx.markDirty(changes);
  }
  return replies;
}

const KEY1 = { firstKey: 1, lastKey: 1, keyStep: 1 };

export const bitfieldCommands: CommandSpec[] = [
  {
    name: 'bitfield', arity: -2, flags: ['write', 'denyoom'], acl: ['write', 'bitmap', 'slow'], ...KEY1,
    handler: (ctx, args) => bitfield(ctx, args, false),
  },
  {
    name: 'bitfield_ro', arity: -2, flags: ['readonly', 'fast'], acl: ['read', 'bitmap', 'fast'], ...KEY1,
    handler: (ctx, args) => bitfield(ctx, args, true),
  },
];
