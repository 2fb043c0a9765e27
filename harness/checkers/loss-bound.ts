// The loss bounds of the durability contract (DESIGN.md): given which acknowledged writes a
// recovered dataset lost (from the prefix checker) and when the fault hit, decide whether the
// appendfsync mode's promise held, and measure the loss window in operations and milliseconds.

import type { Op } from '../history/history.js';

export type Persistence = 'always' | 'everysec' | 'no' | 'rdb';
export type FaultKind = 'crash:process' | 'crash:power';

/** everysec's promise: an acknowledged write may wait this long for its fsync (2 s postponement). */
export const EVERYSEC_WINDOW_MS = 2000;

export interface LossVerdict {
  guarantee: string;
  ok: boolean;
  /** Acknowledged writes missing after recovery. */
  lostOps: number;
  /** From the acknowledgement of the earliest lost write to the fault (0 when nothing was lost). */
  lossWindowMs: number;
  /** Why it failed, naming the earliest write that should have survived. */
  reason?: string;
}

/**
 * Applies the contract row for `mode` under `fault` at monotonic time `faultAt`. `lostAcked` are
 * the acknowledged writes the recovered state does not contain (checkPrefix).
 */
export function checkLossBound(mode: Persistence, fault: FaultKind, faultAt: number, lostAcked: readonly Op[]): LossVerdict {
  const earliest = lostAcked.reduce<Op | undefined>((m, o) => (m === undefined || o.completedAt < m.completedAt ? o : m), undefined);
  const lossWindowMs = earliest ? Math.max(0, faultAt - earliest.completedAt) : 0;
  const base = { lostOps: lostAcked.length, lossWindowMs };
  const describe = (o: Op) => `${o.args.join(' ')} (op ${o.index}, acknowledged ${(faultAt - o.completedAt).toFixed(0)} ms before the fault)`;
  if (mode === 'always' || (mode === 'no' && fault === 'crash:process')) {
    const guarantee = `appendfsync ${mode}: every acknowledged write survives ${fault}`;
    return earliest ? { guarantee, ok: false, ...base, reason: `lost ${lostAcked.length} acknowledged write(s), first ${describe(earliest)}` } : { guarantee, ok: true, ...base };
  }
  if (mode === 'everysec') {
    const guarantee = fault === 'crash:process'
      ? `appendfsync everysec: every acknowledged write survives crash:process, except writes held back by a stalled fsync (at most ${EVERYSEC_WINDOW_MS} ms)`
      : `appendfsync everysec: every write acknowledged more than ${EVERYSEC_WINDOW_MS} ms before crash:power survives`;
    const tooOld = lostAcked.filter((o) => faultAt - o.completedAt > EVERYSEC_WINDOW_MS);
    if (tooOld.length > 0) {
      const first = tooOld.reduce((m, o) => (o.completedAt < m.completedAt ? o : m));
      return { guarantee, ok: false, ...base, reason: `lost ${tooOld.length} write(s) acknowledged more than ${EVERYSEC_WINDOW_MS} ms before the fault, first ${describe(first)}` };
    }
    return { guarantee, ok: true, ...base };
  }
  // appendfsync no under power loss, and RDB-only, promise a prefix only: the window is reported.
  return { guarantee: mode === 'no' ? 'appendfsync no: crash:power leaves a prefix (window reported)' : 'RDB only: a prefix (window reported)', ok: true, ...base };
}
