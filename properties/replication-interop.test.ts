// Replication interop with real redis-server both ways: reference -> reference, reference ->
// redis-server, redis-server -> reference, and a chain redis -> reference -> redis, each under a
// concurrent write load of every type (expiries included); after the load the replica's DEBUG
// DIGEST and offsets equal the master's. Link drops from either side resume with a partial
// resync; a gap larger than the backlog gets a full resync; replica-read-only refuses every write.

import { afterEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { redisServerTarget, referenceTarget, type Directives, type ProcessTarget } from '../harness/index.js';
import { COMMAND_TABLE } from '../reference-server/commands/table.js';
import { converge, info, sleep, syncStats, waitFor } from './replication/observe.js';
import { settleShortTtls, startWriteLoad } from './replication/write-load.js';

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

/** Converged, with equal digests, offsets and replication ids. */
async function expectConverged(master: Redis, replica: Redis): Promise<void> {
  const c = await converge(master, replica);
  expect(c.replicaDigest).toBe(c.masterDigest);
  expect(c.masterDigest).not.toBe('0000000000000000000000000000000000000000');
  expect(c.replicaOffset).toBe(c.masterOffset);
  expect(c.replicaMasterOffset).toBe(c.masterOffset);
  expect(c.replicaReplid).toBe(c.masterReplid);
}

async function attach(replica: ProcessTarget, master: ProcessTarget): Promise<void> {
  expect(await replica.client().call('REPLICAOF', '127.0.0.1', String(master.address.port))).toBe('OK');
}

async function linkUp(replica: Redis): Promise<void> {
  await waitFor('link up', async () => (await info(replica, 'replication')).master_link_status === 'up');
}

/**
 * Loads, attaches during the load, loads more, stops and checks convergence; then drops the link
 * mid-stream from the replica's side and from the master's side, each time expecting +CONTINUE.
 */
async function scenario(masterKind: Kind, replicaKind: Kind, masterDirectives: Directives = {}): Promise<void> {
  // The backlog must hold the writes of the reconnect delay (up to a second of load), else the
  // master rightly answers with a full resync.
  const master = await start(masterKind, { 'repl-backlog-size': '64mb', ...masterDirectives });
  const replica = await start(replicaKind);
  const mc = master.client();
  const rc = replica.client();
  const load = startWriteLoad(() => master.client(), 1);
  await sleep(200);
  await attach(replica, master);
  await linkUp(rc);
  await sleep(300);
  await load.stop();
  await settleShortTtls(mc);
  await expectConverged(mc, rc);

  for (const side of ['replica', 'master'] as const) {
    const before = await syncStats(mc);
    const load2 = startWriteLoad(() => master.client(), side === 'replica' ? 2 : 3);
    await sleep(150);
    if (side === 'replica') expect(Number(await rc.call('CLIENT', 'KILL', 'TYPE', 'MASTER'))).toBe(1);
    else expect(Number(await mc.call('CLIENT', 'KILL', 'TYPE', 'REPLICA'))).toBe(1);
    await sleep(200);
    await load2.stop();
    await settleShortTtls(mc);
    await expectConverged(mc, rc);
    const after = await syncStats(mc);
    expect({ side, ...after }).toEqual({ side, ...before, partialOk: before.partialOk + 1 });
  }
}

describe('replication interop under a write load of every type', () => {
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
    const load = startWriteLoad(() => top.client(), 4);
    await attach(mid, top);
    await attach(leaf, mid);
    await sleep(500);
    await load.stop();
    await settleShortTtls(tc);
    await expectConverged(tc, mid.client());
    await expectConverged(mid.client(), leaf.client()).catch((e: Error) => {
      throw new Error(`${e.message}\n${mid.logs().join('')}\n${leaf.logs().join('')}`);
    });
    expect(await leaf.client().call('DEBUG', 'DIGEST')).toBe(await tc.call('DEBUG', 'DIGEST'));
  });
});

describe('a gap larger than the backlog', () => {
  for (const [masterKind, replicaKind] of [['ref', 'ref'], ['ref', 'redis'], ['redis', 'ref']] as const) {
    it(`gets a full resync and converges (${masterKind} master, ${replicaKind} replica)`, async () => {
      const master = await start(masterKind, { 'repl-backlog-size': '16kb' });
      const replica = await start(replicaKind);
      const mc = master.client();
      const rc = replica.client();
      await mc.set('a', '1');
      await attach(replica, master);
      await expectConverged(mc, rc);
      const before = await syncStats(mc);
      // Paused, the replica cannot reconnect before the gap is written.
      await replica.pause();
      expect(Number(await mc.call('CLIENT', 'KILL', 'TYPE', 'REPLICA'))).toBe(1);
      const p = mc.pipeline();
      for (let i = 0; i < 200; i++) p.set(`g:${i}`, 'x'.repeat(1000));
      await p.exec();
      await replica.resume();
      await expectConverged(mc, rc);
      expect(await syncStats(mc)).toEqual({ full: before.full + 1, partialOk: before.partialOk, partialErr: before.partialErr + 1 });
    });
  }
});

