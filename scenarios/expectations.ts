// Judges one case run by the scenario's expectations: each expectation name maps to a checker of
// harness/checkers (prefix, loss bound) or to a rule over the history's timeline (MISCONF discipline).
// Pure: history and final digest in, verdicts out.

import { checkLossBound } from '../harness/checkers/loss-bound.js';
import { checkPrefix, type PrefixVerdict } from '../harness/checkers/prefix-checker.js';
import type { NemesisEvent, Op } from '../harness/history/history.js';
import type { CaseRun } from './run-case.js';
import type { Expectation, Persistence } from './scenario.js';

/** The verdict on one guarantee for one case. */
export interface CaseVerdict {
  expectation: Expectation;
  guarantee: string;
  ok: boolean;
  explanation?: string;
  /** Acknowledged writes lost, and the window from the earliest lost acknowledgement to the fault. */
  loss?: { ops: number; ms: number };
}

const WRITE_COMMANDS = new Set(['set', 'rpush', 'hset', 'sadd', 'zadd', 'incr']);

function isWrite(op: Op): boolean {
  return WRITE_COMMANDS.has(op.args[0]!.toLowerCase());
}

/** Times at which INFO showed the last BGSAVE failed, and succeeded. */
function bgsaveObservations(events: readonly NemesisEvent[]): { failedAt?: number; recoveredAt?: number } {
  const failed = events.find((e) => e.what.includes('rdb_last_bgsave_status:err'));
  if (!failed) return {};
  const recovered = events.find((e) => e.at > failed.at && e.what.includes('rdb_last_bgsave_status:ok'));
  return { failedAt: failed.at, recoveredAt: recovered?.at };
}

/** RDB only: the dataset must be the state at the start of the last successful BGSAVE (or empty). */
function rdbSnapshotVerdict(run: CaseRun, prefix: PrefixVerdict): CaseVerdict {
  const guarantee = 'RDB only: the recovered dataset is the state at the start of the last successful save';
  const events = run.history.nemesis;
  const crashAt = run.crash?.at ?? Infinity;
  // A BGSAVE command whose completion was observed as ok before the crash.
  let savedAt: number | undefined;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.at >= crashAt || !/^command BGSAVE\b/i.test(e.what)) continue;
    const seen = events.slice(i + 1).find((x) => x.what.startsWith('observed '));
    if (seen && seen.at < crashAt && seen.what.includes('rdb_last_bgsave_status:ok')) savedAt = e.at;
  }
  const applied = run.history.ops.filter((o) => o.outcome !== 'fail');
  const expected = savedAt === undefined ? 0 : applied.filter((o) => o.completedAt < savedAt!).length;
  const lost = run.history.ops.filter((o) => o.outcome === 'ok' && (savedAt === undefined || o.completedAt >= savedAt));
  const loss = { ops: lost.length, ms: lost.length > 0 && run.crash ? run.crash.at - lost[0]!.completedAt : 0 };
  if (!prefix.ok) return { expectation: 'loss-bound', guarantee, ok: false, explanation: prefix.explanation, loss };
  if (prefix.prefixLength !== expected) {
    return { expectation: 'loss-bound', guarantee, ok: false, loss, explanation: `recovered the state after ${prefix.prefixLength} writes; the last successful save began after ${expected}` };
  }
  return { expectation: 'loss-bound', guarantee, ok: true, loss };
}

