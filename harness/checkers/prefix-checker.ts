// The prefix checker: the dataset recovered after a fault must equal the model state after some
// prefix of the applied operations: no holes, nothing invented. Operations whose outcome is
// unknown (info) may or may not be in. The model is the reference server's own command engine,
// run in-process; datasets are compared by DEBUG DIGEST (the same digest redis-server computes).

import { CommandEngine } from '../../reference-server/engine.js';
import { ManualClock } from '../../reference-server/ports/clock.js';
import { datasetDigest, digestHex } from '../../reference-server/keyspace/digest.js';
import type { Op } from '../history/history.js';

export interface PrefixVerdict {
  ok: boolean;
  /**
   * The matched prefix: every op with index < `prefixLength` (skipping unapplied info ops) is in
   * the recovered state and none after it. Undefined when no prefix matches.
   */
  prefixLength: number | undefined;
  /** Info ops taken as applied in the matched prefix. */
  infoApplied: number[];
  /** Acknowledged (ok) ops missing from the recovered state: those after the prefix. */
  lostAcked: Op[];
  /** When nothing matched: the digest of every prefix, for diagnosis. */
  explanation?: string;
}

/** At most this many info ops are tried both ways (2^n branches). */
const MAX_INFO_BRANCHES = 8;

/**
 * Finds the prefix of `ops` (in order; fail ops never applied) whose model state has
 * `recoveredDigest`. `now` is the model clock (Unix ms) so expiries are evaluated as the server
 * saw them; expiring writes should use absolute times far in the future.
 */
export function checkPrefix(ops: readonly Op[], recoveredDigest: string, now = 1_700_000_000_000): PrefixVerdict {
  const candidates = ops.filter((o) => o.outcome !== 'fail');
  const infoIdx = candidates.map((o, i) => (o.outcome === 'info' ? i : -1)).filter((i) => i >= 0);
  if (infoIdx.length > MAX_INFO_BRANCHES) {
    throw new Error(`prefix checker: ${infoIdx.length} ops of unknown outcome; at most ${MAX_INFO_BRANCHES} are supported`);
  }
  const seen: string[] = [];
  // Try each subset of info ops (none first: the common case), replaying from scratch.
  for (let mask = 0; mask < 1 << infoIdx.length; mask++) {
    const skip = new Set(infoIdx.filter((_, b) => !(mask & (1 << b))));
    const engine = new CommandEngine({ clock: new ManualClock(now), seed: 1 });
    engine.keyspace.expiryPaused = true;
    const client = engine.createClient();
    const applied: number[] = [];
    const digests = [digestHex(datasetDigest(engine.keyspace.dbs))];
    // The longest matching prefix: ops that leave the state unchanged do not count as lost.
    let match: { k: number; infoApplied: number[] } | undefined = digests[0] === recoveredDigest ? { k: 0, infoApplied: [] } : undefined;
    for (let i = 0; i < candidates.length; i++) {
      if (skip.has(i)) {
        digests.push(digests[digests.length - 1]!);
        continue;
      }
      engine.execute(client, candidates[i]!.args);
      if (candidates[i]!.outcome === 'info') applied.push(candidates[i]!.index);
      const d = digestHex(datasetDigest(engine.keyspace.dbs));
      digests.push(d);
      if (d === recoveredDigest) match = { k: i + 1, infoApplied: [...applied] };
    }
    if (match) return verdict(candidates, match.k, match.infoApplied, ops);
    if (mask === 0) seen.push(...digests);
  }
  return {
    ok: false,
    prefixLength: undefined,
    infoApplied: [],
    lostAcked: [],
    explanation: `recovered digest ${recoveredDigest} matches no prefix of ${candidates.length} applied ops (prefix digests: ${seen.slice(0, 12).join(', ')}${seen.length > 12 ? ', ...' : ''})`,
  };
}

function verdict(candidates: readonly Op[], k: number, infoApplied: number[], all: readonly Op[]): PrefixVerdict {
  const boundary = k < candidates.length ? candidates[k]!.index : Infinity;
  const lostAcked = all.filter((o) => o.outcome === 'ok' && o.index >= boundary);
  return { ok: true, prefixLength: k, infoApplied, lostAcked };
}
