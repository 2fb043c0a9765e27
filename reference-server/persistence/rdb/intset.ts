// The intset blob (src/intset.c): encoding u32 LE (2, 4 or 8 bytes per element), length u32 LE,
// then the integers sorted ascending, little-endian, all in the narrowest width that fits the widest.

/** Thrown for a blob that is not a valid intset. */
export class IntsetError extends Error {}

/** Builds an intset blob from integer strings (any order; duplicates must not occur). */
export function encodeIntset(members: Iterable<string>): Buffer {
  const values = [...members].map((m) => BigInt(m)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let width = 2;
  for (const v of values) {
    if (v < -2147483648n || v > 2147483647n) width = 8;
    else if ((v < -32768n || v > 32767n) && width < 4) width = 4;
  }
  const buf = Buffer.allocUnsafe(8 + width * values.length);
  buf.writeUInt32LE(width, 0);
  buf.writeUInt32LE(values.length, 4);
  values.forEach((v, i) => {
    const at = 8 + i * width;
    if (width === 2) buf.writeInt16LE(Number(v), at);
    else if (width === 4) buf.writeInt32LE(Number(v), at);
    else buf.writeBigInt64LE(v, at);
  });
  return buf;
}

/** Decodes an intset blob into integer strings; checks size, width and strict ascending order. */
export function decodeIntset(buf: Buffer): string[] {
  if (buf.length < 8) throw new IntsetError('intset too short');
  const width = buf.readUInt32LE(0);
  if (width !== 2 && width !== 4 && width !== 8) throw new IntsetError(`invalid intset encoding ${width}`);
  const count = buf.readUInt32LE(4);
  if (8 + count * width !== buf.length) throw new IntsetError('intset length does not match its size');
  const out: string[] = [];
  let prev: bigint | undefined;
  for (let i = 0; i < count; i++) {
    const at = 8 + i * width;
    const v = width === 2 ? BigInt(buf.readInt16LE(at)) : width === 4 ? BigInt(buf.readInt32LE(at)) : buf.readBigInt64LE(at);
    if (prev !== undefined && v <= prev) throw new IntsetError('intset not sorted or has duplicates');
    prev = v;
    out.push(v.toString());
  }
  if (count === 0) throw new IntsetError('empty intset');
  return out;
}
