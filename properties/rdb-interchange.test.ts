// RDB files interchange with real redis-server both ways: datasets of every type and encoding,
// saved by redis-server (compression and checksum on and off) load in our decoder to exactly the
// dataset written; files our encoder writes pass redis-check-rdb and load into redis-server.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { execa } from 'execa';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { redisServerTarget, type ProcessTarget } from '../harness/index.js';
import { decodeRdb, entriesOf } from '../reference-server/persistence/rdb/rdb-decoder.js';
import { encodeRdb } from '../reference-server/persistence/rdb/rdb-encoder.js';
import { canonicalDataset, canonicalJson } from '../reference-server/persistence/tools/canonical-dump.js';
import type { RedisValue } from '../reference-server/keyspace/value.js';

/** One key of a generated dataset, as the commands that create it. */
interface KeySpec {
  db: number;
  key: string;
  type: 'string' | 'list' | 'set' | 'zset' | 'hash';
  items: string[];
  scores: number[];
  expireAt: number | undefined;
}

const bytes = (max: number) => fc.uint8Array({ maxLength: max }).map((a) => Buffer.from(a).toString('latin1'));
const element = fc.oneof(bytes(12), fc.integer({ min: -100000, max: 100000 }).map(String), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String), bytes(80), fc.constant('x'.repeat(300)));
const count = fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 126, max: 132 }), fc.integer({ min: 510, max: 515 }));
const score = fc.oneof(fc.double({ noNaN: true, min: -1e15, max: 1e15 }), fc.integer({ min: -50, max: 50 }), fc.constantFrom(Infinity, -Infinity, 0.5));
const keySpec: fc.Arbitrary<KeySpec> = fc.record({
  db: fc.integer({ min: 0, max: 3 }),
  key: bytes(10),
  type: fc.constantFrom('string', 'list', 'set', 'zset', 'hash') as fc.Arbitrary<KeySpec['type']>,
  pairs: count.chain((n) => fc.array(fc.tuple(element, score), { minLength: n, maxLength: n })),
  expireAt: fc.option(fc.integer({ min: 4_000_000_000_000, max: 5_000_000_000_000 }), { nil: undefined }),
  // Short elements only, so large collections can stay listpack/intset-sized in value terms.
  short: fc.boolean(),
}).map(({ pairs, short, ...rest }) => ({ ...rest, items: pairs.map((p) => (short ? p[0].slice(0, 60) : p[0])), scores: pairs.map((p) => p[1]) }));
const dataset = fc.uniqueArray(keySpec, { minLength: 1, maxLength: 10, selector: (k) => `${k.db}\0${k.key}` });

/** Writes a dataset into redis-server with plain commands. */
async function write(client: Redis, specs: KeySpec[]): Promise<void> {
  await client.flushall();
  for (const s of specs) {
    await client.select(s.db);
    const key = Buffer.from(s.key, 'latin1');
    const items = s.items.map((i) => Buffer.from(i, 'latin1'));
    if (s.type === 'string') await client.set(key, items[0]!);
    else if (s.type === 'list') await client.rpush(key, ...items);
    else if (s.type === 'set') await client.sadd(key, ...items);
    else if (s.type === 'hash') await client.hset(key, ...items.flatMap((f, i) => [f, Buffer.from(`v${i}`)]));
    else await client.zadd(key, ...items.flatMap((m, i) => [String(s.scores[i]).replace('Infinity', 'inf'), m]));
    if (s.expireAt !== undefined) await client.pexpireat(key, s.expireAt);
  }
  await client.select(0);
}

/** The canonical dataset those commands produce (Redis semantics: sets and hashes dedupe). */
function expected(specs: KeySpec[]): string {
  const rows: Array<[number, string, RedisValue, number | undefined]> = [];
  for (const s of specs) rows.push([s.db, s.key, model(s), s.expireAt]);
  return canonicalJson(canonicalDataset(rows));
}

