// RDB files between the running servers: random datasets written by commands (every type, sizes
// across the listpack/intset thresholds, binary and integer-like strings, expiries, several dbs).
// redis-server SAVEs (compression and checksum on and off) and the reference server loads the file
// to an equal DEBUG DIGEST and canonical dump; the reference server SAVEs, redis-check-rdb accepts
// the file and redis-server loads it to an equal DEBUG DIGEST. A Redis 6 (RDB 9, ziplist) file
// loads in both to the same digest, and so do Redis 2.4 zipmap hashes; corrupt files stop the
// reference server at startup.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { execa } from 'execa';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { redisServerTarget, referenceTarget, type ProcessTarget, type RawClient } from '../harness/index.js';
import { decodeRdb, entriesOf } from '../reference-server/persistence/rdb/rdb-decoder.js';
import { canonicalDataset, canonicalJson } from '../reference-server/persistence/tools/canonical-dump.js';
import { crc64 } from '../reference-server/persistence/rdb/crc64.js';

type Argv = string[];
const bytes = (max: number) => fc.uint8Array({ maxLength: max }).map((a) => Buffer.from(a).toString('latin1'));
const element = fc.oneof(bytes(10), fc.integer({ min: -70000, max: 70000 }).map(String), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String), bytes(70), fc.constant('y'.repeat(200)));
const count = fc.oneof(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 126, max: 130 }), fc.integer({ min: 510, max: 514 }));
const score = fc.oneof(fc.integer({ min: -20, max: 20 }).map(String), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }).map(String), fc.constantFrom('inf', '-inf', '0.1'));

/** One key as the commands that build it. */
const keyWrites: fc.Arbitrary<Argv[]> = fc.record({
  db: fc.integer({ min: 0, max: 2 }),
  key: fc.oneof(fc.constantFrom('k0', 'k1', 'k2', 'k3'), bytes(8)),
  type: fc.constantFrom('string', 'list', 'set', 'intset', 'zset', 'hash'),
  n: count,
  items: fc.array(element, { minLength: 514, maxLength: 514 }),
  scores: fc.array(score, { minLength: 514, maxLength: 514 }),
  ttl: fc.option(fc.integer({ min: 100_000, max: 10_000_000 }), { nil: undefined }),
}).map(({ db, key, type, n, items, scores, ttl }) => {
  const its = items.slice(0, n);
  const cmds: Argv[] = [['SELECT', String(db)], ['DEL', key]];
  if (type === 'string') cmds.push(['SET', key, its[0]!]);
  else if (type === 'list') cmds.push(['RPUSH', key, ...its]);
  else if (type === 'set') cmds.push(['SADD', key, ...its]);
  else if (type === 'intset') cmds.push(['SADD', key, ...its.map((_, i) => String(i * 7 - 300))]);
  else if (type === 'hash') cmds.push(['HSET', key, ...its.flatMap((f, i) => [f, i % 3 === 0 ? String(i) : its[(i + 1) % its.length]!])]);
  else cmds.push(['ZADD', key, ...its.flatMap((m, i) => [scores[i]!, m])]);
  if (ttl !== undefined) cmds.push(['PEXPIRE', key, String(ttl)]);
  return cmds;
});
const dataset = fc.array(keyWrites, { minLength: 1, maxLength: 8 }).map((ks) => ks.flat());

async function digest(c: RawClient): Promise<string> {
  const v = (await c.send(['DEBUG', 'DIGEST'])).value;
  if (v.kind !== 'simple') throw new Error(`DEBUG DIGEST answered ${JSON.stringify(v)}`);
  return v.text;
}

async function writeAll(c: RawClient, cmds: Argv[]): Promise<void> {
  await c.send(['FLUSHALL']);
  const replies = await c.pipeline(cmds);
  const errors = replies.filter((r) => r.value.kind === 'error');
  if (errors.length > 0) throw new Error(`write failed: ${errors.map((e) => e.raw.toString('latin1')).join(' ')}`);
  await c.send(['SELECT', '0']);
}

