// The loss bounds of the durability contract (DESIGN.md) for the appendfsync modes: given which
// acknowledged writes a recovered dataset lost (from the prefix checker) and when the fault hit,
// decide whether the mode's promise held and measure the loss window in operations and ms.
// The RDB-only row needs the history's saves: rdb-snapshot.ts; checkDurability picks the row.

import type { History, Op } from '../history/history.js';
import type { PrefixVerdict } from './prefix-checker.js';
import type { Verdict } from './verdict.js';
import { fsyncStallIntervals, type StallInterval } from './fsync-stalls.js';
import { checkRdbSnapshot } from './rdb-snapshot.js';

export type Persistence = 'always' | 'everysec' | 'no' | 'rdb';
export type FaultKind = 'crash:process' | 'crash:power';

/** everysec's promise: an acknowledged write may wait this long for its write or fsync (2 s postponement). */
export const EVERYSEC_WINDOW_MS = 2000;

/**
 * Measurement tolerance on the 2 s bound: the postponed buffer is written by the next
 * beforeSleep or serverCron pass (hz 10: 100 ms) and our timestamps come from the client side.
 * It is a tolerance on when a bound is measured, never an allowance to lose older writes.
 */
export const DEFAULT_SLACK_MS = 250;

export interface LossVerdict extends Verdict {
  /** Acknowledged writes missing after recovery (same as lossWindow.ops). */
  lostOps: number;
  /** From the acknowledgement of the earliest lost write to the fault (same as lossWindow.ms). */
  lossWindowMs: number;
  /** Why it failed, naming the earliest write that should have survived. */
  reason?: string;
}

export interface LossBoundOptions {
  /** When fsync was stalled (fsyncStallIntervals of the nemesis events); only everysec uses it. */
  fsyncStalls?: readonly StallInterval[];
  slackMs?: number;
}

/** The loss window of a set of lost acknowledged writes. */
export function lossWindowOf(faultAt: number, lostAcked: readonly Op[]): { ops: number; ms: number } {
  const earliest = Math.min(...lostAcked.map((o) => o.completedAt));
  return { ops: lostAcked.length, ms: lostAcked.length ? Math.max(0, faultAt - earliest) : 0 };
}

function describeOp(o: Op, faultAt: number): string {
  return `${o.args.join(' ')} (op ${o.index}, acknowledged ${(faultAt - o.completedAt).toFixed(0)} ms before the fault)`;
}

function make(guarantee: string, faultAt: number, lostAcked: readonly Op[], violating: readonly Op[], why: string): LossVerdict {
  const lossWindow = lossWindowOf(faultAt, lostAcked);
  const base = { guarantee, lossWindow, lostOps: lossWindow.ops, lossWindowMs: lossWindow.ms };
  if (violating.length === 0) {
    return { ...base, ok: true, explanation: lostAcked.length ? `${lostAcked.length} acknowledged write(s) lost, all allowed: ${why}` : 'no acknowledged write lost' };
  }
  const first = violating.reduce((m, o) => (o.completedAt < m.completedAt ? o : m));
  const reason = `lost ${violating.length} acknowledged write(s) the contract keeps, first ${describeOp(first, faultAt)}`;
  return { ...base, ok: false, explanation: reason, reason };
}

/**
 * Applies the contract row for `mode` (an appendfsync policy) under `fault` at monotonic time
 * `faultAt`. `lostAcked` are the acknowledged writes the recovered state lacks (checkPrefix).
 * Throws for 'rdb': that row needs the saves of the history (checkRdbSnapshot / checkDurability).
 */
export function checkLossBound(mode: Persistence, fault: FaultKind, faultAt: number, lostAcked: readonly Op[], options: LossBoundOptions = {}): LossVerdict {
  const slack = options.slackMs ?? DEFAULT_SLACK_MS;
  if (mode === 'rdb') throw new Error('checkLossBound: the RDB-only row needs the history of saves; use checkRdbSnapshot or checkDurability');
  if (mode === 'always' || (mode === 'no' && fault === 'crash:process')) {
    return make(`appendfsync ${mode}: every acknowledged write survives ${fault}`, faultAt, lostAcked, lostAcked, '');
  }
  if (mode === 'no') {
    return make('appendfsync no: crash:power leaves a prefix (window reported)', faultAt, lostAcked, [], 'appendfsync no promises a prefix only under power loss');
  }
  if (fault === 'crash:power') {
    const tooOld = lostAcked.filter((o) => faultAt - o.completedAt > EVERYSEC_WINDOW_MS + slack);
    return make(`appendfsync everysec: every write acknowledged more than ${EVERYSEC_WINDOW_MS} ms before crash:power survives`, faultAt, lostAcked, tooOld,
      `each was acknowledged within ${EVERYSEC_WINDOW_MS} ms (+${slack} ms tolerance) of the power cut`);
  }
  // everysec, crash:process: the page cache survives, so only writes still in Redis's memory can
  // go: those postponed while a background fsync was running (flushAppendOnlyFile in src/aof.c
  // returns without writing while sync_in_progress, yet replies go out). An ordinary fsync in
  // flight holds them until the next beforeSleep or cron pass (within the slack); a stalled one
  // for at most 2 s.
  const stalls = options.fsyncStalls ?? [];
  const age = (o: Op) => faultAt - o.completedAt;
  const heldBack = (o: Op) => age(o) <= slack || (age(o) <= EVERYSEC_WINDOW_MS + slack && stalls.some((s) => s.from <= faultAt && s.to >= o.completedAt - slack));
  return make(`appendfsync everysec: every acknowledged write survives crash:process, except writes held back by a stalled fsync (at most ${EVERYSEC_WINDOW_MS} ms)`,
    faultAt, lostAcked, lostAcked.filter((o) => !heldBack(o)), `each was acknowledged while an fsync was stalled, within ${EVERYSEC_WINDOW_MS} ms (+${slack} ms) of the crash`);
}

/** Everything one durability row needs: the mode, the fault, the history and the prefix verdict. */
export interface DurabilityCase {
  mode: Persistence;
  fault: FaultKind;
  faultAt: number;
  history: History;
  prefix: PrefixVerdict;
  slackMs?: number;
}

/** The contract row for the case: checkRdbSnapshot for RDB only, else checkLossBound with the history's fsync stalls. */
export function checkDurability(c: DurabilityCase): LossVerdict {
  if (c.mode === 'rdb') return checkRdbSnapshot(c.history, c.prefix, c.faultAt);
  return checkLossBound(c.mode, c.fault, c.faultAt, c.prefix.lostAcked, { fsyncStalls: fsyncStallIntervals(c.history.nemesis), ...(c.slackMs !== undefined ? { slackMs: c.slackMs } : {}) });
}
