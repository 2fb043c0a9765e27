// runScenario when the harness, not the server, breaks: a target factory that throws makes the
// result an error naming the cause, with no case counted and no guarantee reported as held.

import { describe, expect, it } from 'vitest';
import { loadScenario } from './registry.js';
import { runScenario } from './run-scenario.js';

describe('runScenario', () => {
  it('reports an error, not a pass, when the target cannot be made', async () => {
    const result = await runScenario(loadScenario('power-loss'), 'always', () => {
      throw new Error('no such server binary');
    }, { runs: 3, seed: 1 });
    expect(result.error).toMatch(/no such server binary/);
    expect(result.cases).toEqual([]);
    expect(result.guarantees).toEqual([]);
    expect(result.counterexample).toBeUndefined();
  });
});
