// LZF compression as liblzf does it (src/lzf_c.c, src/lzf_d.c): literal runs of up to 32 bytes and
// back-references of 3..264 bytes within 8 KB. Our compressor need not match Redis's bytes, only
// produce a stream any LZF decoder (Redis's included) restores exactly.

const MAX_LIT = 32;
const MAX_OFF = 1 << 13;
const MAX_REF = (1 << 8) + (1 << 3);
const HASH_LOG = 14;

/** Thrown when compressed data is malformed. */
export class LzfError extends Error {}

/** Decompresses `src` into exactly `outLen` bytes; throws LzfError if the data does not fit. */
export function lzfDecompress(src: Uint8Array, outLen: number): Buffer {
  const out = Buffer.allocUnsafe(outLen);
  let ip = 0;
  let op = 0;
  while (ip < src.length) {
    let ctrl = src[ip++]!;
    if (ctrl < 32) {
      ctrl++;
      if (op + ctrl > outLen) throw new LzfError('LZF output overflow');
      if (ip + ctrl > src.length) throw new LzfError('LZF input truncated');
      for (let i = 0; i < ctrl; i++) out[op++] = src[ip++]!;
    } else {
      let len = ctrl >> 5;
      let ref = op - ((ctrl & 0x1f) << 8) - 1;
      if (ip >= src.length) throw new LzfError('LZF input truncated');
      if (len === 7) {
        len += src[ip++]!;
        if (ip >= src.length) throw new LzfError('LZF input truncated');
      }
      ref -= src[ip++]!;
      len += 2;
      if (op + len > outLen) throw new LzfError('LZF output overflow');
      if (ref < 0) throw new LzfError('LZF back reference before the start');
      for (let i = 0; i < len; i++) out[op++] = out[ref++]!;
    }
  }
  if (op !== outLen) throw new LzfError(`LZF output is ${op} bytes, expected ${outLen}`);
  return out;
}

/**
 * Compresses `src`; returns undefined when the result would not fit in `maxOut` bytes (Redis then
 * stores the string uncompressed: rdbSaveLzfStringObject asks for at least 4 bytes saved).
 */
export function lzfCompress(src: Uint8Array, maxOut: number): Buffer | undefined {
  const inLen = src.length;
  const out = Buffer.allocUnsafe(maxOut + MAX_LIT + 2);
  const htab = new Int32Array(1 << HASH_LOG).fill(-1);
  let ip = 0;
  let op = 1; // room for the first literal run's control byte
  let lit = 0;
  const hash = (p: number) => (((src[p]! << 16) | (src[p + 1]! << 8) | src[p + 2]!) * 2654435761 >>> (32 - HASH_LOG)) & ((1 << HASH_LOG) - 1);
  while (ip + 2 < inLen) {
    const h = hash(ip);
    const ref = htab[h]!;
    htab[h] = ip;
    const off = ip - ref - 1;
    if (ref >= 0 && off < MAX_OFF && src[ref] === src[ip] && src[ref + 1] === src[ip + 1] && src[ref + 2] === src[ip + 2]) {
      let len = 2;
      const maxLen = Math.min(MAX_REF, inLen - ip - len);
      do len++; while (len < maxLen && src[ref + len] === src[ip + len]);
      // close the literal run
      if (lit) out[op - lit - 1] = lit - 1;
      else op--;
      len -= 2;
      ip++;
      if (len < 7) {
        out[op++] = (off >> 8) + (len << 5);
      } else {
        out[op++] = (off >> 8) + (7 << 5);
        out[op++] = len - 7;
      }
      out[op++] = off & 0xff;
      lit = 0;
      op++; // reserve the next literal control byte
      ip += len + 1;
      if (op >= maxOut) return undefined;
      if (ip + 2 < inLen) {
        htab[hash(ip - 1)] = ip - 1;
      }
    } else {
      lit++;
      out[op++] = src[ip++]!;
      if (lit === MAX_LIT) {
        out[op - lit - 1] = lit - 1;
        lit = 0;
        op++;
      }
      if (op >= maxOut) return undefined;
    }
  }
  while (ip < inLen) {
    lit++;
    out[op++] = src[ip++]!;
    if (lit === MAX_LIT) {
      out[op - lit - 1] = lit - 1;
      lit = 0;
      op++;
    }
  }
  if (lit) out[op - lit - 1] = lit - 1;
  else op--;
  if (op > maxOut || op <= 0) return undefined;
  return out.subarray(0, op);
}
