// An incremental RESP2 reply reader: feed it socket chunks, take whole replies out, each with its
// exact raw bytes. An incomplete frame is a normal state (wait for more), not an error.

import type { RespFrame, RespValue } from './reply-value.js';

/** Thrown when the peer sends bytes that are not a RESP2 reply. */
export class RespProtocolError extends Error {}

/** Marker for "the buffer ends before this frame does". */
const INCOMPLETE = Symbol('incomplete');

/** Set by parseFrame when it hits INCOMPLETE: the buffer size below which parsing cannot succeed. */
let neededHint = 0;

/**
 * Accumulates bytes and yields complete replies in order. Handles nested arrays, null bulk
 * (`$-1`), null array (`*-1`), errors and integers. Invariant: `pending` starts at a frame boundary.
 */
export class ReplyReader {
  private pending: Buffer = Buffer.alloc(0);
  /** Chunks received since the last parse attempt (joined lazily: big bulks arrive in many chunks). */
  private chunks: Buffer[] = [];
  private total = 0;
  /** Parsing cannot succeed before `total` reaches this (the end of a bulk being received). */
  private needed = 0;

  /** Appends received bytes. */
  feed(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.total += chunk.length;
  }

  /** Returns the next complete reply, or undefined when more bytes are needed. */
  next(): RespFrame | undefined {
    if (this.total < this.needed || this.total === 0) return undefined;
    if (this.chunks.length > 0) {
      this.pending = Buffer.concat([this.pending, ...this.chunks]);
      this.chunks = [];
    }
    neededHint = 0;
    const parsed = parseFrame(this.pending, 0);
    if (parsed === INCOMPLETE) {
      this.needed = Math.max(neededHint, this.total + 1);
      return undefined;
    }
    this.needed = 0;
    this.total -= parsed.end;
    const raw = Buffer.from(this.pending.subarray(0, parsed.end));
    this.pending = this.pending.subarray(parsed.end);
    return { raw, value: parsed.value };
  }

  /** Number of buffered bytes not yet returned as a reply. */
  get buffered(): number {
    return this.total;
  }
}

interface Parsed {
  value: RespValue;
  end: number;
}

/** Reads the CRLF-terminated line starting at `start`; returns its text and the offset after CRLF. */
function readLine(buf: Buffer, start: number): { text: string; next: number } | typeof INCOMPLETE {
  const cr = buf.indexOf(13, start);
  if (cr === -1 || cr + 1 >= buf.length) return INCOMPLETE;
  if (buf[cr + 1] !== 10) throw new RespProtocolError(`CR not followed by LF at offset ${cr}`);
  return { text: buf.toString('latin1', start, cr), next: cr + 2 };
}

function parseLength(text: string, type: string): number {
  if (!/^-?\d+$/.test(text)) throw new RespProtocolError(`bad ${type} length '${text}'`);
  return Number(text);
}

function parseFrame(buf: Buffer, start: number): Parsed | typeof INCOMPLETE {
  if (start >= buf.length) return INCOMPLETE;
  const type = String.fromCharCode(buf[start]!);
  const line = readLine(buf, start + 1);
  if (line === INCOMPLETE) return INCOMPLETE;
  switch (type) {
    case '+': return { value: { kind: 'simple', text: line.text }, end: line.next };
    case '-': return { value: { kind: 'error', text: line.text }, end: line.next };
    case ':': {
      if (!/^-?\d+$/.test(line.text)) throw new RespProtocolError(`bad integer '${line.text}'`);
      return { value: { kind: 'integer', value: BigInt(line.text) }, end: line.next };
    }
    case '$': {
      const len = parseLength(line.text, 'bulk');
      if (len < 0) return { value: { kind: 'bulk', value: null }, end: line.next };
      if (line.next + len + 2 > buf.length) {
        neededHint = line.next + len + 2;
        return INCOMPLETE;
      }
      if (buf[line.next + len] !== 13 || buf[line.next + len + 1] !== 10) throw new RespProtocolError('bulk payload not followed by CRLF');
      return { value: { kind: 'bulk', value: buf.toString('latin1', line.next, line.next + len) }, end: line.next + len + 2 };
    }
    case '*': {
      const count = parseLength(line.text, 'multibulk');
      if (count < 0) return { value: { kind: 'array', items: null }, end: line.next };
      const items: RespValue[] = [];
      let at = line.next;
      for (let i = 0; i < count; i++) {
        const item = parseFrame(buf, at);
        if (item === INCOMPLETE) return INCOMPLETE;
        items.push(item.value);
        at = item.end;
      }
      return { value: { kind: 'array', items }, end: at };
    }
    default:
      throw new RespProtocolError(`unexpected reply type byte 0x${buf[start]!.toString(16)} at offset ${start}`);
  }
}
