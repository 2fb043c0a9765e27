// The replica-read-only row: every write sent to a replica got a -READONLY error and the
// replica's dataset did not change (DEBUG DIGEST before and after, diff from dumps on mismatch).

import type { Op } from '../history/history.js';
import { describeDiff, diffDatasets, type KeyDump } from './dataset-diff.js';
import type { Verdict } from './verdict.js';

export const READ_ONLY_GUARANTEE = 'replica-read-only yes: a write to a replica gets -READONLY and changes nothing';

/** `writes` are the write ops sent to the replica; `before`/`after` its digest (and dump) around them. */
export function checkReadOnly(writes: readonly Op[], before: { digest: string; dump?: KeyDump }, after: { digest: string; dump?: KeyDump }): Verdict {
  const wrong = writes.filter((o) => !(o.outcome === 'fail' && /^READONLY /.test(o.reply ?? '')));
  const problems: string[] = [];
  if (wrong.length) problems.push(`${wrong.length} write(s) not refused with READONLY, first op ${wrong[0]!.index} ${wrong[0]!.args.join(' ')} -> ${wrong[0]!.outcome} ${wrong[0]!.reply ?? ''}`);
  if (before.digest !== after.digest) {
    problems.push(`the replica's dataset changed (digest ${before.digest} -> ${after.digest}${before.dump && after.dump ? `: ${describeDiff(diffDatasets(before.dump, after.dump))}` : ''})`);
  }
  return {
    guarantee: READ_ONLY_GUARANTEE,
    ok: problems.length === 0,
    explanation: problems.length === 0 ? `${writes.length} write(s) refused with READONLY; dataset unchanged (${after.digest})` : problems.join('; '),
  };
}
