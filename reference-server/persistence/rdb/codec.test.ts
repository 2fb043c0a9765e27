// Unit tests of the RDB building blocks: CRC64 check value, LZF round trips, listpack, intset and
// ziplist blobs, and whole-file encode/decode round trips of every type and encoding.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Crc64, crc64 } from './crc64.js';
import { lzfCompress, lzfDecompress } from './lzf.js';
import { decodeListpack, encodeListpack } from './listpack.js';
import { decodeIntset, encodeIntset } from './intset.js';
import { decodeZiplist } from './ziplist.js';
import { formatG17, d2string } from './score-format.js';

const bytes = fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.from(a));
const byteString = fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a).toString('latin1'));

describe('crc64 (Jones)', () => {
  it('gives the standard check value for "123456789"', () => {
    expect(crc64(Buffer.from('123456789')).toString(16)).toBe('e9c6d914c4b8d9ca');
  });
  it('is 0 for empty input', () => {
    expect(crc64(Buffer.alloc(0))).toBe(0n);
  });
  it('equals a bit-at-a-time reference on any input, however it is split into updates', () => {
    // The definition itself: reflected, polynomial 0xad93d23594c935a9 (reversed 0x95ac9329ac4bc9b5).
    const reference = (data: Uint8Array): bigint => {
      let crc = 0n;
      for (const byte of data) {
        crc ^= BigInt(byte);
        for (let k = 0; k < 8; k++) crc = crc & 1n ? (crc >> 1n) ^ 0x95ac9329ac4bc9b5n : crc >> 1n;
      }
      return crc;
    };
    fc.assert(fc.property(bytes, fc.array(fc.nat(), { maxLength: 4 }), (data, cuts) => {
      const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
      const running = new Crc64();
      let from = 0;
      for (const p of [...points, data.length]) {
        running.update(data, from, p);
        from = p;
      }
      expect(running.value()).toBe(reference(data));
      expect(crc64(data)).toBe(reference(data));
    }), { numRuns: 200 });
  });
});

describe('lzf', () => {
  it('round-trips arbitrary and repetitive data', () => {
    const repetitive = fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 400 }))
      .map(([u, n]) => Buffer.concat(Array.from({ length: n }, () => Buffer.from(u))));
    fc.assert(fc.property(fc.oneof(bytes, repetitive), (data) => {
      const c = lzfCompress(data, data.length + 64);
      if (c === undefined) return data.length < 3;
      expect(lzfDecompress(c, data.length).equals(data)).toBe(true);
      return true;
    }), { numRuns: 300 });
  });
  it('compresses repetitive data and refuses when it cannot save enough', () => {
    const data = Buffer.from('a'.repeat(1000));
    const c = lzfCompress(data, data.length - 4)!;
    expect(c.length).toBeLessThan(40);
    const random = Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 97 + 13) % 256));
    expect(lzfCompress(random, random.length - 4)).toBeUndefined();
  });
  it('rejects corrupt input instead of producing wrong output', () => {
    const c = lzfCompress(Buffer.from('hello hello hello hello hello'), 100)!;
    expect(() => lzfDecompress(c, 5)).toThrow();
    expect(() => lzfDecompress(c.subarray(0, c.length - 1), 29)).toThrow();
    expect(() => lzfDecompress(Buffer.from([0x20, 0x05]), 10)).toThrow(); // back reference before start
  });
});

describe('listpack', () => {
  it('round-trips strings and integers of every width', () => {
    const intLike = fc.oneof(
      fc.integer({ min: -200, max: 200 }).map(String),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String),
      fc.constantFrom('0', '-0', '007', '+1', ' 1', '9223372036854775808', '127', '128', '4095', '-4096', '32767', '8388608'),
    );
    fc.assert(fc.property(fc.array(fc.oneof(byteString, intLike, fc.string({ minLength: 60, maxLength: 5000 })), { maxLength: 40 }), (items) => {
      expect(decodeListpack(encodeListpack(items))).toEqual(items);
    }), { numRuns: 300 });
  });
  it('detects truncation and garbage', () => {
    const lp = encodeListpack(['a', '1', 'hello', '70000']);
    for (let cut = 0; cut < lp.length; cut++) expect(() => decodeListpack(lp.subarray(0, cut))).toThrow();
    const bad = Buffer.from(lp);
    bad[6] = 0xf9; // an encoding byte no listpack uses
    expect(() => decodeListpack(bad)).toThrow();
  });
});

describe('intset', () => {
  it('round-trips sorted with the narrowest width', () => {
    expect(encodeIntset(['3', '-1', '2']).readUInt32LE(0)).toBe(2);
    expect(encodeIntset(['70000']).readUInt32LE(0)).toBe(4);
    expect(encodeIntset(['-9223372036854775808']).readUInt32LE(0)).toBe(8);
    fc.assert(fc.property(fc.uniqueArray(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { minLength: 1, maxLength: 50 }), (vals) => {
      const sorted = [...vals].sort((a, b) => (a < b ? -1 : 1)).map(String);
      expect(decodeIntset(encodeIntset(vals.map(String)))).toEqual(sorted);
    }));
  });
  it('rejects unsorted and short blobs', () => {
    const b = encodeIntset(['1', '2']);
    b.writeInt16LE(5, 8);
    expect(() => decodeIntset(b)).toThrow(/sorted/);
    expect(() => decodeIntset(b.subarray(0, 9))).toThrow();
  });
});

describe('ziplist (read only)', () => {
  it('decodes a ziplist as Redis 6 wrote it', () => {
    // zlbytes zltail zllen | "ab" (str 6-bit) | 12 (4-bit imm) | 1000 (int16) | end
    const entries = [
      Buffer.from([0x00, 0x02, 0x61, 0x62]),
      Buffer.from([0x04, 0xf1 + 12]),
      Buffer.from([0x02, 0xc0, 0xe8, 0x03]),
    ];
    const body = Buffer.concat(entries);
    const total = 10 + body.length + 1;
    const head = Buffer.alloc(10);
    head.writeUInt32LE(total, 0);
    head.writeUInt32LE(10 + 4 + 2, 4);
    head.writeUInt16LE(3, 8);
    const zl = Buffer.concat([head, body, Buffer.from([0xff])]);
    expect(decodeZiplist(zl)).toEqual(['ab', '12', '1000']);
    expect(() => decodeZiplist(zl.subarray(0, zl.length - 1))).toThrow();
  });
});

describe('score formatting', () => {
  it('prints like printf %.17g and Redis d2string', () => {
    expect(formatG17(0.1)).toBe('0.10000000000000001');
    expect(formatG17(1e21)).toBe('1e+21');
    expect(formatG17(1.5e-7)).toBe('1.4999999999999999e-07');
    expect(formatG17(123.25)).toBe('123.25');
    expect(d2string(3)).toBe('3');
    expect(d2string(-0)).toBe('-0');
    expect(d2string(Infinity)).toBe('inf');
    expect(d2string(2 ** 62 * 1.5)).toBe('6.9175290276410819e+18');
  });
});
