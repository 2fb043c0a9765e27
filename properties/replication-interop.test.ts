// Replication interop with real redis-server both ways: reference -> reference, reference ->
// redis-server, redis-server -> reference, and a chain redis -> reference -> redis, each under a
// concurrent write load; after the load the replica's DEBUG DIGEST and offsets equal the master's.
// Also: link drop (CLIENT KILL TYPE MASTER) resumes with a partial resync; replica-read-only.

import { afterEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { redisServerTarget, referenceTarget, type Directives, type ProcessTarget } from '../harness/index.js';
import { COMMAND_TABLE } from '../reference-server/commands/table.js';

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
  const text = await c.info(section);
  const out: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, cond: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await cond()) return;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The write commands of the load that the reference server implements today. */
const has = (name: string) => COMMAND_TABLE.has(name);

/** A concurrent write load of every type available, over several dbs, until `stop()`. */
function writeLoad(c: Redis, seed: number): { stop(): Promise<number> } {
  let running = true;
  let n = 0;
  const loop = async (worker: number) => {
    while (running) {
      const p = c.pipeline();
      for (let i = 0; i < 20; i++) {
        const k = (seed * 7 + worker * 13 + n) % 50;
        n++;
        p.select(k % 3);
        p.set(`s:${k}`, `v${n}`);
        p.incr(`c:${k % 7}`);
        p.rpush(`l:${k % 5}`, `e${n}`);
        if (n % 3 === 0) p.lpop(`l:${k % 5}`);
        if (n % 11 === 0) p.set(`t:${k}`, 'x', 'PX', 600_000);
        if (n % 13 === 0) p.del(`s:${(k + 1) % 50}`);
        if (has('hset')) p.hset(`h:${k % 4}`, `f${k}`, `${n}`);
        if (has('sadd')) p.sadd(`S:${k % 4}`, `m${k}`);
        if (has('zadd')) p.zadd(`z:${k % 4}`, n % 97, `m${k}`);
        if (n % 17 === 0) p.multi().incr('tx').set('txv', `${n}`).exec();
      }
      await p.exec();
    }
  };
  const workers = [loop(0), loop(1), loop(2)];
  return {
    async stop() {
      running = false;
      await Promise.all(workers);
      return n;
    },
  };
}

/** Waits until `replica` applied everything `master` produced, then checks digest and offsets. */
async function expectConverged(master: Redis, replica: Redis): Promise<void> {
  let last = '';
  await waitFor('replica offset to reach the master', async () => {
    const m = await info(master, 'replication');
    const r = await info(replica, 'replication');
    last = `master ${m.master_repl_offset}, replica ${r.slave_repl_offset} (link ${r.master_link_status})`;
    return r.master_link_status === 'up' && m.master_repl_offset === r.slave_repl_offset;
  }).catch((e: Error) => {
    throw new Error(`${e.message}: ${last}`);
  });
  const [md, rd] = [await master.call('DEBUG', 'DIGEST'), await replica.call('DEBUG', 'DIGEST')];
  expect(rd).toBe(md);
  expect(md).not.toBe('0000000000000000000000000000000000000000');
  const m = await info(master, 'replication');
  const r = await info(replica, 'replication');
  expect(r.slave_repl_offset).toBe(m.master_repl_offset);
  expect(r.master_repl_offset).toBe(m.master_repl_offset);
  expect(r.master_replid).toBe(m.master_replid);
}

async function attach(replica: ProcessTarget, master: ProcessTarget): Promise<void> {
  expect(await replica.client().call('REPLICAOF', '127.0.0.1', String(master.address.port))).toBe('OK');
}

/** Loads, attaches during the load, loads more, stops, and checks convergence; then a link drop. */
async function scenario(masterKind: 'ref' | 'redis', replicaKind: 'ref' | 'redis', masterDirectives: Directives = {}): Promise<void> {
  // The backlog must hold the writes of the reconnect delay (up to a second of load), else the
  // master rightly answers with a full resync.
  const master = await start(masterKind, { 'repl-backlog-size': '64mb', ...masterDirectives });
  const replica = await start(replicaKind);
  const mc = master.client();
  const rc = replica.client();
  const load = writeLoad(mc, 1);
  await sleep(200);
  await attach(replica, master);
  await waitFor('link up', async () => (await info(rc, 'replication')).master_link_status === 'up');
  await sleep(300);
  await load.stop();
  await expectConverged(mc, rc);

  // Link drop mid-stream: the replica resumes with +CONTINUE.
  const before = await info(mc, 'stats');
  const load2 = writeLoad(mc, 2);
  await sleep(100);
  expect(Number(await rc.call('CLIENT', 'KILL', 'TYPE', 'MASTER'))).toBe(1);
  await sleep(200);
  await load2.stop();
  await expectConverged(mc, rc);
  const after = await info(mc, 'stats');
  if (Number(after.sync_partial_ok) !== Number(before.sync_partial_ok) + 1) console.log(replica.logs().join('\n'), master.logs().join('\n'), before, after);
  expect(Number(after.sync_partial_ok)).toBe(Number(before.sync_partial_ok) + 1);
  expect(after.sync_full).toBe(before.sync_full);

  // The replica refuses writes and keeps its dataset.
  const digest = await rc.call('DEBUG', 'DIGEST');
  await expect(rc.set('ro', '1')).rejects.toThrow("READONLY You can't write against a read only replica.");
  await expect(rc.incr('c:1')).rejects.toThrow('READONLY');
  expect(await rc.call('DEBUG', 'DIGEST')).toBe(digest);
}

