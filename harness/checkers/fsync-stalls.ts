// Reads the fsync stalls out of a history's nemesis events (`fsync:delay <ms>` on, `fsync:delay 0`
// off): the intervals in which everysec may hold acknowledged writes back in memory.

import type { NemesisEvent } from '../history/history.js';

/** A time interval (monotonic ms) in which fsync calls were slow; `to` is Infinity when never healed. */
export interface StallInterval {
  from: number;
  to: number;
  delayMs: number;
}

const FSYNC_DELAY = /^fsync:delay (\d+)$/;

/**
 * The stall intervals. An fsync that started just before the delay was switched off still takes
 * the delay, so each interval is extended by its delay past the `fsync:delay 0` event.
 */
export function fsyncStallIntervals(nemesis: readonly NemesisEvent[]): StallInterval[] {
  const out: StallInterval[] = [];
  let open: { from: number; delayMs: number } | undefined;
  for (const e of [...nemesis].sort((a, b) => a.at - b.at)) {
    const m = FSYNC_DELAY.exec(e.what);
    if (!m) continue;
    const delayMs = Number(m[1]);
    if (open) out.push({ from: open.from, to: e.at + open.delayMs, delayMs: open.delayMs });
    open = delayMs > 0 ? { from: e.at, delayMs } : undefined;
  }
  if (open) out.push({ from: open.from, to: Infinity, delayMs: open.delayMs });
  return out;
}
