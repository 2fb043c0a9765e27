// Runs a scenario's cases on one target in one persistence mode as a fast-check property: each case
// is a generated plan, judged by the scenario's expectations; a failing case is shrunk (within a
// bounded number of attempts) and comes back with its seed and path, which replay it exactly.

import fc from 'fast-check';
import type { KeyDump } from '../harness/checkers/dataset-diff.js';
import type { History } from '../harness/history/history.js';
import { judgeCase, type CaseVerdict } from './expectations.js';
import { casePlanArbitrary, describePlan, type CasePlan } from './plan.js';
import { directivesFor, runCase } from './run-case.js';
import type { Persistence, Scenario } from './scenario.js';
import type { Target } from '../harness/index.js';

/** Statistics of one case that passed or failed (counterexample shrinking excluded). */
export interface CaseSummary {
  /** The expectations this case violated (empty: it passed). */
  violated: string[];
  lossOps: number;
  lossMs: number;
  recoveryMs: number[];
  /** Acknowledged writes and the ms the write steps took. */
  acked: number;
  writeMs: number;
}

/** A failing case, shrunk: what to show and how to replay it. */
export interface Counterexample {
  seed: number;
  path: string;
  /** The shrunk plan as one readable line. */
  plan: string;
  history: History;
  verdicts: CaseVerdict[];
  /** The dataset the server ended with, key by key. */
  finalDump?: KeyDump;
}

/** The outcome of one scenario x target x mode. */
export interface ScenarioResult {
  scenario: string;
  target: string;
  mode: Persistence;
  directives: Record<string, string>;
  seed: number;
  cases: CaseSummary[];
  /** Guarantees judged, with how many cases violated each. */
  guarantees: { expectation: string; guarantee: string; violations: number }[];
  counterexample?: Counterexample;
  /** Set when the harness itself failed (not a verdict on the server). */
  error?: string;
  durationMs: number;
}

export interface RunOptions {
  runs: number;
  seed: number;
  /** Replays one case: the path of a counterexample (with its seed). */
  path?: string;
  /** Attempts spent shrinking a failure before the best one so far is kept. */
  maxShrinks?: number;
  onCase?: (done: number, ok: boolean) => void;
}

/** Runs `scenario` in `mode` on fresh targets from `makeTarget`, one per case. */
export async function runScenario(scenario: Scenario, mode: Persistence, makeTarget: () => Target, options: RunOptions): Promise<ScenarioResult> {
  const started = performance.now();
  const directives = directivesFor(scenario, mode);
  const cases: CaseSummary[] = [];
  const guarantees = new Map<string, { expectation: string; guarantee: string; violations: number }>();
  let targetName = '';
  let failing: { plan: CasePlan; history: History; verdicts: CaseVerdict[]; finalDump?: KeyDump } | undefined;
  let shrinks = 0;
  const maxShrinks = options.maxShrinks ?? 40;
  let harnessError: Error | undefined;

  const property = fc.asyncProperty(casePlanArbitrary(scenario), async (plan) => {
    if (harnessError) return true; // the harness broke: reported as an error, not shrunk as a verdict
    if (failing && ++shrinks > maxShrinks) return true; // shrinking budget spent: keep the best so far
    let verdicts: CaseVerdict[];
    let run;
    try {
      // Inside the try: a target that cannot even be made (a bad target file, a missing binary)
      // is a harness error of the run, never a case fast-check would shrink or count as passed.
      const target = makeTarget();
      targetName = target.name;
      run = await runCase(target, directives, scenario, plan, makeTarget, options.seed);
      verdicts = judgeCase(scenario.expect, mode, run);
    } catch (e) {
      harnessError = e as Error;
      return true;
    }
    const ok = verdicts.every((v) => v.ok);
    if (!failing) {
      for (const v of verdicts) {
        const g = guarantees.get(v.expectation) ?? { expectation: v.expectation, guarantee: v.guarantee, violations: 0 };
        if (!v.ok) g.violations++;
        guarantees.set(v.expectation, g);
      }
      const loss = verdicts.find((v) => v.lossWindow)?.lossWindow ?? { ops: 0, ms: 0 };
      cases.push({ violated: verdicts.filter((v) => !v.ok).map((v) => v.expectation), lossOps: loss.ops, lossMs: loss.ms, recoveryMs: run.recoveryMs, acked: run.acked, writeMs: run.writeMs });
      options.onCase?.(cases.length, ok);
    }
    if (!ok) failing = { plan, history: run.history, verdicts, finalDump: run.finalDump };
    return ok;
  });

  const details = await fc.check(property, {
    numRuns: options.path ? 1 : options.runs,
    seed: options.seed,
    path: options.path,
    endOnFailure: false,
  });
  const result: ScenarioResult = {
    scenario: scenario.name, target: targetName, mode, directives, seed: options.seed, cases,
    guarantees: [...guarantees.values()], durationMs: performance.now() - started,
  };
  if (harnessError) result.error = harnessError.message;
  // Anything else that made the property fail without a judged case is an error too, not a pass.
  else if (details.failed && !failing) result.error = `the scenario's property failed outside a case: ${String(details.errorInstance ?? 'unknown error')}`;
  if (details.failed && failing && !harnessError) {
    const [plan] = details.counterexample ?? [failing.plan];
    result.counterexample = { seed: details.seed, path: details.counterexamplePath ?? '', plan: describePlan(plan), history: failing.history, verdicts: failing.verdicts, finalDump: failing.finalDump };
  }
  return result;
}
