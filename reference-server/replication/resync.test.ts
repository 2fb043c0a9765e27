// Resynchronisation paths of the reference server against real processes: a gap beyond what the
// backlog keeps forces a full resync, one within its blocks does not (both beside redis-server); a replica restarted from its own RDB resumes with a partial
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
  for (const masterKind of ['ref', 'redis'] as const) {
    for (const [gap, resync] of [[7_000, 'partial'], [60_000, 'full']] as const) {
      it(`a ${gap}-byte gap over repl-backlog-size 1024 gets a ${resync} resync (${masterKind} master): the backlog keeps whole 16 KB blocks`, async () => {
        const master = await start(masterKind, { 'repl-backlog-size': '1024' });
        const replica = await start('ref');
        const mc = master.client();
        const rc = replica.client();
        await rc.call('REPLICAOF', '127.0.0.1', String(master.address.port));
        await mc.set('a', '1');
        await converged(mc, rc);
        const before = await info(mc, 'stats');
        // Paused, the replica cannot reconnect before the whole gap is written.
        await replica.pause();
        expect(Number(await mc.call('CLIENT', 'KILL', 'TYPE', 'REPLICA'))).toBe(1);
        const p = mc.pipeline();
        for (let i = 0; i < gap / 100; i++) p.set(`k${i}`, 'x'.repeat(100 - 20 - String(i).length));
        await p.exec();
        await replica.resume();
        await converged(mc, rc);
        const after = await info(mc, 'stats');
        const grew = (k: string) => Number(after[k]) - Number(before[k]);
        expect({ full: grew('sync_full'), partial: grew('sync_partial_ok') }).toEqual(resync === 'full' ? { full: 1, partial: 0 } : { full: 0, partial: 1 });
      });
    }
  }

  for (const [masterKind, replicaKind] of [['ref', 'ref'], ['redis', 'ref'], ['ref', 'redis']] as const) {
    it(`a ${replicaKind} replica restarted from its own RDB resumes with a partial resync (${masterKind} master)`, async () => {
      const master = await start(masterKind, { 'repl-backlog-size': '16mb' });
      const mc = master.client();
      await mc.set('a', '1');
      const replica = await start(replicaKind, { replicaof: `127.0.0.1 ${master.address.port}` });
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

  for (const replicaKind of ['ref', 'redis'] as const) {
    it(`a replica restarted from its RDB keeps a key that expired meanwhile until the master's DEL (${replicaKind} replica)`, async () => {
      const master = await start('ref', { 'repl-backlog-size': '1mb' });
      const mc = master.client();
      expect(await mc.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0')).toBe('OK');
      await mc.set('a', '1');
      await mc.set('short', 'x', 'PX', 300);
      const replica = await start(replicaKind, { replicaof: `127.0.0.1 ${master.address.port}` });
      await converged(mc, replica.client());
      expect(await replica.client().call('SAVE')).toBe('OK');
      await replica.crash('process');
      await sleep(400);
      await replica.restart();
      const rc = replica.client();
      await converged(mc, rc); // the master still holds the key: equal digests need it on the replica too
      expect(await rc.dbsize()).toBe(2);
      expect(await rc.get('short')).toBeNull();
      expect(await mc.get('short')).toBeNull(); // the master expires it now and sends the DEL
      await converged(mc, rc);
      expect(await rc.dbsize()).toBe(1);
    });
  }
});
