import { describe, expect, it } from 'vitest';
import { buildResult, errorResult, type ResultKey } from './build-result.js';
import { counterexample, passingReport } from './testing/fixtures.js';
import { validateReport } from './validate.js';

const KEY: ResultKey = { target: 'reference', config: 'everysec', scenario: 'power-loss', fault: 'crash:power', guarantee: 'appendfsync everysec: every write acknowledged more than 2000 ms before crash:power survives' };

describe('buildResult', () => {
  it('passes when no case violated, with distributions and throughput from the cases', () => {
    const r = buildResult(KEY, [
      { violated: false, lostOps: 0, lossWindowMs: 0, recoveryMs: 100, ops: 500, durationMs: 1000 },
      { violated: false, lostOps: 3, lossWindowMs: 1500, recoveryMs: 140, ops: 1500, durationMs: 1000 },
    ]);
    expect(r.verdict).toBe('pass');
    expect(r.cases).toBe(2);
    expect(r.lossWindow!.ops.values).toEqual([0, 3]);
    expect(r.lossWindow!.ms.max).toBe(1500);
    expect(r.recoveryMs!.median).toBe(120);
    expect(r.throughputOpsPerSec).toBe(1000);
    expect(r.durationMs).toBe(2000);
    expect(r.convergenceMs).toBeUndefined();
  });

  it('keeps the loss distributions in step when a case gives only one of the two numbers', () => {
    const r = buildResult(KEY, [{ violated: false, lostOps: 2 }, { violated: false, lossWindowMs: 300 }, { violated: false }]);
    expect(r.lossWindow!.ops.values).toEqual([2, 0]);
    expect(r.lossWindow!.ms.values).toEqual([0, 300]);
    expect(r.throughputOpsPerSec).toBeUndefined();
  });

  it('is violated with the counterexamples of violated cases, or a known divergence when named', () => {
    const ce = counterexample();
    const cases = [{ violated: false, lostOps: 0, lossWindowMs: 0 }, { violated: true, lostOps: 1, lossWindowMs: 2600, counterexample: ce }];
    const v = buildResult(KEY, cases);
    expect(v.verdict).toBe('violated');
    expect(v.violations).toBe(1);
    expect(v.counterexamples).toEqual([ce]);
    const k = buildResult(KEY, cases, { knownDivergence: 'KNOWN-DIVERGENCES.md: appendonlydir' });
    expect(k.verdict).toBe('known-divergence');
    expect(k.message).toBe('KNOWN-DIVERGENCES.md: appendonlydir');
    const report = passingReport();
    report.results = [v, { ...k, target: 'redis', counterexamples: [{ ...ce, id: 'redis#1' }] }, errorResult({ ...KEY, scenario: 'x' }, 'target reference did not start')];
    expect(() => validateReport(report)).not.toThrow();
  });
});
