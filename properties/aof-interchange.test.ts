// AOF directories interchange with real redis-server both ways: random write workloads (streams and groups, relative
// expiries, SPOP, INCRBYFLOAT, MULTI/EXEC, SELECT, SWAPDB ...) with and without the RDB preamble,
// with a BGREWRITEAOF in the middle or not; the other server loads the directory to an equal
// DEBUG DIGEST, and redis-check-aof accepts what the reference server wrote.

import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { execa } from 'execa';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { redisServerTarget, referenceTarget, type ProcessTarget, type RawClient } from '../harness/index.js';

type Argv = string[];
const key = fc.constantFrom('k0', 'k1', 'k2', 'k3');
const val = fc.oneof(fc.constantFrom('1', '-7', '3.5', 'x', ''), fc.uint8Array({ maxLength: 6 }).map((a) => Buffer.from(a).toString('latin1')));
const small = fc.integer({ min: 1, max: 4 }).map(String);
const ttl = fc.integer({ min: 500, max: 5000 }).map(String);

/** One write (or a MULTI/EXEC block of writes), as argv lists. */
const write: fc.Arbitrary<Argv[]> = fc.oneof(
  fc.tuple(key, val).map(([k, v]) => [['SET', k, v]]),
  fc.tuple(key, val, ttl).map(([k, v, t]) => [['SET', k, v, 'EX', t]]),
  fc.tuple(key, val, ttl).map(([k, v, t]) => [['SETEX', k, t, v]]),
  fc.tuple(key, val, ttl).map(([k, v, t]) => [['PSETEX', k, `${t}000`, v]]),
  fc.tuple(key, ttl).map(([k, t]) => [['EXPIRE', k, t]]),
  fc.tuple(key, ttl).map(([k, t]) => [['GETEX', k, 'PX', `${t}000`]]),
  key.map((k) => [['PERSIST', k]]),
  key.map((k) => [['INCR', k]]),
  key.map((k) => [['INCRBYFLOAT', k, '1.25']]),
  fc.tuple(key, val).map(([k, v]) => [['APPEND', k, v]]),
  fc.tuple(key, fc.array(val, { minLength: 1, maxLength: 4 })).map(([k, vs]) => [['RPUSH', k, ...vs]]),
  key.map((k) => [['LPOP', k]]),
  fc.tuple(key, key).map(([a, b]) => [['LMOVE', a, b, 'LEFT', 'RIGHT']]),
  fc.tuple(key, fc.array(val, { minLength: 1, maxLength: 6 })).map(([k, vs]) => [['SADD', k, ...vs]]),
  key.map((k) => [['SPOP', k]]),
  fc.tuple(key, small).map(([k, n]) => [['SPOP', k, n]]),
  fc.tuple(key, val, val).map(([k, f, v]) => [['HSET', k, f, v]]),
  fc.tuple(key, val).map(([k, f]) => [['HINCRBYFLOAT', k, f, '0.5']]),
  fc.tuple(key, small, val).map(([k, s, m]) => [['ZADD', k, s, m]]),
  fc.tuple(key, val).map(([k, m]) => [['ZINCRBY', k, '2', m]]),
  key.map((k) => [['ZPOPMIN', k]]),
  key.map((k) => [['DEL', k]]),
  fc.tuple(key, key).map(([a, b]) => [['RENAME', a, b]]),
  fc.tuple(key, key).map(([a, b]) => [['COPY', a, b, 'REPLACE']]),
  fc.integer({ min: 0, max: 2 }).map((d) => [['SELECT', String(d)]]),
  fc.tuple(key, fc.integer({ min: 0, max: 2 })).map(([k, d]) => [['MOVE', k, String(d)]]),
  fc.constant([['SWAPDB', '0', '1']]),
  fc.tuple(key, val, key).map(([a, v, b]) => [['MULTI'], ['SET', a, v], ['INCR', b], ['SPOP', b], ['EXEC']]),
  // Streams: XADD * (logged with its ID), ~ trims (logged exact), group reads (logged as XCLAIM).
  fc.tuple(key, val).map(([k, v]) => [['XADD', k, '*', 'f', v]]),
  fc.tuple(key, small, val).map(([k, n, v]) => [['XADD', k, 'MAXLEN', '~', n, '*', 'f', v]]),
  key.map((k) => [['XGROUP', 'CREATE', k, 'g', '0', 'MKSTREAM']]),
  fc.tuple(key, small, fc.boolean()).map(([k, n, noack]) => [['XREADGROUP', 'GROUP', 'g', `c${n}`, ...(noack ? ['NOACK'] : []), 'COUNT', n, 'STREAMS', k, '>']]),
  fc.tuple(key, small).map(([k, n]) => [['XAUTOCLAIM', k, 'g', 'c9', '0', '0', 'COUNT', n]]),
  key.map((k) => [['XTRIM', k, 'MINID', '~', '0']]),
  key.map((k) => [['XTRIM', k, 'MAXLEN', '1']]),
);
const workload = fc.array(write, { minLength: 1, maxLength: 30 });

