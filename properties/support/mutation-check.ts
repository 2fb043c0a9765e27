// The mutation check's plan: each deliberately broken variant of the reference server
// (reference-server/mutations.ts) and the family and configuration that must catch it; and a
// runner that switches the variant on, runs the family on the in-process target, switches it off.

import { withMutation, type MutationName } from '../../reference-server/mutations.js';
import type { PropertyOutcome } from './check-property.js';
import { runFamily, type Family, type FamilyConfig } from './family.js';
import { durabilityFamily } from '../families/durability.js';
import { rewriteFamily } from '../families/rewrite.js';
import { bgsaveErrorFamily } from '../families/bgsave-error.js';
import { replicationConvergenceFamily } from '../families/replication-convergence.js';

/** One variant and where it must be caught. */
export interface MutationPlan {
  mutation: MutationName;
  // Families differ in config and case types; the plan only passes them through to runFamily.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogeneous family table
  family: Family<any, any>;
  config: string;
  /** Runs allowed (the family's default budget on the in-process target unless said). */
  numRuns?: number;
}

export const MUTATION_PLANS: readonly MutationPlan[] = [
  { mutation: 'reply-before-fsync', family: durabilityFamily, config: 'appendfsync always' },
  { mutation: 'everysec-postpone-forever', family: durabilityFamily, config: 'appendfsync everysec' },
  { mutation: 'lose-incr-buffer-on-rewrite', family: rewriteFamily, config: 'appendfsync always, aof-use-rdb-preamble yes' },
  { mutation: 'manifest-rename-no-dir-fsync', family: durabilityFamily, config: 'appendfsync always, strict power loss' },
  { mutation: 'accept-writes-after-failed-bgsave', family: bgsaveErrorFamily, config: 'stop-writes-on-bgsave-error yes' },
  { mutation: 'replica-skips-command', family: replicationConvergenceFamily, config: 'repl-diskless-sync yes' },
  { mutation: 'psync-wrong-offset', family: replicationConvergenceFamily, config: 'repl-diskless-sync yes' },
];

/** Runs the plan's family on the in-process reference server with the variant on; always switches it off. */
export async function runMutation(plan: MutationPlan, options: { seed?: number; noShrink?: boolean } = {}): Promise<PropertyOutcome> {
  const config = (plan.family.configs as readonly FamilyConfig[]).find((c) => c.label === plan.config);
  if (!config) throw new Error(`mutation plan ${plan.mutation}: family ${plan.family.name} has no config '${plan.config}'`);
  return withMutation(plan.mutation, () =>
    runFamily(plan.family, 'reference', config, {
      numRuns: plan.numRuns ?? config.runs?.reference ?? plan.family.defaultRuns.reference,
      noShrink: options.noShrink ?? true,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
    }));
}
