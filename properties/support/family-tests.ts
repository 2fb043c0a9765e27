// Declares a family's vitest tests: one test per (target, config), each the family's property
// on that target; a failure fails the test with the full report (seed, path, shrunk case, replay).

import { describe, expect, it } from 'vitest';
import { selectedTargets } from './case-target.js';
import { runFamily, type Family, type FamilyConfig } from './family.js';

/** Per-test timeout: generous, a test never asserts speed. */
const TEST_TIMEOUT_MS = 240_000;

export function defineFamilyTests<C extends FamilyConfig, V>(family: Family<C, V>): void {
  describe.each(selectedTargets())(`${family.name} on %s`, (target) => {
    it.each(family.configs.map((c) => [c.label, c] as const))('%s', async (label, config) => {
      const known = family.knownDivergences?.[target]?.[label];
      const outcome = await runFamily(family, target, config);
      if (known) {
        // A known divergence: the checker is unchanged and must still catch it; the report shows it.
        console.log(`known divergence of ${target} (${family.name}, ${label}): ${known}\n${outcome.report ?? ''}`);
        expect(outcome.failed, `known divergence no longer reproduces on ${target}: ${known} (update KNOWN-DIVERGENCES.md)`).toBe(true);
        return;
      }
      expect(outcome.failed, outcome.report).toBe(false);
    }, TEST_TIMEOUT_MS);
  });
}
