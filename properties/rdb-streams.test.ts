// Streams in RDB files interchange with redis-server both ways: what redis-server saves (type 19,
// compressed or not) loads into the reference server with an equal DEBUG DIGEST and XINFO STREAM
// FULL; what we write passes redis-check-rdb and loads into redis-server alike; and the older
// type 15 (Redis 5.0-6.2) loads into both to the same state.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { redisServerTarget, type ProcessTarget } from '../harness/index.js';
import { decodeRdb } from '../reference-server/persistence/rdb/rdb-decoder.js';
import { encodeRdb } from '../reference-server/persistence/rdb/rdb-encoder.js';
import { encodeListpack } from '../reference-server/persistence/rdb/listpack.js';
import { EngineSession } from '../reference-server/testing/engine-session.js';
import { ServerConfig } from '../reference-server/config/server-config.js';
import { streamDatasetCommands, STREAM_DATASET_KEYS } from '../reference-server/testing/stream-dataset.js';
import type { CommandEngine } from '../reference-server/engine.js';

let target: ProcessTarget;
let client: Redis;
beforeAll(async () => {
  target = redisServerTarget({ name: 'redis-server-streams-rdb' });
  await target.start({});
  client = target.client();
});
afterAll(async () => {
  await target?.stop();
});

/** An engine that allows DEBUG, with stream nodes as small as the test's redis-server uses. */
function session(): EngineSession {
  const config = new ServerConfig();
  config.set('enable-debug-command', ['yes']);
  const s = new EngineSession({ config });
  s.run('CONFIG', 'SET', 'stream-node-max-entries', '40');
  return s;
}

/** Replaces `s`'s dataset with what `file` holds. */
function load(s: EngineSession, file: Buffer): void {
  s.engine.keyspace.replaceContents(decodeRdb(file).dbs);
}

function ourRdb(engine: CommandEngine, compression: boolean): Buffer {
  const dbs = engine.keyspace.dbs.map((db) => ({
    id: db.id, size: db.dict.size, expiresSize: db.expires.size,
    entries: [...db.dict].map(([k, v]) => [k, v, db.expires.get(k)] as const),
  }));
  return encodeRdb({ compression, checksum: true, listMaxListpackSize: -2 }, [['redis-ver', '7.0.15'], ['redis-bits', 64], ['ctime', 1700000000], ['used-mem', 1], ['aof-base', 0]], dbs);
}

const raw = async (...args: string[]): Promise<string> => {
  const r = (await client.callBuffer(args[0]!, ...args.slice(1))) as unknown;
  return JSON.stringify(r, (_k, v) => (v && v.type === 'Buffer' ? Buffer.from(v.data).toString('latin1') : v));
};
const ours = (s: EngineSession, ...args: string[]) => s.run(...args);

/** XINFO STREAM FULL of every key on both sides, as comparable text. */
async function expectSameStreams(s: EngineSession, keys: string[]): Promise<void> {
  for (const key of keys) {
    const theirs = await client.call('DEBUG', 'DIGEST-VALUE', key) as string[];
    expect(ours(s, 'DEBUG', 'DIGEST-VALUE', key), key).toBe(`*1\r\n+${theirs[0]}\r\n`);
    const full = await raw('XINFO', 'STREAM', key, 'FULL', 'COUNT', '0');
    const mine = ours(s, 'XINFO', 'STREAM', key, 'FULL', 'COUNT', '0');
    // Same reply, read back through ioredis for a like-for-like comparison.
    expect(respToJson(mine), key).toBe(full);
  }
  expect(ours(s, 'DEBUG', 'DIGEST')).toBe(`+${await client.call('DEBUG', 'DIGEST')}\r\n`);
}

/** A RESP2 reply as the JSON ioredis's callBuffer reply gives above (bulks as latin1 strings). */
function respToJson(r: string): string {
  let p = 0;
  const read = (): unknown => {
    const t = r[p]!;
    const e = r.indexOf('\r\n', p);
    const line = r.slice(p + 1, e);
    p = e + 2;
    if (t === ':') return Number(line);
    if (t === '+') return line;
    if (t === '$') {
      const n = Number(line);
      if (n < 0) return null;
      const v = r.slice(p, p + n);
      p += n + 2;
      return v;
    }
    if (t === '*') {
      const n = Number(line);
      if (n < 0) return null;
      return Array.from({ length: n }, read);
    }
    throw new Error(`unexpected reply type ${t}`);
  };
  return JSON.stringify(read());
}

