// Bitmap commands (Redis 7.0 src/bitops.c): SETBIT, GETBIT, BITCOUNT, BITPOS and BITOP on string
// values, bit 0 being the most significant bit of byte 0; BITFIELD and BITFIELD_RO live in bitfield.ts.

import type { CommandContext, CommandSpec } from './command.js';
import { lookupReadTyped, parseInteger } from './args.js';
import { NOT_INTEGER, SYNTAX, err } from './errors.js';
import { countBits, findBit, keywordIs, parseBitOffset, stringForBitWrite } from './bitmap-shared.js';
import { bitfieldCommands } from './bitfield.js';
import { createRawStringValue } from '../keyspace/string-value.js';
import { ErrorReply, type Reply } from '../resp/reply.js';

const KEY1 = { firstKey: 1, lastKey: 1, keyStep: 1 };

/**
 * A BITCOUNT / BITPOS range: `start` and `end` in bytes or (BIT) in bits, negative from the end,
 * clamped to the string as bitcountCommand / bitposCommand do; as bit positions first..last, or
 * undefined when empty.
 */
function clampRange(start: number, end: number, totalBytes: number, inBits: boolean): { first: number; last: number } | undefined {
  const total = inBits ? totalBytes * 8 : totalBytes;
  if (start < 0) start = total + start;
  if (end < 0) end = total + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= total) end = total - 1;
  if (start > end) return undefined;
  return inBits ? { first: start, last: end } : { first: start * 8, last: end * 8 + 7 };
}

/** BIT | BYTE (case-insensitive): whether the range is in bits, or the syntax error. */
function parseUnit(arg: string): boolean | ErrorReply {
  if (keywordIs(arg, 'bit')) return true;
  if (keywordIs(arg, 'byte')) return false;
  return SYNTAX;
}

/** bitcountCommand: BITCOUNT key [start end [BYTE|BIT]]. */
function bitcount(ctx: CommandContext, args: string[]): Reply {
  // The key is looked up before the range is parsed: a missing key answers 0 whatever follows.
  const o = lookupReadTyped(ctx, args[1]!, 'string');
  if (o === undefined || o instanceof ErrorReply) return o ?? 0;
  const s = o.data;
  if (args.length === 2) return s.length === 0 ? 0 : countBits(s, 0, s.length * 8 - 1);
  if (args.length !== 4 && args.length !== 5) return SYNTAX;
  const start = parseInteger(args[2]!);
  const end = parseInteger(args[3]!);
  if (start === undefined || end === undefined) return NOT_INTEGER;
  // Checked before BIT/BYTE is read: `BITCOUNT k -1 -2 FOO` answers 0.
  if (start < 0 && end < 0 && start > end) return 0;
  const inBits = args.length === 5 ? parseUnit(args[4]!) : false;
  if (inBits instanceof ErrorReply) return inBits;
  const range = clampRange(start, end, s.length, inBits);
  return range ? countBits(s, range.first, range.last) : 0;
}

/** bitposCommand: BITPOS key bit [start [end [BYTE|BIT]]]. */
function bitpos(ctx: CommandContext, args: string[]): Reply {
  const bit = parseInteger(args[2]!);
  if (bit === undefined) return NOT_INTEGER;
  if (bit !== 0 && bit !== 1) return err('The bit argument must be 1 or 0.');
  // A missing key is an endless run of 0 bits, whatever range follows.
  const o = lookupReadTyped(ctx, args[1]!, 'string');
  if (o === undefined) return bit ? -1 : 0;
  if (o instanceof ErrorReply) return o;
  const s = o.data;
  if (args.length > 6) return SYNTAX;
  let start = 0;
  let end = s.length - 1;
  let inBits = false;
  const endGiven = args.length >= 5;
  if (args.length >= 4) {
    // Parsed in Redis's order: start, then BIT/BYTE, then end.
    const parsedStart = parseInteger(args[3]!);
    if (parsedStart === undefined) return NOT_INTEGER;
    start = parsedStart;
    if (args.length === 6) {
      const unit = parseUnit(args[5]!);
      if (unit instanceof ErrorReply) return unit;
      inBits = unit;
    }
    if (endGiven) {
      const parsedEnd = parseInteger(args[4]!);
      if (parsedEnd === undefined) return NOT_INTEGER;
      end = parsedEnd;
    }
  }
  const range = clampRange(start, end, s.length, inBits);
  // An empty range holds neither a 0 nor a 1.
  if (range === undefined) return -1;
  const pos = findBit(s, bit, range.first, range.last);
  if (pos >= 0 || bit === 1) return pos;
  // No clear bit: without an explicit end the string counts as zero-padded on the right.
  return endGiven ? -1 : range.last + 1;
}

