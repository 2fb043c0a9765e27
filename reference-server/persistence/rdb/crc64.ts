// CRC-64/Jones as Redis computes it over RDB files (src/crc64.c): reflected, polynomial
// 0xad93d23594c935a9, initial value 0, no final xor. Check value for "123456789": 0xe9c6d914c4b8d9ca.

// Table-driven over two 32-bit halves: BigInt per byte would be far too slow for large files.
const TABLE_LO = new Uint32Array(256);
const TABLE_HI = new Uint32Array(256);
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
    TABLE_LO[i] = lo;
    TABLE_HI[i] = hi;
  }
})();

/** A running CRC64; `update` with each chunk, `value` for the result. */
export class Crc64 {
  private lo = 0;
  private hi = 0;

  update(buf: Uint8Array, start = 0, end = buf.length): this {
    let lo = this.lo;
    let hi = this.hi;
    for (let i = start; i < end; i++) {
      const idx = (lo ^ buf[i]!) & 0xff;
      const nlo = ((lo >>> 8) | ((hi & 0xff) << 24)) >>> 0;
      const nhi = hi >>> 8;
      lo = (nlo ^ TABLE_LO[idx]!) >>> 0;
      hi = (nhi ^ TABLE_HI[idx]!) >>> 0;
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
