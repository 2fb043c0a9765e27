// Full resynchronisation under faults and its settings, on the reference server and redis-server:
// the link cut in the middle of the RDB transfer (disk-based and diskless, every
// repl-diskless-load mode) is retried and the replica never serves a part of the new dataset;
// where the payload goes (repl-diskless-load); one snapshot serves every replica waiting for it.

import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { redisServerTarget, referenceTarget, type Directives, type ProcessTarget } from '../harness/index.js';
import { converge, info, sleep, syncStats, waitFor } from './replication/observe.js';

const started: ProcessTarget[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((t) => t.stop()));
});

type Kind = 'ref' | 'redis';

async function start(kind: Kind, directives: Directives = {}): Promise<ProcessTarget> {
  const t = kind === 'ref' ? referenceTarget() : redisServerTarget();
  started.push(t);
  await t.start({ 'repl-diskless-sync-delay': '0', ...directives });
  return t;
}

/**
 * Keys and value size of the big dataset: about 50 MB of RDB, more than loopback socket buffers
 * hold (Linux autotunes a receive buffer up to tcp_rmem's maximum, 32 MB here).
 */
const BIG_KEYS = 5000;
const BIG_VALUE = 10_000;

/** DBSIZE, or 'loading' while redis-server answers -LOADING. */
async function dbsizeOrLoading(c: Redis): Promise<number | 'loading'> {
  try {
    return Number(await c.dbsize());
  } catch (e) {
    if (/^LOADING/.test((e as Error).message)) return 'loading';
    throw e;
  }
}

interface CutCase {
  master: Kind;
  replica: Kind;
  sync: 'disk' | 'diskless';
  load: 'disabled' | 'swapdb' | 'on-empty-db';
}

const CUT_CASES: CutCase[] = [
  { master: 'redis', replica: 'ref', sync: 'disk', load: 'disabled' },
  { master: 'redis', replica: 'ref', sync: 'diskless', load: 'swapdb' },
  { master: 'ref', replica: 'ref', sync: 'disk', load: 'swapdb' },
  { master: 'ref', replica: 'ref', sync: 'diskless', load: 'on-empty-db' },
  { master: 'ref', replica: 'redis', sync: 'diskless', load: 'disabled' },
];

describe('link cut in the middle of the RDB transfer', () => {
  for (const c of CUT_CASES) {
    it(`is retried, and the replica serves the old dataset or the whole new one (${c.master} master ${c.sync}, ${c.replica} replica repl-diskless-load ${c.load})`, async () => {
      // The master makes its RDB slowly (rdb-key-save-delay, in microseconds per key: about 0.5 s
      // for the whole dataset), so the replica is frozen before much of it is sent. Without it a
      // diskless transfer on loopback could end before the pause lands.
      // DEBUG POPULATE pads values with zero bytes: without rdbcompression they stay big.
      const master = await start(c.master, { 'repl-diskless-sync': c.sync === 'diskless' ? 'yes' : 'no', rdbcompression: 'no', 'rdb-key-save-delay': '100' });
      const mc = master.client();
      expect(await mc.call('DEBUG', 'POPULATE', String(BIG_KEYS), 'key', String(BIG_VALUE))).toBe('OK');
      await mc.set('marker', 'new');
      const replica = await start(c.replica, { 'repl-diskless-load': c.load });
      const rc = replica.client();
      await rc.set('old', '1');
      await rc.call('REPLICAOF', '127.0.0.1', String(master.address.port));
      // Once the master registered the replica, freeze the replica: the transfer stalls when the
      // socket buffers are full, far short of the whole payload.
      await waitFor('the master to register the replica', async () => (await info(mc, 'replication')).connected_slaves === '1', 20_000);
      await replica.pause();
      if (c.sync === 'disk') {
        await waitFor('the transfer to start', async () => /state=send_bulk/.test((await info(mc, 'replication')).slave0 ?? ''), 20_000);
      }
      await sleep(500);
      expect(Number(await mc.call('CLIENT', 'KILL', 'TYPE', 'REPLICA'))).toBe(1);
      await mc.call('CONFIG', 'SET', 'rdb-key-save-delay', '0');
      await replica.resume();
      const seen = new Set<number | 'loading'>();
      await waitFor('the replica to sync again', async () => {
        seen.add(await dbsizeOrLoading(rc));
        const r = await info(rc, 'replication');
        return r.master_link_status === 'up';
      }, 40_000);
      seen.add(await dbsizeOrLoading(rc));
      for (const size of seen) expect([1, BIG_KEYS + 1, 'loading']).toContain(size);
      const conv = await converge(mc, rc);
      expect(conv.replicaDigest).toBe(conv.masterDigest);
      expect(await rc.get('marker')).toBe('new');
      expect(await rc.get('old')).toBeNull();
      // Two full syncs and no partial one: the first transfer was really cut short. (Each PSYNC
      // names the replica's own old history, so both also count as sync_partial_err.)
      const stats = await syncStats(mc);
      expect({ full: stats.full, partialOk: stats.partialOk }).toEqual({ full: 2, partialOk: 0 });
      const leftovers = readdirSync(replica.dir).filter((f) => /^temp-/.test(f));
      expect(leftovers).toEqual([]);
    });
  }
});

