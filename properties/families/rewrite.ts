// The rewrite family: the durability workload with BGREWRITEAOF at random points (waited for, or
// left running so the crash can land in the middle of the rewrite), for each appendfsync mode
// with and without aof-use-rdb-preamble; after the crash, the prefix and the mode's loss bound.

import fc from 'fast-check';
import { checkDurability } from '../../harness/checkers/loss-bound.js';
import { faultOf, type CrashKindName } from '../support/case-target.js';
import { crashCase } from '../support/crash-case.js';
import type { Family } from '../support/family.js';
import { stepsToString, type Step } from '../support/steps.js';
import { workStep, writeTemplate } from '../support/workload.js';
import type { DurabilityCaseValue, DurabilityConfig } from './durability.js';

const configs: DurabilityConfig[] = [];
for (const fsync of ['always', 'everysec', 'no'] as const) {
  for (const preamble of ['yes', 'no'] as const) {
    configs.push({
      label: `appendfsync ${fsync}, aof-use-rdb-preamble ${preamble}`,
      mode: fsync,
      directives: { appendonly: 'yes', appendfsync: fsync, 'aof-use-rdb-preamble': preamble, 'auto-aof-rewrite-percentage': '0' },
    });
  }
}

/** Workload with rewrites: a rewrite left running at the end is a crash in the middle of it. */
export function rewriteSteps(maxLength = 30): fc.Arbitrary<Step[]> {
  const step = fc.oneof(
    { weight: 6, arbitrary: workStep(3).map((s): Step[] => [s]) },
    { weight: 1, arbitrary: fc.constant<Step[]>([{ t: 'bgrewriteaof' }, { t: 'wait-rewrite' }]) },
    { weight: 2, arbitrary: fc.constant<Step[]>([{ t: 'bgrewriteaof' }]) },
    // A pipelined burst that ends in BGREWRITEAOF: the rewrite starts with writes still buffered.
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 2 }), fc.array(writeTemplate, { minLength: 1, maxLength: 6 })).map(([client, ops]): Step[] => [{ t: 'burst', client, ops: [...ops, ['BGREWRITEAOF']] }]) },
  );
  return fc.array(step, { minLength: 1, maxLength }).map((c) => c.flat());
}

/** How the case ends before the crash: nothing more, a rewrite just started, or a pipeline ending in one. */
export type RewriteTail = 'none' | 'bgrewriteaof' | 'burst-bgrewriteaof';

export interface RewriteCase extends DurabilityCaseValue {
  /** A bulk MSET of this many keys before the tail, so the rewrite takes several slices (0: none). */
  bulk: number;
  tail: RewriteTail;
}

/** The steps of a case: the workload, the bulk write, the tail; the crash follows at once. */
function caseSteps(v: RewriteCase): Step[] {
  const out = [...v.steps];
  if (v.bulk > 0) out.push({ t: 'op', client: 0, args: ['MSET', ...Array.from({ length: v.bulk }, (_, i) => [`b:${i}`, '$']).flat()] });
  if (v.tail === 'bgrewriteaof') out.push({ t: 'bgrewriteaof' });
  if (v.tail === 'burst-bgrewriteaof') out.push({ t: 'burst', client: 1, ops: [['SET', 's:0', '$'], ['RPUSH', 'l:0', '$'], ['BGREWRITEAOF']] });
  return out;
}

export const rewriteFamily: Family<DurabilityConfig, RewriteCase> = {
  name: 'rewrite',
  file: 'properties/rewrite.test.ts',
  configs,
  arbitrary: () => fc.record({
    steps: rewriteSteps(),
    // A large dataset makes the rewrite span many slices (or a fork that takes a while): the
    // crash that follows a fresh BGREWRITEAOF lands in the middle of it.
    bulk: fc.constantFrom(0, 2000),
    tail: fc.oneof(
      { weight: 1, arbitrary: fc.constant<RewriteTail>('none') },
      { weight: 1, arbitrary: fc.constant<RewriteTail>('bgrewriteaof') },
      { weight: 2, arbitrary: fc.constant<RewriteTail>('burst-bgrewriteaof') },
    ),
    crash: fc.constantFrom<CrashKindName>('process', 'power'),
  }),
  async runCase(target, config, value) {
    const out = await crashCase(target, config.directives, caseSteps(value), value.crash);
    return [out.prefix, checkDurability({ mode: config.mode, fault: faultOf(value.crash), faultAt: out.faultAt, history: out.history, prefix: out.prefix })];
  },
  render: (v) => `${stepsToString(caseSteps(v))} | crash:${v.crash}`,
  defaultRuns: { reference: 15, 'redis-server': 3 },
};
