// What the replication properties read from a server: INFO sections as maps, bounded polling,
// and the convergence check (replica offset caught up, then equal DEBUG DIGEST and offsets).

import type { Redis } from 'ioredis';
import { digestOf } from '../../harness/index.js';

/** An INFO section as field -> value. */
export async function info(c: Redis, section: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const line of (await c.info(section)).split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Thrown when a bounded wait runs out; the message says what was awaited and the last state. */
export class WaitTimeoutError extends Error {}

/** Polls `cond` every 25 ms for at most `ms`. `describe` gives the state for the error message. */
export async function waitFor(what: string, cond: () => Promise<boolean>, ms = 20_000, describe?: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await cond()) return;
    await sleep(25);
  }
  throw new WaitTimeoutError(`timed out after ${ms} ms waiting for ${what}${describe ? `: ${describe()}` : ''}`);
}

/** The convergence facts of one master/replica pair once the stream is applied. */
export interface Convergence {
  masterDigest: string;
  replicaDigest: string;
  masterOffset: string;
  replicaOffset: string;
  replicaMasterOffset: string;
  masterReplid: string;
  replicaReplid: string;
}

/**
 * Waits until the replica's link is up and its slave_repl_offset reached the master's
 * master_repl_offset (no writes may run meanwhile), then reads digests, offsets and ids.
 */
export async function converge(master: Redis, replica: Redis, ms = 20_000): Promise<Convergence> {
  let last = '';
  await waitFor('the replica to reach the master offset', async () => {
    const m = await info(master, 'replication');
    const r = await info(replica, 'replication');
    last = `master ${m.master_repl_offset}, replica ${r.slave_repl_offset} (link ${r.master_link_status})`;
    return r.master_link_status === 'up' && m.master_repl_offset === r.slave_repl_offset;
  }, ms, () => last);
  const masterDigest = await digestOf(master);
  const replicaDigest = await digestOf(replica);
  const m = await info(master, 'replication');
  const r = await info(replica, 'replication');
  return {
    masterDigest, replicaDigest,
    masterOffset: m.master_repl_offset!, replicaOffset: r.slave_repl_offset!, replicaMasterOffset: r.master_repl_offset!,
    masterReplid: m.master_replid!, replicaReplid: r.master_replid!,
  };
}

/** The resync counters of INFO stats as numbers. */
export async function syncStats(c: Redis): Promise<{ full: number; partialOk: number; partialErr: number }> {
  const s = await info(c, 'stats');
  return { full: Number(s.sync_full), partialOk: Number(s.sync_partial_ok), partialErr: Number(s.sync_partial_err) };
}
