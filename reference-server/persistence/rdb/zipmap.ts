// The zipmap blob format, read-only: Redis 2.4 and earlier wrote small hashes as zipmaps
// (src/zipmap.c), and Redis 7.0 still loads them (rdbLoadObject converts them to listpacks).
// Layout: a count byte (254: unknown), then entries of key length, key, value length, a free-space
// byte, value and that many unused bytes; lengths are one byte below 254, else 254 and a u32 LE; 0xFF ends.

/** Thrown for a blob that is not a valid zipmap. */
export class ZipmapError extends Error {}

const ZIPMAP_BIGLEN = 254;
const ZIPMAP_END = 0xff;

/**
 * Decodes a zipmap into its [field, value] pairs (byte strings), checking it as
 * zipmapValidateIntegrity does with `deep` set: every entry inside the blob, the last byte the
 * terminator, at least one entry, and a header count (unless 254) equal to the entries found.
 */
export function decodeZipmap(buf: Buffer): Array<[string, string]> {
  if (buf.length < 2) throw new ZipmapError('zipmap too short');
  if (buf[buf.length - 1] !== ZIPMAP_END) throw new ZipmapError('zipmap does not end with its terminator');
  const last = buf.length - 1;
  let p = 1;
  const inside = (at: number, what: string) => {
    if (at < 2 || at > last) throw new ZipmapError(`zipmap ${what} runs past the end`);
  };
  const length = (what: string): number => {
    const big = buf[p]! >= ZIPMAP_BIGLEN;
    inside(p + (big ? 5 : 1), `${what} length`);
    const n = big ? buf.readUInt32LE(p + 1) : buf[p]!;
    p += big ? 5 : 1;
    return n;
  };
  const out: Array<[string, string]> = [];
  while (buf[p] !== ZIPMAP_END) {
    const keyLen = length('field');
    const key = p;
    p += keyLen;
    inside(p, 'field');
    const valueLen = length('value');
    const free = buf[p]!;
    const value = p + 1;
    p += 1 + valueLen + free;
    inside(p, 'value');
    out.push([buf.toString('latin1', key, key + keyLen), buf.toString('latin1', value, value + valueLen)]);
  }
  if (out.length === 0) throw new ZipmapError('zipmap has no entries');
  if (buf[0] !== ZIPMAP_BIGLEN && buf[0] !== out.length) throw new ZipmapError(`zipmap header counts ${buf[0]} entries, blob has ${out.length}`);
  return out;
}
