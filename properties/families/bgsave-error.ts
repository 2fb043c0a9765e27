// The bgsave-error family (RDB only, save points set): disk:full switched on and off around
// BGSAVEs at random points, writes and reads throughout, then a crash. Checks the MISCONF
// discipline for stop-writes-on-bgsave-error yes and no, and the RDB-only row after the crash.

import fc from 'fast-check';
import { checkDurability } from '../../harness/checkers/loss-bound.js';
import { checkBgsaveErrorDiscipline } from '../../harness/checkers/misconf.js';
import { faultOf, type CrashKindName } from '../support/case-target.js';
import { crashCase } from '../support/crash-case.js';
import type { Family, FamilyConfig } from '../support/family.js';
import { stepsToString, type Step } from '../support/steps.js';
import { workStep } from '../support/workload.js';
import type { DurabilityCaseValue } from './durability.js';

export interface BgsaveErrorConfig extends FamilyConfig {
  stopWrites: boolean;
  directives: Record<string, string>;
}

const configs: BgsaveErrorConfig[] = (['yes', 'no'] as const).map((v) => ({
  label: `stop-writes-on-bgsave-error ${v}`,
  stopWrites: v === 'yes',
  // A save point that never fires by itself: MISCONF applies only when save points are set.
  directives: { appendonly: 'no', save: '3600 1000000', 'stop-writes-on-bgsave-error': v },
}));

const read: fc.Arbitrary<Step> = fc.tuple(fc.integer({ min: 0, max: 2 }), fc.constantFrom(['GET', 's:0'], ['GET', 's:1'], ['LRANGE', 'l:0', '0', '-1'], ['SMEMBERS', 'S:0'], ['EXISTS', 'h:0']))
  .map(([client, args]) => ({ t: 'read', client, args }));

export function bgsaveErrorSteps(maxLength = 30): fc.Arbitrary<Step[]> {
  const step = fc.oneof(
    { weight: 6, arbitrary: workStep(3).map((s): Step[] => [s]) },
    { weight: 2, arbitrary: read.map((s) => [s]) },
    { weight: 2, arbitrary: fc.constant<Step[]>([{ t: 'disk', fault: 'full', on: true }]) },
    { weight: 1, arbitrary: fc.constant<Step[]>([{ t: 'disk', fault: 'full', on: false }]) },
    { weight: 3, arbitrary: fc.constant<Step[]>([{ t: 'bgsave' }, { t: 'wait-save' }]) },
    // A failed-save episode: the disk fills, a BGSAVE fails, writes and reads follow.
    { weight: 2, arbitrary: fc.tuple(fc.array(workStep(3), { minLength: 1, maxLength: 3 }), read).map(([w, r]): Step[] => [{ t: 'disk', fault: 'full', on: true }, { t: 'bgsave' }, { t: 'wait-save' }, ...w, r]) },
  );
  return fc.array(step, { minLength: 1, maxLength }).map((c) => c.flat());
}

export const bgsaveErrorFamily: Family<BgsaveErrorConfig, DurabilityCaseValue> = {
  name: 'bgsave-error',
  file: 'properties/bgsave-error.test.ts',
  configs,
  arbitrary: () => fc.record({ steps: bgsaveErrorSteps(), crash: fc.constantFrom<CrashKindName>('process', 'power') }),
  async runCase(target, config, value) {
    const out = await crashCase(target, config.directives, value.steps, value.crash);
    return [
      out.prefix,
      checkBgsaveErrorDiscipline(out.history, config.stopWrites),
      checkDurability({ mode: 'rdb', fault: faultOf(value.crash), faultAt: out.faultAt, history: out.history, prefix: out.prefix }),
    ];
  },
  render: (v) => `${stepsToString(v.steps)} | crash:${v.crash}`,
  defaultRuns: { reference: 20, 'redis-server': 5 },
};
