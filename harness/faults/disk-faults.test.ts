// The Proof list of disk faults and power loss, one code path on every target (redis-server and the
// reference server as processes through fault-preload.so, the reference server in-process on its
// simulated disk): power loss loses exactly what was not fsynced; disk:full under everysec gives
// MISCONF and recovers, under always the server exits; a failed BGSAVE with
// stop-writes-on-bgsave-error refuses writes until a save succeeds; fsync:delay under everysec
// shows up as aof_delayed_fsync.

import { afterEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { redisServerTarget } from '../targets/redis-server-target.js';
import { referenceTarget } from '../targets/reference-target.js';
import { InProcessReferenceTarget } from '../targets/in-process-target.js';
import { describedTargetsFromEnv } from '../targets/described-targets.js';
import { targetSleep, type Target } from '../targets/target.js';
import { makeFault } from './index.js';

const started: Target[] = [];
afterEach(async () => {
  for (const t of started.splice(0)) await t.stop();
});

const implementations: Array<[string, () => Target]> = [
  ['redis-server', () => redisServerTarget()],
  ['reference (process, fault-preload.so)', () => referenceTarget()],
  ['reference (in-process)', () => new InProcessReferenceTarget()],
  ...describedTargetsFromEnv(),
];

/** Waits on the time of the target under test (virtual time advances at once on the in-process one). */
const sleep = (ms: number): Promise<void> => {
  const t = started[started.length - 1];
  return t ? targetSleep(t, ms) : new Promise<void>((r) => setTimeout(r, ms));
};

async function info(c: Redis, section: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const line of (await c.info(section)).split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

async function aofTarget(make: () => Target, appendfsync: string, extra: Record<string, string> = {}): Promise<Target> {
  const t = make();
  started.push(t);
  await t.start({ appendonly: 'yes', appendfsync, 'auto-aof-rewrite-percentage': '0', ...extra }, { diskFaults: true });
  return t;
}

async function writeKeys(c: Redis, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i++) expect(await c.set(`k${i}`, `v${i}`)).toBe('OK');
}

/** Sets until a write is acknowledged again (bounded); returns whether it was. */
async function untilWritable(c: Redis, key: string, tries = 60): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (await c.set(key, '1').then(() => true, () => false)) return true;
    await sleep(100);
  }
  return false;
}

describe.each(implementations)('disk faults and power loss on %s', (_name, make) => {
  it('appendfsync no: acknowledged writes survive crash:process, those after the last fsync are gone after crash:power', async () => {
    const t = await aofTarget(make, 'no');
    await writeKeys(t.client(), 0, 30);
    await t.crash('process');
    await t.restart();
    expect(await t.client().dbsize()).toBe(30);
    await writeKeys(t.client(), 30, 50);
    await t.crash('power');
    await t.restart();
    const c = t.client();
    expect(await c.dbsize()).toBe(30);
    expect(await c.get('k29')).toBe('v29');
    expect(await c.get('k30')).toBeNull();
  });

  it('appendfsync always: nothing acknowledged is gone after crash:power or crash:process', async () => {
    const t = await aofTarget(make, 'always');
    await writeKeys(t.client(), 0, 25);
    await t.crash('power');
    await t.restart();
    expect(await t.client().dbsize()).toBe(25);
    await writeKeys(t.client(), 25, 40);
    await t.crash('process');
    await t.restart();
    expect(await t.client().dbsize()).toBe(40);
  });

  it('disk:full under everysec: MISCONF while full, writes resume after heal, nothing acknowledged lost', async () => {
    const t = await aofTarget(make, 'everysec');
    const c = t.client();
    await c.set('before', '1');
    const full = makeFault({ fault: 'disk:full' }, { target: t });
    await full.inject();
    const results: string[] = [];
    for (let i = 0; i < 8; i++) {
      results.push(await c.set(`full${i}`, 'x').then(() => 'OK', (e: Error) => e.message));
      await sleep(60);
    }
    expect(results.some((r) => r.startsWith('MISCONF Errors writing to the AOF file: No space left on device'))).toBe(true);
    expect(results.every((r) => r === 'OK' || r.startsWith('MISCONF'))).toBe(true);
    expect(await c.get('before')).toBe('1');
    expect((await info(c, 'persistence')).aof_last_write_status).toBe('err');
    await full.heal();
    expect(await untilWritable(c, 'after')).toBe(true);
    const acked = results.flatMap((r, i) => (r === 'OK' ? [`full${i}`] : []));
    await sleep(1100); // one everysec fsync, so nothing acknowledged is held back in memory
    await t.crash('process');
    await t.restart();
    const c2 = t.client();
    for (const k of ['before', 'after', ...acked]) expect(await c2.exists(k), k).toBe(1);
  });

  it('disk:full under always: the server exits', async () => {
    const t = await aofTarget(make, 'always');
    const c = t.client();
    await c.set('a', '1');
    await makeFault({ fault: 'disk:full' }, { target: t }).inject();
    await expect(c.set('b', '2')).rejects.toThrow();
    await t.waitExit();
    expect(t.exited).toBe(true);
    expect(t.logs().join('\n')).toMatch(/Can't recover from AOF write error when the AOF fsync policy is 'always'/);
    t.faults.clear();
    await t.restart();
    expect(await t.client().get('a')).toBe('1');
  });

  it('BGSAVE on a full disk with stop-writes-on-bgsave-error: writes refused, reads go on, until a save succeeds', async () => {
    const t = make();
    started.push(t);
    await t.start({ save: '3600 1', 'stop-writes-on-bgsave-error': 'yes' }, { diskFaults: true });
    const c = t.client();
    await c.set('a', '1');
    const full = makeFault({ fault: 'disk:full' }, { target: t });
    await full.inject();
    expect(await c.bgsave()).toBe('Background saving started');
    let status = '';
    for (let i = 0; i < 100 && status !== 'err'; i++) {
      await sleep(20);
      const p = await info(c, 'persistence');
      status = p.rdb_bgsave_in_progress === '0' ? p.rdb_last_bgsave_status! : '';
    }
    expect(status).toBe('err');
    await expect(c.set('b', '2')).rejects.toThrow(/^MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk/);
    expect(await c.get('a')).toBe('1');
    await full.heal();
    // Still refused: only a successful save clears it.
    await expect(c.set('b', '2')).rejects.toThrow(/^MISCONF/);
    expect(await c.bgsave()).toBe('Background saving started');
    expect(await untilWritable(c, 'b')).toBe(true);
    expect((await info(c, 'persistence')).rdb_last_bgsave_status).toBe('ok');
  });

  it('fsync:delay under everysec: writes are postponed past 2 s and counted in aof_delayed_fsync', async () => {
    const t = await aofTarget(make, 'everysec');
    const c = t.client();
    await c.set('a', '1');
    expect((await info(c, 'persistence')).aof_delayed_fsync).toBe('0');
    const delay = makeFault({ fault: 'fsync:delay', ms: 2600 }, { target: t });
    await delay.inject();
    let delayed = 0;
    // Bounded: about 8 s at most; Redis needs an fsync in flight for 2 s while writes keep coming.
    for (let i = 0; i < 160 && delayed === 0; i++) {
      await c.set(`d${i % 10}`, String(i));
      await sleep(50);
      if (i % 10 === 9) delayed = Number((await info(c, 'persistence')).aof_delayed_fsync);
    }
    expect(delayed).toBeGreaterThan(0);
    await delay.heal();
    expect(await c.set('after', '1')).toBe('OK');
  });
});
