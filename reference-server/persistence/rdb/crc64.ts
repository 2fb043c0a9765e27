// CRC-64/Jones as Redis computes it over RDB files (src/crc64.c): reflected, polynomial
// 0xad93d23594c935a9, initial value 0, no final xor. Check value for "123456789": 0xe9c6d914c4b8d9ca.

// Table-driven over two 32-bit halves (BigInt per byte would be far too slow for large files),
// eight bytes per step ("slicing-by-8", as src/crc64.c's crcspeed does): table k holds the CRC of
// a byte followed by k zero bytes, so the eight lookups of a step do not wait on each other.
const SLICES = 8;
const LO = Array.from({ length: SLICES }, () => new Uint32Array(256));
const HI = Array.from({ length: SLICES }, () => new Uint32Array(256));
(() => {
  // The reflected polynomial (bit-reverse of 0xad93d23594c935a9) = 0x95ac9329ac4bc9b5.
  const polyHi = 0x95ac9329;
  const polyLo = 0xac4bc9b5;
  for (let i = 0; i < 256; i++) {
    let lo = i;
    let hi = 0;
    for (let k = 0; k < 8; k++) {
      const lsb = lo & 1;
      lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
      hi = hi >>> 1;
      if (lsb) {
        lo = (lo ^ polyLo) >>> 0;
        hi = (hi ^ polyHi) >>> 0;
      }
    }
    LO[0]![i] = lo;
    HI[0]![i] = hi;
  }
  for (let k = 1; k < SLICES; k++) {
    for (let i = 0; i < 256; i++) {
      const plo = LO[k - 1]![i]!;
      const phi = HI[k - 1]![i]!;
      const idx = plo & 0xff;
      LO[k]![i] = (((plo >>> 8) | ((phi & 0xff) << 24)) ^ LO[0]![idx]!) >>> 0;
      HI[k]![i] = ((phi >>> 8) ^ HI[0]![idx]!) >>> 0;
    }
  }
})();
const [L0, L1, L2, L3, L4, L5, L6, L7] = LO as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];
const [H0, H1, H2, H3, H4, H5, H6, H7] = HI as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];

/** A running CRC64; `update` with each chunk, `value` for the result. */
export class Crc64 {
  private lo = 0;
  private hi = 0;

  update(buf: Uint8Array, start = 0, end = buf.length): this {
    let lo = this.lo;
    let hi = this.hi;
    let i = start;
    for (; i + 8 <= end; i += 8) {
      const a = (lo ^ (buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24))) >>> 0;
      const b = (hi ^ (buf[i + 4]! | (buf[i + 5]! << 8) | (buf[i + 6]! << 16) | (buf[i + 7]! << 24))) >>> 0;
      lo = (L7[a & 0xff]! ^ L6[(a >>> 8) & 0xff]! ^ L5[(a >>> 16) & 0xff]! ^ L4[a >>> 24]!
        ^ L3[b & 0xff]! ^ L2[(b >>> 8) & 0xff]! ^ L1[(b >>> 16) & 0xff]! ^ L0[b >>> 24]!) >>> 0;
      hi = (H7[a & 0xff]! ^ H6[(a >>> 8) & 0xff]! ^ H5[(a >>> 16) & 0xff]! ^ H4[a >>> 24]!
        ^ H3[b & 0xff]! ^ H2[(b >>> 8) & 0xff]! ^ H1[(b >>> 16) & 0xff]! ^ H0[b >>> 24]!) >>> 0;
    }
    for (; i < end; i++) {
      const idx = (lo ^ buf[i]!) & 0xff;
      const nlo = ((lo >>> 8) | ((hi & 0xff) << 24)) >>> 0;
      const nhi = hi >>> 8;
      lo = (nlo ^ L0[idx]!) >>> 0;
      hi = (nhi ^ H0[idx]!) >>> 0;
    }
    this.lo = lo;
    this.hi = hi;
    return this;
  }

  /** The checksum as an unsigned 64-bit integer. */
  value(): bigint {
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }

  /** The checksum as Redis stores it after EOF: 8 bytes, little-endian. */
  bytes(): Buffer {
    const b = Buffer.alloc(8);
    b.writeUInt32LE(this.lo, 0);
    b.writeUInt32LE(this.hi, 4);
    return b;
  }
}

/** CRC64 of a whole buffer. */
export function crc64(buf: Uint8Array): bigint {
  return new Crc64().update(buf).value();
}
