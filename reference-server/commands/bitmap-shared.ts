// Helpers shared by the bitmap commands (bitmaps.ts, bitfield.ts), after Redis 7.0 src/bitops.c:
// bit offset arguments, the padded string a bit write works on, bit counting and bit search.

import type { CommandContext } from './command.js';
import { is, lookupWriteTyped, parseBigInteger } from './args.js';
import { err } from './errors.js';
import { mustObey } from './stream-shared.js';
import { unshareStringValue } from './refcount.js';
import { createRawStringValue, type StringValue } from '../keyspace/string-value.js';
import { ErrorReply } from '../resp/reply.js';
import { constants } from 'node:buffer';

export const BIT_OFFSET_ERROR = err('bit offset is not an integer or out of range');

/** Not a Redis reply: the reference server cannot hold a string past V8's length limit. */
const TOO_LONG_FOR_JS = err('string exceeds the largest string the reference server can hold (V8 max string length)');

/**
 * Whether `arg` is `keyword` (lower-case ASCII) as strcasecmp on the argument's C string sees it:
 * case-insensitive, and only up to the first NUL byte ("get\0x" is GET).
 */
export function keywordIs(arg: string, keyword: string): boolean {
  const nul = arg.indexOf('\0');
  return is(nul < 0 ? arg : arg.slice(0, nul), keyword);
}

/**
 * getBitOffsetFromArgument: a bit offset, at least 0 and (unless we must obey the client: our
 * master, an AOF load) below proto-max-bulk-len bytes. With `hashBits` > 0 (BITFIELD) the form
 * `#N` means N * hashBits, multiplied in 64 bits with wrap-around as Redis's long long does, so a
 * product past 2^63 comes out negative (refused) or wraps to a small offset (accepted).
 */
export function parseBitOffset(ctx: CommandContext, raw: string, hashBits = 0): number | ErrorReply {
  const useHash = hashBits > 0 && raw.startsWith('#');
  const parsed = parseBigInteger(useHash ? raw.slice(1) : raw);
  if (parsed === undefined) return BIT_OFFSET_ERROR;
  const offset = useHash ? BigInt.asIntN(64, parsed * BigInt(hashBits)) : parsed;
  if (offset < 0n) return BIT_OFFSET_ERROR;
  if (!mustObey(ctx) && offset >> 3n >= BigInt(ctx.config.getNumber('proto-max-bulk-len'))) return BIT_OFFSET_ERROR;
  return Number(offset);
}

/** The string a bit write works on, already long enough to address the highest bit written. */
export interface WritableBitmap {
  value: StringValue;
  /** The key was created or its string lengthened: Redis's `dirty` (counts as a change). */
  grew: boolean;
}

/**
 * lookupStringForBitCommand: the string at `key`, zero-padded so bit `maxBit` exists, made a
 * private raw string (dbUnshareStringValue: even when no bit will change, so OBJECT ENCODING
 * reports raw afterwards). A missing key is created as zero bytes without signalling it
 * (dbAdd does not touch watched keys): the caller signals once a bit really changed.
 */
export function stringForBitWrite(ctx: CommandContext, key: string, maxBit: number): WritableBitmap | ErrorReply {
  const length = Math.floor(maxBit / 8) + 1;
  const o = lookupWriteTyped(ctx, key, 'string');
  if (o instanceof ErrorReply) return o;
  // Redis would allocate it; a JS string stops 24 bytes short of the default 512 MB. Refused here
  // with a reply of our own rather than a RangeError thrown out of the command.
  if (length > constants.MAX_STRING_LENGTH) return TOO_LONG_FOR_JS;
  if (o === undefined) {
    const value = createRawStringValue('\0'.repeat(length));
    // lookupWriteTyped has already told snapshots in progress about this key (copy-on-write);
    // keyspace.add would also signal WATCH, which Redis's dbAdd does not.
    ctx.db.dict.set(key, value);
    return { value, grew: true };
  }
  unshareStringValue(ctx.engine, o);
  o.encoding = 'raw';
  const grew = o.data.length < length;
  if (grew) o.data += '\0'.repeat(length - o.data.length);
  return { value: o, grew };
}

/** Set bits in each byte value 0..255. */
const POPCOUNT = Uint8Array.from({ length: 256 }, (_, b) => {
  let n = 0;
  for (let v = b; v; v >>= 1) n += v & 1;
  return n;
});

/** Number of set bits of `bytes` (a byte string) at bit positions first..last inclusive (bit 0 = MSB of byte 0). */
export function countBits(bytes: string, first: number, last: number): number {
  const firstByte = Math.floor(first / 8);
  const lastByte = Math.floor(last / 8);
  let n = 0;
  for (let i = firstByte; i <= lastByte; i++) n += POPCOUNT[bytes.charCodeAt(i)]!;
  // Take back the bits of the edge bytes that lie outside the range.
  n -= POPCOUNT[bytes.charCodeAt(firstByte) & ~(0xff >> (first % 8)) & 0xff]!;
  n -= POPCOUNT[bytes.charCodeAt(lastByte) & (0xff >> ((last % 8) + 1))]!;
  return n;
}

/** Position of the first bit equal to `bit` at positions first..last inclusive, or -1. */
export function findBit(bytes: string, bit: 0 | 1, first: number, last: number): number {
  // Bit positions reach 2^32 (512 MB strings): byte arithmetic in doubles, never `>>`.
  const skip = bit ? 0x00 : 0xff;
  const lastByte = Math.floor(last / 8);
  for (let i = Math.floor(first / 8); i <= lastByte; i++) {
    const byte = bytes.charCodeAt(i);
    if (byte === skip) continue;
    const from = i * 8 < first ? first % 8 : 0;
    const to = i === lastByte ? last % 8 : 7;
    for (let b = from; b <= to; b++) if (((byte >> (7 - b)) & 1) === bit) return i * 8 + b;
  }
  return -1;
}