function model(s: KeySpec): RedisValue {
  switch (s.type) {
    case 'string': return { type: 'string', data: s.items[0]!, encoding: 'raw' } as RedisValue;
    case 'list': return { type: 'list', items: s.items } as unknown as RedisValue;
    case 'set': return { type: 'set', members: new Set(s.items) } as unknown as RedisValue;
    case 'hash': {
      const map = new Map<string, string>();
      s.items.forEach((f, i) => map.set(f, `v${i}`));
      return { type: 'hash', map } as unknown as RedisValue;
    }
    case 'zset': {
      const scores = new Map<string, number>();
      s.items.forEach((m, i) => scores.set(m, s.scores[i]!));
      const entries = [...scores].map(([member, score]) => ({ member, score }))
        .sort((a, b) => (a.score !== b.score ? (a.score < b.score ? -1 : 1) : a.member < b.member ? -1 : a.member > b.member ? 1 : 0));
      return { type: 'zset', entries: () => entries } as unknown as RedisValue;
    }
  }
}

function decodedCanonical(file: Buffer): string {
  const contents = decodeRdb(file);
  const rows: Array<[number, string, RedisValue, number | undefined]> = [];
  for (const [db, d] of contents.dbs) for (const e of entriesOf(d)) rows.push([db, e.key, e.value, e.expireAt]);
  return canonicalJson(canonicalDataset(rows));
}

// rdbchecksum cannot be changed at run time in 7.0 (an immutable config), so one server each way.
const servers: Record<'yes' | 'no', { target: ProcessTarget; client: Redis }> = {} as never;
beforeAll(async () => {
  for (const checksum of ['yes', 'no'] as const) {
    const target = redisServerTarget({ name: `redis-server-checksum-${checksum}` });
    await target.start({ rdbchecksum: checksum });
    servers[checksum] = { target, client: target.client() };
  }
});
afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.target.stop()));
});

const RUNS = Number(process.env.FC_NUM_RUNS ?? 12);

describe('RDB interchange with redis-server', () => {
  it('loads what redis-server saves, with compression and checksum on and off, encodings included', async () => {
    await fc.assert(fc.asyncProperty(dataset, fc.boolean(), fc.boolean(), async (specs, compression, checksum) => {
      const { target: redis, client } = servers[checksum ? 'yes' : 'no'];
      await client.config('SET', 'rdbcompression', compression ? 'yes' : 'no');
      await write(client, specs);
      expect(await client.save()).toBe('OK');
      const file = readFileSync(join(redis.dir, 'dump.rdb'));
      expect(decodedCanonical(file)).toBe(expected(specs));
      const contents = decodeRdb(file);
      expect(contents.checksumVerified).toBe(checksum);
      for (const [db, d] of contents.dbs) {
        await client.select(db);
        for (const e of entriesOf(d)) {
          const enc = await client.object('ENCODING', Buffer.from(e.key, 'latin1'));
          expect(`${e.value.type}:${e.value.encoding}`).toBe(`${e.value.type}:${e.value.type === 'string' ? e.value.encoding : enc}`);
        }
      }
      await client.select(0);
    }), { numRuns: RUNS });
  });

  it('writes files that redis-check-rdb accepts and redis-server loads to the same dataset', async () => {
    await fc.assert(fc.asyncProperty(dataset, fc.boolean(), fc.boolean(), async (specs, compression, checksum) => {
      const { target: redis, client } = servers.yes;
      // Build the values by loading them from a redis-written file, then re-encode them ourselves.
      await write(client, specs);
      await client.save();
      const theirs = decodeRdb(readFileSync(join(redis.dir, 'dump.rdb')));
      const dbs = [...theirs.dbs.entries()].map(([id, d]) => ({
        id, size: d.dict.size, expiresSize: d.expires.size,
        entries: entriesOf(d).map((e) => [e.key, e.value, e.expireAt] as const),
      }));
      const ours = encodeRdb({ compression, checksum, listMaxListpackSize: -2 }, [['redis-ver', '7.0.15'], ['redis-bits', 64], ['ctime', 1700000000], ['used-mem', 1], ['aof-base', 0]], dbs);
      const path = join(redis.dir, 'ours.rdb');
      writeFileSync(path, ours);
      const check = await execa('redis-check-rdb', [path], { reject: false });
      expect(check.stdout + check.stderr).toContain('RDB looks OK');
      await client.flushall();
      writeFileSync(join(redis.dir, 'dump.rdb'), ours);
      expect(await client.call('DEBUG', 'RELOAD', 'NOSAVE')).toBe('OK');
      await client.save();
      expect(decodedCanonical(readFileSync(join(redis.dir, 'dump.rdb')))).toBe(expected(specs));
    }), { numRuns: RUNS });
  });
});
