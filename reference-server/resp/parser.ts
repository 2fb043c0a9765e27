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

/** Buffer's own latin1 decoder, without toString's encoding dispatch (a hot path: once per argument). */
interface Latin1Buffer extends Buffer {
  latin1Slice(start: number, end: number): string;
}

/**
 * Header lines are scanned in a latin1 string decoded from the buffer, up to this many bytes at a
 * time: string scanning stays in JavaScript, where Buffer.indexOf and toString cross into C++ for
 * each line and argument (a microbenchmark of 16 pipelined SETs: about 300 ns per command with
 * Buffer calls, 175 with the window). Larger than
 * PROTO_INLINE_MAX_SIZE, so a window that ends before a line does means that line is too long.
 */
const WINDOW_BYTES = 256 * 1024;
/**
 * Arguments shorter than V8's SlicedString minimum (13) are copied out of the window; longer ones
 * are decoded from the buffer, because a slice of the window would keep the whole window alive
 * for as long as the stored key or value lives.
 */
const COPY_FROM_WINDOW_BELOW = 13;

/**
 * Feed bytes with `feed`, then call `next` until it answers `incomplete`.
 * An `error` result is final: the connection must reply with it and close.
 * Arguments never cause a preallocation larger than what has been received, and a large bulk
 * arriving in many reads is joined once, when it is complete (not once per read).
 */
export class RequestParser {
  private buf: Latin1Buffer = Buffer.alloc(0) as Latin1Buffer;
  private pos = 0;
  /** Reads held back while a bulk payload is incomplete; joined to `buf` once it can be. */
  private queued: Buffer[] = [];
  private queuedLen = 0;
  /** latin1 text of buf[winStart, winStart + win.length). */
  private win = '';
  private winStart = 0;
  /** Arguments still expected by the multibulk being read (0 = between requests). */
  private multibulkLeft = 0;
  /** Length of the bulk being read, or -1 when its `$` line is still to be read. */
  private bulkLen = -1;
  private args: string[] = [];
  /** Arguments of the current multibulk read so far. */
  private argc = 0;
  private failed = false;

  constructor(private readonly limits: ParserLimits = { maxBulkLen: DEFAULT_PROTO_MAX_BULK_LEN }) {}

  /** Bytes received but not yet consumed by a complete request. */
  get pendingBytes(): number {
    return this.buf.length - this.pos + this.queuedLen;
  }

