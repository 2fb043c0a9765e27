// The history of a test run, in Jepsen's words: each operation's invocation and completion with
// monotonic timestamps; a completion is ok (with the reply), fail (a definite error: it did not
// happen) or info (unknown: the connection broke, it may or may not have happened). Faults share
// the timeline as nemesis events. Plain data, serialisable to JSON for reports and replay.

/** How an operation completed. */
export type Outcome = 'ok' | 'fail' | 'info';

/** One client operation: a command line and what became of it. */
export interface Op {
  /** Position in the history (0-based, in invocation order). */
  index: number;
  /** Which client connection issued it. */
  client: number;
  /** The command, as byte strings. */
  args: string[];
  invokedAt: number;
  completedAt: number;
  outcome: Outcome;
  /** The reply as text (ok) or the error (fail/info). */
  reply?: string;
}

/** A fault event on the same timeline. */
export interface NemesisEvent {
  at: number;
  /** e.g. 'crash:power', 'disk:full on', 'disk:full off', 'fsync:delay 500'. */
  what: string;
  /** Set by the nemesis runner: whether the fault was injected or healed. */
  phase?: 'inject' | 'heal';
  /** Set by the nemesis runner: the fault as plain data (a FaultSpec). */
  fault?: unknown;
}

export interface History {
  ops: Op[];
  nemesis: NemesisEvent[];
}

/**
 * Stamps a step apart from the previous one (ms). The harness records in causal order, and the
 * checkers read "completed before invoked" off the stamps; virtual time stands still between
 * sleeps, so equal readings are moved on by this much (far below any interval a checker uses).
 */
const TIE_BREAK_MS = 1e-6;

/** Collects a history as a run goes; timestamps from a monotonic clock (ms), strictly increasing. */
export class HistoryRecorder {
  readonly history: History = { ops: [], nemesis: [] };
  private last = -Infinity;
  constructor(private readonly now: () => number = () => performance.now()) {}

  /** The clock's reading, or just after the previous stamp when the clock has not moved on. */
  private stamp(): number {
    this.last = Math.max(this.now(), this.last + TIE_BREAK_MS);
    return this.last;
  }

  /** Records an invocation; call `complete` on the returned op when its outcome is known. */
  invoke(client: number, args: string[]): Op {
    const t = this.stamp();
    const op: Op = { index: this.history.ops.length, client, args, invokedAt: t, completedAt: t, outcome: 'info' };
    this.history.ops.push(op);
    return op;
  }

  complete(op: Op, outcome: Outcome, reply?: string): void {
    op.completedAt = this.stamp();
    op.outcome = outcome;
    if (reply !== undefined) op.reply = reply;
  }

  nemesis(what: string, detail: { phase?: 'inject' | 'heal'; fault?: unknown } = {}): NemesisEvent {
    const event: NemesisEvent = { at: this.stamp(), what, ...detail };
    this.history.nemesis.push(event);
    return event;
  }
}
