// The common shape of a crash case: start the target, run the steps on several connections,
// optionally heal, crash (process or power) at the end of the steps, restart, and read the
// recovered state; returns history, fault time and the prefix verdict for the row checkers.

import type { History } from '../../harness/history/history.js';
import { checkPrefix, type PrefixVerdict } from '../../harness/checkers/prefix-checker.js';
import { withTarget, type CrashKindName, type TargetName } from './case-target.js';
import { newRun, runSteps, type RunState } from './run-steps.js';
import type { Step } from './steps.js';
import { digestOf, dumpOf } from '../../harness/index.js';

export interface CrashOutcome {
  history: History;
  faultAt: number;
  prefix: PrefixVerdict;
  digest: string;
  logs: string[];
}

export interface CrashCaseOptions {
  clients?: number;
  /** Runs after the steps and before the crash (heal phase, waits). */
  beforeCrash?: (state: RunState) => Promise<void>;
}

/** Runs one crash case on a fresh target and always stops it. */
export function crashCase(target: TargetName, directives: Record<string, string>, steps: readonly Step[], crash: CrashKindName, options: CrashCaseOptions = {}): Promise<CrashOutcome> {
  return withTarget(target, directives, async (t) => {
    const state = newRun(t, options.clients ?? 3);
    await runSteps(state, steps);
    if (options.beforeCrash) await options.beforeCrash(state);
    // On the history's timeline (the target's virtual time when it has one), after every op.
    const faultAt = state.recorder.nemesis(`crash:${crash}`).at;
    await t.crash(crash);
    t.setDiskFaults({});
    await t.restart();
    const c = t.client();
    const digest = await digestOf(c);
    const history = state.recorder.history;
    let prefix = checkPrefix(history.ops, digest);
    // Only when nothing matches: read the dump too, for the nearest prefixes' key-level diff.
    if (!prefix.ok) prefix = checkPrefix(history.ops, digest, undefined, await dumpOf(c));
    return { history, faultAt, prefix, digest, logs: t.logs().slice(-30) };
  });
}
