// Turns a history's nemesis events (instants: "disk:full on" ... "disk:full off") into the fault
// periods of a counterexample's timeline. Pairs by the harness's words (harness/faults/nemesis.ts
// nemesisWords): "X on"/"X off", "pause"/"resume", "fsync:delay N"/"fsync:delay 0", a crash and
// the next "restart". Any other event is an instant (start = end). Pure: events in, periods out.

import type { FaultPeriod } from './model.js';

/** A nemesis event as the harness records it (harness/history NemesisEvent, structurally). */
export interface NemesisInstant {
  at: number;
  what: string;
}

/** The name of the period an event opens, or undefined when it opens none. */
function opens(what: string): string | undefined {
  const on = /^(.+) on$/.exec(what);
  if (on) return on[1]!;
  if (what === 'pause') return 'pause';
  if (/^fsync:delay [1-9]\d*$/.test(what)) return 'fsync:delay';
  if (/^crash:/.test(what) && !what.includes('(restart)')) return 'crash';
  return undefined;
}

/** The name of the period an event closes, or undefined when it closes none. */
function closes(what: string): string | undefined {
  const off = /^(.+) off$/.exec(what);
  if (off) return off[1]!;
  if (what === 'resume') return 'pause';
  if (what === 'fsync:delay 0') return 'fsync:delay';
  if (what === 'restart') return 'crash';
  return undefined;
}

/**
 * Fault periods of `events` (in time order or not). A period is labelled by the event that opened
 * it ("fsync:delay 500", "crash:power"); one still open at the end lasts until `endAt` (default:
 * the last event). A close with nothing open, and any other event, is an instant.
 */
export function faultPeriods(events: readonly NemesisInstant[], endAt?: number): FaultPeriod[] {
  const sorted = [...events].sort((a, b) => a.at - b.at);
  const end = endAt ?? (sorted.length > 0 ? sorted[sorted.length - 1]!.at : 0);
  const open = new Map<string, { what: string; start: number }>();
  const periods: FaultPeriod[] = [];
  for (const e of sorted) {
    const closing = closes(e.what);
    if (closing !== undefined && open.has(closing)) {
      const o = open.get(closing)!;
      periods.push({ what: o.what, start: o.start, end: e.at });
      open.delete(closing);
      continue;
    }
    const opening = opens(e.what);
    if (opening !== undefined) {
      const already = open.get(opening);
      // The same fault injected again (a new delay) ends the previous period where the new one starts.
      if (already) periods.push({ what: already.what, start: already.start, end: e.at });
      open.set(opening, { what: e.what, start: e.at });
      continue;
    }
    periods.push({ what: e.what, start: e.at, end: e.at });
  }
  for (const o of open.values()) periods.push({ what: o.what, start: o.start, end: Math.max(o.start, end) });
  return periods.sort((a, b) => a.start - b.start || a.end - b.end);
}