describe('repl-diskless-load', () => {
  for (const kind of ['ref', 'redis'] as const) {
    it(`disabled loads through dump.rdb; swapdb, and on-empty-db on an empty replica, load from the socket (${kind} replica)`, async () => {
      const master = await start('ref');
      const mc = master.client();
      await mc.call('DEBUG', 'POPULATE', '1000');
      const cases = [
        { load: 'disabled', preload: false, dumpRdb: true },
        { load: 'swapdb', preload: true, dumpRdb: false },
        { load: 'on-empty-db', preload: false, dumpRdb: false },
        { load: 'on-empty-db', preload: true, dumpRdb: true },
      ];
      const replicas = await Promise.all(cases.map((x) => start(kind, { 'repl-diskless-load': x.load })));
      await Promise.all(replicas.map(async (r, i) => {
        if (cases[i]!.preload) await r.client().set('old', '1');
        await r.client().call('REPLICAOF', '127.0.0.1', String(master.address.port));
      }));
      for (let i = 0; i < cases.length; i++) {
        const conv = await converge(mc, replicas[i]!.client());
        expect(conv.replicaDigest).toBe(conv.masterDigest);
        const files = readdirSync(replicas[i]!.dir);
        expect({ ...cases[i], dumpRdb: files.includes('dump.rdb') }).toEqual(cases[i]);
      }
    });
  }
});

describe('one snapshot for every waiting replica', () => {
  for (const kind of ['ref', 'redis'] as const) {
    it(`repl-diskless-sync-max-replicas starts the transfer when enough replicas wait, all from one snapshot (${kind} master)`, async () => {
      // A delay far longer than the test: only the replica count can start the transfer.
      const master = await start(kind, { 'repl-diskless-sync-delay': '60', 'repl-diskless-sync-max-replicas': '3' });
      const mc = master.client();
      await mc.call('DEBUG', 'POPULATE', '5000');
      const replicas = await Promise.all([start('ref'), start('redis'), start('ref')]);
      for (const r of replicas.slice(0, 2)) await r.client().call('REPLICAOF', '127.0.0.1', String(master.address.port));
      await waitFor('two waiting replicas', async () => (await info(mc, 'replication')).connected_slaves === '2');
      await sleep(1500);
      // Two of three: still waiting for the delay.
      expect((await info(replicas[0]!.client(), 'replication')).master_link_status).toBe('down');
      await replicas[2]!.client().call('REPLICAOF', '127.0.0.1', String(master.address.port));
      for (const r of replicas) {
        const conv = await converge(mc, r.client());
        expect(conv.replicaDigest).toBe(conv.masterDigest);
      }
      expect((await syncStats(mc)).full).toBe(3);
      const snapshots = master.logs().join('').match(/Starting BGSAVE for SYNC with target/g) ?? [];
      expect(snapshots).toHaveLength(1);
    });
  }
});

