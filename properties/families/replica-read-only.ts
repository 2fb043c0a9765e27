// The replica-read-only family: a master and a replica (replica-read-only yes); phases of writes
// on the master (then the replica catches up) and writes sent to the replica on several
// connections and in pipelines. Every write to the replica must get -READONLY and change
// nothing (digest before and after); at the end the replica still equals the master.

import fc from 'fast-check';
import { digestOf, dumpOf, HistoryRecorder } from '../../harness/index.js';
import { checkReadOnly } from '../../harness/checkers/read-only.js';
import type { Verdict } from '../../harness/checkers/verdict.js';
import type { Family, FamilyConfig } from '../support/family.js';
import { convergenceVerdict, withReplicaPair } from '../support/replica-pair.js';
import { newRun, runStep } from '../support/run-steps.js';
import { stepToString } from '../support/steps.js';
import { workStep, type WorkStep } from '../support/workload.js';

export interface ReadOnlyConfig extends FamilyConfig {
  directives: Record<string, string>;
}

export interface ReadOnlyCase {
  phases: Array<{ master: WorkStep[]; replica: WorkStep[] }>;
}

const configs: ReadOnlyConfig[] = [
  { label: 'replica-read-only yes', directives: { appendonly: 'no', save: '', 'repl-diskless-sync-delay': '0', 'replica-read-only': 'yes' } },
];

export const replicaReadOnlyFamily: Family<ReadOnlyConfig, ReadOnlyCase> = {
  name: 'replica-read-only',
  file: 'properties/replica-read-only.test.ts',
  configs,
  arbitrary: () => fc.record({
    phases: fc.array(fc.record({ master: fc.array(workStep(2), { maxLength: 6 }), replica: fc.array(workStep(2), { minLength: 1, maxLength: 6 }) }), { minLength: 1, maxLength: 3 }),
  }),
  async runCase(target, config, value): Promise<Verdict[]> {
    return withReplicaPair(target, config.directives, async (p) => {
      const master = newRun(p.master, 2);
      const replica = newRun(p.replica, 2);
      replica.counter = master.counter;
      const verdicts: Verdict[] = [];
      for (const phase of value.phases) {
        for (const s of phase.master) await runStep(master, s);
        const caughtUp = await convergenceVerdict(p);
        if (!caughtUp.ok) return [caughtUp];
        const r = p.replicaClient();
        const before = { digest: await digestOf(r) };
        replica.recorder = new HistoryRecorder();
        for (const s of phase.replica) await runStep(replica, s);
        const after = { digest: await digestOf(r) };
        const v = checkReadOnly(replica.recorder.history.ops, before.digest === after.digest ? before : { ...before, dump: await dumpOf(p.masterClient()) }, before.digest === after.digest ? after : { ...after, dump: await dumpOf(r) });
        verdicts.push(v);
      }
      verdicts.push(await convergenceVerdict(p));
      return verdicts;
    });
  },
  render: (v) => v.phases.map((ph, i) => `phase ${i}: master[${ph.master.map(stepToString).join('; ')}] replica[${ph.replica.map(stepToString).join('; ')}]`).join(' | '),
  defaultRuns: { reference: 6, 'redis-server': 3 },
};
