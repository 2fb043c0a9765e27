// The ziplist blob format, read-only: Redis up to 6.2 wrote small hashes, zsets and list nodes as
// ziplists (src/ziplist.c), so loading RDB 9 files from Redis 6 needs it. Header: zlbytes u32,
// zltail u32, zllen u16; entries of prevlen + encoding + data; 0xFF terminator.

/** Thrown for a blob that is not a valid ziplist. */
export class ZiplistError extends Error {}

const ZIP_END = 0xff;
const ZIPLIST_HEADER_SIZE = 10;

/** Decodes a ziplist into its elements as byte strings. */
export function decodeZiplist(buf: Buffer): string[] {
  if (buf.length < ZIPLIST_HEADER_SIZE + 1) throw new ZiplistError('ziplist too short');
  const zlbytes = buf.readUInt32LE(0);
  if (zlbytes !== buf.length) throw new ZiplistError(`ziplist header says ${zlbytes} bytes, blob has ${buf.length}`);
  const count = buf.readUInt16LE(8);
  const out: string[] = [];
  let p = ZIPLIST_HEADER_SIZE;
  let prevEntryLen = 0;
  const need = (n: number) => {
    if (p + n > zlbytes - 1) throw new ZiplistError('ziplist entry runs past the end');
  };
  while (p < zlbytes - 1 && buf[p] !== ZIP_END) {
    const start = p;
    need(1);
    let prevlen = buf[p]!;
    if (prevlen === 254) {
      need(5);
      prevlen = buf.readUInt32LE(p + 1);
      p += 5;
    } else {
      p += 1;
    }
    if (prevlen !== prevEntryLen) throw new ZiplistError('ziplist prevlen mismatch');
    need(1);
    const enc = buf[p]!;
    const kind = enc >> 6;
    if (kind === 0) {
      const len = enc & 0x3f;
      need(1 + len);
      out.push(buf.toString('latin1', p + 1, p + 1 + len));
      p += 1 + len;
    } else if (kind === 1) {
      need(2);
      const len = ((enc & 0x3f) << 8) | buf[p + 1]!;
      need(2 + len);
      out.push(buf.toString('latin1', p + 2, p + 2 + len));
      p += 2 + len;
    } else if (enc === 0x80) {
      need(5);
      const len = buf.readUInt32BE(p + 1);
      need(5 + len);
      out.push(buf.toString('latin1', p + 5, p + 5 + len));
      p += 5 + len;
    } else if (enc === 0xc0) {
      need(3);
      out.push(String(buf.readInt16LE(p + 1)));
      p += 3;
    } else if (enc === 0xd0) {
      need(5);
      out.push(String(buf.readInt32LE(p + 1)));
      p += 5;
    } else if (enc === 0xe0) {
      need(9);
      out.push(buf.readBigInt64LE(p + 1).toString());
      p += 9;
    } else if (enc === 0xf0) {
      need(4);
      out.push(String(buf.readIntLE(p + 1, 3)));
      p += 4;
    } else if (enc === 0xfe) {
      need(2);
      out.push(String(buf.readInt8(p + 1)));
      p += 2;
    } else if (enc >= 0xf1 && enc <= 0xfd) {
      out.push(String((enc & 0x0f) - 1));
      p += 1;
    } else {
      throw new ZiplistError(`invalid ziplist entry encoding 0x${enc.toString(16)}`);
    }
    prevEntryLen = p - start;
  }
  if (p !== zlbytes - 1 || buf[p] !== ZIP_END) throw new ZiplistError('ziplist not terminated');
  if (count !== 65535 && count !== out.length) throw new ZiplistError(`ziplist header says ${count} entries, found ${out.length}`);
  return out;
}
