// Scenarios on `reference` (the in-process server, on virtual time): waits and fsync stalls
// take no real time, the same seed gives the same cases, and an everysec fsync stalled on the
// simulated disk holds writes back that kill -9 then loses, exactly as the timeline says.

import { describe, expect, it } from 'vitest';
import { loadScenario } from './registry.js';
import { runScenario, type ScenarioResult } from './run-scenario.js';
import { parseScenario, type Scenario } from './scenario.js';
import { scenarioTarget } from './scenario-target.js';
import { withMutation } from '../reference-server/mutations.js';

const virtual = scenarioTarget('reference');

function run(scenario: Scenario, mode: 'always' | 'everysec' | 'no' | 'rdb', seed: number, runs = 8): Promise<ScenarioResult> {
  return runScenario(scenario, mode, () => virtual({}), { runs, seed, maxShrinks: 5 });
}

/** What a case decided, without the real-time costs (write and recovery ms) that vary run to run. */
function verdicts(r: ScenarioResult) {
  return r.cases.map((c) => ({ violated: c.violated, lossOps: c.lossOps, lossMs: c.lossMs, acked: c.acked }));
}

/**
 * Virtual time, second by second: the cron fsyncs the first writes at 1 s (no stall yet); the
 * first write at 2.1 s starts an fsync that stalls 1.5 s, so every later write is held back
 * (flushAppendOnlyFile postpones up to 2 s) and only the first write of the second batch is in
 * the file when kill -9 comes at 2.1-2.7 s.
 */
const stalled = parseScenario({
  name: 'virtual-everysec-stall',
  description: 'everysec: a write starts an fsync that stalls; the writes after it are held back and lost to kill -9',
  suite: 'durability',
  modes: ['everysec'],
  config: {},
  workload: { clients: 1, pipeline: 1, types: ['string', 'list', 'counter'] },
  steps: [
    { do: 'write', ops: [3, 20] },
    { do: 'wait', ms: 1100 },
    { do: 'fault', fault: 'fsync:delay', ms: 1500 },
    { do: 'wait', ms: 1000 },
    { do: 'write', ops: [5, 30] },
    { do: 'wait', ms: [0, 600] },
    { do: 'write', ops: [1, 10] },
    { do: 'crash', kind: 'process' },
    { do: 'heal' },
    { do: 'restart' },
  ],
  expect: ['prefix', 'loss-bound'],
}, 'virtual-time.test.ts');

describe('scenarios on virtual time', () => {
  it('repeat exactly for a seed, and lose to kill -9 exactly the writes a stalled fsync held back', async () => {
    const a = await run(stalled, 'everysec', 7);
    const b = await run(stalled, 'everysec', 7);
    expect(a.error).toBeUndefined();
    expect(a.counterexample).toBeUndefined();
    expect(verdicts(b)).toEqual(verdicts(a));
    expect(a.cases.length).toBe(8);
    // Every write after the one that started the stalled fsync was acknowledged and then lost:
    // the second and third batches (at least 5 + 1 writes) minus that one.
    for (const c of a.cases) expect(c.lossOps).toBeGreaterThanOrEqual(5);
    for (const c of a.cases) expect(c.lossMs).toBeLessThanOrEqual(2000);
  }, 120_000);

  it('run the built-in scenarios the same way twice', async () => {
    const scenario = loadScenario('kill-9-everysec-stalled-fsync');
    const a = await run(scenario, 'everysec', 11, 5);
    const b = await run(scenario, 'everysec', 11, 5);
    expect(a.error).toBeUndefined();
    expect(verdicts(b)).toEqual(verdicts(a));
  }, 120_000);

  it('still catch a server that replies before its fsync under always', async () => {
    const r = await withMutation('reply-before-fsync', () => run(loadScenario('power-loss'), 'always', 99, 10));
    expect(r.error).toBeUndefined();
    expect(r.counterexample?.verdicts.filter((v) => !v.ok).map((v) => v.expectation)).toContain('loss-bound');
  }, 120_000);
});