describe('a replica arriving during a BGSAVE to disk for replication', () => {
  for (const kind of ['ref', 'redis'] as const) {
    it(`shares it instead of waiting for another snapshot (${kind} master)`, async () => {
      const slow: Directives = kind === 'redis' ? { 'rdb-key-save-delay': '200' } : {};
      const master = await start(kind, { 'repl-diskless-sync': 'no', ...slow });
      const mc = master.client();
      await mc.call('DEBUG', 'POPULATE', kind === 'redis' ? '5000' : '200000');
      const first = await start('ref');
      const second = await start('redis');
      await first.client().call('REPLICAOF', '127.0.0.1', String(master.address.port));
      await waitFor('the BGSAVE for the first replica', async () => /state=wait_bgsave/.test((await info(mc, 'replication')).slave0 ?? ''));
      await mc.set('during', 'bgsave');
      await second.client().call('REPLICAOF', '127.0.0.1', String(master.address.port));
      // Offsets and sizes, not DEBUG DIGEST: the reference server digests 200k keys slowly.
      for (const r of [first, second]) {
        const rc = r.client();
        await waitFor('the replica to catch up', async () => {
          const [m, x] = [await info(mc, 'replication'), await info(rc, 'replication')];
          return x.master_link_status === 'up' && x.slave_repl_offset === m.master_repl_offset;
        }, 40_000);
        expect(await rc.dbsize()).toBe(await mc.dbsize());
        expect(await rc.get('during')).toBe('bgsave');
        expect(await rc.get('key:199')).toBe(await mc.get('key:199'));
      }
      const log = master.logs().join('');
      expect(log.match(/Starting BGSAVE for SYNC with target/g)).toHaveLength(1);
      expect(log.match(/Waiting for end of BGSAVE for SYNC/g)).toHaveLength(1);
    });
  }
});

describe('repl-timeout during a diskless transfer', () => {
  it('the master drops a replica that stopped reading, and the next attempt succeeds (reference and redis-server masters)', async () => {
    await Promise.all((['ref', 'redis'] as const).map(async (kind) => {
      const master = await start(kind, { 'repl-diskless-sync': 'yes', rdbcompression: 'no', 'repl-timeout': '2', 'rdb-key-save-delay': '100' });
      const mc = master.client();
      await mc.call('DEBUG', 'POPULATE', String(BIG_KEYS), 'key', String(BIG_VALUE));
      const replica = await start('ref');
      await replica.client().call('REPLICAOF', '127.0.0.1', String(master.address.port));
      await waitFor('the master to register the replica', async () => (await info(mc, 'replication')).connected_slaves === '1');
      await replica.pause();
      await waitFor(`${kind}: the master to drop the stuck replica`, async () => /Disconnecting timedout replica \(full sync\)/.test(master.logs().join('')), 10_000);
      expect((await info(mc, 'replication')).connected_slaves).toBe('0');
      await mc.call('CONFIG', 'SET', 'rdb-key-save-delay', '0');
      await replica.resume();
      const conv = await converge(mc, replica.client(), 40_000);
      expect(conv.replicaDigest).toBe(conv.masterDigest);
      expect((await syncStats(mc)).full).toBe(2);
    }));
  });
});

describe('rdb-key-save-delay on a diskless transfer', () => {
  for (const kind of ['ref', 'redis'] as const) {
    it(`paces the snapshot streamed to the replica's socket as it paces a BGSAVE (${kind} master)`, async () => {
      // 1 ms a key for 2,000 small keys: the transfer lasts about 2 s, which an unpaced one on
      // loopback would not (a few ms).
      const master = await start(kind, { 'repl-diskless-sync': 'yes', 'rdb-key-save-delay': '1000' });
      const mc = master.client();
      await mc.call('DEBUG', 'POPULATE', '2000');
      const replica = await start('ref');
      const rc = replica.client();
      await rc.call('REPLICAOF', '127.0.0.1', String(master.address.port));
      await waitFor('the master to register the replica', async () => (await info(mc, 'replication')).connected_slaves === '1');
      await sleep(300);
      expect((await info(mc, 'replication')).slave0).toMatch(/state=wait_bgsave/);
      expect((await info(rc, 'replication')).master_link_status).toBe('down');
      const conv = await converge(mc, rc);
      expect(conv.replicaDigest).toBe(conv.masterDigest);
    });
  }
});
