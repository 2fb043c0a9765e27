// Streaming RESP2 request parser: multibulk and inline commands, binary-safe, pipelined.
// Mirrors processMultibulkBuffer / processInlineBuffer in Redis 7.0 src/networking.c, errors worded alike.

import { splitInlineArgs } from './inline-args.js';

/** Redis's PROTO_INLINE_MAX_SIZE: longest inline request or count line without a newline. */
export const PROTO_INLINE_MAX_SIZE = 64 * 1024;
/** Redis's default proto-max-bulk-len (512 MB). */
export const DEFAULT_PROTO_MAX_BULK_LEN = 512 * 1024 * 1024;
const INT_MAX = 2147483647;

/** A parsed request: its arguments as byte strings. */
export type ParseResult =
  | { kind: 'command'; args: string[] }
  | { kind: 'incomplete' }
  | { kind: 'error'; message: string };

const INCOMPLETE: ParseResult = { kind: 'incomplete' };

export interface ParserLimits {
  /** Largest bulk argument accepted (`proto-max-bulk-len`). */
  maxBulkLen: number;
  /** When true (a master link), the bulk length limit does not apply, as in Redis. */
  unlimited?: boolean;
}

/**
 * Feed bytes with `feed`, then call `next` until it answers `incomplete`.
 * An `error` result is final: the connection must reply with it and close.
 * Arguments never cause a preallocation larger than what has been received.
 */
export class RequestParser {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  /** Arguments still expected by the multibulk being read (0 = between requests). */
  private multibulkLeft = 0;
  /** Length of the bulk being read, or -1 when its `$` line is still to be read. */
  private bulkLen = -1;
  private args: string[] = [];
  private failed = false;

  constructor(private readonly limits: ParserLimits = { maxBulkLen: DEFAULT_PROTO_MAX_BULK_LEN }) {}

  /** Bytes received but not yet consumed by a complete request. */
  get pendingBytes(): number {
    return this.buf.length - this.pos;
  }

  feed(chunk: Buffer): void {
    if (this.pos >= this.buf.length) {
      this.buf = chunk;
    } else if (this.pos === 0) {
      this.buf = Buffer.concat([this.buf, chunk]);
    } else {
      this.buf = Buffer.concat([this.buf.subarray(this.pos), chunk]);
    }
    this.pos = 0;
  }

  next(): ParseResult {
    if (this.failed) return INCOMPLETE;
    for (;;) {
      if (this.pos >= this.buf.length) return INCOMPLETE;
      if (this.multibulkLeft === 0) {
        if (this.buf[this.pos] !== 0x2a /* '*' */) {
          const r = this.parseInline();
          if (r === null) continue; // empty line: skipped like Redis
          return r;
        }
        const start = this.readCount();
        if (start !== undefined) return start;
        if (this.multibulkLeft === 0) {
          // Complete only if a count was read (`*0` or negative count): an empty request, skipped.
          if (this.countRead) { this.countRead = false; continue; }
          return INCOMPLETE;
        }
      }
      const r = this.readBulks();
      if (r !== null) return r;
      // readBulks returned null: an empty multibulk finished; continue the loop.
    }
  }

  private countRead = false;

  private fail(message: string): ParseResult {
    this.failed = true;
    return { kind: 'error', message };
  }

  /** Reads `*<count>\r\n`. Returns a result to hand out, or undefined to continue. */
  private readCount(): ParseResult | undefined {
    const cr = this.buf.indexOf(0x0d, this.pos);
    if (cr < 0) {
      if (this.buf.length - this.pos > PROTO_INLINE_MAX_SIZE) return this.fail('Protocol error: too big mbulk count string');
      return INCOMPLETE;
    }
    if (cr + 1 >= this.buf.length) return INCOMPLETE; // the \n is not here yet
    const n = parseStrictInteger(this.buf, this.pos + 1, cr);
    if (n === undefined || n > INT_MAX) return this.fail('Protocol error: invalid multibulk length');
    this.pos = cr + 2;
    if (n <= 0) {
      this.countRead = true;
      return undefined;
    }
    this.multibulkLeft = n;
    this.bulkLen = -1;
    this.args = [];
    return undefined;
  }

  /** Reads the bulk arguments of the current multibulk. Null when an empty multibulk ended. */
  private readBulks(): ParseResult | null {
    if (this.multibulkLeft === 0) return null;
    const buf = this.buf;
    while (this.multibulkLeft > 0) {
      if (this.bulkLen === -1) {
        const cr = buf.indexOf(0x0d, this.pos);
        if (cr < 0) {
          if (buf.length - this.pos > PROTO_INLINE_MAX_SIZE) return this.fail('Protocol error: too big bulk count string');
          return INCOMPLETE;
        }
        if (cr + 1 >= buf.length) return INCOMPLETE;
        if (buf[this.pos] !== 0x24 /* '$' */) {
          return this.fail(`Protocol error: expected '$', got '${String.fromCharCode(buf[this.pos]!)}'`);
        }
        const len = parseStrictInteger(buf, this.pos + 1, cr);
        if (len === undefined || len < 0 || (!this.limits.unlimited && len > this.limits.maxBulkLen)) {
          return this.fail('Protocol error: invalid bulk length');
        }
        this.pos = cr + 2;
        this.bulkLen = len;
      }
      // Redis skips the two bytes after the payload without checking they are CRLF.
      if (buf.length - this.pos < this.bulkLen + 2) return INCOMPLETE;
      this.args.push(buf.toString('latin1', this.pos, this.pos + this.bulkLen));
      this.pos += this.bulkLen + 2;
      this.bulkLen = -1;
      this.multibulkLeft--;
    }
    const args = this.args;
    this.args = [];
    return { kind: 'command', args };
  }

  /** Reads one inline request line. Null for an empty line (ignored, as Redis does). */
  private parseInline(): ParseResult | null {
    const nl = this.buf.indexOf(0x0a, this.pos);
    if (nl < 0) {
      if (this.buf.length - this.pos > PROTO_INLINE_MAX_SIZE) return this.fail('Protocol error: too big inline request');
      return INCOMPLETE;
    }
    let end = nl;
    if (end > this.pos && this.buf[end - 1] === 0x0d) end--;
    const line = this.buf.toString('latin1', this.pos, end);
    const args = splitInlineArgs(line);
    if (args === null) return this.fail('Protocol error: unbalanced quotes in request');
    this.pos = nl + 1;
    if (args.length === 0) return null;
    return { kind: 'command', args };
  }
}

/** string2ll from Redis util.c: optional '-', digits, no '+', no leading zeros, no spaces, int64 range. */
export function parseStrictInteger(buf: Buffer, start: number, end: number): number | undefined {
  const len = end - start;
  if (len <= 0 || len > 20) return undefined;
  let i = start;
  let negative = false;
  if (len === 1 && buf[i] === 0x30) return 0;
  if (buf[i] === 0x2d) {
    negative = true;
    i++;
    if (i === end) return undefined;
  }
  if (buf[i]! < 0x31 || buf[i]! > 0x39) return undefined;
  let value = 0;
  for (; i < end; i++) {
    const c = buf[i]!;
    if (c < 0x30 || c > 0x39) return undefined;
    value = value * 10 + (c - 0x30);
  }
  // Values beyond 2^53 lose precision but are far past every limit compared against.
  if (value > 9223372036854775807) return undefined;
  return negative ? -value : value;
}