/** The canonical JSON of an RDB file (expiries included), independent of encodings. */
function canonical(file: Buffer): string {
  const rows = [...decodeRdb(file).dbs].flatMap(([db, d]) => entriesOf(d).map((e) => [db, e.key, e.value, e.expireAt] as const));
  return canonicalJson(canonicalDataset(rows));
}

/** Puts `file` as dump.rdb in `t`'s directory and restarts it; returns a client. */
async function loadInto(t: ProcessTarget, file: Buffer): Promise<RawClient> {
  await t.crash('process');
  writeFileSync(join(t.dir, 'dump.rdb'), file);
  await t.restart();
  return t.rawClient();
}

const RUNS = Number(process.env.FC_NUM_RUNS ?? 4);
const servers: Record<string, ProcessTarget> = {};
beforeAll(async () => {
  // rdbchecksum is immutable at run time in 7.0: one writer per setting.
  servers.redisSum = redisServerTarget({ name: 'redis-checksum-yes' });
  servers.redisNoSum = redisServerTarget({ name: 'redis-checksum-no' });
  servers.redisReader = redisServerTarget({ name: 'redis-reader' });
  servers.oursSum = referenceTarget({ name: 'reference-checksum-yes' });
  servers.oursNoSum = referenceTarget({ name: 'reference-checksum-no' });
  servers.oursReader = referenceTarget({ name: 'reference-reader' });
  await Promise.all([
    servers.redisSum.start({ rdbchecksum: 'yes' }), servers.redisNoSum.start({ rdbchecksum: 'no' }), servers.redisReader.start(),
    servers.oursSum.start({ rdbchecksum: 'yes' }), servers.oursNoSum.start({ rdbchecksum: 'no' }), servers.oursReader.start(),
  ]);
});
afterAll(async () => {
  await Promise.all(Object.values(servers).map((t) => t.stop()));
});

describe('RDB files between redis-server and the reference server', () => {
  for (const [from, to] of [['redis', 'ours'], ['ours', 'redis']] as const) {
    it(`${from === 'redis' ? 'redis-server' : 'reference'} SAVEs, ${to === 'redis' ? 'redis-server' : 'reference'} loads to an equal DEBUG DIGEST (compression, checksum on and off)`, async () => {
      await fc.assert(fc.asyncProperty(dataset, fc.boolean(), fc.boolean(), async (cmds, compression, checksum) => {
        const writer = servers[`${from}${checksum ? 'Sum' : 'NoSum'}`]!;
        const reader = servers[`${to}Reader`]!;
        const w = await writer.rawClient();
        await w.send(['CONFIG', 'SET', 'rdbcompression', compression ? 'yes' : 'no']);
        await writeAll(w, cmds);
        expect((await w.send(['SAVE'])).value).toEqual({ kind: 'simple', text: 'OK' });
        const expected = await digest(w);
        const file = readFileSync(join(writer.dir, 'dump.rdb'));
        expect(decodeRdb(file).checksumVerified).toBe(checksum);
        if (from === 'ours') {
          const path = join(writer.dir, 'check.rdb');
          copyFileSync(join(writer.dir, 'dump.rdb'), path);
          const check = await execa('redis-check-rdb', [path], { reject: false });
          expect(check.stdout + check.stderr).toContain('RDB looks OK');
        }
        const r = await loadInto(reader, file);
        expect(await digest(r), `dataset written with:\n${cmds.map((c) => c.map((a) => JSON.stringify(a)).join(' ')).join('\n')}`).toBe(expected);
        // And the canonical dump of what the reader saves back equals the file's.
        expect((await r.send(['SAVE'])).value).toEqual({ kind: 'simple', text: 'OK' });
        expect(canonical(readFileSync(join(reader.dir, 'dump.rdb')))).toBe(canonical(file));
      }), { numRuns: RUNS });
    }, 180_000);
  }
});

