// The prefix checker: the dataset recovered after a fault must equal the model state after some
// prefix of the applied operations: no holes, nothing invented. Operations whose outcome is
// unknown (info) may or may not be in. The model is the reference server's own command engine,
// run in-process; datasets are compared by DEBUG DIGEST (the same digest redis-server computes).

import { CommandEngine } from '../../reference-server/engine.js';
import { ManualClock } from '../../reference-server/ports/clock.js';
import { datasetDigest, digestHex } from '../../reference-server/keyspace/digest.js';
import type { Op } from '../history/history.js';
import { ackedWrites } from './write-commands.js';
import type { Verdict } from './verdict.js';
import { describeDiff, diffDatasets, diffSize, dumpDatabases, type DatasetDiff, type KeyDump } from './dataset-diff.js';

/** The contract's first row, in its words. */
export const PREFIX_GUARANTEE = 'any setting, any fault: the recovered dataset is a prefix (no holes, no invented writes)';

export interface PrefixVerdict extends Verdict {
  ok: boolean;
  /**
   * The matched prefix: every op with index < `prefixLength` (skipping unapplied info ops) is in
   * the recovered state and none after it. Undefined when no prefix matches.
   */
  prefixLength: number | undefined;
  /** Info ops taken as applied in the matched prefix. */
  infoApplied: number[];
  /**
   * Acknowledged (ok) write ops missing from the recovered state: those after the prefix that
   * changed the model state when applied in order (a write that was a no-op loses nothing).
   */
  lostAcked: Op[];
  /**
   * Every prefix length (in the same counting as `prefixLength`) whose model state has the
   * recovered digest, for the matched choice of info ops; a state can equal several prefixes when
   * writes leave it unchanged. Empty when nothing matched.
   */
  matchingPrefixes: number[];
  /** What matched, or when nothing matched the digest of every prefix, for diagnosis. */
  explanation: string;
  /** When nothing matched and the recovered dump was given: the prefixes nearest to it, key by key. */
  nearest?: Array<{ prefixLength: number; diff: DatasetDiff }>;
}

/**
 * The prefix length (counting as PrefixVerdict does: ops before `opIndex` that are not `fail`)
 * that ends just before op `opIndex`: S(k) for k = this is the state when that op was invoked.
 */
export function prefixLengthBefore(ops: readonly Op[], opIndex: number): number {
  return ops.filter((o) => o.outcome !== 'fail' && o.index < opIndex).length;
}

/** At most this many info ops are tried both ways (2^n branches). */
const MAX_INFO_BRANCHES = 8;

/**
 * Finds the prefix of `ops` (in order; fail ops never applied) whose model state has
 * `recoveredDigest`. `now` is the model clock (Unix ms) so expiries are evaluated as the server
 * saw them; expiring writes should use absolute times far in the future.
 */
export function checkPrefix(ops: readonly Op[], recoveredDigest: string, now = 1_700_000_000_000, recoveredDump?: KeyDump): PrefixVerdict {
  const candidates = ops.filter((o) => o.outcome !== 'fail');
  const infoIdx = candidates.map((o, i) => (o.outcome === 'info' ? i : -1)).filter((i) => i >= 0);
  if (infoIdx.length > MAX_INFO_BRANCHES) {
    throw new Error(`prefix checker: ${infoIdx.length} ops of unknown outcome; at most ${MAX_INFO_BRANCHES} are supported`);
  }
  const seen: string[] = [];
  const nearest: Array<{ prefixLength: number; diff: DatasetDiff }> = [];
  const consider = (k: number, dbs: Parameters<typeof dumpDatabases>[0]) => {
    if (!recoveredDump) return;
    nearest.push({ prefixLength: k, diff: diffDatasets(dumpDatabases(dbs), recoveredDump) });
  };
  // Try each subset of info ops (none first: the common case), replaying from scratch.
  for (let mask = 0; mask < 1 << infoIdx.length; mask++) {
    const skip = new Set(infoIdx.filter((_, b) => !(mask & (1 << b))));
    const engine = new CommandEngine({ clock: new ManualClock(now), seed: 1 });
    engine.keyspace.expiryPaused = true;
    const client = engine.createClient();
    const applied: number[] = [];
    const digests = [digestHex(datasetDigest(engine.keyspace.dbs))];
    if (mask === 0) consider(0, engine.keyspace.dbs);
    // The longest matching prefix: ops that leave the state unchanged do not count as lost.
    let match: { k: number; infoApplied: number[] } | undefined = digests[0] === recoveredDigest ? { k: 0, infoApplied: [] } : undefined;
    const all: number[] = match ? [0] : [];
    for (let i = 0; i < candidates.length; i++) {
      if (skip.has(i)) {
        digests.push(digests[digests.length - 1]!);
        continue;
      }
      engine.execute(client, candidates[i]!.args);
      if (candidates[i]!.outcome === 'info') applied.push(candidates[i]!.index);
      const d = digestHex(datasetDigest(engine.keyspace.dbs));
      digests.push(d);
      if (mask === 0) consider(i + 1, engine.keyspace.dbs);
      if (d === recoveredDigest) {
        match = { k: i + 1, infoApplied: [...applied] };
        all.push(i + 1);
      }
    }
    if (match) {
      // Ops that changed the model state (a no-op write such as LPOP on an empty list loses nothing).
      const changed = new Set(candidates.filter((_, i) => digests[i + 1] !== digests[i]).map((o) => o.index));
      return verdict(candidates, match.k, match.infoApplied, ops, all, changed);
    }
    if (mask === 0) seen.push(...digests);
  }
  nearest.sort((a, b) => diffSize(a.diff) - diffSize(b.diff) || b.prefixLength - a.prefixLength);
  const best = nearest.slice(0, 3);
  return {
    guarantee: PREFIX_GUARANTEE,
    ok: false,
    ...(recoveredDump ? { nearest: best } : {}),
    prefixLength: undefined,
    infoApplied: [],
    lostAcked: [],
    matchingPrefixes: [],
    explanation: `recovered digest ${recoveredDigest} matches no prefix of ${candidates.length} applied ops (prefix digests: ${seen.slice(0, 12).join(', ')}${seen.length > 12 ? ', ...' : ''})${best.map((n) => `; nearest S(${n.prefixLength}): ${describeDiff(n.diff)}`).join('')}`,
  };
}

function verdict(candidates: readonly Op[], k: number, infoApplied: number[], all: readonly Op[], matchingPrefixes: number[], changed: ReadonlySet<number>): PrefixVerdict {
  const boundary = k < candidates.length ? candidates[k]!.index : Infinity;
  const lostAcked = ackedWrites(all.filter((o) => o.index >= boundary && changed.has(o.index)));
  const explanation = `recovered state = S(${k}) of ${candidates.length} applied ops${infoApplied.length ? ` (info ops taken as applied: ${infoApplied.join(', ')})` : ''}; ${lostAcked.length} acknowledged op(s) after it`;
  return { guarantee: PREFIX_GUARANTEE, ok: true, prefixLength: k, infoApplied, lostAcked, matchingPrefixes, explanation };
}
