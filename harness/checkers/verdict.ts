// The verdict every checker returns: which guarantee, whether it held, why, and (for durability
// rows) the measured loss window in operations and milliseconds. Plain data that reports render.

/** What a fault cost: acknowledged writes missing after recovery and how far back they reach. */
export interface LossWindow {
  /** Acknowledged writes missing after recovery. */
  ops: number;
  /** From the acknowledgement of the earliest lost write to the fault (0 when nothing was lost). */
  ms: number;
}

/** A checker's answer. `details` is JSON-serialisable extra evidence (diffs, offsets, prefixes). */
export interface Verdict {
  /** The guarantee in the contract table's words, e.g. `appendfsync always: every acknowledged write survives crash:power`. */
  guarantee: string;
  ok: boolean;
  /** One or a few sentences: what was checked and, when it failed, the first evidence. */
  explanation: string;
  /** Set by every durability row, violated or not. */
  lossWindow?: LossWindow;
  details?: Record<string, unknown>;
}

/** Combines several verdicts into one line per verdict (for assertion messages). */
export function describeVerdicts(verdicts: readonly Verdict[]): string {
  return verdicts
    .map((v) => `${v.ok ? 'ok  ' : 'FAIL'} ${v.guarantee}: ${v.explanation}${v.lossWindow ? ` [loss window ${v.lossWindow.ops} ops, ${v.lossWindow.ms.toFixed(0)} ms]` : ''}`)
    .join('\n');
}
