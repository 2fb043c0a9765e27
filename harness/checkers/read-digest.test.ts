// readDigest against DEBUG DIGEST on redis-server and on the in-process reference server, through
// the same code: fixed edge cases (binary bytes, -0 and inf scores in both zset encodings, TTLs,
// streams, several dbs) and random write sequences; digestOf falls back when DEBUG is refused.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Redis } from 'ioredis';
import { InProcessReferenceTarget, redisServerTarget, type Target } from '../index.js';
import { readDigest } from './read-digest.js';
import { digestOf, dumpOf } from './read-state.js';
import { dumpDatabases, diffDatasets } from './dataset-diff.js';
import { CommandEngine } from '../../reference-server/engine.js';

const debugDigest = async (c: Redis): Promise<string> => String(await c.call('DEBUG', 'DIGEST'));

/** Commands that leave a key of every type, in several dbs, with the edge cases of the digest. */
const EDGE_CASES: string[][] = [
  ['SET', 'bin\x00\xff', 'v\r\n\x80'],
  ['SET', 'n', '12345'],
  ['RPUSH', 'l', 'a', '', 'a', '\xfe'],
  ['SADD', 'si', '3', '1', '2'],
  ['SADD', 'ss', 'x', 'y\x00'],
  ['ZADD', 'zl', '-0', 'm0', 'inf', 'mi', '-inf', 'mn', '1.5', 'mf', '3', 'm3'],
  ['ZADD', 'zs', '-0', 'm0', '2', 'long'.repeat(20)],
  ['HSET', 'h', 'f', 'v', 'g', ''],
  ['HSET', 'hbig', 'f', 'x'.repeat(100)],
  ['XADD', 'x', '5-1', 'a', '1', 'b', '\xff'],
  ['XADD', 'x', '7-0', 'c', '2'],
  ['XGROUP', 'CREATE', 'x', 'g', '0'],
  ['SET', 'ttl', 'v', 'PX', '100000000'],
  ['SELECT', '2'],
  ['SET', 'in-two', 'v'],
  ['HSET', 'h', 'f', 'other'],
  ['SELECT', '15'],
  ['LPUSH', 'l15', 'z'],
  ['PEXPIRE', 'l15', '100000000'],
  ['SELECT', '0'],
];

const value = fc.oneof(fc.constantFrom('', '0', '-0', '1', 'v', 'x'.repeat(70)), fc.string({ unit: 'binary', maxLength: 6 }).map((s) => Buffer.from(s, 'utf8').toString('latin1')));
const score = fc.constantFrom('0', '-0', '1', '-2.5', '1e300', 'inf', '-inf', '0.1');
const key = fc.constantFrom('a', 'b', 'c', '\xff');
const op: fc.Arbitrary<string[]> = fc.oneof(
  fc.tuple(key, value).map(([k, v]) => ['SET', k, v]),
  fc.tuple(key, fc.array(value, { minLength: 1, maxLength: 4 })).map(([k, vs]) => ['RPUSH', `l${k}`, ...vs]),
  fc.tuple(key, fc.array(value, { minLength: 1, maxLength: 4 })).map(([k, vs]) => ['SADD', `s${k}`, ...vs]),
  fc.tuple(key, score, value).map(([k, s, m]) => ['ZADD', `z${k}`, s, m]),
  fc.tuple(key, value, value).map(([k, f, v]) => ['HSET', `h${k}`, f, v]),
  fc.tuple(key, value).map(([k, v]) => ['XADD', `x${k}`, '*', 'f', v]),
  key.map((k) => ['PEXPIRE', k, '100000000']),
  key.map((k) => ['DEL', k]),
  fc.constantFrom('0', '1', '3').map((db) => ['SELECT', db]),
);

async function apply(c: Redis, cmds: readonly string[][]): Promise<void> {
  for (const cmd of cmds) await c.call(cmd[0]!, ...cmd.slice(1).map((a) => Buffer.from(a, 'latin1'))).catch(() => undefined);
  await c.call('SELECT', '0');
}

const targets: Array<[string, () => Target]> = [
  ['redis-server', () => redisServerTarget()],
  ['reference in-process', () => new InProcessReferenceTarget()],
];

describe.each(targets)('readDigest on %s', (_name, make) => {
  let t: Target;
  let c: Redis;
  beforeAll(async () => {
    t = make();
    await t.start({});
    c = t.client();
  });
  afterAll(() => t.stop());

  it('equals DEBUG DIGEST on the empty dataset and on the edge cases', async () => {
    await c.call('FLUSHALL');
    expect(await readDigest(c)).toBe(await debugDigest(c));
    await apply(c, EDGE_CASES);
    const d = await debugDigest(c);
    expect(d).not.toBe('0'.repeat(40));
    expect(await readDigest(c)).toBe(d);
    // It leaves the client in db 0 and changes nothing.
    expect(await c.call('GET', 'n')).toBe('12345');
    expect(await debugDigest(c)).toBe(d);
  });

  it('equals DEBUG DIGEST after random write sequences', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 30 }), async (cmds) => {
        await c.call('FLUSHALL');
        await apply(c, cmds);
        expect(await readDigest(c)).toBe(await debugDigest(c));
      }),
      { numRuns: 40 },
    );
  });

  it('dumps every db binary-safe in the form the model dumps its own (no false diff)', async () => {
    await c.call('FLUSHALL');
    await apply(c, EDGE_CASES);
    const engine = new CommandEngine();
    const client = engine.createClient();
    for (const cmd of EDGE_CASES) engine.execute(client, cmd);
    const dump = await dumpOf(c);
    expect(Object.keys(dump)).toContain('db15:l15');
    expect(Object.keys(dump)).toContain('db0:bin\x00\xff');
    expect(diffDatasets(dumpDatabases(engine.keyspace.dbs), dump)).toEqual({ missing: [], extra: [], changed: [] });
    expect(await c.call('GET', 'n')).toBe('12345');
  });

  it('tells one changed byte apart', async () => {
    await c.call('FLUSHALL');
    await apply(c, EDGE_CASES);
    const before = await readDigest(c);
    await c.call('SETRANGE', 'bin\x00\xff', '1', '\x01');
    expect(await readDigest(c)).not.toBe(before);
  });
});

describe('digestOf on a server that refuses DEBUG', () => {
  let plain: Target;
  let model: Target;
  beforeAll(async () => {
    plain = redisServerTarget();
    model = new InProcessReferenceTarget();
    await Promise.all([plain.start({ 'enable-debug-command': 'no' }), model.start({})]);
  });
  afterAll(async () => {
    await Promise.all([plain.stop(), model.stop()]);
  });

  it('reads the dataset instead, and gets the digest the other implementation computes with DEBUG', async () => {
    const c = plain.client();
    await expect(c.call('DEBUG', 'DIGEST')).rejects.toThrow(/DEBUG command not allowed/);
    await apply(c, EDGE_CASES);
    await apply(model.client(), EDGE_CASES);
    expect(await digestOf(c)).toBe(await debugDigest(model.client()));
  });
});
