// Property: any dataset of every type and encoding (sizes across every listpack/intset threshold,
// binary and integer-like strings, expiries, several dbs) survives our RDB writer and reader.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeRdb } from './rdb-encoder.js';
import { decodeRdb, DEFAULT_LIMITS, entriesOf } from './rdb-decoder.js';
import { RdbError } from './rdb-error.js';
import { createStringValue, isStrictInteger } from '../../keyspace/string-value.js';
import { ListValue } from '../../keyspace/list-value.js';
import { HashValue } from '../../keyspace/hash-value.js';
import { SetValue } from '../../keyspace/set-value.js';
import { ZSetValue } from '../../keyspace/zset-value.js';
import type { RedisValue } from '../../keyspace/value.js';

const bin = fc.uint8Array({ maxLength: 90 }).map((a) => Buffer.from(a).toString('latin1'));
const intLike = fc.oneof(fc.integer({ min: -70000, max: 70000 }).map(String), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String));
const str = fc.oneof(bin, intLike, fc.constantFrom('', '0', 'a'.repeat(300), 'ab'.repeat(5000)));
const score = fc.oneof(fc.double({ noNaN: true }), fc.integer({ min: -1000, max: 1000 }), fc.constantFrom(Infinity, -Infinity, 0.1, -0));
const size = fc.oneof(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 120, max: 140 }), fc.integer({ min: 500, max: 530 }));

/** Values encoded canonically, the way a server that built them element by element would. */
const value: fc.Arbitrary<RedisValue> = fc.oneof(
  str.map((s) => createStringValue(s)),
  size.chain((n) => fc.array(str, { minLength: n, maxLength: n })).map((items) => new ListValue(items)),
  size.chain((n) => fc.uniqueArray(fc.oneof(str, intLike), { minLength: 1, maxLength: n })).map((ms) => {
    const intset = ms.every((m) => isStrictInteger(m)) && ms.length <= DEFAULT_LIMITS.setMaxIntsetEntries;
    return new SetValue(new Set(ms), intset ? 'intset' : 'hashtable');
  }),
  size.chain((n) => fc.uniqueArray(fc.tuple(str, str), { minLength: 1, maxLength: n, selector: (t) => t[0] })).map((pairs) => {
    const small = pairs.length <= DEFAULT_LIMITS.hashMaxListpackEntries && pairs.every(([f, v]) => f.length <= 64 && v.length <= 64);
    return new HashValue(new Map(pairs), small ? 'listpack' : 'hashtable');
  }),
  size.chain((n) => fc.uniqueArray(fc.tuple(str, score), { minLength: 1, maxLength: n, selector: (t) => t[0] })).map((pairs) => {
    const small = pairs.length <= 128 && pairs.every(([m]) => m.length <= 64);
    const z = new ZSetValue(small ? 'listpack' : 'skiplist');
    for (const [m, s] of pairs) z.add(m, s);
    return z;
  }),
);

function plain(v: RedisValue): unknown {
  switch (v.type) {
    case 'string': return ['string', v.data, v.encoding];
    case 'list': return ['list', [...v.items]];
    case 'set': return ['set', [...v.members].sort(), v.encoding];
    case 'hash': return ['hash', [...v.map.entries()].sort(), v.encoding];
    case 'zset': return ['zset', v.entries().map((e) => [e.member, Object.is(e.score, -0) ? 0 : e.score]), v.encoding];
  }
}

const dataset = fc.array(
  fc.record({ db: fc.integer({ min: 0, max: 15 }), key: bin, value, expire: fc.option(fc.integer({ min: 1, max: 2 ** 45 }), { nil: undefined }) }),
  { maxLength: 12 },
);

describe('RDB round trip', () => {
  it('reads back exactly what it wrote, with every option', () => {
    fc.assert(fc.property(dataset, fc.boolean(), fc.boolean(), fc.constantFrom(-2, -1, 3, 128), (entries, compression, checksum, fill) => {
      const byDb = new Map<number, Map<string, [RedisValue, number | undefined]>>();
      for (const e of entries) {
        const m = byDb.get(e.db) ?? new Map();
        m.set(e.key, [e.value, e.expire]);
        byDb.set(e.db, m);
      }
      const dbs = [...byDb.entries()].sort((a, b) => a[0] - b[0]).map(([id, m]) => ({
        id, size: m.size, expiresSize: [...m.values()].filter(([, x]) => x !== undefined).length,
        entries: [...m.entries()].map(([k, [v, x]]) => [k, v, x] as const),
      }));
      const file = encodeRdb({ compression, checksum, listMaxListpackSize: fill }, [['redis-ver', '7.0.15'], ['ctime', 1]], dbs);
      const back = decodeRdb(file);
      expect(back.checksumVerified).toBe(checksum);
      expect(back.aux.get('redis-ver')).toBe('7.0.15');
      for (const db of dbs) {
        const got = entriesOf(back.dbs.get(db.id)!);
        expect(got.map((e) => [e.key, plain(e.value), e.expireAt])).toEqual(db.entries.map(([k, v, x]) => [k, plain(v), x]));
      }
      expect([...back.dbs.keys()].sort((a, b) => a - b)).toEqual(dbs.map((d) => d.id));
    }), { numRuns: 150 });
  });

  it('refuses every truncation and single-byte corruption of a file, never loading it wrongly', () => {
    const s = new SetValue(new Set(['1', '2', '3']), 'intset');
    const h = new HashValue(new Map([['f', 'v'], ['n', '12']]), 'listpack');
    const z = new ZSetValue('listpack');
    z.add('m', 1.5);
    const file = encodeRdb({ compression: true, checksum: true, listMaxListpackSize: -2 }, [['redis-ver', '7.0.15']], [{
      id: 0, size: 5, expiresSize: 1,
      entries: [['s', s, undefined], ['h', h, undefined], ['z', z, 1e12], ['l', new ListValue(['a', 'b', '300']), undefined], ['str', createStringValue('x'.repeat(100)), undefined]],
    }]);
    expect(decodeRdb(file).dbs.get(0)!.dict.size).toBe(5);
    for (let cut = 0; cut < file.length; cut++) {
      expect(() => decodeRdb(file.subarray(0, cut)), `cut at ${cut}`).toThrow(RdbError);
    }
    for (let i = 0; i < file.length; i++) {
      const bad = Buffer.from(file);
      bad[i] = bad[i]! ^ 0x5a;
      expect(() => decodeRdb(bad), `flip at ${i}`).toThrow(RdbError);
    }
  });

  it('names the problem: magic, version, unknown type, malformed stream', () => {
    expect(() => decodeRdb(Buffer.from('RADIS0010\xff', 'latin1'))).toThrow(/Wrong signature/);
    expect(() => decodeRdb(Buffer.from('REDIS0011\xff', 'latin1'))).toThrow(/Can't handle RDB format version 0011/);
    expect(() => decodeRdb(Buffer.from('REDIS0010\x08\x01k', 'latin1'))).toThrow(/Unknown object type 8/);
    expect(() => decodeRdb(Buffer.from('REDIS0010\x13\x01k\x00', 'latin1'))).toThrow(/Unexpected EOF.*key 'k'/);
    expect(() => decodeRdb(Buffer.from('REDIS0010\x13\x01k\x01\x03abc', 'latin1'))).toThrow(/Stream node key entry is not the size of a stream ID.*key 'k'/);
  });
});
