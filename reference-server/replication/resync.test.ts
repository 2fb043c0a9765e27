// Resynchronisation paths of the reference server against real processes: a backlog too small
// for the gap forces a full resync; a replica restarted from its own RDB resumes with a partial
// resync from the repl-id/repl-offset aux fields. (Cuts during the RDB transfer:
// properties/replication-full-sync.test.ts.)

import { afterEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { redisServerTarget, referenceTarget, type Directives, type ProcessTarget } from '../../harness/index.js';

const started: ProcessTarget[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((t) => t.stop()));
});

async function start(kind: 'ref' | 'redis', directives: Directives = {}): Promise<ProcessTarget> {
  const t = kind === 'ref' ? referenceTarget() : redisServerTarget();
  started.push(t);
  await t.start({ 'repl-diskless-sync-delay': '0', ...directives });
  return t;
}

async function info(c: Redis, section: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const line of (await c.info(section)).split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function converged(master: Redis, replica: Redis): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const m = await info(master, 'replication');
    const r = await info(replica, 'replication');
    if (r.master_link_status === 'up' && m.master_repl_offset === r.slave_repl_offset) break;
    if (Date.now() > deadline) throw new Error(`no convergence: master ${m.master_repl_offset}, replica ${r.slave_repl_offset} (${r.master_link_status})`);
    await sleep(50);
  }
  expect(await replica.call('DEBUG', 'DIGEST')).toBe(await master.call('DEBUG', 'DIGEST'));
}

describe('resynchronisation', () => {
  it('falls back to a full resync when the gap does not fit the backlog', async () => {
    const master = await start('ref', { 'repl-backlog-size': '1024' });
    const replica = await start('ref');
    const mc = master.client();
    const rc = replica.client();
    await rc.call('REPLICAOF', '127.0.0.1', String(master.address.port));
    await mc.set('a', '1');
    await converged(mc, rc);
    const before = await info(mc, 'stats');
    await rc.call('CLIENT', 'KILL', 'TYPE', 'MASTER');
    for (let i = 0; i < 100; i++) await mc.set(`k${i}`, 'x'.repeat(50));
    await converged(mc, rc);
    const after = await info(mc, 'stats');
    expect(Number(after.sync_full)).toBe(Number(before.sync_full) + 1);
    expect(Number(after.sync_partial_err)).toBe(Number(before.sync_partial_err) + 1);
    expect(after.sync_partial_ok).toBe(before.sync_partial_ok);
  });

  for (const masterKind of ['ref', 'redis'] as const) {
    it(`a reference replica restarted from its own RDB resumes with a partial resync (${masterKind} master)`, async () => {
      const master = await start(masterKind, { 'repl-backlog-size': '16mb' });
      const mc = master.client();
      await mc.set('a', '1');
      const replica = await start('ref', { replicaof: `127.0.0.1 ${master.address.port}` });
      const rc = replica.client();
      for (let i = 0; i < 50; i++) await mc.rpush(`l${i % 3}`, `e${i}`);
      await mc.select(2);
      await mc.set('in2', 'x');
      await converged(mc, rc);
      expect(await rc.call('SAVE')).toBe('OK');
      const before = await info(mc, 'stats');
      await replica.crash('process');
      await mc.set('in2-later', 'y'); // still db 2 on the master's stream: the cached db must be right
      await mc.select(0);
      await mc.incr('after');
      await replica.restart();
      const rc2 = replica.client();
      await converged(mc, rc2);
      expect(await rc2.call('GET', 'after')).toBe('1');
      const after = await info(mc, 'stats');
      expect(Number(after.sync_partial_ok)).toBe(Number(before.sync_partial_ok) + 1);
      expect(after.sync_full).toBe(before.sync_full);
    });
  }
});