// ---- Redis 6 files (RDB 9: ziplist-based types) ------------------------------------------------

/** A ziplist (src/ziplist.c) of strings and integers, as Redis 6 wrote them. */
function ziplist(entries: Array<string | number>): Buffer {
  const parts: Buffer[] = [];
  let prevlen = 0;
  for (const e of entries) {
    const prev = prevlen < 254 ? Buffer.from([prevlen]) : Buffer.concat([Buffer.from([0xfe]), u32(prevlen)]);
    let body: Buffer;
    if (typeof e === 'number') {
      if (e >= 0 && e <= 12) body = Buffer.from([0xf1 + e]);
      else if (e >= -128 && e <= 127) body = Buffer.from([0xfe, e & 0xff]);
      else if (e >= -32768 && e <= 32767) { body = Buffer.alloc(3); body[0] = 0xc0; body.writeInt16LE(e, 1); }
      else if (e >= -(2 ** 23) && e < 2 ** 23) { body = Buffer.alloc(4); body[0] = 0xf0; body.writeIntLE(e, 1, 3); }
      else if (e >= -(2 ** 31) && e < 2 ** 31) { body = Buffer.alloc(5); body[0] = 0xd0; body.writeInt32LE(e, 1); }
      else { body = Buffer.alloc(9); body[0] = 0xe0; body.writeBigInt64LE(BigInt(e), 1); }
    } else {
      const s = Buffer.from(e, 'latin1');
      const head = s.length < 64 ? Buffer.from([s.length]) : s.length < 16384 ? Buffer.from([0x40 | (s.length >> 8), s.length & 0xff]) : Buffer.concat([Buffer.from([0x80]), u32be(s.length)]);
      body = Buffer.concat([head, s]);
    }
    const entry = Buffer.concat([prev, body]);
    parts.push(entry);
    prevlen = entry.length;
  }
  const all = Buffer.concat(parts);
  const tail = 10 + all.length - prevlen;
  return Buffer.concat([u32(11 + all.length), u32(entries.length ? tail : 10), u16(entries.length), all, Buffer.from([0xff])]);
}
function u32(n: number): Buffer { const b = Buffer.alloc(4); b.writeUInt32LE(n); return b; }
function u32be(n: number): Buffer { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; }
function u16(n: number): Buffer { const b = Buffer.alloc(2); b.writeUInt16LE(n); return b; }
/** An RDB length (6-bit, 14-bit or 32-bit form) and a length-prefixed string. */
function len(n: number): Buffer { return n < 64 ? Buffer.from([n]) : n < 16384 ? Buffer.from([0x40 | (n >> 8), n & 0xff]) : Buffer.concat([Buffer.from([0x80]), u32be(n)]); }
function str(s: string | Buffer): Buffer { const b = Buffer.isBuffer(s) ? s : Buffer.from(s, 'latin1'); return Buffer.concat([len(b.length), b]); }

/** An RDB 9 file as Redis 6.2 writes it: ziplist hashes and zsets, a quicklist of ziplists, an intset. */
function rdb9(): Buffer {
  const intset = Buffer.concat([u32(2), u32(3), Buffer.from([1, 0, 2, 0, 0xff, 0x7f])]); // int16: 1, 2, 32767
  const expireMs = Buffer.alloc(8);
  expireMs.writeBigUInt64LE(4_102_444_800_000n);
  const body = Buffer.concat([
    Buffer.from('REDIS0009', 'latin1'),
    Buffer.from([0xfa]), str('redis-ver'), str('6.2.14'), Buffer.from([0xfa]), str('redis-bits'), Buffer.from([0xc0, 64]),
    Buffer.from([0xfe, 0]), Buffer.from([0xfb, 8, 1]),
    Buffer.from([0]), str('s'), str('plain string'),
    Buffer.from([0]), str('n'), Buffer.from([0xc2]), u32(123456789),
    Buffer.from([13]), str('h'), str(ziplist(['field', 'value', 'count', 42, 'big', 5_000_000_000])),
    Buffer.from([12]), str('z'), str(ziplist(['a', 1, 'b', '2.5', 'c', 300000])),
    Buffer.from([14]), str('l'), len(2), str(ziplist(['x', 7, 'y'])), str(ziplist([-5, 'tail', 'z'.repeat(100)])),
    Buffer.from([11]), str('i'), str(intset),
    Buffer.from([0xfc]), expireMs, Buffer.from([0]), str('e'), str('expires later'),
    Buffer.from([10]), str('oldlist'), str(ziplist(['p', 'q', 9])),
    Buffer.from([0xff]),
  ]);
  const sum = Buffer.alloc(8);
  sum.writeBigUInt64LE(crc64(body));
  return Buffer.concat([body, sum]);
}

