// The durability family: a workload over the five types (unique values, several connections,
// pipelined bursts, BGSAVE at random points under RDB only), then a crash (process or power) at
// the end of a random sequence, restart, and the prefix checker plus the mode's loss bound.

import fc from 'fast-check';
import type { Verdict } from '../../harness/checkers/verdict.js';
import { checkDurability, type Persistence } from '../../harness/checkers/loss-bound.js';
import type { CrashKindName, TargetName } from '../support/case-target.js';
import { crashCase } from '../support/crash-case.js';
import type { Family, FamilyConfig } from '../support/family.js';
import { stepsToString, type Step } from '../support/steps.js';
import { workStep } from '../support/workload.js';

export interface DurabilityConfig extends FamilyConfig {
  mode: Persistence;
  directives: Record<string, string>;
}

export interface DurabilityCaseValue {
  steps: Step[];
  crash: CrashKindName;
}

const aof = (fsync: string, preamble: 'yes' | 'no'): Record<string, string> => ({
  appendonly: 'yes', appendfsync: fsync, 'aof-use-rdb-preamble': preamble, 'auto-aof-rewrite-percentage': '0',
});

export const DURABILITY_CONFIGS: readonly DurabilityConfig[] = [
  { label: 'appendfsync always', mode: 'always', directives: aof('always', 'yes') },
  { label: 'appendfsync everysec', mode: 'everysec', directives: aof('everysec', 'yes') },
  { label: 'appendfsync no', mode: 'no', directives: aof('no', 'yes') },
  { label: 'appendfsync everysec, aof-use-rdb-preamble no', mode: 'everysec', directives: aof('everysec', 'no') },
  { label: 'RDB only', mode: 'rdb', directives: { appendonly: 'no', save: '' } },
];

/** A workload, with BGSAVE (waited for or not) at random points when the row is RDB only. */
export function durabilitySteps(mode: Persistence, maxLength = 40): fc.Arbitrary<Step[]> {
  const work = workStep(3);
  const step: fc.Arbitrary<Step[]> = mode === 'rdb'
    ? fc.oneof(
      { weight: 8, arbitrary: work.map((s) => [s]) },
      { weight: 1, arbitrary: fc.constant<Step[]>([{ t: 'bgsave' }, { t: 'wait-save' }]) },
      { weight: 1, arbitrary: fc.constant<Step[]>([{ t: 'bgsave' }]) },
    )
    : work.map((s) => [s]);
  return fc.array(step, { minLength: 1, maxLength }).map((chunks) => chunks.flat());
}

export const durabilityFamily: Family<DurabilityConfig, DurabilityCaseValue> = {
  name: 'durability',
  file: 'properties/durability.test.ts',
  configs: DURABILITY_CONFIGS,
  arbitrary: (config) => fc.record({ steps: durabilitySteps(config.mode), crash: fc.constantFrom<CrashKindName>('process', 'power') }),
  async runCase(target: TargetName, config, value): Promise<Verdict[]> {
    const out = await crashCase(target, config.directives, value.steps, value.crash);
    return [out.prefix, checkDurability({ mode: config.mode, fault: `crash:${value.crash}`, faultAt: out.faultAt, history: out.history, prefix: out.prefix })];
  },
  render: (v) => `${stepsToString(v.steps)} | crash:${v.crash}`,
  defaultRuns: { reference: 25, 'redis-server': 6 },
};
