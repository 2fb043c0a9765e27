// Toxics on a real replication link: a replica does REPLICAOF 127.0.0.1 <proxy port> and the proxy
// forwards to the master. redis-server on both ends, and the reference server as replica and as
// master: limit_data mid-RDB makes the replica retry and converge after heal; blackhole freezes the
// replica's offset until healed; drop makes it reconnect with a partial resync; latency delays.

import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { redisServerTarget } from '../targets/redis-server-target.js';
import { referenceTarget } from '../targets/reference-target.js';
import type { Target } from '../targets/target.js';
import { LinkProxy } from './link-proxy.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function info(c: Redis, section: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const line of (await c.info(section)).split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

async function waitFor(what: string, cond: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await cond()) return;
    await sleep(20);
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

type Kind = 'redis' | 'ref';

/** 512 bytes determined by `i` that LZF cannot compress much. */
function incompressible(i: number): string {
  let out = '';
  for (let j = 0; j < 8; j++) out += createHash('sha256').update(`${i}:${j}`).digest('hex');
  return out;
}

async function start(kind: Kind): Promise<Target> {
  const t = kind === 'redis' ? redisServerTarget() : referenceTarget();
  cleanups.push(() => t.stop());
  await t.start({ 'repl-diskless-sync-delay': '0', 'repl-backlog-size': '16mb' });
  return t;
}

interface Link {
  master: Target;
  replica: Target;
  mc: Redis;
  rc: Redis;
  proxy: LinkProxy;
}

async function link(masterKind: Kind, replicaKind: Kind): Promise<Link> {
  const master = await start(masterKind);
  const replica = await start(replicaKind);
  const proxy = await LinkProxy.start({ upstream: master.address, name: 'master link' });
  cleanups.push(() => proxy.close());
  return { master, replica, mc: master.client(), rc: replica.client(), proxy };
}

async function attach(l: Link): Promise<void> {
  expect(await l.rc.call('REPLICAOF', '127.0.0.1', String(l.proxy.port))).toBe('OK');
}

/** Link up, the replica at the master's offset, equal DEBUG DIGEST. */
async function expectConverged(l: Link, ms = 20_000): Promise<void> {
  let last = '';
  await waitFor('convergence', async () => {
    const m = await info(l.mc, 'replication');
    const r = await info(l.rc, 'replication');
    last = `master ${m.master_repl_offset}, replica ${r.slave_repl_offset} (${r.master_link_status})`;
    return r.master_link_status === 'up' && m.master_repl_offset === r.slave_repl_offset;
  }, ms).catch((e: Error) => {
    throw new Error(`${e.message}: ${last}`);
  });
  expect(String(await l.rc.call('DEBUG', 'DIGEST'))).toBe(String(await l.mc.call('DEBUG', 'DIGEST')));
}

async function syncStats(c: Redis): Promise<{ full: number; partialOk: number }> {
  const s = await info(c, 'stats');
  return { full: Number(s.sync_full), partialOk: Number(s.sync_partial_ok) };
}

const pairs: Array<[Kind, Kind]> = [
  ['redis', 'redis'],
  ['redis', 'ref'],
  ['ref', 'redis'],
];

describe.each(pairs)('replication link toxics, %s master -> %s replica', (masterKind, replicaKind) => {
  it('limit_data mid-RDB: the replica retries while the cut is on, converges after heal', async () => {
    const l = await link(masterKind, replicaKind);
    // About 1 MB of RDB (hash-derived values: LZF cannot shrink them); cut after 64 KB on every connection.
    const p = l.mc.pipeline();
    for (let i = 0; i < 2000; i++) p.set(`key:${i}`, incompressible(i));
    await p.exec();
    const cut = l.proxy.addToxic({ type: 'limit_data', bytes: 64 * 1024, direction: 'downstream' });
    await attach(l);
    await waitFor('a retry (second connection through the proxy)', async () => l.proxy.accepted >= 2);
    expect((await info(l.rc, 'replication')).master_link_status).toBe('down');
    l.proxy.removeToxic(cut);
    await expectConverged(l);
    expect(await l.rc.dbsize()).toBe(2000);
  });

  it('blackhole freezes the replica offset until healed; drop reconnects with a partial resync', async () => {
    const l = await link(masterKind, replicaKind);
    await l.mc.set('a', '1');
    await attach(l);
    await expectConverged(l);
    const frozen = (await info(l.rc, 'replication')).slave_repl_offset;
    const hole = l.proxy.addToxic({ type: 'blackhole', direction: 'downstream' });
    for (let i = 0; i < 50; i++) await l.mc.set(`b:${i}`, 'x');
    await sleep(400);
    expect((await info(l.rc, 'replication')).slave_repl_offset).toBe(frozen);
    expect(await l.rc.exists('b:49')).toBe(0);
    l.proxy.removeToxic(hole);
    await expectConverged(l);

    const before = await syncStats(l.mc);
    const acceptedBefore = l.proxy.accepted;
    l.proxy.addToxic({ type: 'drop', name: 'drop' });
    for (let i = 0; i < 20; i++) await l.mc.set(`c:${i}`, 'y');
    await waitFor('the replica to reconnect', async () => l.proxy.accepted > acceptedBefore);
    l.proxy.removeToxic('drop');
    await expectConverged(l);
    const after = await syncStats(l.mc);
    expect(after).toEqual({ full: before.full, partialOk: before.partialOk + 1 });
  });

  it('latency delays what the replica sees by at least the added latency', async () => {
    const l = await link(masterKind, replicaKind);
    await attach(l);
    await expectConverged(l);
    l.proxy.addToxic({ type: 'latency', latencyMs: 300, direction: 'downstream' });
    const t0 = performance.now();
    await l.mc.set('late', '1');
    await waitFor('the write on the replica', async () => (await l.rc.exists('late')) === 1);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(280);
    l.proxy.clearToxics();
    await expectConverged(l);
  });
});
