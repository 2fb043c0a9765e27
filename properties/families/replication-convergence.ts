// The replication-convergence family: a master and a replica (same target kind) linked through
// the link proxy; a workload on the master interleaved with link faults (drop, blackhole,
// latency, limit_data) and restarts of either side; then heal, stop writing, and check that the
// replica equals the master (digest, offsets) and that every drop whose gap fitted the backlog
// resumed with a partial resync.

import fc from 'fast-check';
import type { ToxicSpec } from '../../harness/index.js';
import { checkPartialResync } from '../../harness/checkers/convergence.js';
import type { Verdict } from '../../harness/checkers/verdict.js';
import type { TargetName } from '../support/case-target.js';
import type { Family, FamilyConfig } from '../support/family.js';
import { convergenceVerdict, infoMap, offsets, withReplicaPair, type ReplicaPair } from '../support/replica-pair.js';
import { newRun, runStep, type RunState } from '../support/run-steps.js';
import { stepToString } from '../support/steps.js';
import { workStep, type WorkStep } from '../support/workload.js';

export interface ReplicationConfig extends FamilyConfig {
  directives: Record<string, string>;
  backlogSize: number;
}

type LinkToxic = 'blackhole' | 'latency' | 'limit_data';

export type ReplicationStep =
  | WorkStep
  | { t: 'link-drop' }
  | { t: 'link'; toxic: LinkToxic; on: boolean }
  | { t: 'restart'; who: 'master' | 'replica' }
  | { t: 'sleep'; ms: number };

export interface ReplicationCase {
  steps: ReplicationStep[];
}

const BACKLOG = 1024 * 1024;
const base = { appendonly: 'no', save: '', 'repl-diskless-sync-delay': '0', 'repl-backlog-size': String(BACKLOG) };

const configs: ReplicationConfig[] = [
  { label: 'repl-diskless-sync yes', directives: { ...base, 'repl-diskless-sync': 'yes' }, backlogSize: BACKLOG },
  { label: 'repl-diskless-sync no', directives: { ...base, 'repl-diskless-sync': 'no' }, backlogSize: BACKLOG },
];

const TOXICS: Record<LinkToxic, ToxicSpec> = {
  blackhole: { type: 'blackhole', name: 'blackhole' },
  latency: { type: 'latency', name: 'latency', latencyMs: 30, jitterMs: 20 },
  limit_data: { type: 'limit_data', name: 'limit_data', direction: 'downstream', bytes: 300 },
};

function renderStep(s: ReplicationStep): string {
  switch (s.t) {
    case 'link-drop':
      return 'link:drop';
    case 'link':
      return `link:${s.toxic} ${s.on ? 'on' : 'off'}`;
    case 'restart':
      return `restart ${s.who}`;
    case 'sleep':
      return `sleep ${s.ms}`;
    default:
      return stepToString(s);
  }
}

/** A warm-up of master writes (so the backlog holds something), then writes, faults and restarts. */
export function replicationSteps(maxLength = 14): fc.Arbitrary<ReplicationStep[]> {
  const warmup = fc.array(workStep(2) as fc.Arbitrary<ReplicationStep>, { minLength: 1, maxLength: 3 });
  return fc.tuple(warmup, fc.array(
    fc.oneof(
      { weight: 6, arbitrary: workStep(2) as fc.Arbitrary<ReplicationStep> },
      { weight: 3, arbitrary: fc.constant<ReplicationStep>({ t: 'link-drop' }) },
      { weight: 2, arbitrary: fc.record({ t: fc.constant('link' as const), toxic: fc.constantFrom<LinkToxic>('blackhole', 'latency', 'limit_data'), on: fc.boolean() }) },
      { weight: 1, arbitrary: fc.record({ t: fc.constant('restart' as const), who: fc.constantFrom<'master' | 'replica'>('master', 'replica') }) },
      { weight: 1, arbitrary: fc.integer({ min: 50, max: 400 }).map((ms): ReplicationStep => ({ t: 'sleep', ms })) },
    ),
    { minLength: 1, maxLength },
  )).map(([w, rest]) => [...w, ...rest]);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function syncStats(p: ReplicaPair): Promise<{ full: number; partial: number; offset: number }> {
  const s = await infoMap(p.masterClient(), 'stats');
  const r = await infoMap(p.masterClient(), 'replication');
  return { full: Number(s.sync_full), partial: Number(s.sync_partial_ok), offset: Number(r.master_repl_offset) };
}

/** Drops the link, writes while it is down and, when nothing else stands in the way, checks how the replica resumed. */
async function dropAndCheck(p: ReplicaPair, config: ReplicationConfig, toxicsOn: boolean, state: RunState): Promise<Verdict | undefined> {
  const o = await offsets(p);
  const before = await syncStats(p);
  p.proxy.addToxic({ type: 'drop', name: 'drop' });
  p.proxy.removeToxic('drop');
  // Writes while the replica is away: the gap its partial resync must cover from the backlog.
  await runStep(state, { t: 'burst', client: 0, ops: [['SET', 's:gap', '$'], ['RPUSH', 'l:gap', '$'], ['INCR', 'c:gap']] });
  // Only a link that was up and in sync, with no other toxic on, has a gap we can measure.
  if (toxicsOn || !o.linkUp || o.master !== o.replica) return undefined;
  const deadline = performance.now() + 10_000;
  let after = before;
  while (performance.now() < deadline) {
    await sleep(50);
    after = await syncStats(p);
    if (after.full + after.partial > before.full + before.partial && (await offsets(p)).linkUp) break;
  }
  return checkPartialResync({ gapBytes: after.offset - o.replica, backlogSize: config.backlogSize, sameHistory: true, fullSyncs: after.full - before.full, partialOk: after.partial - before.partial });
}

async function runReplicationCase(target: TargetName, config: ReplicationConfig, value: ReplicationCase): Promise<Verdict[]> {
  return withReplicaPair(target, config.directives, async (p) => {
    let state: RunState = newRun(p.master, 2);
    const verdicts: Verdict[] = [];
    const on = new Set<LinkToxic>();
    // The replica must have finished its first sync before faults mean anything.
    await convergenceVerdict(p);
    for (const s of value.steps) {
      if (s.t === 'op' || s.t === 'burst') {
        await runStep(state, s);
      } else if (s.t === 'link-drop') {
        const v = await dropAndCheck(p, config, on.size > 0, state);
        if (v) verdicts.push(v);
      } else if (s.t === 'link') {
        if (s.on && !on.has(s.toxic)) p.proxy.addToxic(TOXICS[s.toxic]);
        if (!s.on && on.has(s.toxic)) p.proxy.removeToxic(TOXICS[s.toxic].name!);
        if (s.on) on.add(s.toxic);
        else on.delete(s.toxic);
      } else if (s.t === 'restart') {
        const t = s.who === 'master' ? p.master : p.replica;
        await t.crash('process');
        await t.restart();
        p.resetClients();
        if (s.who === 'master') state = { ...newRun(p.master, 2), counter: state.counter };
      } else {
        await sleep(s.ms);
      }
    }
    p.proxy.clearToxics();
    verdicts.push(await convergenceVerdict(p));
    return verdicts;
  });
}

export const replicationConvergenceFamily: Family<ReplicationConfig, ReplicationCase> = {
  name: 'replication-convergence',
  file: 'properties/replication-convergence.test.ts',
  configs,
  arbitrary: () => fc.record({ steps: replicationSteps() }),
  runCase: runReplicationCase,
  render: (v) => `${v.steps.map(renderStep).join(' | ')} | heal`,
  defaultRuns: { reference: 12, 'redis-server': 3 },
};