/** An argv for `name` with the fewest arguments its arity allows (every argument "1"). */
function minimalArgv(name: string, arity: number): string[] {
  const argc = Math.abs(arity);
  return [name, ...Array.from({ length: argc - 1 }, () => '1')];
}

describe('replica-read-only', () => {
  it('refuses every write command of the table with -READONLY, as redis-server does, and changes nothing', async () => {
    const master = await start('ref');
    const refReplica = await start('ref');
    const redisReplica = await start('redis');
    const mc = master.client();
    const load = startWriteLoad(() => master.client(), 5);
    await attach(refReplica, master);
    await attach(redisReplica, master);
    await sleep(200);
    await load.stop();
    await settleShortTtls(mc);
    await expectConverged(mc, refReplica.client());
    await expectConverged(mc, redisReplica.client());
    const digest = String(await mc.call('DEBUG', 'DIGEST'));
    const writes = [...COMMAND_TABLE.values()].filter((s) => s.flags.includes('write'));
    expect(writes.length).toBeGreaterThan(60);
    const argvs = writes.map((s) => minimalArgv(s.name, s.arity));
    // Queued inside MULTI the refusal flags the transaction, and EXEC aborts it.
    argvs.push(['MULTI'], ['SET', 'k', 'v'], ['EXEC']);
    const ref = await refReplica.rawClient();
    const redis = await redisReplica.rawClient();
    const refReplies = await ref.pipeline(argvs);
    const redisReplies = await redis.pipeline(argvs);
    const readonly = "-READONLY You can't write against a read only replica.\r\n";
    for (let i = 0; i < argvs.length; i++) {
      const argv = argvs[i]!.join(' ');
      expect({ argv, reply: refReplies[i]!.raw.toString('latin1') }).toEqual({ argv, reply: redisReplies[i]!.raw.toString('latin1') });
      if (i < writes.length) expect({ argv, reply: refReplies[i]!.raw.toString('latin1') }).toEqual({ argv, reply: readonly });
    }
    expect(String(await refReplica.client().call('DEBUG', 'DIGEST'))).toBe(digest);
    expect(String(await redisReplica.client().call('DEBUG', 'DIGEST'))).toBe(digest);
    expect(Number(await refReplica.client().dbsize())).toBe(Number(await mc.dbsize()));
  });
});

describe('replication commands', () => {
  it('ROLE and WAIT on a reference master with a reference replica', async () => {
    const master = await start('ref');
    const replica = await start('ref');
    const mc = master.client();
    await attach(replica, master);
    await linkUp(replica.client());
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

  for (const [masterKind, replicaKind] of [['redis', 'ref'], ['ref', 'redis']] as const) {
    it(`WAIT counts the replica's answer to REPLCONF GETACK (${masterKind} master, ${replicaKind} replica)`, async () => {
      const master = await start(masterKind);
      const replica = await start(replicaKind);
      const mc = master.client();
      await attach(replica, master);
      await linkUp(replica.client());
      for (let i = 0; i < 3; i++) {
        await mc.incr('w');
        expect(await mc.call('WAIT', '1', '5000')).toBe(1);
        expect(await replica.client().get('w')).toBe(String(i + 1));
      }
      // Nobody else to wait for: the timeout runs out and WAIT answers the count it has.
      expect(await mc.call('WAIT', '2', '200')).toBe(1);
    });
  }

  it('min-replicas-to-write refuses writes with NOREPLICAS without enough good replicas', async () => {
    const master = await start('ref', { 'min-replicas-to-write': '1', 'min-replicas-max-lag': '10' });
    await expect(master.client().set('k', 'v')).rejects.toThrow('NOREPLICAS Not enough good replicas to write.');
    const replica = await start('ref');
    await attach(replica, master);
    await waitFor('a good replica', async () => (await info(master.client(), 'replication')).min_slaves_good_slaves === '1');
    expect(await master.client().set('k', 'v')).toBe('OK');
  });
});