describe('replication interop', () => {
  it('reference master -> reference replica (diskless)', async () => {
    await scenario('ref', 'ref');
  });

  it('reference master -> reference replica (disk-based RDB)', async () => {
    await scenario('ref', 'ref', { 'repl-diskless-sync': 'no' });
  });

  it('reference master -> redis-server replica (diskless and disk-based)', async () => {
    await scenario('ref', 'redis');
    await Promise.all(started.splice(0).map((t) => t.stop()));
    await scenario('ref', 'redis', { 'repl-diskless-sync': 'no' });
  });

  it('redis-server master -> reference replica (diskless and disk-based)', async () => {
    await scenario('redis', 'ref');
    await Promise.all(started.splice(0).map((t) => t.stop()));
    await scenario('redis', 'ref', { 'repl-diskless-sync': 'no' });
  });

  it('chain redis -> reference -> redis converges', async () => {
    const top = await start('redis');
    const mid = await start('ref');
    const leaf = await start('redis');
    const tc = top.client();
    const load = writeLoad(tc, 3);
    await attach(mid, top);
    await attach(leaf, mid);
    await sleep(500);
    await load.stop();
    await expectConverged(tc, mid.client());
    await expectConverged(mid.client(), leaf.client()).catch((e: Error) => {
      throw new Error(`${e.message}\n${mid.logs().join('')}\n${leaf.logs().join('')}`);
    });
    expect(await leaf.client().call('DEBUG', 'DIGEST')).toBe(await tc.call('DEBUG', 'DIGEST'));
  });

  it('ROLE and WAIT on a reference master with a reference replica', async () => {
    const master = await start('ref');
    const replica = await start('ref');
    const mc = master.client();
    await attach(replica, master);
    await waitFor('link up', async () => (await info(replica.client(), 'replication')).master_link_status === 'up');
    await mc.set('k', 'v');
    expect(await mc.call('WAIT', '1', '5000')).toBe(1);
    const role = (await mc.call('ROLE')) as [string, number, string[][]];
    expect(role[0]).toBe('master');
    expect(role[2]).toHaveLength(1);
    expect(role[2]![0]![1]).toBe(String(replica.address.port));
    const rrole = (await replica.client().call('ROLE')) as unknown[];
    expect(rrole.slice(0, 4)).toEqual(['slave', '127.0.0.1', master.address.port, 'connected']);
    await expect(replica.client().call('WAIT', '1', '0')).rejects.toThrow('ERR WAIT cannot be used with replica instances.');
    expect(await replica.client().call('REPLICAOF', '127.0.0.1', String(master.address.port))).toBe('OK Already connected to specified master');
    // REPLICAOF NO ONE: a new history; the old id stays valid up to the switch (psync2).
    const before = await info(replica.client(), 'replication');
    expect(await replica.client().call('REPLICAOF', 'NO', 'ONE')).toBe('OK');
    const after = await info(replica.client(), 'replication');
    expect(after.role).toBe('master');
    expect(after.master_replid2).toBe(before.master_replid);
    expect(Number(after.second_repl_offset)).toBe(Number(before.master_repl_offset) + 1);
    expect(await replica.client().set('w', '1')).toBe('OK');
  });

  it('min-replicas-to-write refuses writes with NOREPLICAS without enough good replicas', async () => {
    const master = await start('ref', { 'min-replicas-to-write': '1', 'min-replicas-max-lag': '10' });
    await expect(master.client().set('k', 'v')).rejects.toThrow('NOREPLICAS Not enough good replicas to write.');
    const replica = await start('ref');
    await attach(replica, master);
    await waitFor('a good replica', async () => (await info(master.client(), 'replication')).min_slaves_good_slaves === '1');
    expect(await master.client().set('k', 'v')).toBe('OK');
  });
});