  feed(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (this.bulkLen >= 0 && this.pendingBytes + chunk.length < this.bulkLen + 2) {
      // The payload being read is still short: keep the read aside, join nothing yet.
      this.queued.push(chunk);
      this.queuedLen += chunk.length;
      return;
    }
    const rest = this.buf.length - this.pos;
    if (rest === 0 && this.queuedLen === 0) {
      this.buf = chunk as Latin1Buffer;
    } else {
      const parts = rest > 0 ? [this.buf.subarray(this.pos), ...this.queued, chunk] : [...this.queued, chunk];
      this.buf = Buffer.concat(parts, rest + this.queuedLen + chunk.length) as Latin1Buffer;
    }
    this.queued = [];
    this.queuedLen = 0;
    this.pos = 0;
    this.win = '';
    this.winStart = 0;
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

  /**
   * Makes the window cover `from` and, where the buffer has them, the PROTO_INLINE_MAX_SIZE + 2
   * bytes after it (the longest line a header may be).
   */
  private windowAt(from: number): void {
    const winEnd = this.winStart + this.win.length;
    const wanted = Math.min(this.buf.length, from + PROTO_INLINE_MAX_SIZE + 2);
    if (from >= this.winStart && wanted <= winEnd && this.win.length > 0) return;
    this.winStart = from;
    this.win = this.buf.latin1Slice(from, Math.min(this.buf.length, from + WINDOW_BYTES));
  }

  /** Offset in buf of the next CR at or after `from`, or -1 when none is within the window. */
  private findCr(from: number): number {
    this.windowAt(from);
    const i = this.win.indexOf('\r', from - this.winStart);
    return i < 0 ? -1 : i + this.winStart;
  }

  /** Reads `*<count>\r\n`. Returns a result to hand out, or undefined to continue. */
  private readCount(): ParseResult | undefined {
    const cr = this.findCr(this.pos);
    if (cr < 0) {
      if (this.buf.length - this.pos > PROTO_INLINE_MAX_SIZE) return this.fail('Protocol error: too big mbulk count string');
      return INCOMPLETE;
    }
    if (cr + 1 >= this.buf.length) return INCOMPLETE; // the \n is not here yet
    const n = parseStrictIntegerText(this.win, this.pos + 1 - this.winStart, cr - this.winStart);
    if (n === undefined || n > INT_MAX) return this.fail('Protocol error: invalid multibulk length');
    this.pos = cr + 2;
    if (n <= 0) {
      this.countRead = true;
      return undefined;
    }
    this.multibulkLeft = n;
    this.bulkLen = -1;
    // Sized to the count only when small: a hostile `*2147483647` must not allocate ahead of the data.
    this.args = n <= 64 ? new Array<string>(n) : [];
    this.argc = 0;
    return undefined;
  }

  /** Reads the bulk arguments of the current multibulk. Null when an empty multibulk ended. */
  private readBulks(): ParseResult | null {
    if (this.multibulkLeft === 0) return null;
    const buf = this.buf;
    while (this.multibulkLeft > 0) {
      if (this.bulkLen === -1) {
        const cr = this.findCr(this.pos);
        if (cr < 0) {
          if (buf.length - this.pos > PROTO_INLINE_MAX_SIZE) return this.fail('Protocol error: too big bulk count string');
          return INCOMPLETE;
        }
        if (cr + 1 >= buf.length) return INCOMPLETE;
        if (buf[this.pos] !== 0x24 /* '$' */) {
          return this.fail(`Protocol error: expected '$', got '${String.fromCharCode(buf[this.pos]!)}'`);
        }
        const len = parseStrictIntegerText(this.win, this.pos + 1 - this.winStart, cr - this.winStart);
        if (len === undefined || len < 0 || (!this.limits.unlimited && len > this.limits.maxBulkLen)) {
          return this.fail('Protocol error: invalid bulk length');
        }
        this.pos = cr + 2;
        this.bulkLen = len;
      }
      // Redis skips the two bytes after the payload without checking they are CRLF.
      const len = this.bulkLen;
      if (buf.length - this.pos < len + 2) return INCOMPLETE;
      const start = this.pos;
      const inWin = start - this.winStart;
      this.args[this.argc++] = len < COPY_FROM_WINDOW_BELOW && inWin >= 0 && inWin + len <= this.win.length
        ? this.win.slice(inWin, inWin + len)
        : buf.latin1Slice(start, start + len);
      this.pos = start + len + 2;
      this.bulkLen = -1;
      this.multibulkLeft--;
    }
    return { kind: 'command', args: this.args };
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
    const line = this.buf.latin1Slice(this.pos, end);
    const args = splitInlineArgs(line);
    if (args === null) return this.fail('Protocol error: unbalanced quotes in request');
    this.pos = nl + 1;
    if (args.length === 0) return null;
    return { kind: 'command', args };
  }
}

/**
 * string2ll from Redis util.c, over latin1 text (the header window): optional '-', digits, no '+',
 * no leading zeros, no spaces, int64 range.
 */
function parseStrictIntegerText(text: string, start: number, end: number): number | undefined {
  const len = end - start;
  if (len <= 0 || len > 20) return undefined;
  let i = start;
  let negative = false;
  if (len === 1 && text.charCodeAt(i) === 0x30) return 0;
  if (text.charCodeAt(i) === 0x2d) {
    negative = true;
    i++;
    if (i === end) return undefined;
  }
  const first = text.charCodeAt(i);
  if (first < 0x31 || first > 0x39) return undefined;
  let value = 0;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return undefined;
    value = value * 10 + (c - 0x30);
  }
  // Values beyond 2^53 lose precision but are far past every limit compared against.
  if (value > 9223372036854775807) return undefined;
  return negative ? -value : value;
}