describe('Redis 6 (RDB 9) files', () => {
  it('load in the reference server to the same dataset redis-server 7.0 loads', async () => {
    const file = rdb9();
    const theirs = await digest(await loadInto(servers.redisReader!, file));
    const c = await loadInto(servers.oursReader!, file);
    expect(await digest(c)).toBe(theirs);
    expect((await c.send(['DBSIZE'])).value).toEqual({ kind: 'integer', value: 8n });
    expect((await c.send(['HGET', 'h', 'big'])).value).toEqual({ kind: 'bulk', value: '5000000000' });
    expect((await c.send(['OBJECT', 'ENCODING', 'h'])).value).toEqual({ kind: 'bulk', value: 'listpack' });
    expect((await c.send(['LRANGE', 'l', '0', '-1'])).raw.toString('latin1')).toBe((await (await servers.redisReader!.rawClient()).send(['LRANGE', 'l', '0', '-1'])).raw.toString('latin1'));
  });
});

/**
 * A zipmap as Redis 2.4 writes small hashes (src/zipmap.c): a count byte (254 when not known),
 * then per entry the field's length and bytes, the value's length, a free-space byte, the value
 * and that many unused bytes; lengths of 254 and more as 254 and a u32 LE; 0xFF at the end.
 */
function zipmap(pairs: Array<[string, string]>, opts: { count?: number; free?: number } = {}): Buffer {
  const zlen = (n: number) => (n < 254 ? Buffer.from([n]) : Buffer.concat([Buffer.from([254]), u32(n)]));
  const free = opts.free ?? 0;
  const parts = pairs.map(([f, v]) => Buffer.concat([
    zlen(f.length), Buffer.from(f, 'latin1'), zlen(v.length), Buffer.from([free]), Buffer.from(v, 'latin1'), Buffer.alloc(free, 0x55),
  ]));
  return Buffer.concat([Buffer.from([opts.count ?? Math.min(pairs.length, 254)]), ...parts, Buffer.from([0xff])]);
}

/** An RDB 4 file (no checksum: versions before 5 have none) of zipmap hashes. */
function rdbWithZipmaps(hashes: Array<[string, Buffer]>): Buffer {
  return Buffer.concat([
    Buffer.from('REDIS0004', 'latin1'), Buffer.from([0xfe, 0]),
    ...hashes.map(([key, blob]) => Buffer.concat([Buffer.from([9]), str(key), str(blob)])),
    Buffer.from([0xff]),
  ]);
}

