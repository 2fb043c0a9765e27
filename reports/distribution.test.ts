import { describe, expect, it } from 'vitest';
import { distribution, DistributionError } from './distribution.js';

describe('distribution', () => {
  it('keeps the values in case order and summarises them', () => {
    const d = distribution([5, 1, 3]);
    expect(d).toEqual({ values: [5, 1, 3], min: 1, median: 3, p95: 5, max: 5 });
  });
  it('takes the mean of the middle two for an even count, nearest rank for p95', () => {
    const values = Array.from({ length: 20 }, (_, i) => i + 1);
    const d = distribution(values);
    expect(d.median).toBe(10.5);
    expect(d.p95).toBe(19);
    expect(distribution([7]).p95).toBe(7);
  });
  it('refuses no values and non-finite values', () => {
    expect(() => distribution([])).toThrow(DistributionError);
    expect(() => distribution([1, Number.NaN])).toThrow(/value 1 .* not a finite number/);
  });
});