/** A workload as redis-cli lines, for the failure message. */
const show = (blocks: Argv[][]) => blocks.flat().map((c) => c.map((a) => JSON.stringify(a)).join(' ')).join('\n');

const started: ProcessTarget[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((t) => t.stop()));
});

function make(kind: 'reference' | 'redis-server'): ProcessTarget {
  const t = kind === 'reference' ? referenceTarget({ name: 'reference-aof' }) : redisServerTarget({ name: 'redis-aof' });
  started.push(t);
  return t;
}

async function digest(c: RawClient): Promise<string> {
  const r = (await c.send(['DEBUG', 'DIGEST'])).value;
  if (r.kind !== 'simple' && r.kind !== 'bulk') throw new Error(`DEBUG DIGEST answered ${JSON.stringify(r)}`);
  return (r.kind === 'simple' ? r.text : r.value) ?? '';
}

async function info(c: RawClient): Promise<Record<string, string>> {
  const r = (await c.send(['INFO', 'persistence'])).value;
  const text = r.kind === 'bulk' ? r.value ?? '' : '';
  return Object.fromEntries(text.split('\r\n').filter((l) => l.includes(':')).map((l) => l.split(':') as [string, string]));
}

async function waitRewriteDone(c: RawClient): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const f = await info(c);
    if (f.aof_rewrite_in_progress === '0' && f.aof_rewrite_scheduled === '0') {
      expect(f.aof_last_bgrewrite_status).toBe('ok');
      return;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('BGREWRITEAOF did not finish within 5 s');
}

/** Runs the workload on `from`, moves its appendonlydir to `to`, and compares digests. */
async function interchange(fromKind: 'reference' | 'redis-server', toKind: 'reference' | 'redis-server', preamble: boolean, rewriteAt: number[], cmds: Argv[][]): Promise<void> {
  const directives = { appendonly: 'yes', 'aof-use-rdb-preamble': preamble ? 'yes' : 'no', appendfsync: 'always', 'aof-timestamp-enabled': 'no' };
  const from = make(fromKind);
  const to = make(toKind);
  await Promise.all([from.start(directives), to.start(directives)]);
  const c = await from.rawClient();
  for (let i = 0; i < cmds.length; i++) {
    for (let n = rewriteAt.filter((at) => at === i).length; n > 0; n--) {
      await c.send(['BGREWRITEAOF']);
      await waitRewriteDone(c);
    }
    for (const argv of cmds[i]!) await c.send(argv);
  }
  const expected = await digest(c);
  await from.crash('process');
  await to.crash('process');
  rmSync(join(to.dir, 'appendonlydir'), { recursive: true, force: true });
  cpSync(join(from.dir, 'appendonlydir'), join(to.dir, 'appendonlydir'), { recursive: true });
  if (fromKind === 'reference') {
    const manifest = readdirSync(join(to.dir, 'appendonlydir')).find((f) => f.endsWith('.manifest'))!;
    const check = await execa('redis-check-aof', [join(to.dir, 'appendonlydir', manifest)], { reject: false });
    expect(check.stdout + check.stderr, `redis-check-aof on our directory\n${show(cmds)}`).toContain('All AOF files and manifest are valid');
  }
  await to.restart();
  const got = await digest(await to.rawClient());
  expect(got, `${fromKind} -> ${toKind}, preamble ${preamble}, rewrite at ${rewriteAt}, workload:\n${show(cmds)}`).toBe(expected);
}

