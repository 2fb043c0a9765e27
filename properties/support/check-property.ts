// Runs a family's property with fast-check and turns a failure into a report: the seed, the path,
// the shrunk sequence of ops and faults, the failing verdicts, and the FC_SEED=... FC_PATH=...
// line that replays it. Budgets: FC_NUM_RUNS overrides the default number of runs.

import fc from 'fast-check';
import { describeVerdicts, type Verdict } from '../../harness/checkers/verdict.js';

/** The guarantee of the verdict a case gets when it throws instead of reaching the checkers. */
export const CASE_RAN_GUARANTEE = 'the case runs to completion';

/** The outcome of one property run. */
export interface PropertyOutcome {
  failed: boolean;
  /** Cases run (including shrinking runs when it failed). */
  runs: number;
  /** Runs until the first failure (before shrinking), when it failed. */
  runsToFailure?: number;
  ms: number;
  /** Time to the first failing case (before shrinking), when it failed. */
  msToFailure?: number;
  seed: number;
  path?: string;
  /** The shrunk counterexample rendered, and its verdicts. */
  counterexample?: string;
  verdicts?: Verdict[];
  /** The whole failure report (seed, path, counterexample, verdicts, replay line). */
  report?: string;
}

export interface CheckOptions<T> {
  numRuns: number;
  render(value: T): string;
  /** How to replay, e.g. `npx vitest run properties/durability.test.ts -t "always"`. */
  replay: string;
  /** Stop at the first failure without shrinking (time-to-detect measurements). */
  noShrink?: boolean;
  seed?: number;
}

/** FC_NUM_RUNS when set (a positive integer), else `fallback`. */
export function numRuns(fallback: number): number {
  const v = process.env.FC_NUM_RUNS;
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`FC_NUM_RUNS must be a positive integer, got '${v}'`);
  return n;
}

function envSeed(): number | undefined {
  const v = process.env.FC_SEED;
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new Error(`FC_SEED must be an integer, got '${v}'`);
  return n;
}

/** Runs `predicate` (verdicts of one case; all ok = pass) over `arb`. Never throws for a failing case. */
export async function checkProperty<T>(arb: fc.Arbitrary<T>, predicate: (value: T) => Promise<Verdict[]>, options: CheckOptions<T>): Promise<PropertyOutcome> {
  const started = performance.now();
  let runs = 0;
  let firstFailure: { runs: number; ms: number } | undefined;
  let last: { value: T; verdicts: Verdict[] } | undefined;
  const prop = fc.asyncProperty(arb, async (value) => {
    runs++;
    let verdicts: Verdict[];
    try {
      verdicts = await predicate(value);
    } catch (e) {
      verdicts = [{ guarantee: CASE_RAN_GUARANTEE, ok: false, explanation: `the case threw: ${(e as Error).stack ?? String(e)}` }];
    }
    const ok = verdicts.every((v) => v.ok);
    if (!ok) {
      firstFailure ??= { runs, ms: performance.now() - started };
      last = { value, verdicts };
    }
    return ok;
  });
  const seed = options.seed ?? envSeed();
  const path = process.env.FC_PATH || undefined;
  const result = await fc.check(prop, {
    numRuns: options.numRuns,
    ...(seed !== undefined ? { seed } : {}),
    ...(path ? { path } : {}),
    ...(options.noShrink ? { endOnFailure: true } : {}),
  });
  const ms = performance.now() - started;
  if (!result.failed) return { failed: false, runs, ms, seed: result.seed };
  const failing = last as { value: T; verdicts: Verdict[] } | undefined;
  const counterexample = result.counterexample ? options.render(result.counterexample[0]) : failing ? options.render(failing.value) : '(none)';
  const verdicts = failing?.verdicts ?? [];
  const report = [
    `Property failed after ${result.numRuns} run(s), shrunk ${result.numShrinks} time(s).`,
    `seed: ${result.seed}, path: ${result.counterexamplePath ?? ''}`,
    `shrunk ops and faults: ${counterexample}`,
    describeVerdicts(verdicts.filter((v) => !v.ok)),
    `replay: FC_SEED=${result.seed} FC_PATH=${result.counterexamplePath ?? ''} ${options.replay}`,
    ...(result.errorInstance ? [`error: ${String(result.errorInstance)}`] : []),
  ].join('\n');
  return {
    failed: true, runs, ms, seed: result.seed, counterexample, verdicts, report,
    ...(result.counterexamplePath ? { path: result.counterexamplePath } : {}),
    ...(firstFailure ? { runsToFailure: firstFailure.runs, msToFailure: firstFailure.ms } : {}),
  };
}
