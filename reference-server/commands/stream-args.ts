// Argument parsing shared by the stream commands (Redis 7.0 src/t_stream.c
// streamGenericParseIDOrReply, streamParseIntervalIDOrReply, string2ull in src/util.c) and the
// stream lookups every command starts with.

import { ErrorReply } from '../resp/reply.js';
import { decrId, incrId, MAX_ID, UINT64_MAX, ZERO_ID, type StreamId } from '../keyspace/stream-id.js';
import { err } from './errors.js';
import { parseBigInteger } from './args.js';

export const INVALID_ID = err('Invalid stream ID specified as stream command argument');
export const INVALID_START = err('invalid start ID for the interval');
export const INVALID_END = err('invalid end ID for the interval');

const SPACE = /^[ \t\n\v\f\r]*([+-]?)(\d+)$/;

/**
 * string2ull: a strict long long that is not negative, else whatever strtoull accepts in base 10
 * (leading spaces, a sign, leading zeros; a '-' negates modulo 2^64; overflow is refused).
 */
export function string2ull(s: string): bigint | undefined {
  const ll = parseBigInteger(s);
  if (ll !== undefined) return ll < 0n ? undefined : ll;
  const m = SPACE.exec(s);
  if (!m) return undefined;
  const v = BigInt(m[2]!);
  if (v > UINT64_MAX) return undefined;
  return m[1] === '-' ? BigInt.asUintN(64, -v) : v;
}

/** A parsed ID; `seqGiven` is false for the `<ms>-*` form (only when `allowSeqStar`). */
export interface ParsedId {
  id: StreamId;
  seqGiven: boolean;
}

/**
 * streamGenericParseIDOrReply. `strict` refuses `-` and `+`; `missingSeq` fills a bare `<ms>`;
 * `allowSeqStar` accepts `<ms>-*` (XADD).
 */
export function parseStreamId(arg: string, missingSeq: bigint, strict: boolean, allowSeqStar = false): ParsedId | ErrorReply {
  if (arg.length > 127) return INVALID_ID;
  // The C code works on a NUL-terminated copy: anything after a NUL byte is invisible.
  const nul = arg.indexOf('\0');
  const buf = nul < 0 ? arg : arg.slice(0, nul);
  if (strict && (buf === '-' || buf === '+')) return INVALID_ID;
  if (buf === '-') return { id: ZERO_ID, seqGiven: true };
  if (buf === '+') return { id: MAX_ID, seqGiven: true };
  const dash = buf.indexOf('-');
  const msPart = dash < 0 ? buf : buf.slice(0, dash);
  const ms = string2ull(msPart);
  if (ms === undefined) return INVALID_ID;
  if (dash < 0) return { id: { ms, seq: missingSeq }, seqGiven: true };
  const seqPart = buf.slice(dash + 1);
  if (allowSeqStar && seqPart === '*') return { id: { ms, seq: 0n }, seqGiven: false };
  const seq = string2ull(seqPart);
  if (seq === undefined) return INVALID_ID;
  return { id: { ms, seq }, seqGiven: true };
}

/** A strict ID (no `-` / `+`), missing sequence 0: what most commands take. */
export function parseStrictId(arg: string): StreamId | ErrorReply {
  const r = parseStreamId(arg, 0n, true);
  return r instanceof ErrorReply ? r : r.id;
}

/**
 * A range start (`exclusive` from a `(` prefix, then strict): inclusive start, or the error
 * (streamParseIntervalIDOrReply then streamIncrID).
 */
export function parseRangeStart(arg: string): StreamId | ErrorReply {
  const exclusive = arg.length > 1 && arg[0] === '(';
  const r = parseStreamId(exclusive ? arg.slice(1) : arg, 0n, exclusive);
  if (r instanceof ErrorReply) return r;
  if (!exclusive) return r.id;
  return incrId(r.id) ?? INVALID_START;
}

/** A range end, missing sequence UINT64_MAX; `(` excludes it (streamDecrID). */
export function parseRangeEnd(arg: string): StreamId | ErrorReply {
  const exclusive = arg.length > 1 && arg[0] === '(';
  const r = parseStreamId(exclusive ? arg.slice(1) : arg, UINT64_MAX, exclusive);
  if (r instanceof ErrorReply) return r;
  if (!exclusive) return r.id;
  return decrId(r.id) ?? INVALID_END;
}