/** Every expectation of the scenario, judged on `run` in persistence `mode`. */
export function judgeCase(expectations: readonly Expectation[], mode: Persistence, run: CaseRun): CaseVerdict[] {
  if (run.restartError !== undefined) {
    return expectations.map((expectation) => ({
      expectation, guarantee: 'the server starts again on its own files', ok: false,
      explanation: `restart failed: ${run.restartError}`,
    }));
  }
  const prefix = checkPrefix(run.history.ops, run.finalDigest);
  const ops = run.history.ops;
  return expectations.map((expectation): CaseVerdict => {
    switch (expectation) {
      case 'prefix':
        return {
          expectation, guarantee: 'the recovered dataset is a prefix of the history (no holes, nothing invented)', ok: prefix.ok,
          explanation: prefix.ok ? `matches the first ${prefix.prefixLength} applied writes` : prefix.explanation,
        };
      case 'loss-bound': {
        if (mode === 'rdb') return rdbSnapshotVerdict(run, prefix);
        if (!run.crash) return { expectation, guarantee: 'loss bound', ok: false, explanation: 'the case has no crash to bound the loss of' };
        if (!prefix.ok) return { expectation, guarantee: `appendfsync ${mode} loss bound`, ok: false, explanation: `no prefix matched, so no loss bound can hold: ${prefix.explanation}` };
        const v = checkLossBound(mode, `crash:${run.crash.kind}`, run.crash.at, prefix.lostAcked);
        return { expectation, guarantee: v.guarantee, ok: v.ok, explanation: v.reason, loss: { ops: v.lostOps, ms: v.lossWindowMs } };
      }
      case 'no-ack-after-failed-bgsave': {
        const guarantee = 'stop-writes-on-bgsave-error yes: no write is acknowledged after a failed BGSAVE until a save succeeds';
        const { failedAt, recoveredAt } = bgsaveObservations(run.history.nemesis);
        if (failedAt === undefined) return { expectation, guarantee, ok: false, explanation: 'BGSAVE never failed: the fault did not reach the save, nothing was checked' };
        const acked = ops.filter((o) => isWrite(o) && o.outcome === 'ok' && o.invokedAt > failedAt && o.invokedAt < (recoveredAt ?? Infinity));
        if (acked.length > 0) return { expectation, guarantee, ok: false, explanation: `${acked.length} write(s) acknowledged after the failed save, first: ${acked[0]!.args.join(' ')} -> ${acked[0]!.reply}` };
        const refused = ops.filter((o) => o.invokedAt > failedAt && o.outcome === 'fail');
        const wrong = refused.find((o) => !/^MISCONF/.test(o.reply ?? ''));
        if (wrong) return { expectation, guarantee, ok: false, explanation: `a refused write got '${wrong.reply}', not MISCONF` };
        return { expectation, guarantee, ok: true, explanation: `${refused.length} write(s) refused with MISCONF` };
      }
      case 'writes-continue-after-failed-bgsave': {
        const guarantee = 'stop-writes-on-bgsave-error no: writes go on after a failed BGSAVE';
        const { failedAt } = bgsaveObservations(run.history.nemesis);
        if (failedAt === undefined) return { expectation, guarantee, ok: false, explanation: 'BGSAVE never failed: the fault did not reach the save, nothing was checked' };
        const refused = ops.filter((o) => isWrite(o) && o.invokedAt > failedAt && o.outcome !== 'ok');
        return refused.length === 0
          ? { expectation, guarantee, ok: true }
          : { expectation, guarantee, ok: false, explanation: `${refused.length} write(s) not acknowledged after the failed save, first: ${refused[0]!.args.join(' ')} -> ${refused[0]!.reply}` };
      }
      case 'aof-error-discipline': {
        const guarantee = 'AOF write errors: refused writes get MISCONF, and nothing acknowledged is lost once the disk recovers';
        const wrong = ops.find((o) => o.outcome === 'fail' && !/^MISCONF/.test(o.reply ?? ''));
        if (wrong) return { expectation, guarantee, ok: false, explanation: `a refused write got '${wrong.reply}', not MISCONF` };
        if (!prefix.ok) return { expectation, guarantee, ok: false, explanation: prefix.explanation };
        const refused = ops.filter((o) => o.outcome === 'fail').length;
        const lost = prefix.lostAcked;
        // A crash after the disk recovered is still judged by the mode's own bound: under everysec,
        // writes postponed behind a background fsync are acknowledged from memory (flushAppendOnlyFile).
        if (run.crash && mode !== 'rdb') {
          const bound = checkLossBound(mode, `crash:${run.crash.kind}`, run.crash.at, lost);
          return { expectation, guarantee: `${guarantee}; ${bound.guarantee}`, ok: bound.ok, loss: { ops: bound.lostOps, ms: bound.lossWindowMs },
            explanation: bound.ok ? `${refused} write(s) refused, ${lost.length} acknowledged lost within the bound` : bound.reason };
        }
        return lost.length === 0
          ? { expectation, guarantee, ok: true, explanation: `${refused} write(s) refused, none acknowledged lost` }
          : { expectation, guarantee, ok: false, loss: { ops: lost.length, ms: 0 }, explanation: `${lost.length} acknowledged write(s) lost, first: ${lost[0]!.args.join(' ')}` };
      }
    }
  });
}
