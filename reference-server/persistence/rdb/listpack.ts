// The listpack blob format (Redis 7.0 src/listpack.c): a 6-byte header (total bytes u32 LE, count
// u16 LE), entries of encoding+data+backlen, and a 0xFF terminator. Integer-looking strings are
// stored as integers in the smallest encoding, as lpAppend does.

import { isStrictInteger } from '../../keyspace/string-value.js';

const LP_HDR_SIZE = 6; // total bytes (4) + number of elements (2)
const LP_EOF = 0xff; // terminator
const LP_NUMELE_UNKNOWN = 65535; // count too large for the header: must be counted

/** Thrown for a blob that is not a valid listpack. */
export class ListpackError extends Error {}

function backlenSize(l: number): number {
  if (l <= 127) return 1;
  if (l < 16383) return 2;
  if (l < 2097151) return 3;
  if (l < 268435455) return 4;
  return 5;
}

/** Writes the back-length of an entry (lpEncodeBacklen): readable from its last byte backwards. */
function writeBacklen(out: number[], l: number): void {
  const n = backlenSize(l);
  if (n === 1) {
    out.push(l);
    return;
  }
  const bytes: number[] = [];
  for (let i = 0; i < n; i++) bytes.push((l >>> (7 * i)) & 127);
  // Highest group first, at the lowest address, without bit 7 (where a backwards read stops);
  // every later byte has bit 7 set, and the last byte holds the lowest 7 bits.
  for (let i = n - 1; i >= 0; i--) out.push(i === n - 1 ? bytes[i]! : bytes[i]! | 128);
}

/** Encodes one element (a byte string) into `out` (numbers as bytes). */
function encodeEntry(out: number[], s: string): void {
  const start = out.length;
  if (s.length <= 20 && isStrictInteger(s)) {
    const v = BigInt(s);
    if (v >= 0n && v <= 127n) {
      out.push(Number(v));
    } else if (v >= -4096n && v <= 4095n) {
      const u = Number(v < 0n ? v + 8192n : v);
      out.push(0xc0 | (u >> 8), u & 0xff);
    } else if (v >= -32768n && v <= 32767n) {
      out.push(0xf1);
      pushLE(out, v, 2);
    } else if (v >= -8388608n && v <= 8388607n) {
      out.push(0xf2);
      pushLE(out, v, 3);
    } else if (v >= -2147483648n && v <= 2147483647n) {
      out.push(0xf3);
      pushLE(out, v, 4);
    } else {
      out.push(0xf4);
      pushLE(out, v, 8);
    }
  } else {
    const len = s.length;
    if (len < 64) out.push(0x80 | len);
    else if (len < 4096) out.push(0xe0 | (len >> 8), len & 0xff);
    else out.push(0xf0, len & 0xff, (len >>> 8) & 0xff, (len >>> 16) & 0xff, (len >>> 24) & 0xff);
    for (let i = 0; i < len; i++) out.push(s.charCodeAt(i));
  }
  writeBacklen(out, out.length - start);
}

function pushLE(out: number[], v: bigint, bytes: number): void {
  let u = v < 0n ? (1n << BigInt(bytes * 8)) + v : v;
  for (let i = 0; i < bytes; i++) {
    out.push(Number(u & 0xffn));
    u >>= 8n;
  }
}

/** Builds a listpack holding `elements` in order. */
export function encodeListpack(elements: readonly string[]): Buffer {
  const body: number[] = [];
  for (const e of elements) encodeEntry(body, e);
  const total = LP_HDR_SIZE + body.length + 1;
  const buf = Buffer.allocUnsafe(total);
  buf.writeUInt32LE(total, 0);
  buf.writeUInt16LE(elements.length < LP_NUMELE_UNKNOWN ? elements.length : LP_NUMELE_UNKNOWN, 4);
  for (let i = 0; i < body.length; i++) buf[LP_HDR_SIZE + i] = body[i]!;
  buf[total - 1] = LP_EOF;
  return buf;
}

function readSigned(buf: Buffer, p: number, bytes: number): bigint {
  let u = 0n;
  for (let i = bytes - 1; i >= 0; i--) u = (u << 8n) | BigInt(buf[p + i]!);
  const bits = BigInt(bytes * 8);
  return u >= 1n << (bits - 1n) ? u - (1n << bits) : u;
}

