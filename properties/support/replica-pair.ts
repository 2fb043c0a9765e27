// A master and a replica of the same target kind, the replica's link through the harness's link
// proxy (toxics on the replication stream), with the INFO readings the replication checkers need.
// Both targets and the proxy are always stopped, whatever the body does.

import type { Redis } from 'ioredis';
import { digestOf, dumpOf, LinkProxy } from '../../harness/index.js';
import { TARGETS, type CaseTarget, type TargetName } from './case-target.js';
import { checkConvergence } from '../../harness/checkers/convergence.js';
import type { Verdict } from '../../harness/checkers/verdict.js';

export interface ReplicaPair {
  master: CaseTarget;
  replica: CaseTarget;
  proxy: LinkProxy;
  /** A client to each side (a new one after a crash closed the old one). */
  masterClient(): Redis;
  replicaClient(): Redis;
  /** Drops both cached clients (after a crash or restart of either side). */
  resetClients(): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** INFO `section` as a map. */
export async function infoMap(c: Redis, section: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const line of String(await c.info(section)).split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

/** Starts master, proxy and replica (replicaof the proxy), runs `body`, stops everything. */
export async function withReplicaPair<T>(name: TargetName, directives: Record<string, string>, body: (p: ReplicaPair) => Promise<T>): Promise<T> {
  const master = TARGETS[name]();
  const replica = TARGETS[name]();
  let proxy: LinkProxy | undefined;
  try {
    await master.start(directives);
    proxy = await LinkProxy.start({ upstream: { host: '127.0.0.1', port: master.port }, name: 'master link' });
    await replica.start({ ...directives, replicaof: `127.0.0.1 ${proxy.port}` });
    // One client per side, replaced when a crash closed it.
    let mc: Redis | undefined;
    let rc: Redis | undefined;
    const live = (c: Redis | undefined) => c !== undefined && c.status !== 'end' && c.status !== 'close';
    const pair: ReplicaPair = {
      master, replica, proxy,
      masterClient: () => (mc = live(mc) ? mc! : master.client()),
      replicaClient: () => (rc = live(rc) ? rc! : replica.client()),
      resetClients: () => {
        mc?.disconnect();
        rc?.disconnect();
        mc = rc = undefined;
      },
    };
    return await body(pair);
  } finally {
    await replica.stop();
    await proxy?.close();
    await master.stop();
  }
}

/** Offsets and link state of the pair. */
export async function offsets(p: ReplicaPair): Promise<{ master: number; replica: number; linkUp: boolean }> {
  const m = await infoMap(p.masterClient(), 'replication');
  const r = await infoMap(p.replicaClient(), 'replication');
  return { master: Number(m.master_repl_offset), replica: Number(r.slave_repl_offset ?? -1), linkUp: r.master_link_status === 'up' };
}

/**
 * After healing: waits (bounded) until the link is up, offsets are equal and digests match, then
 * reads both and returns the convergence verdict (with dumps for the key-level diff on mismatch).
 */
export async function convergenceVerdict(p: ReplicaPair, boundMs = 8_000): Promise<Verdict> {
  const started = performance.now();
  const m = p.masterClient();
  const r = p.replicaClient();
  for (;;) {
    const o = await offsets(p);
    if (o.linkUp && o.master === o.replica && (await digestOf(m)) === (await digestOf(r))) break;
    if (performance.now() - started > boundMs) break;
    await sleep(50);
  }
  const waitedMs = performance.now() - started;
  const o = await offsets(p);
  const md = await digestOf(m);
  const rd = await digestOf(r);
  const dumps = md === rd ? {} : { m: await dumpOf(m), r: await dumpOf(r) };
  return checkConvergence({
    master: { name: `${p.master.name} master`, digest: md, offset: o.master, ...(dumps.m ? { dump: dumps.m } : {}) },
    replicas: [{ name: `${p.replica.name} replica${o.linkUp ? '' : ' (link down)'}`, digest: rd, offset: o.replica, ...(dumps.r ? { dump: dumps.r } : {}) }],
    offsetBound: 0,
    waitedMs,
  });
}
