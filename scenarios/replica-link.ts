// The replica side of a `topology: replica` scenario: a second target of the same implementation,
// replicating the master through the harness's link proxy (toxics on the stream), and what the
// replication checkers need: offsets, digests and dumps at the end, resync counters over the
// interruption, and the replica's state around writes sent to it.

import type { Redis } from 'ioredis';
import { digestOf, dumpOf, LinkProxy, type Target, type ToxicSpec } from '../harness/index.js';
import type { KeyDump } from '../harness/checkers/dataset-diff.js';
import type { NodeState, ResyncInput } from '../harness/checkers/convergence.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An INFO section as field -> value. */
export async function infoOf(client: Redis, section: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const line of String(await client.call('INFO', section)).split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

/** Replication facts of the master at one moment. */
interface MasterMark {
  replid: string;
  /** The id a restarted or promoted master still accepts PSYNC for (psync2). */
  replid2: string;
  offset: number;
  syncFull: number;
  syncPartialOk: number;
  /** Replicas the master lists as `state=online`. */
  onlineReplicas: number;
}

/** A replica attached (or to be attached) to a master through a link proxy. */
export class ReplicaLink {
  private client: Redis | undefined;
  private interruption: { master: MasterMark; replicaOffset: number; wasInSync: boolean } | undefined;
  private resync: ResyncInput | undefined;
  private toxicNames: string[] = [];

  private constructor(readonly replica: Target, readonly proxy: LinkProxy, private readonly master: Target, private readonly backlogSize: number) {}

  /** Starts the proxy in front of `master` and the replica; attaches it now unless `attachLater`. */
  static async start(master: Target, replica: Target, directives: Record<string, string>, attachLater: boolean, seed: number): Promise<ReplicaLink> {
    const proxy = await LinkProxy.start({ upstream: { host: '127.0.0.1', port: master.address.port }, name: 'replication link', seed });
    try {
      await replica.start(attachLater ? directives : { ...directives, replicaof: `127.0.0.1 ${proxy.port}` }, { diskFaults: true });
    } catch (e) {
      await replica.stop();
      await proxy.close();
      throw e;
    }
    const mc = master.client();
    const backlog = Number(((await mc.call('CONFIG', 'GET', 'repl-backlog-size')) as string[])[1]);
    mc.disconnect();
    const link = new ReplicaLink(replica, proxy, master, backlog);
    if (!attachLater) await link.waitLinkUp(20_000);
    return link;
  }

  private replicaClient(): Redis {
    if (!this.client || this.client.status === 'end' || this.client.status === 'close') this.client = this.replica.client();
    return this.client;
  }

  /** A client to the replica (for writes sent to it). */
  connection(): Redis {
    return this.replicaClient();
  }

  /** REPLICAOF the proxy (a later `settle` waits for the sync: a toxic may be holding it up). */
  async attach(): Promise<void> {
    await this.replicaClient().call('REPLICAOF', '127.0.0.1', String(this.proxy.port));
  }

  private async waitLinkUp(timeoutMs: number): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      const info = await infoOf(this.replicaClient(), 'replication').catch(() => undefined);
      if (info?.master_link_status === 'up' && info.master_sync_in_progress === '0') return true;
      await sleep(25);
    }
    return false;
  }

  private async masterMark(): Promise<MasterMark> {
    const c = this.master.client();
    try {
      const [repl, stats] = [await infoOf(c, 'replication'), await infoOf(c, 'stats')];
      const onlineReplicas = Object.entries(repl).filter(([k, v]) => /^slave\d+$/.test(k) && v.includes('state=online')).length;
      return { replid: repl.master_replid ?? '', replid2: repl.master_replid2 ?? '', offset: Number(repl.master_repl_offset), syncFull: Number(stats.sync_full), syncPartialOk: Number(stats.sync_partial_ok), onlineReplicas };
    } finally {
      c.disconnect();
    }
  }

  /** Call when the link or the master is about to be interrupted (first toxic, master crash). */
  async interruptionStarts(): Promise<void> {
    if (this.interruption) return;
    const info = await infoOf(this.replicaClient(), 'replication').catch(() => ({} as Record<string, string>));
    this.interruption = { master: await this.masterMark(), replicaOffset: Number(info.slave_repl_offset ?? -1), wasInSync: info.master_link_status === 'up' };
  }

  /** Call after the master was restarted: its counters start again from zero. */
  masterRestarted(): void {
    if (this.interruption) this.interruption.master = { ...this.interruption.master, syncFull: 0, syncPartialOk: 0 };
  }

  /** Puts a toxic on the link. */
  async addToxic(spec: ToxicSpec): Promise<string> {
    await this.interruptionStarts();
    const name = this.proxy.addToxic(spec);
    this.toxicNames.push(spec.type);
    return name;
  }

  /** Takes every toxic off; returns the types healed. */
  heal(): string[] {
    this.proxy.clearToxics();
    return this.toxicNames.splice(0);
  }

  /**
   * Waits until the link is up and the replica's offset equals the master's (at most `timeoutMs`),
   * then closes the interruption: the resync counters and the gap it left. Returns the ms waited.
   */
  async settle(timeoutMs = 10_000): Promise<number> {
    const t0 = performance.now();
    const deadline = t0 + timeoutMs;
    for (;;) {
      const [r, m] = await Promise.all([infoOf(this.replicaClient(), 'replication').catch(() => undefined), this.masterMark().catch(() => undefined)]);
      // Both sides must see the link: a replica may still report `up` for a master that just died
      // (it has not noticed yet), while the restarted master lists no replica until it reconnects.
      const synced = r?.master_link_status === 'up' && m !== undefined && m.onlineReplicas >= 1 && Number(r.slave_repl_offset) === m.offset;
      if (synced || performance.now() >= deadline) {
        if (this.interruption && m) {
          const i = this.interruption;
          this.resync = {
            gapBytes: Math.max(0, m.offset - i.replicaOffset), backlogSize: this.backlogSize,
            sameHistory: i.wasInSync && i.replicaOffset >= 0 && (m.replid === i.master.replid || m.replid2 === i.master.replid),
            fullSyncs: m.syncFull - i.master.syncFull, partialOk: m.syncPartialOk - i.master.syncPartialOk,
          };
          this.interruption = undefined;
        }
        return performance.now() - t0;
      }
      await sleep(25);
    }
  }

  /** The resync of the last settled interruption, if there was one. */
  lastResync(): ResyncInput | undefined {
    return this.resync;
  }

  /** DEBUG DIGEST and, for diffs, the key dump of the replica. */
  async replicaState(): Promise<{ digest: string; dump: KeyDump }> {
    const c = this.replicaClient();
    return { digest: await digestOf(c), dump: await dumpOf(c) };
  }

  /** The two nodes as the convergence checker reads them. */
  async nodes(masterClient: Redis): Promise<{ master: NodeState; replica: NodeState }> {
    const [mr, rr] = [await infoOf(masterClient, 'replication'), await infoOf(this.replicaClient(), 'replication')];
    const [ms, rs] = [await digestOf(masterClient), await this.replicaState()];
    const master: NodeState = { name: 'master', digest: ms, offset: Number(mr.master_repl_offset) };
    const replica: NodeState = { name: 'replica', digest: rs.digest, offset: Number(rr.slave_repl_offset) };
    if (ms !== rs.digest) {
      master.dump = await dumpOf(masterClient);
      replica.dump = rs.dump;
    }
    return { master, replica };
  }

  /** Stops the replica and the proxy. */
  async stop(): Promise<void> {
    this.client?.disconnect();
    await this.replica.stop();
    await this.proxy.close();
  }
}