describe('Redis 2.4 (zipmap) files', () => {
  it('load in the reference server to the same dataset and encodings redis-server 7.0 loads', async () => {
    const many = Array.from({ length: 300 }, (_, i): [string, string] => [`f${i}`, String(i * 3)]);
    const hashes: Array<[string, Buffer]> = [
      ['small', zipmap([['f1', 'v1'], ['f2', 'v2']])],
      ['long-value', zipmap([['a', 'x'.repeat(300)], ['b', '']])],
      ['free-space', zipmap([['f', 'value'], ['g', '12345']], { free: 3 })],
      ['count-unknown', zipmap(many, { count: 254 })],
      ['binary', zipmap([['\x00\xff', '\r\n'], ['', 'empty field']])],
    ];
    const file = rdbWithZipmaps(hashes);
    const redis = await loadInto(servers.redisReader!, file);
    const ours = await loadInto(servers.oursReader!, file);
    expect(await digest(ours)).toBe(await digest(redis));
    for (const [key] of hashes) {
      const [theirs, mine] = await Promise.all([redis, ours].map(async (c) => (await c.send(['OBJECT', 'ENCODING', key])).value));
      expect(mine, key).toEqual(theirs);
    }
    expect((await ours.send(['OBJECT', 'ENCODING', 'small'])).value).toEqual({ kind: 'bulk', value: 'listpack' });
    expect((await ours.send(['OBJECT', 'ENCODING', 'long-value'])).value).toEqual({ kind: 'bulk', value: 'hashtable' });
    expect((await ours.send(['HGET', 'free-space', 'g'])).value).toEqual({ kind: 'bulk', value: '12345' });
    expect((await ours.send(['HLEN', 'count-unknown'])).value).toEqual({ kind: 'integer', value: 300n });
  });

  it('that are corrupt stop both servers at startup: a repeated field, a wrong count, no entries, an entry past the end', async () => {
    const bad: Array<[string, Buffer]> = [
      ['a repeated field', zipmap([['f', '1'], ['f', '2']])],
      ['a wrong count', zipmap([['f', '1'], ['g', '2']], { count: 3 })],
      ['no entries', zipmap([])],
      ['an entry past the end', Buffer.from([1, 2, 0x66, 0x66, 9, 0, 0x31, 0xff])],
    ];
    for (const kind of ['redis', 'ours'] as const) {
      const t = kind === 'redis' ? redisServerTarget({ name: 'redis-zipmap' }) : referenceTarget({ name: 'reference-zipmap' });
      await t.start();
      try {
        for (const [what, blob] of bad) {
          await t.crash('process');
          writeFileSync(join(t.dir, 'dump.rdb'), rdbWithZipmaps([['h', blob]]));
          await expect(t.restart(), `${kind}: ${what}`).rejects.toThrow();
          expect(t.logs().join(''), `${kind}: ${what}`).toMatch(/Zipmap integrity check failed|Hash zipmap with dup elements/);
        }
      } finally {
        await t.stop();
      }
    }
  });
});

// ---- corrupt files ------------------------------------------------------------------------------

describe('a corrupt dump.rdb', () => {
  it('stops the reference server at startup with a log line, for truncations, flipped bytes and a bad checksum', async () => {
    const t = referenceTarget({ name: 'reference-corrupt' });
    await t.start();
    try {
      const c = await t.rawClient();
      await c.send(['DEBUG', 'POPULATE', '50']);
      await c.send(['RPUSH', 'list', 'a', 'b']);
      await c.send(['SAVE']);
      const good = readFileSync(join(t.dir, 'dump.rdb'));
      const bad: Array<[string, Buffer]> = [
        ['truncated in the middle', good.subarray(0, Math.floor(good.length / 2))],
        ['truncated before the checksum', good.subarray(0, good.length - 4)],
        ['a flipped byte in a value', Buffer.from(good.map((b, i) => (i === good.length - 30 ? b ^ 0x20 : b)))],
        ['bad magic', Buffer.concat([Buffer.from('RODIS'), good.subarray(5)])],
      ];
      for (const [what, file] of bad) {
        await t.crash('process');
        writeFileSync(join(t.dir, 'dump.rdb'), file);
        await expect(t.restart(), what).rejects.toThrow();
        expect(t.exited, what).toBe(true);
        expect(t.logs().join(''), what).toMatch(/Internal error in RDB reading|Wrong RDB checksum|Bad file format|Short read|Unexpected EOF/i);
      }
    } finally {
      await t.stop();
    }
  });
});