const RUNS = Number(process.env.FC_NUM_RUNS ?? 2);
/** Where BGREWRITEAOF runs: nowhere, or before one or two of the workload's writes (never inside MULTI). */
const rewritePoints = (cmds: Argv[][], rewrites: boolean) =>
  rewrites ? fc.array(fc.integer({ min: 0, max: cmds.length - 1 }), { minLength: 1, maxLength: 2 }) : fc.constant([]);

describe('AOF interchange with redis-server', () => {
  for (const [fromKind, toKind] of [['reference', 'redis-server'], ['redis-server', 'reference']] as const) {
    for (const preamble of [true, false]) for (const rewrites of [false, true]) {
      it(`${fromKind} writes, ${toKind} loads (aof-use-rdb-preamble ${preamble ? 'yes' : 'no'}, ${rewrites ? 'after BGREWRITEAOF' : 'no rewrite'})`, async () => {
        await fc.assert(fc.asyncProperty(workload.chain((cmds) => fc.tuple(fc.constant(cmds), rewritePoints(cmds, rewrites))), async ([cmds, at]) => {
          try {
            await interchange(fromKind, toKind, preamble, at, cmds);
          } finally {
            await Promise.all(started.splice(0).map((t) => t.stop()));
          }
        }), { numRuns: RUNS });
      }, 120_000);
    }
  }
});

describe('old single-file appendonly.aof (Redis 6)', () => {
  it('is upgraded on start into appendonlydir exactly as redis-server does it', async () => {
    // A Redis 6 AOF: plain commands, no manifest, in `dir/appendonly.aof`.
    const old = ['*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n', '*3\r\n$3\r\nset\r\n$1\r\na\r\n$1\r\n1\r\n', '*3\r\n$5\r\nrpush\r\n$1\r\nl\r\n$1\r\nx\r\n',
      '*2\r\n$6\r\nSELECT\r\n$1\r\n2\r\n', '*4\r\n$4\r\nhset\r\n$1\r\nh\r\n$1\r\nf\r\n$1\r\nv\r\n'].join('');
    const outcomes: Array<{ digest: string; manifest: string; files: string[] }> = [];
    for (const kind of ['redis-server', 'reference'] as const) {
      const u = make(kind);
      await u.start({ appendonly: 'yes' });
      await u.crash('process');
      rmSync(join(u.dir, 'appendonlydir'), { recursive: true, force: true });
      writeFileSync(join(u.dir, 'appendonly.aof'), old);
      await u.restart();
      const c = await u.rawClient();
      await c.send(['SET', 'after', 'upgrade']);
      const d = await digest(c);
      await u.crash('process');
      const dir = join(u.dir, 'appendonlydir');
      outcomes.push({ digest: d, manifest: readFileSync(join(dir, 'appendonly.aof.manifest'), 'latin1'), files: readdirSync(dir).sort() });
      expect(existsSync(join(u.dir, 'appendonly.aof')), `${kind} moved the old file into appendonlydir`).toBe(false);
    }
    expect(outcomes[1]).toEqual(outcomes[0]);
    expect(outcomes[0]!.manifest).toBe('file appendonly.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n');
  });
});
