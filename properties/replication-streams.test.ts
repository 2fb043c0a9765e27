// Streams over replication, both ways with redis-server: a replica attached to a master holding
// streams and groups (full sync through the RDB), then fed group reads, claims, trims and XADD *
// through the command stream, ends with the master's DEBUG DIGEST and the same groups and PELs.

import { afterEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { redisServerTarget, referenceTarget, type ProcessTarget } from '../harness/index.js';
import { converge, info, waitFor } from './replication/observe.js';
import { streamDatasetCommands, STREAM_DATASET_KEYS } from '../reference-server/testing/stream-dataset.js';

const started: ProcessTarget[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((t) => t.stop()));
});

async function start(kind: 'ref' | 'redis'): Promise<ProcessTarget> {
  const t = kind === 'ref' ? referenceTarget({ name: 'ref-streams' }) : redisServerTarget({ name: 'redis-streams' });
  started.push(t);
  await t.start({ 'repl-diskless-sync-delay': '0', 'stream-node-max-entries': '40' });
  return t;
}

const send = (c: Redis, argv: string[]) => c.callBuffer(argv[0]!, ...argv.slice(1).map((a) => Buffer.from(a, 'latin1')));

/** XINFO STREAM FULL of each key, seen-times masked (a replica creates consumers when it applies them). */
async function groups(c: Redis, keys: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const k of keys) {
    const r = await c.callBuffer('XINFO', 'STREAM', k, 'FULL', 'COUNT', '0');
    out.push(JSON.stringify(r, (_key, v) => (v && v.type === 'Buffer' ? Buffer.from(v.data).toString('latin1') : v)).replace(/"seen-time",\d+/g, '"seen-time",0'));
  }
  return out;
}

const LIVE: string[][] = [
  ['XADD', 'st:live', '*', 'a', '1'],
  ['XADD', 'st:live', 'MAXLEN', '~', '1', '*', 'b', '2'],
  ['XGROUP', 'CREATE', 'st:live', 'g', '0'],
  ['XREADGROUP', 'GROUP', 'g', 'c1', 'COUNT', '1', 'STREAMS', 'st:live', '>'],
  ['XREADGROUP', 'GROUP', 'g', 'c2', 'NOACK', 'STREAMS', 'st:live', '>'],
  ['XREADGROUP', 'GROUP', 'g1', 'late', 'STREAMS', 'st:groups', '>'],
  ['XAUTOCLAIM', 'st:groups', 'g1', 'zed', '0', '0', 'COUNT', '5'],
  ['XTRIM', 'st:big', 'MAXLEN', '~', '60'],
  ['XDEL', 'st:big', '200-0', '201-1'],
  ['XSETID', 'st:empty', '120-0'],
  ['XGROUP', 'DESTROY', 'st:mk', 'grp'],
];

describe('streams over replication', () => {
  for (const masterKind of ['ref', 'redis'] as const) {
    it(`${masterKind} master -> a reference and a redis-server replica: full sync, then the command stream`, async () => {
      const master = await start(masterKind);
      const replicas = await Promise.all([start('ref'), start('redis')]);
      const mc = master.client();
      for (const cmd of streamDatasetCommands()) await send(mc, cmd);
      for (const r of replicas) {
        expect(await r.client().call('REPLICAOF', '127.0.0.1', String(master.address.port))).toBe('OK');
        await waitFor('link up', async () => (await info(r.client(), 'replication')).master_link_status === 'up');
      }
      for (const cmd of LIVE) await send(mc, cmd);
      for (const r of replicas) {
        const c = await converge(mc, r.client());
        expect(c.masterDigest).not.toBe('0000000000000000000000000000000000000000');
        expect(c.replicaDigest).toBe(c.masterDigest);
        expect(c.replicaOffset).toBe(c.masterOffset);
      }
      // Redis does not propagate entries-read with XCLAIM ... LASTID, so a replica's counters may
      // trail the master's: the reference replica must hold exactly what redis-server's holds.
      const keys = [...STREAM_DATASET_KEYS.filter((k) => k !== 'st:mk'), 'st:live'];
      expect(await groups(replicas[0]!.client(), keys)).toEqual(await groups(replicas[1]!.client(), keys));
    }, 60_000);
  }
});
