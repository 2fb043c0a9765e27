// The mutation check: each deliberately broken variant of the reference server's persistence and
// replication must be CAUGHT by its property family within the family's default budget on the
// in-process target. Prints the time and runs to detection per variant.

import { describe, expect, it } from 'vitest';
import { MUTATIONS } from '../reference-server/mutations.js';
import { MUTATION_PLANS, runMutation } from './support/mutation-check.js';
import { CASE_RAN_GUARANTEE } from './support/check-property.js';

describe('mutation check', () => {
  it('every variant has a plan', () => {
    expect(MUTATION_PLANS.map((p) => p.mutation).sort()).toEqual(Object.keys(MUTATIONS).sort());
  });

  it.each(MUTATION_PLANS.map((p) => [p.mutation, p] as const))('%s is caught', async (name, plan) => {
    const outcome = await runMutation(plan);
    // Caught means a checker's verdict failed, not that the case broke down.
    const caught = outcome.failed && (outcome.verdicts ?? []).some((v) => !v.ok && v.guarantee !== CASE_RAN_GUARANTEE);
    const line = caught
      ? `mutation ${name}: CAUGHT by ${plan.family.name} (${plan.config}) after ${outcome.runsToFailure} run(s), ${(outcome.msToFailure ?? 0).toFixed(0)} ms\n${outcome.report}`
      : `mutation ${name}: NOT caught by ${plan.family.name} (${plan.config}) in ${outcome.runs} run(s), ${outcome.ms.toFixed(0)} ms (seed ${outcome.seed})`;
    console.log(line);
    expect(caught, outcome.failed && !caught ? `${line}\n(the case threw instead: ${outcome.report})` : line).toBe(true);
  }, 240_000);
});