const BITOP_OPS = ['and', 'or', 'xor', 'not'] as const;
type BitopOp = (typeof BITOP_OPS)[number];

/** bitopCommand: BITOP AND|OR|XOR|NOT destkey key [key ...]; replies the result's length. */
function bitop(ctx: CommandContext, args: string[]): Reply {
  const op: BitopOp | undefined = BITOP_OPS.find((o) => keywordIs(args[1]!, o));
  if (op === undefined) return SYNTAX;
  if (op === 'not' && args.length !== 4) return err('BITOP NOT must be called with a single source key.');
  const target = args[2]!;
  // Sources are looked up in order, a missing key being the empty string; the first non-string errors.
  const sources: Buffer[] = [];
  let maxLength = 0;
  for (let i = 3; i < args.length; i++) {
    const o = lookupReadTyped(ctx, args[i]!, 'string');
    if (o instanceof ErrorReply) return o;
    const bytes = Buffer.from(o?.data ?? '', 'latin1');
    sources.push(bytes);
    maxLength = Math.max(maxLength, bytes.length);
  }
  if (maxLength === 0) {
    // All sources empty: the target is deleted, not set to "".
    if (ctx.keyspace.delete(ctx.db, target)) ctx.markDirty();
    return 0;
  }
  const result = Buffer.alloc(maxLength);
  const [first, ...rest] = sources;
  for (let j = 0; j < maxLength; j++) {
    // Bytes past a source's end are 0.
    let out = first![j] ?? 0;
    if (op === 'not') out = ~out & 0xff;
    for (const src of rest) {
      const b = src[j] ?? 0;
      if (op === 'and') out &= b;
      else if (op === 'or') out |= b;
      else out ^= b;
    }
    result[j] = out;
  }
  // setKey: looks the target up for writing (an expired target is deleted first), drops its TTL.
  ctx.keyspace.lookupWrite(ctx.db, target);
  ctx.keyspace.set(ctx.db, target, createRawStringValue(result.toString('latin1')));
  ctx.markDirty();
  return maxLength;
}

export const bitmapCommands: CommandSpec[] = [
  {
    name: 'setbit', arity: 4, flags: ['write', 'denyoom'], acl: ['write', 'bitmap', 'slow'], ...KEY1,
    handler(ctx, args) {
      const offset = parseBitOffset(ctx, args[2]!);
      if (offset instanceof ErrorReply) return offset;
      const on = parseInteger(args[3]!);
      if (on !== 0 && on !== 1) return err('bit is not an integer or out of range');
      const key = args[1]!;
      const bitmap = stringForBitWrite(ctx, key, offset);
      if (bitmap instanceof ErrorReply) return bitmap;
      const { value, grew } = bitmap;
      const byte = Math.floor(offset / 8);
      const mask = 0x80 >> (offset % 8);
      const old = value.data.charCodeAt(byte);
      const was = (old & mask) !== 0 ? 1 : 0;
      // Dirty (signalled, propagated) when the key was created or lengthened, or the bit flips.
      if (grew || was !== on) {
        const next = on ? old | mask : old & ~mask;
        value.data = value.data.slice(0, byte) + String.fromCharCode(next) + value.data.slice(byte + 1);
        ctx.keyspace.modified(ctx.db, key);
        ctx.markDirty();
      }
      return was;
    },
  },
  {
    name: 'getbit', arity: 3, flags: ['readonly', 'fast'], acl: ['read', 'bitmap', 'fast'], ...KEY1,
    handler(ctx, args) {
      // The offset is checked before the key is looked up.
      const offset = parseBitOffset(ctx, args[2]!);
      if (offset instanceof ErrorReply) return offset;
      const o = lookupReadTyped(ctx, args[1]!, 'string');
      if (o === undefined || o instanceof ErrorReply) return o ?? 0;
      const byte = Math.floor(offset / 8);
      if (byte >= o.data.length) return 0;
      return (o.data.charCodeAt(byte) >> (7 - (offset % 8))) & 1;
    },
  },
  {
    name: 'bitcount', arity: -2, flags: ['readonly'], acl: ['read', 'bitmap', 'slow'], ...KEY1,
    handler: bitcount,
  },
  {
    name: 'bitpos', arity: -3, flags: ['readonly'], acl: ['read', 'bitmap', 'slow'], ...KEY1,
    handler: bitpos,
  },
  {
    name: 'bitop', arity: -4, flags: ['write', 'denyoom'], acl: ['write', 'bitmap', 'slow'], firstKey: 2, lastKey: -1, keyStep: 1,
    handler: bitop,
  },
  ...bitfieldCommands,
];
