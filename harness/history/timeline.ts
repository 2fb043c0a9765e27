// A history as one timeline in Jepsen's shape: every op's invocation and completion and every
// nemesis event as separate entries, ordered by monotonic time (ties: invocations before
// completions before nemesis events, then by op index). For reports, replay and reading by eye.

import type { History, Outcome } from './history.js';

/** One entry of the timeline. */
export type TimelineEvent =
  | { type: 'invoke'; at: number; index: number; client: number; args: string[] }
  | { type: Outcome; at: number; index: number; client: number; args: string[]; reply?: string }
  | { type: 'nemesis'; at: number; what: string; phase?: 'inject' | 'heal'; fault?: unknown };

const RANK: Record<TimelineEvent['type'], number> = { invoke: 0, ok: 1, fail: 1, info: 1, nemesis: 2 };

/** The merged, time-ordered timeline of a history. */
export function timeline(history: History): TimelineEvent[] {
  const events: Array<TimelineEvent & { order: number }> = [];
  for (const op of history.ops) {
    events.push({ type: 'invoke', at: op.invokedAt, index: op.index, client: op.client, args: op.args, order: op.index });
    events.push({ type: op.outcome, at: op.completedAt, index: op.index, client: op.client, args: op.args, ...(op.reply !== undefined ? { reply: op.reply } : {}), order: op.index });
  }
  history.nemesis.forEach((e, i) => events.push({ type: 'nemesis', at: e.at, what: e.what, ...(e.phase ? { phase: e.phase } : {}), ...(e.fault !== undefined ? { fault: e.fault } : {}), order: i }));
  events.sort((a, b) => a.at - b.at || RANK[a.type] - RANK[b.type] || a.order - b.order);
  return events.map(({ order, ...e }) => {
    void order;
    return e as TimelineEvent;
  });
}
