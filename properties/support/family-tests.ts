// Declares a family's vitest tests: one test per (target, config), each the family's property
// on that target; a failure fails the test with the full report (seed, path, shrunk case, replay).

import { describe, expect, it } from 'vitest';
import { selectedTargets } from './case-target.js';
import { runFamily, type Family, type FamilyConfig } from './family.js';

/** Per-test timeout: generous, a test never asserts speed. */
const TEST_TIMEOUT_MS = 240_000;

export function defineFamilyTests<C extends FamilyConfig, V>(family: Family<C, V>): void {
  describe.each(selectedTargets())(`${family.name} on %s`, (target) => {
    it.each(family.configs.map((c) => [c.label, c] as const))('%s', async (_label, config) => {
      const outcome = await runFamily(family, target, config);
      expect(outcome.failed, outcome.report).toBe(false);
    }, TEST_TIMEOUT_MS);
  });
}