/** Decodes a listpack into its elements as byte strings; validates every length it reads. */
export function decodeListpack(buf: Buffer): string[] {
  if (buf.length < LP_HDR_SIZE + 1) throw new ListpackError('listpack too short');
  const total = buf.readUInt32LE(0);
  if (total !== buf.length) throw new ListpackError(`listpack header says ${total} bytes, blob has ${buf.length}`);
  const count = buf.readUInt16LE(4);
  const out: string[] = [];
  let p = LP_HDR_SIZE;
  const need = (n: number) => {
    if (p + n > total - 1) throw new ListpackError('listpack entry runs past the end');
  };
  while (p < total - 1) {
    const start = p;
    const b = buf[p]!;
    if (b === LP_EOF) break;
    if ((b & 0x80) === 0) {
      out.push(String(b & 0x7f));
      p += 1;
    } else if ((b & 0xc0) === 0x80) {
      const len = b & 0x3f;
      need(1 + len);
      out.push(buf.toString('latin1', p + 1, p + 1 + len));
      p += 1 + len;
    } else if ((b & 0xe0) === 0xc0) {
      need(2);
      let v = ((b & 0x1f) << 8) | buf[p + 1]!;
      if (v >= 4096) v -= 8192;
      out.push(String(v));
      p += 2;
    } else if ((b & 0xf0) === 0xe0) {
      need(2);
      const len = ((b & 0x0f) << 8) | buf[p + 1]!;
      need(2 + len);
      out.push(buf.toString('latin1', p + 2, p + 2 + len));
      p += 2 + len;
    } else if (b === 0xf0) {
      need(5);
      const len = buf.readUInt32LE(p + 1);
      need(5 + len);
      out.push(buf.toString('latin1', p + 5, p + 5 + len));
      p += 5 + len;
    } else if (b >= 0xf1 && b <= 0xf4) {
      const bytes = b === 0xf1 ? 2 : b === 0xf2 ? 3 : b === 0xf3 ? 4 : 8;
      need(1 + bytes);
      out.push(readSigned(buf, p + 1, bytes).toString());
      p += 1 + bytes;
    } else {
      throw new ListpackError(`invalid listpack entry encoding 0x${b.toString(16)}`);
    }
    const entryLen = p - start;
    const bl = backlenSize(entryLen);
    need(bl);
    // Validate the back-length: reading it backwards must give the entry length.
    let v = 0;
    let shift = 0;
    for (let i = p + bl - 1; i >= p; i--) {
      v |= (buf[i]! & 127) << shift;
      shift += 7;
    }
    if (v !== entryLen) throw new ListpackError('listpack entry back-length mismatch');
    p += bl;
  }
  if (p !== total - 1 || buf[total - 1] !== LP_EOF) throw new ListpackError('listpack not terminated');
  if (count !== LP_NUMELE_UNKNOWN && count !== out.length) {
    throw new ListpackError(`listpack header says ${count} elements, found ${out.length}`);
  }
  return out;
}

/**
 * The bytes one element takes inside a listpack (encoding, data and back-length), as lpAppend
 * would store it: what Redis's lpBytes adds up, so callers can size a listpack without building it.
 */
export function listpackEntrySize(s: string): number {
  let n: number;
  if (s.length <= 20 && isStrictInteger(s)) {
    const v = BigInt(s);
    if (v >= 0n && v <= 127n) n = 1;
    else if (v >= -4096n && v <= 4095n) n = 2;
    else if (v >= -32768n && v <= 32767n) n = 3;
    else if (v >= -8388608n && v <= 8388607n) n = 4;
    else if (v >= -2147483648n && v <= 2147483647n) n = 5;
    else n = 9;
  } else {
    const len = s.length;
    n = len < 64 ? 1 + len : len < 4096 ? 2 + len : 5 + len;
  }
  return n + backlenSize(n);
}

/** Header and terminator bytes of every listpack (LP_HDR_SIZE + the EOF byte). */
export const LISTPACK_OVERHEAD = LP_HDR_SIZE + 1;
