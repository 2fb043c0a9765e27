// Builds the Distribution of the report model from per-case measurements (loss windows, recovery
// and convergence times): the values kept as measured, with min, median, nearest-rank p95, max.

import type { Distribution } from './model.js';

/** Thrown for a distribution of no values or of a value that is not a finite number. */
export class DistributionError extends Error {
  override readonly name = 'DistributionError';
}

/** Summarises `values` (one per case, in case order; at least one, all finite). */
export function distribution(values: readonly number[]): Distribution {
  if (values.length === 0) throw new DistributionError('a distribution needs at least one value (omit the field when nothing was measured)');
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new DistributionError(`value ${bad} of the distribution is not a finite number: ${String(values[bad])}`);
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const median = n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  const p95 = sorted[Math.max(0, Math.ceil(0.95 * n) - 1)]!;
  return { values: [...values], min: sorted[0]!, median, p95, max: sorted[n - 1]! };
}