describe('streams in RDB files', () => {
  it('loads type 19 files redis-server saves, and redis-server loads ours back', async () => {
    await client.flushall();
    await client.config('SET', 'stream-node-max-entries', '40');
    for (const cmd of streamDatasetCommands()) await client.callBuffer(cmd[0]!, ...cmd.slice(1).map((a) => Buffer.from(a, 'latin1')));
    for (const compression of ['yes', 'no']) {
      await client.config('SET', 'rdbcompression', compression);
      expect(await client.save()).toBe('OK');
      const theirs = readFileSync(join(target.dir, 'dump.rdb'));
      const s = session();
      load(s, theirs);
      await expectSameStreams(s, STREAM_DATASET_KEYS);
      // Our encoding of what we loaded: accepted by redis-check-rdb, loaded by redis-server alike.
      const mine = ourRdb(s.engine, compression === 'yes');
      const path = join(target.dir, 'ours.rdb');
      writeFileSync(path, mine);
      const check = await execa('redis-check-rdb', [path], { reject: false });
      expect(check.stdout + check.stderr).toContain('RDB looks OK');
      writeFileSync(join(target.dir, 'dump.rdb'), mine);
      expect(await client.call('DEBUG', 'RELOAD', 'NOSAVE')).toBe('OK');
      await expectSameStreams(s, STREAM_DATASET_KEYS);
    }
  });

  it('writes streams built by our own commands that redis-server loads to the same state', async () => {
    const s = session();
    for (const cmd of streamDatasetCommands()) expect(s.run(...cmd), cmd.join(' ')).not.toMatch(/^-/);
    const mine = ourRdb(s.engine, true);
    const path = join(target.dir, 'ours.rdb');
    writeFileSync(path, mine);
    const check = await execa('redis-check-rdb', [path], { reject: false });
    expect(check.stdout + check.stderr).toContain('RDB looks OK');
    writeFileSync(join(target.dir, 'dump.rdb'), mine);
    expect(await client.call('DEBUG', 'RELOAD', 'NOSAVE')).toBe('OK');
    await expectSameStreams(s, STREAM_DATASET_KEYS);
  });

  it('lays out nodes byte for byte as redis-server does (DUMP payloads), stream-node-max-* honoured', async () => {
    const s = session();
    await client.flushall();
    // Uncompressed: our LZF is our own and compresses differently (any LZF decoder reads both).
    await client.config('SET', 'rdbcompression', 'no');
    const both = async (...argv: string[]) => {
      await client.callBuffer(argv[0]!, ...argv.slice(1).map((a) => Buffer.from(a, 'latin1')));
      s.run(...argv);
    };
    for (const [entries, bytes] of [['40', '4096'], ['7', '0'], ['0', '300'], ['100', '1']]) {
      await both('CONFIG', 'SET', 'stream-node-max-entries', entries!);
      await both('CONFIG', 'SET', 'stream-node-max-bytes', bytes!);
      const key = `st:${entries}:${bytes}`;
      for (let i = 1; i <= 120; i++) await both('XADD', key, `${i}-${i % 3}`, 'f', 'x'.repeat(i % 17), i % 4 === 0 ? 'g' : 'h', String(i * 1000));
      await both('XDEL', key, '5-2', '6-0', '7-1', '90-0');
      await both('XTRIM', key, 'MAXLEN', '~', '100');
    }
    for (const key of ['st:40:4096', 'st:7:0', 'st:0:300', 'st:100:1']) {
      const theirs = (await client.callBuffer('DUMP', key)) as Buffer;
      const db = s.engine.keyspace.dbs[0]!;
      const file = encodeRdb({ compression: false, checksum: true, listMaxListpackSize: -2 }, [], [{ id: 0, size: 1, expiresSize: 0, entries: [[key, db.dict.get(key)!, undefined] as const] }]);
      // REDIS0010, SELECTDB 0, RESIZEDB 1 0, then the type byte, the key, the value, EOF and CRC.
      const start = 9 + 2 + 3;
      const value = Buffer.concat([file.subarray(start, start + 1), file.subarray(start + 2 + key.length, file.length - 9)]);
      expect(value.toString('hex'), key).toBe(theirs.subarray(0, theirs.length - 10).toString('hex'));
    }
  });

  it('reads the older type 15 like redis-server does (derived first ID, entries_added, entries_read)', async () => {
    const file = type15File();
    writeFileSync(join(target.dir, 'dump.rdb'), file);
    expect(await client.call('DEBUG', 'RELOAD', 'NOSAVE')).toBe('OK');
    const s = session();
    load(s, file);
    await expectSameStreams(s, ['old']);
    expect(ours(s, 'XINFO', 'STREAM', 'old')).toContain('entries-added\r\n:2\r\n');
  });
});

/**
 * A hand-made version 9 RDB holding key `old` as RDB_TYPE_STREAM_LISTPACKS (15): one node with
 * entries 5-0 (master fields), 5-1 (deleted) and 6-0 (own fields), length 2, last ID 6-0, and
 * group g at 5-1 with one pending entry (5-0, delivered at 1700000000000, twice) owned by c.
 */
function type15File(): Buffer {
  const len = (n: number) => Buffer.from([n]); // 6-bit lengths: every value here is < 64
  const str = (s: string | Buffer) => Buffer.concat([len(s.length), Buffer.from(s as string, 'latin1')]);
  const id16 = (ms: number, seq: number) => {
    const b = Buffer.alloc(16);
    b.writeBigUInt64BE(BigInt(ms), 0);
    b.writeBigUInt64BE(BigInt(seq), 8);
    return b;
  };
  const ms8 = (v: number) => {
    const b = Buffer.alloc(8);
    b.writeBigInt64LE(BigInt(v));
    return b;
  };
  // Master: count 2, deleted 1, 1 field "f", terminator. Entries: flags, ms delta, seq delta, ...
  const lp = encodeListpack(['2', '1', '1', 'f', '0',
    '2', '0', '0', 'a', '4',
    '3', '0', '1', 'b', '4',
    '0', '1', '0', '2', 'x', 'y', 'z', 'w', '8']);
  const body = Buffer.concat([
    Buffer.from('REDIS0009', 'latin1'),
    Buffer.from([0xfe, 0]), // SELECTDB 0
    Buffer.from([15]), str('old'),
    len(1), str(id16(5, 0)), Buffer.concat([Buffer.from([0x40 | (lp.length >> 8), lp.length & 0xff]), lp]),
    len(2), len(6), len(0), // length, last ID
    len(1), str('g'), len(5), len(1), // one group at 5-1
    len(1), id16(5, 0), ms8(1700000000000), len(2), // its PEL
    len(1), str('c'), ms8(1700000000500), len(1), id16(5, 0), // consumer c owning 5-0
    Buffer.from([0xff]),
  ]);
  return Buffer.concat([body, Buffer.alloc(8)]); // a zero checksum is not checked
}
