// Judges one case run by the scenario's expectations: each expectation name maps to a checker of
// harness/checkers (prefix, the contract row of the mode, MISCONF discipline, AOF disk errors).
// Pure: history and final state in, verdicts out.

import { checkDurability } from '../harness/checkers/loss-bound.js';
import { fsyncStallIntervals } from '../harness/checkers/fsync-stalls.js';
import { bgsaveErrorWindows, checkAofDiskErrors, checkBgsaveErrorDiscipline } from '../harness/checkers/misconf.js';
import { checkPrefix } from '../harness/checkers/prefix-checker.js';
import { checkConvergence, checkPartialResync, CONVERGENCE_GUARANTEE, PARTIAL_RESYNC_GUARANTEE } from '../harness/checkers/convergence.js';
import { checkReadOnly, READ_ONLY_GUARANTEE } from '../harness/checkers/read-only.js';
import type { Verdict } from '../harness/checkers/verdict.js';
import type { CaseRun } from './run-case.js';
import type { Expectation, Persistence } from './scenario.js';

/** The verdict on one guarantee for one case. */
export interface CaseVerdict extends Verdict {
  expectation: Expectation;
}

/** Every expectation of the scenario, judged on `run` in persistence `mode`. */
export function judgeCase(expectations: readonly Expectation[], mode: Persistence, run: CaseRun): CaseVerdict[] {
  if (run.restartError !== undefined) {
    return expectations.map((expectation) => ({
      expectation, guarantee: 'the server starts again on its own files', ok: false, explanation: `restart failed: ${run.restartError}`,
    }));
  }
  const history = run.history;
  const prefix = checkPrefix(history.ops, run.finalDigest, undefined, run.finalDump);
  const crash = run.crash;
  const faultAt = crash?.at ?? history.ops[history.ops.length - 1]?.completedAt ?? 0;
  const noFailedSave = (expectation: Expectation, guarantee: string): CaseVerdict => ({
    expectation, guarantee, ok: false, explanation: 'BGSAVE never failed: the fault did not reach the save, so nothing was checked',
  });
  return expectations.map((expectation): CaseVerdict => {
    switch (expectation) {
      case 'prefix':
        return {
          expectation, guarantee: 'any fault: the recovered dataset is a prefix of the history (no holes, nothing invented)', ok: prefix.ok,
          explanation: prefix.ok ? `matches the first ${prefix.prefixLength} applied operations` : prefix.explanation ?? 'no prefix matches',
        };
      case 'loss-bound': {
        if (!crash) return { expectation, guarantee: `${mode}: loss bound`, ok: false, explanation: 'the case has no crash to bound the loss of' };
        if (!prefix.ok) return { expectation, guarantee: `${mode}: loss bound`, ok: false, explanation: `no prefix matched, so no loss bound can hold: ${prefix.explanation}` };
        return { expectation, ...checkDurability({ mode, fault: `crash:${crash.kind}`, faultAt, history, prefix }) };
      }
      case 'no-ack-after-failed-bgsave': {
        const v = checkBgsaveErrorDiscipline(history, true);
        return bgsaveErrorWindows(history).length === 0 ? noFailedSave(expectation, v.guarantee) : { expectation, ...v };
      }
      case 'writes-continue-after-failed-bgsave': {
        const v = checkBgsaveErrorDiscipline(history, false);
        return bgsaveErrorWindows(history).length === 0 ? noFailedSave(expectation, v.guarantee) : { expectation, ...v };
      }
      case 'aof-error-discipline': {
        if (mode === 'rdb') return { expectation, guarantee: 'AOF disk errors', ok: false, explanation: "'aof-error-discipline' needs the AOF on (a mode other than rdb)" };
        const v = checkAofDiskErrors(history, prefix, faultAt, mode, `crash:${crash?.kind ?? 'process'}`, { fsyncStalls: fsyncStallIntervals(history.nemesis) });
        return { expectation, ...v };
      }
      case 'convergence': {
        const r = run.replication;
        if (!r) return { expectation, guarantee: CONVERGENCE_GUARANTEE, ok: false, explanation: 'no replica in this case' };
        return { expectation, ...checkConvergence({ master: r.master, replicas: [r.replica], offsetBound: 0, waitedMs: r.settledMs }) };
      }
      case 'partial-resync': {
        const r = run.replication;
        if (!r?.resync) return { expectation, guarantee: PARTIAL_RESYNC_GUARANTEE, ok: false, explanation: 'no interruption of the link or the master was settled: nothing was checked' };
        return { expectation, ...checkPartialResync(r.resync) };
      }
      case 'read-only': {
        const r = run.replication;
        if (!r?.replicaBefore || !r.replicaAfter || r.replicaWrites.length === 0) return { expectation, guarantee: READ_ONLY_GUARANTEE, ok: false, explanation: 'no write was sent to the replica: nothing was checked' };
        return { expectation, ...checkReadOnly(r.replicaWrites, r.replicaBefore, r.replicaAfter) };
      }
    }
  });
}
