// The disk-errors family (AOF): disk:full and disk:eio switched on and off, fsync delays, sleeps
// and pauses (SIGSTOP/SIGCONT) at random points under a workload; then the disk heals, the
// harness waits for the AOF to write again, crashes the process and restarts. No acknowledged write may be lost (everysec:
// except writes held back by a stalled fsync), refused writes are errors, the state a prefix.

import fc from 'fast-check';
import { checkAofDiskErrors } from '../../harness/checkers/misconf.js';
import { fsyncStallIntervals } from '../../harness/checkers/fsync-stalls.js';
import { crashCase } from '../support/crash-case.js';
import type { Family, FamilyConfig } from '../support/family.js';
import { healDisk, waitInfo } from '../support/run-steps.js';
import { stepsToString, type Step } from '../support/steps.js';
import { workStep } from '../support/workload.js';

export interface DiskErrorsConfig extends FamilyConfig {
  mode: 'always' | 'everysec' | 'no';
  directives: Record<string, string>;
}

export interface DiskErrorsCase {
  steps: Step[];
}

const configs: DiskErrorsConfig[] = (['everysec', 'no', 'always'] as const).map((mode) => ({
  label: `appendfsync ${mode}`,
  mode,
  directives: { appendonly: 'yes', appendfsync: mode, 'auto-aof-rewrite-percentage': '0' },
}));

export function diskErrorSteps(mode: DiskErrorsConfig['mode'], maxLength = 30): fc.Arbitrary<Step[]> {
  const toggle = (fault: 'full' | 'eio') => fc.boolean().map((on): Step[] => [{ t: 'disk', fault, on }]);
  const arbs: Array<{ weight: number; arbitrary: fc.Arbitrary<Step[]> }> = [
    { weight: 8, arbitrary: workStep(3).map((s): Step[] => [s]) },
    { weight: 1, arbitrary: toggle('full') },
    { weight: 1, arbitrary: toggle('eio') },
    { weight: 1, arbitrary: fc.integer({ min: 100, max: 1200 }).map((ms): Step[] => [{ t: 'sleep', ms }]) },
    { weight: 1, arbitrary: fc.integer({ min: 50, max: 400 }).map((ms): Step[] => [{ t: 'pause', ms }]) },
  ];
  // Under always a slow fsync only slows every write: the stall rows are everysec's.
  if (mode !== 'always') arbs.push({ weight: 1, arbitrary: fc.constantFrom(0, 0, 100, 300, 600).map((ms): Step[] => [{ t: 'fsync-delay', ms }]) });
  return fc.array(fc.oneof(...arbs), { minLength: 1, maxLength }).map((c) => c.flat());
}

const field = (info: string, name: string) => new RegExp(`(?:^|\\r?\\n)${name}:([^\\r\\n]*)`).exec(info)?.[1];

export const diskErrorsFamily: Family<DiskErrorsConfig, DiskErrorsCase> = {
  name: 'disk-errors',
  file: 'properties/disk-errors.test.ts',
  configs,
  arbitrary: (config) => fc.record({ steps: diskErrorSteps(config.mode) }),
  async runCase(target, config, value) {
    const out = await crashCase(target, config.directives, value.steps, 'process', {
      beforeCrash: async (state) => {
        // The heal phase: the disk recovers; wait until the AOF writes again and its buffer is empty.
        healDisk(state);
        await waitInfo(state, (i) => field(i, 'aof_last_write_status') === 'ok' && field(i, 'aof_buffer_length') === '0');
      },
    });
    return [out.prefix, checkAofDiskErrors(out.history, out.prefix, out.faultAt, config.mode, 'crash:process', { fsyncStalls: fsyncStallIntervals(out.history.nemesis) })];
  },
  render: (v) => `${stepsToString(v.steps)} | heal | crash:process`,
  defaultRuns: { reference: 12, 'redis-server': 4 },
};
