// Replication behaviours checked side by side on the reference server and redis-server 7.0:
// expiries (the master's DELs; a replica answers by logical expiry and never deletes on its own),
// psync2 after a promotion, a restarted master serving a partial resync from its RDB's aux fields,
// repl-backlog-ttl, repl-timeout on both ends, replica-serve-stale-data, masterauth/masteruser,
// the field names of INFO replication, and redis-cli's --rdb and --replica as replicas.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { freePort, redisServerTarget, referenceTarget, type Directives, type ProcessTarget } from '../harness/index.js';
import { decodeRdb, entriesOf } from '../reference-server/persistence/rdb/rdb-decoder.js';
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

async function replicaof(replica: ProcessTarget, master: ProcessTarget): Promise<void> {
  expect(await replica.client().call('REPLICAOF', '127.0.0.1', String(master.address.port))).toBe('OK');
}

async function expectConverged(master: Redis, replica: Redis): Promise<void> {
  const c = await converge(master, replica);
  expect(c.replicaDigest).toBe(c.masterDigest);
  expect(c.replicaOffset).toBe(c.masterOffset);
}

const linkStatus = async (c: Redis) => (await info(c, 'replication')).master_link_status;

describe('expiries', () => {
  for (const [masterKind, replicaKind] of [['ref', 'ref'], ['redis', 'ref'], ['ref', 'redis']] as const) {
    it(`the replica hides an expired key but keeps it until the master's DEL (${masterKind} master, ${replicaKind} replica)`, async () => {
      const master = await start(masterKind);
      const replica = await start(replicaKind);
      const mc = master.client();
      const rc = replica.client();
      // The master expires only on access from here on.
      expect(await mc.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0')).toBe('OK');
      await replicaof(replica, master);
      await mc.set('k', 'v', 'PX', 300);
      await mc.rpush('l', 'a');
      await mc.pexpire('l', 300);
      await expectConverged(mc, rc);
      expect(await rc.get('k')).toBe('v');
      await sleep(400);
      // Logically expired on the replica: reads miss, but the key is still there.
      expect(await rc.get('k')).toBeNull();
      expect(await rc.exists('k', 'l')).toBe(0);
      expect(await rc.pttl('k')).toBe(-2);
      expect(await rc.lrange('l', 0, -1)).toEqual([]);
      expect(await rc.dbsize()).toBe(2);
      await sleep(1100); // a replica's own active expiry (if it had one) would have run by now
      expect(await rc.dbsize()).toBe(2);
      // The master deletes on access and sends DELs.
      expect(await mc.get('k')).toBeNull();
      await expectConverged(mc, rc);
      expect(await rc.dbsize()).toBe(1);
      expect(await mc.exists('l')).toBe(0);
      await expectConverged(mc, rc);
      expect(await rc.dbsize()).toBe(0);
      expect(Number((await info(mc, 'stats')).expired_keys)).toBe(2);
      expect(Number((await info(rc, 'stats')).expired_keys)).toBe(0);
    });
  }
});

describe('psync2 after a promotion', () => {
  for (const [oldKind, promotedKind, otherKind] of [['redis', 'ref', 'redis'], ['ref', 'redis', 'ref'], ['ref', 'ref', 'ref']] as const) {
    it(`a promoted replica serves partial resyncs of the old history to its sibling and to the old master (${oldKind} master, ${promotedKind} promoted, ${otherKind} sibling)`, async () => {
      const old = await start(oldKind, { 'repl-backlog-size': '64mb' });
      const promoted = await start(promotedKind);
      const sibling = await start(otherKind);
      const oc = old.client();
      const load = startWriteLoad(() => old.client(), 7);
      await replicaof(promoted, old);
      await replicaof(sibling, old);
      await sleep(300);
      await load.stop();
      await settleShortTtls(oc);
      await expectConverged(oc, promoted.client());
      await expectConverged(oc, sibling.client());
      const pc = promoted.client();
      const oldId = (await info(oc, 'replication')).master_replid;
      expect(await pc.call('REPLICAOF', 'NO', 'ONE')).toBe('OK');
      const p = await info(pc, 'replication');
      expect(p.master_replid2).toBe(oldId);
      expect(p.role).toBe('master');
      await pc.set('after-promotion', '1');
      await replicaof(sibling, promoted);
      await replicaof(old, promoted);
      await expectConverged(pc, sibling.client());
      await expectConverged(pc, old.client());
      expect(await old.client().get('after-promotion')).toBe('1');
      // Both continued: no full resync on the promoted replica.
      expect(await syncStats(pc)).toMatchObject({ full: 0, partialOk: 2 });
      expect((await info(sibling.client(), 'replication')).master_replid).toBe(p.master_replid);
    });
  }
});

describe('a restarted master', () => {
  for (const [masterKind, replicaKind] of [['ref', 'redis'], ['ref', 'ref'], ['redis', 'ref']] as const) {
    it(`serves a partial resync from the replication id and offset in its RDB (${masterKind} master, ${replicaKind} replica)`, async () => {
      const master = await start(masterKind, { 'repl-backlog-size': '16mb' });
      const replica = await start(replicaKind);
      const mc = master.client();
      const load = startWriteLoad(() => master.client(), 8);
      await replicaof(replica, master);
      await sleep(300);
      await load.stop();
      await settleShortTtls(mc);
      await expectConverged(mc, replica.client());
      // A key that expires while the master is down: it is not loaded, and its DEL goes to the
      // backlog ahead of everything else, so the replica drops it too.
      await mc.set('exp:down', 'x', 'PX', 400);
      await expectConverged(mc, replica.client());
      const before = await info(mc, 'replication');
      expect(await mc.call('SAVE')).toBe('OK');
      await master.crash('process');
      await sleep(500);
      await master.restart();
      const mc2 = master.client();
      const after = await info(mc2, 'replication');
      expect(after.master_replid2).toBe(before.master_replid);
      expect(after.second_repl_offset).toBe(String(Number(before.master_repl_offset) + 1));
      const dels = '*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*2\r\n$3\r\nDEL\r\n$8\r\nexp:down\r\n';
      expect(Number(after.master_repl_offset)).toBe(Number(before.master_repl_offset) + dels.length);
      await mc2.set('after-restart', '1');
      await expectConverged(mc2, replica.client());
      expect(await syncStats(mc2)).toEqual({ full: 0, partialOk: 1, partialErr: 0 });
      expect(await replica.client().get('after-restart')).toBe('1');
      expect(await replica.client().dbsize()).toBe(await mc2.dbsize());
    });
  }
});

describe('repl-backlog-ttl', () => {
  for (const kind of ['ref', 'redis'] as const) {
    it(`a master alone longer than the ttl frees its backlog and starts a new history (${kind} master)`, async () => {
      const master = await start(kind, { 'repl-backlog-ttl': '1' });
      const replica = await start('ref');
      const mc = master.client();
      await mc.set('a', '1');
      await replicaof(replica, master);
      await expectConverged(mc, replica.client());
      const before = await info(mc, 'replication');
      expect(before.repl_backlog_active).toBe('1');
      expect(await replica.client().call('REPLICAOF', 'NO', 'ONE')).toBe('OK');
      await waitFor('the backlog to be freed', async () => (await info(mc, 'replication')).repl_backlog_active === '0', 6000);
      const after = await info(mc, 'replication');
      expect(after.master_replid).not.toBe(before.master_replid);
      expect(after.master_replid2).toBe('0000000000000000000000000000000000000000');
      expect(after.second_repl_offset).toBe('-1');
      // The old replica cannot continue: a full resync.
      await replicaof(replica, master);
      await expectConverged(mc, replica.client());
      expect((await syncStats(mc)).full).toBe(2);
    });
  }
});

describe('repl-timeout', () => {
  it('a master drops a frozen replica, and a replica drops a frozen master, then both recover', async () => {
    const fast: Directives = { 'repl-timeout': '2', 'repl-ping-replica-period': '1' };
    // Each pairing in both directions: the reference server times out, redis-server is frozen,
    // and the other way round.
    const refMaster = await start('ref', fast);
    const redisReplica = await start('redis', fast);
    const redisMaster = await start('redis', fast);
    const refReplica = await start('ref', fast);
    const refMaster2 = await start('ref', fast);
    const refReplica2 = await start('ref', fast);
    await replicaof(redisReplica, refMaster);
    await replicaof(refReplica, redisMaster);
    await replicaof(refReplica2, refMaster2);
    for (const [m, r] of [[refMaster, redisReplica], [redisMaster, refReplica], [refMaster2, refReplica2]] as const) {
      await expectConverged(m.client(), r.client());
    }
    await redisReplica.pause();
    await redisMaster.pause();
    await refReplica2.pause();
    await Promise.all([
      waitFor('the reference master to drop its frozen replica', async () => (await info(refMaster.client(), 'replication')).connected_slaves === '0', 8000),
      waitFor('the reference replica to drop its frozen master', async () => (await linkStatus(refReplica.client())) === 'down', 8000),
      waitFor('the reference master to drop its frozen reference replica', async () => (await info(refMaster2.client(), 'replication')).connected_slaves === '0', 8000),
    ]);
    expect(refReplica.logs().join('')).toMatch(/MASTER timeout/);
    await redisReplica.resume();
    await redisMaster.resume();
    await refReplica2.resume();
    for (const [m, r] of [[refMaster, redisReplica], [redisMaster, refReplica], [refMaster2, refReplica2]] as const) {
      await m.client().set('after', '1');
      await expectConverged(m.client(), r.client());
    }
  });
});

describe('replica-serve-stale-data no', () => {
  it('refuses data commands with -MASTERDOWN while the link is down, exactly as redis-server does', async () => {
    const nowhere = await freePort();
    // Set after start: the harness's readiness PING would get -MASTERDOWN too.
    const ref = await start('ref');
    const redis = await start('redis');
    for (const t of [ref, redis]) {
      await t.client().call('CONFIG', 'SET', 'replica-serve-stale-data', 'no');
      await t.client().call('REPLICAOF', '127.0.0.1', String(nowhere));
    }
    const argvs = [['GET', 'k'], ['SET', 'k', 'v'], ['DBSIZE'], ['KEYS', '*'], ['PING'], ['ECHO', 'x'], ['TYPE', 'k'], ['CONFIG', 'GET', 'replica-serve-stale-data'], ['MULTI'], ['GET', 'k'], ['EXEC']];
    const a = await (await ref.rawClient()).pipeline(argvs);
    const b = await (await redis.rawClient()).pipeline(argvs);
    for (let i = 0; i < argvs.length; i++) {
      const argv = argvs[i]!.join(' ');
      expect({ argv, reply: a[i]!.raw.toString('latin1') }).toEqual({ argv, reply: b[i]!.raw.toString('latin1') });
    }
    expect(a[0]!.raw.toString('latin1')).toBe("-MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.\r\n");
  });
});

describe('masterauth and masteruser', () => {
  it('a reference replica authenticates to a redis-server master, by password and by ACL user', async () => {
    // requirepass set after start (the harness's readiness probe does not authenticate), and
    // cleared at the end so the harness can SHUTDOWN it.
    const master = await start('redis');
    const admin = master.client();
    expect(await admin.call('CONFIG', 'SET', 'requirepass', 'sekret')).toBe('OK');
    expect(await admin.call('AUTH', 'sekret')).toBe('OK');
    expect(await admin.call('ACL', 'SETUSER', 'repl', 'on', '>replpass', '+psync', '+replconf', '+ping')).toBe('OK');
    await admin.set('k', 'v');
    const byPassword = await start('ref', { masterauth: 'sekret' });
    const byUser = await start('ref', { masteruser: 'repl', masterauth: 'replpass' });
    const wrong = await start('ref', { masterauth: 'nope' });
    for (const r of [byPassword, byUser, wrong]) await replicaof(r, master);
    for (const r of [byPassword, byUser]) {
      await waitFor('link up', async () => (await linkStatus(r.client())) === 'up');
      expect(await r.client().get('k')).toBe('v');
    }
    await sleep(1200);
    expect(await linkStatus(wrong.client())).toBe('down');
    expect(wrong.logs().join('')).toMatch(/Unable to AUTH to MASTER/);
    expect(await admin.call('CONFIG', 'SET', 'requirepass', '')).toBe('OK');
  });
});

describe('INFO replication', () => {
  it('has the field names of redis-server on a master with a replica and on a replica', async () => {
    const redisMaster = await start('redis');
    const refReplica = await start('ref');
    const refMaster = await start('ref');
    const redisReplica = await start('redis');
    await replicaof(refReplica, redisMaster);
    await replicaof(redisReplica, refMaster);
    await expectConverged(redisMaster.client(), refReplica.client());
    await expectConverged(refMaster.client(), redisReplica.client());
    const names = async (t: ProcessTarget) => Object.keys(await info(t.client(), 'replication'));
    expect(await names(refMaster)).toEqual(await names(redisMaster));
    expect(await names(refReplica)).toEqual(await names(redisReplica));
    const slave0 = (await info(refMaster.client(), 'replication')).slave0!;
    expect(slave0).toMatch(new RegExp(`^ip=127\\.0\\.0\\.1,port=${redisReplica.address.port},state=online,offset=\\d+,lag=\\d+$`));
    const stats = Object.keys(await info(refMaster.client(), 'stats'));
    expect(stats).toEqual(expect.arrayContaining(['sync_full', 'sync_partial_ok', 'sync_partial_err']));
  });

  it('names and values the fields of a master turned replica whose master cannot be reached as redis-server does', async () => {
    const nowhere = await freePort();
    const [ref, redis] = [await start('ref'), await start('redis')];
    for (const t of [ref, redis]) await t.client().call('REPLICAOF', '127.0.0.1', String(nowhere));
    await sleep(1200);
    const stable = /^(role|master_link_status|master_last_io_seconds_ago|master_sync_in_progress|slave_read_repl_offset|slave_repl_offset|master_link_down_since_seconds|connected_slaves|master_repl_offset|second_repl_offset|repl_backlog_active)$/;
    const shape = async (t: ProcessTarget) => Object.entries(await info(t.client(), 'replication')).map(([k, v]) => (stable.test(k) ? `${k}=${v}` : k));
    expect(await shape(ref)).toEqual(await shape(redis));
    expect(await ref.client().call('ROLE')).toEqual(await redis.client().call('ROLE'));
  });
});

describe('redis-cli --rdb and --replica', () => {
  it('get the same RDB keys and the same propagated stream from a reference master as from redis-server', async () => {
    const streams: Record<string, string[]> = {};
    for (const kind of ['ref', 'redis'] as const) {
      const master = await start(kind);
      const mc = master.client();
      await mc.call('DEBUG', 'POPULATE', '100');
      // --rdb: REPLCONF rdb-only 1, the RDB, then the master closes the link.
      const rdbPath = join(master.dir, 'cli-copy.rdb');
      await execa('redis-cli', ['-p', String(master.address.port), '--rdb', rdbPath], { timeout: 20_000 });
      const copy = decodeRdb(readFileSync(rdbPath));
      expect([...copy.dbs.values()].reduce((n, d) => n + d.dict.size, 0)).toBe(100);
      expect((await info(mc, 'replication')).connected_slaves).toBe('0');
      // --replica: REPLCONF rdb-filter-only "" (an RDB without data), then the stream as CSV.
      const cli = execa('redis-cli', ['-p', String(master.address.port), '--replica'], { timeout: 20_000, reject: false, buffer: true });
      let out = '';
      cli.stdout?.on('data', (b: Buffer) => (out += b.toString('latin1')));
      await waitFor('redis-cli to be online', async () => (await info(mc, 'replication')).slave0?.includes('state=online') ?? false);
      await sleep(1200); // redis-cli sends its first ACK a second after the RDB
      await mc.set('a', '1', 'EX', 100);
      await mc.expire('key:1', 100);
      await mc.incrbyfloat('f', '1.5');
      await mc.sadd('s', 'x');
      await mc.spop('s');
      await mc.select(3);
      await mc.lpush('l', 'v');
      await waitFor('the stream to reach redis-cli', async () => out.includes('"lpush"') || out.includes('"LPUSH"'), 10_000);
      cli.kill('SIGTERM');
      await cli;
      // Absolute times differ between runs; PINGs depend on timing.
      streams[kind] = out.split('\n').filter((l) => l !== '' && !/^"ping"$/i.test(l)).map((l) => l.replace(/"\d{13}"/g, '"<unix-ms>"'));
    }
    expect(streams.ref).toEqual(streams.redis);
    expect(streams.ref!.length).toBeGreaterThan(5);
  });
});
