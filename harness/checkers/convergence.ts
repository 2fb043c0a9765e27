// Replication checkers: convergence (after faults heal and writes stop, each replica's dataset
// equals its master's by DEBUG DIGEST, with a key-level diff on mismatch, and offsets are equal
// within a bound) and the partial-resync expectation (a gap that fits the backlog: no full sync).

import { describeDiff, diffDatasets, type KeyDump } from './dataset-diff.js';
import type { Verdict } from './verdict.js';

/** What was read from one node once writes stopped. */
export interface NodeState {
  name: string;
  /** DEBUG DIGEST. */
  digest: string;
  /** master_repl_offset (master) or slave_repl_offset (replica). */
  offset: number;
  /** Canonical key-level dump, read when digests differ (for the diff). */
  dump?: KeyDump;
}

export interface ConvergenceInput {
  master: NodeState;
  replicas: readonly NodeState[];
  /** Allowed |master offset - replica offset| in bytes (0: equal). */
  offsetBound: number;
  /** How long the harness waited after healing before reading (for the explanation). */
  waitedMs: number;
}

export const CONVERGENCE_GUARANTEE = 'replication, link faults then heal: replica dataset = master dataset and offsets equal within a bound';

/** Checks that every replica converged on the master. */
export function checkConvergence(input: ConvergenceInput): Verdict {
  const problems: string[] = [];
  const diffs: Record<string, unknown> = {};
  for (const r of input.replicas) {
    if (r.digest !== input.master.digest) {
      const diff = input.master.dump && r.dump ? diffDatasets(input.master.dump, r.dump) : undefined;
      diffs[r.name] = diff ?? null;
      problems.push(`${r.name} digest ${r.digest} != master ${input.master.digest}${diff ? ` (${describeDiff(diff)})` : ''}`);
    }
    const gap = Math.abs(input.master.offset - r.offset);
    if (gap > input.offsetBound) problems.push(`${r.name} offset ${r.offset} is ${gap} bytes from master ${input.master.offset} (bound ${input.offsetBound})`);
  }
  return {
    guarantee: CONVERGENCE_GUARANTEE,
    ok: problems.length === 0,
    explanation: problems.length === 0 ? `${input.replicas.length} replica(s) equal the master (digest ${input.master.digest}, offset ${input.master.offset}) ${input.waitedMs.toFixed(0)} ms after healing` : `after ${input.waitedMs.toFixed(0)} ms: ${problems.join('; ')}`,
    details: { masterOffset: input.master.offset, replicaOffsets: Object.fromEntries(input.replicas.map((r) => [r.name, r.offset])), diffs },
  };
}

/** One link interruption as the harness measured it. */
export interface ResyncInput {
  /** Bytes the master produced between the link drop and the replica's reconnection. */
  gapBytes: number;
  /** repl-backlog-size. */
  backlogSize: number;
  /** Whether the master kept its replication id and backlog (no master restart in between). */
  sameHistory: boolean;
  /** sync_full and sync_partial_ok deltas on the master over the interruption. */
  fullSyncs: number;
  partialOk: number;
}

export const PARTIAL_RESYNC_GUARANTEE = 'replication: partial resync whenever the gap fits the backlog';

/** If the gap fitted the backlog and the master kept its history, the replica resumed with a partial resync. */
export function checkPartialResync(input: ResyncInput): Verdict {
  const expected = input.sameHistory && input.gapBytes <= input.backlogSize;
  const details = { ...input };
  if (!expected) {
    return { guarantee: PARTIAL_RESYNC_GUARANTEE, ok: true, explanation: `not expected (gap ${input.gapBytes} B, backlog ${input.backlogSize} B, ${input.sameHistory ? 'same' : 'new'} master history): ${input.fullSyncs} full, ${input.partialOk} partial`, details };
  }
  const ok = input.fullSyncs === 0 && input.partialOk >= 1;
  return {
    guarantee: PARTIAL_RESYNC_GUARANTEE,
    ok,
    explanation: ok ? `gap ${input.gapBytes} B fitted the ${input.backlogSize} B backlog: ${input.partialOk} partial resync(s), no full sync` : `gap ${input.gapBytes} B fitted the ${input.backlogSize} B backlog, yet ${input.fullSyncs} full sync(s) and ${input.partialOk} partial resync(s) happened`,
    details,
  };
}
