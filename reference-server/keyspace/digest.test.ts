// Proves DEBUG DIGEST / DIGEST-VALUE bit-exact: the same dataset is built in a real redis-server
// (by commands, encodings checked with OBJECT ENCODING) and in our keyspace (by value classes),
// and every digest is compared. Covers every type x encoding, binary data, expires, two dbs.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeReply, SimpleReply } from '../resp/reply.js';
import { Keyspace, type KeyspaceListener } from './keyspace.js';
import { systemClock } from '../ports/clock.js';
import { startRealRedis, type RealRedis } from '../../harness/testing/real-redis.js';
import { StringValue, createStringValue } from './string-value.js';
import { ListValue } from './list-value.js';
import { HashValue } from './hash-value.js';
import { SetValue } from './set-value.js';
import { ZSetValue } from './zset-value.js';
import { datasetDigest, digestHex, valueDigest } from './digest.js';
import type { RedisValue } from './value.js';

interface Case {
  db: number;
  key: string;
  value: RedisValue;
  /** Commands (without the key) building the same value in real redis. */
  commands: string[][];
  encoding: string;
  expireAt?: number;
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const EXPIRE_AT = Date.now() + 3_600_000;
const BIN = '\x00\xff\r\n\x80bin';

function zset(encoding: 'listpack' | 'skiplist', entries: Array<[string, number, string]>): [ZSetValue, string[][]] {
  const z = new ZSetValue(encoding);
  for (const [m, s] of entries) z.add(m, s);
  return [z, [['ZADD', ...entries.flatMap(([m, , text]) => [text, m])]]];
}

function cases(): Case[] {
  const out: Case[] = [];
  const str = (key: string, data: string, encoding: string, db = 0, expireAt?: number): void => {
    const v = encoding === 'raw' ? new StringValue(data, 'raw') : createStringValue(data);
    out.push({ db, key, value: v, commands: [['SET', data]], encoding, expireAt });
  };
  str('s:int', '12345', 'int');
  str('s:neg', '-9223372036854775808', 'int');
  str('s:embstr', 'hello world', 'embstr');
  str('s:empty', '', 'embstr');
  str('s:bin', BIN, 'embstr');
  str('s:raw', 'x'.repeat(100) + BIN, 'raw', 0, EXPIRE_AT);
  str('s:db3', 'other db', 'embstr', 3);

  const listItems = ['a', '1', '-5', BIN, 'y'.repeat(70), '', '007'];
  out.push({ db: 0, key: 'l:small', value: new ListValue(listItems), commands: [['RPUSH', ...listItems]], encoding: 'quicklist' });
  const longList = range(1500).map((i) => (i % 3 === 0 ? String(i) : `item-${i}`));
  out.push({ db: 0, key: 'l:long', value: new ListValue(longList), commands: [['RPUSH', ...longList]], encoding: 'quicklist', expireAt: EXPIRE_AT });

  const smallHash: Array<[string, string]> = [['f1', 'v1'], ['n', '123'], ['neg', '-42'], [BIN, BIN], ['', 'empty-field'], ['lead0', '0012']];
  out.push({ db: 0, key: 'h:listpack', value: new HashValue(new Map(smallHash), 'listpack'), commands: [['HSET', ...smallHash.flat()]], encoding: 'listpack' });
  const bigHash = range(600).map((i): [string, string] => [`field:${i}`, i % 2 ? String(i * 7) : `val-${i}`]);
  out.push({ db: 0, key: 'h:hashtable', value: new HashValue(new Map(bigHash), 'hashtable'), commands: [['HSET', ...bigHash.flat()]], encoding: 'hashtable' });
  const longValHash: Array<[string, string]> = [['a', 'z'.repeat(100)], ['b', '1']];
  out.push({ db: 3, key: 'h:longval', value: new HashValue(new Map(longValHash), 'hashtable'), commands: [['HSET', ...longValHash.flat()]], encoding: 'hashtable', expireAt: EXPIRE_AT });

  const ints = ['1', '2', '-3', '100000', '-9223372036854775808', '9223372036854775807'];
  out.push({ db: 0, key: 'set:intset', value: new SetValue(new Set(ints), 'intset'), commands: [['SADD', ...ints]], encoding: 'intset' });
  const strs = ['a', 'b', '1', BIN, ''];
  out.push({ db: 0, key: 'set:hashtable', value: new SetValue(new Set(strs), 'hashtable'), commands: [['SADD', ...strs]], encoding: 'hashtable' });
  const manyInts = range(600).map((i) => String(i * 3 - 500));
  out.push({ db: 0, key: 'set:bigints', value: new SetValue(new Set(manyInts), 'hashtable'), commands: [['SADD', ...manyInts]], encoding: 'hashtable', expireAt: EXPIRE_AT });

  const [zl, zlCmds] = zset('listpack', [
    ['a', 1, '1'], ['b', 1.5, '1.5'], ['negzero', -0, '-0'], ['10', 2.5e-10, '2.5e-10'], ['pinf', Infinity, '+inf'],
    ['ninf', -Infinity, '-inf'], ['big', 1e20, '1e20'], ['tenth', 0.1, '0.1'], [BIN, -7, '-7'], ['12', 123456789012, '123456789012'],
    ['third', 1 / 3, String(1 / 3)], ['huge', 1.7976931348623157e308, '1.7976931348623157e308'], ['tiny', 5e-324, '5e-324'],
  ]);
  out.push({ db: 0, key: 'z:listpack', value: zl, commands: zlCmds, encoding: 'listpack' });
  const [zs, zsCmds] = zset('skiplist', range(200).map((i): [string, number, string] => [i % 4 ? `m${i}` : String(i), i / 7, String(i / 7)]));
  out.push({ db: 0, key: 'z:skiplist', value: zs, commands: zsCmds, encoding: 'skiplist', expireAt: EXPIRE_AT });
  const [zlong, zlongCmds] = zset('skiplist', [['w'.repeat(80), 3, '3'], ['-1', -0.5, '-0.5'], ['negzero', -0, '-0']]);
  out.push({ db: 3, key: 'z:longmember', value: zlong, commands: zlongCmds, encoding: 'skiplist' });
  return out;
}

const status = (hex: string): string => encodeReply(new SimpleReply(hex));

describe('DEBUG DIGEST against a real redis-server', () => {
  let redis: RealRedis;
  const quiet: KeyspaceListener = { keyModified() {}, keyReady() {}, keyExpired() {} };
  const keyspace = new Keyspace(16, systemClock, quiet);
  const engine = { keyspace };
  let selected = 0;
  // What DEBUG DIGEST / DIGEST-VALUE reply (the command itself is tested in introspection.test.ts).
  const run = (...args: string[]): string => {
    if (args[0] === 'SELECT') {
      selected = Number(args[1]);
      return '+OK\r\n';
    }
    if (args[1] === 'DIGEST') return status(digestHex(datasetDigest(keyspace.dbs)));
    const keys = args.slice(2);
    return encodeReply(keys.map((k) => new SimpleReply(digestHex(valueDigest(keyspace.dbs[selected]!, k)))));
  };
  const all = cases();

  beforeAll(async () => {
    redis = await startRealRedis();
  }, 20_000);
  afterAll(async () => {
    await redis?.stop();
  });

  it('digests an empty dataset to 40 zeros, like redis', async () => {
    expect(digestHex(datasetDigest(engine.keyspace.dbs))).toBe('0'.repeat(40));
    expect(run('DEBUG', 'DIGEST')).toBe(await redis.client.call('DEBUG', 'DIGEST'));
  });

  it('matches DIGEST-VALUE per key and DIGEST overall, for every type and encoding', async () => {
    const r = redis.client;
    for (const c of all) {
      await r.call('SELECT', c.db);
      for (const cmd of c.commands) expect(await r.call(cmd[0]!, c.key, ...cmd.slice(1))).toMatch(/^[:+]/);
      if (c.expireAt !== undefined) expect(await r.call('PEXPIREAT', c.key, c.expireAt)).toBe(':1\r\n');
      expect(await r.call('OBJECT', 'ENCODING', c.key), c.key).toBe(`$${c.encoding.length}\r\n${c.encoding}\r\n`);
      const db = engine.keyspace.dbs[c.db]!;
      engine.keyspace.add(db, c.key, c.value);
      if (c.expireAt !== undefined) engine.keyspace.setExpire(db, c.key, c.expireAt);
    }
    for (const dbId of [0, 3]) {
      await r.call('SELECT', dbId);
      run('SELECT', String(dbId));
      const keys = all.filter((c) => c.db === dbId).map((c) => c.key);
      for (const key of keys) expect(run('DEBUG', 'DIGEST-VALUE', key), key).toBe(await r.call('DEBUG', 'DIGEST-VALUE', key));
      const many = ['DEBUG', 'DIGEST-VALUE', ...keys, 'no-such-key'];
      expect(run(...many)).toBe(await r.call(...many));
    }
    expect(run('DEBUG', 'DIGEST')).toBe(await r.call('DEBUG', 'DIGEST'));
    expect(run('DEBUG', 'DIGEST-VALUE')).toBe('*0\r\n');
    expect(run('DEBUG', 'DIGEST-VALUE', 'nokey')).toBe(`*1\r\n${status('0'.repeat(40))}`);
  });

  it('changes with list order but not with set/hash insertion order', () => {
    const db = engine.keyspace.dbs[5]!;
    engine.keyspace.add(db, 'a', new ListValue(['x', 'y']));
    const d1 = digestHex(datasetDigest(engine.keyspace.dbs));
    engine.keyspace.set(db, 'a', new ListValue(['y', 'x']));
    expect(digestHex(datasetDigest(engine.keyspace.dbs))).not.toBe(d1);
    engine.keyspace.set(db, 'a', new SetValue(new Set(['p', 'q']), 'hashtable'));
    const d2 = digestHex(datasetDigest(engine.keyspace.dbs));
    engine.keyspace.set(db, 'a', new SetValue(new Set(['q', 'p']), 'hashtable'));
    expect(digestHex(datasetDigest(engine.keyspace.dbs))).toBe(d2);
  });
});
