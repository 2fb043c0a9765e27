// Builds a Result of the report model from per-case measurements, for the runner: counts,
// verdict, distributions, throughput and counterexamples in one place, so every producer of a
// report derives them the same way. Pure data in, data out; nothing here runs a target.

import { distribution } from './distribution.js';
import type { Counterexample, Distribution, Result } from './model.js';

/** Which result a case belongs to: target x config x scenario x fault, and the guarantee checked. */
export interface ResultKey {
  target: string;
  config: string;
  scenario: string;
  fault: string;
  guarantee: string;
  directives?: Record<string, string>;
}

/** What one case measured. Leave a field out when the case did not measure it. */
export interface CaseMeasurement {
  /** The checker's verdict for this case: the guarantee did not hold. */
  violated: boolean;
  /** Acknowledged writes lost, and ms from the earliest lost acknowledgement to the fault. */
  lostOps?: number;
  lossWindowMs?: number;
  recoveryMs?: number;
  convergenceMs?: number;
  /** Operations completed and the time they took, for throughput. */
  ops?: number;
  durationMs?: number;
  /** The shrunk counterexample of a violated case, when one was recorded. */
  counterexample?: Counterexample;
}

function dist(values: Array<number | undefined>): Distribution | undefined {
  const present = values.filter((v): v is number => v !== undefined);
  return present.length === 0 ? undefined : distribution(present);
}

/**
 * The Result of `cases` for `key`. Violations make it `violated`, or `known-divergence` when
 * `knownDivergence` names the entry of KNOWN-DIVERGENCES.md that explains them (its text becomes
 * the message). Throughput is total ops over total duration of the cases that measured both.
 */
export function buildResult(key: ResultKey, cases: readonly CaseMeasurement[], options: { knownDivergence?: string } = {}): Result {
  const violations = cases.filter((c) => c.violated).length;
  const verdict = violations === 0 ? 'pass' : options.knownDivergence !== undefined ? 'known-divergence' : 'violated';
  const result: Result = { ...key, verdict, cases: cases.length, violations, counterexamples: cases.flatMap((c) => (c.violated && c.counterexample ? [c.counterexample] : [])) };
  if (verdict === 'known-divergence') result.message = options.knownDivergence!;
  // A case measured its loss when it gave either number; the other then counts as 0 (nothing lost).
  const measuredLoss = cases.filter((c) => c.lostOps !== undefined || c.lossWindowMs !== undefined);
  const lossOps = dist(measuredLoss.map((c) => c.lostOps ?? 0));
  const lossMs = dist(measuredLoss.map((c) => c.lossWindowMs ?? 0));
  if (lossOps && lossMs) result.lossWindow = { ops: lossOps, ms: lossMs };
  const recovery = dist(cases.map((c) => c.recoveryMs));
  if (recovery) result.recoveryMs = recovery;
  const convergence = dist(cases.map((c) => c.convergenceMs));
  if (convergence) result.convergenceMs = convergence;
  const timed = cases.filter((c) => c.ops !== undefined && c.durationMs !== undefined && c.durationMs > 0);
  const totalMs = timed.reduce((s, c) => s + c.durationMs!, 0);
  if (timed.length > 0) result.throughputOpsPerSec = (timed.reduce((s, c) => s + c.ops!, 0) / totalMs) * 1000;
  const durations = cases.filter((c) => c.durationMs !== undefined);
  if (durations.length > 0) result.durationMs = durations.reduce((s, c) => s + c.durationMs!, 0);
  return result;
}

/** A Result for a run that broke before it could check the guarantee (target did not start...). */
export function errorResult(key: ResultKey, message: string, casesRun = 0): Result {
  return { ...key, verdict: 'error', cases: casesRun, violations: 0, message, counterexamples: [] };
}
