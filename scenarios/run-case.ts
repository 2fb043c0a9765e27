// Runs one planned case of a scenario on one target: the steps in order, every write recorded in
// the history (ok / fail / info) and every fault and harness command on the same timeline, then the
// final read of the recovered dataset. Judging is left to expectations.ts.

import type { Redis } from 'ioredis';
import { HistoryRecorder, type History, type Op } from '../harness/history/history.js';
import type { NodeState, ResyncInput } from '../harness/checkers/convergence.js';
import { ReplicaLink } from './replica-link.js';
import { digestOf, dumpOf, nemesisWords, targetNow, targetSleep, type DiskFaultSwitches, type Target } from '../harness/index.js';
import type { KeyDump } from '../harness/checkers/dataset-diff.js';
import { parseManifest } from '../reference-server/persistence/aof/manifest.js';
import type { CasePlan, PlannedWrite } from './plan.js';
import type { DiskFault, Persistence, Scenario } from './scenario.js';
import { readDataFile, truncateDataFile } from './scenario-target.js';

/** What one case produced, before judging. */
export interface CaseRun {
  history: History;
  /** DEBUG DIGEST of the dataset at the end (after the last restart). */
  finalDigest: string;
  /** The dataset at the end, key by key (for the diff of a counterexample). */
  finalDump?: KeyDump;
  /** The crash of the case, if any: kind and monotonic time. */
  crash?: { kind: 'process' | 'power'; at: number };
  /** Milliseconds each restart took until the server answered. */
  recoveryMs: number[];
  /** Acknowledged writes, and the time the write steps took (ms): the throughput. */
  acked: number;
  writeMs: number;
  /** Set when the server could not be started again (e.g. it refused its own files). */
  restartError?: string;
  /** `topology: replica`: what the replication checkers read at the end. */
  replication?: ReplicationRun;
}

/** What a replicated case leaves for the convergence, partial-resync and read-only checkers. */
export interface ReplicationRun {
  master: NodeState;
  replica: NodeState;
  /** Milliseconds the last settle waited for the replica to catch up. */
  settledMs: number;
  resync?: ResyncInput;
  /** Writes sent to the replica, and its state just before the first and after the last. */
  replicaWrites: Op[];
  replicaBefore?: { digest: string; dump: KeyDump };
  replicaAfter?: { digest: string; dump: KeyDump };
}

/** The directives of `scenario` in persistence `mode`. */
export function directivesFor(scenario: Scenario, mode: Persistence): Record<string, string> {
  const base: Record<string, string> = mode === 'rdb'
    ? { appendonly: 'no' }
    : { appendonly: 'yes', appendfsync: mode, 'auto-aof-rewrite-percentage': '0' };
  return { ...base, ...scenario.config };
}

/** The history words of a fault (the ones the checkers read: `disk:full on`, `fsync:delay 1500`, `fsync:delay 0`). */
function faultWords(fault: DiskFault, ms: number | undefined): { inject: string; heal: string } {
  if (fault === 'fsync:delay') return nemesisWords({ fault, ms: ms ?? 0 });
  if (fault === 'disk:eio-fsync') return nemesisWords({ fault: 'disk:eio', on: 'fsync' });
  if (fault === 'disk:eio') return nemesisWords({ fault: 'disk:eio', on: 'write' });
  return nemesisWords({ fault });
}

const DISK_FAULTS: Record<string, DiskFaultSwitches> = {
  'disk:full': { enospc: true },
  'disk:eio': { eioWrite: true },
  'disk:eio-fsync': { eioFsync: true },
};

function isReplyError(e: unknown): boolean {
  return e instanceof Error && e.name === 'ReplyError';
}

/** One field of an INFO reply. */
function infoField(info: string, name: string): string | undefined {
  return new RegExp(`(?:^|\\r?\\n)${name}:([^\\r\\n]*)`).exec(info)?.[1];
}

/** The newest AOF file (from the manifest) relative to the data directory, and its size, for truncate-aof. */
async function newestAofFile(target: Target, directives: Record<string, string>): Promise<{ path: string; size: number }> {
  const aofDir = directives.appenddirname ?? 'appendonlydir';
  const files = await target.files();
  const manifest = files.find((f) => f.path.startsWith(`${aofDir}/`) && f.path.endsWith('.manifest'));
  if (!manifest) throw new Error(`truncate-aof: no manifest in ${aofDir} (files: ${files.map((f) => f.path).join(', ')})`);
  const parsed = parseManifest(readDataFile(target, manifest.path).toString('latin1'));
  const last = parsed.incr[parsed.incr.length - 1] ?? parsed.base;
  if (!last) throw new Error(`truncate-aof: the manifest ${manifest.path} names no file`);
  const path = `${aofDir}/${last.name}`;
  const file = files.find((f) => f.path === path);
  if (!file) throw new Error(`truncate-aof: ${path}, named in the manifest, is missing`);
  return file;
}

/** Runs `plan` on a started-from-scratch `target`; always stops it. */
export async function runCase(target: Target, directives: Record<string, string>, scenario: Scenario, plan: CasePlan, makeReplica?: () => Target, seed = 0): Promise<CaseRun> {
  // The history runs on the target's time (virtual on the in-process reference); costs stay in real ms.
  const now = targetNow(target);
  const rec = new HistoryRecorder(now);
  const recoveryMs: number[] = [];
  let crash: CaseRun['crash'];
  let clients: Redis[] = [];
  let up = false;
  let faults: DiskFaultSwitches = {};
  let writeMs = 0;
  let acked = 0;
  let harness: Redis | undefined;
  const active = new Map<string, string>();
  let link: ReplicaLink | undefined;
  let settledMs = 0;
  const replicaRec = new HistoryRecorder();
  let replicaBefore: ReplicationRun['replicaBefore'];
  let replicaAfter: ReplicationRun['replicaAfter'];
  const connect = () => {
    clients = Array.from({ length: scenario.workload.clients }, () => target.client());
    harness = target.client();
  };
  /** A command of the harness's own (BGSAVE, INFO...), recorded as an op of connection `clients`. */
  const recordHarnessCall = async (argv: readonly string[]): Promise<string> => {
    const op = rec.invoke(scenario.workload.clients, [...argv]);
    try {
      const reply = String(await harness!.call(argv[0]!, ...argv.slice(1)));
      rec.complete(op, 'ok', reply);
      return reply;
    } catch (e) {
      rec.complete(op, isReplyError(e) ? 'fail' : 'info', (e as Error).message);
      return '';
    }
  };
  const restart = async (): Promise<string | undefined> => {
    const t0 = performance.now();
    try {
      await target.restart();
    } catch (e) {
      rec.nemesis(`restart failed: ${(e as Error).message.split('\n')[0]}`);
      return (e as Error).message;
    }
    recoveryMs.push(performance.now() - t0);
    rec.nemesis('restart');
    link?.masterRestarted();
    up = true;
    connect();
    return undefined;
  };

  /** Sends one burst on one connection; false once the server is unreachable (the writer stops). */
  const sendBurst = async (client: Redis, clientNo: number, burst: PlannedWrite[]): Promise<boolean> => {
    const ops = burst.map((w) => rec.invoke(clientNo, w.argv));
    if (burst.length === 1) {
      try {
        const reply = await client.call(burst[0]!.argv[0]!, ...burst[0]!.argv.slice(1));
        rec.complete(ops[0]!, 'ok', String(reply));
        acked++;
        return true;
      } catch (e) {
        rec.complete(ops[0]!, isReplyError(e) ? 'fail' : 'info', (e as Error).message);
        return isReplyError(e);
      }
    }
    const pipeline = client.pipeline();
    for (const w of burst) pipeline.call(w.argv[0]!, ...w.argv.slice(1));
    const results = await pipeline.exec().catch((e: Error) => burst.map((): [Error, null] => [e, null]));
    let reachable = true;
    (results ?? []).forEach(([err, reply], i) => {
      if (!err) {
        rec.complete(ops[i]!, 'ok', String(reply));
        acked++;
      } else {
        rec.complete(ops[i]!, isReplyError(err) ? 'fail' : 'info', err.message);
        if (!isReplyError(err)) reachable = false;
      }
    });
    return reachable;
  };

  try {
    await target.start(directives, { diskFaults: true });
    up = true;
    connect();
    if (scenario.topology === 'replica') {
      if (!makeReplica) throw new Error(`scenario ${scenario.name} needs a replica: no replica factory given`);
      link = await ReplicaLink.start(target, makeReplica(), directives, plan.some((s) => s.do === 'attach'), seed);
    }
    for (const step of plan) {
      switch (step.do) {
        case 'write': {
          const t0 = performance.now();
          let burstNo = 0;
          for (let i = 0; i < step.writes.length && up; ) {
            let j = i + 1;
            while (j < step.writes.length && step.writes[j]!.burst) j++;
            const c = burstNo++ % clients.length;
            if (!(await sendBurst(clients[c]!, c, step.writes.slice(i, j)))) {
              rec.nemesis('writer stopped: server unreachable');
              up = false;
            }
            i = j;
          }
          writeMs += performance.now() - t0;
          break;
        }
        case 'fault': {
          faults = step.fault === 'fsync:delay' ? { ...faults, fsyncDelayMs: step.ms } : { ...faults, ...DISK_FAULTS[step.fault] };
          target.faults.set(faults);
          const words = faultWords(step.fault, step.ms);
          active.set(step.fault, words.heal);
          rec.nemesis(words.inject);
          break;
        }
        case 'heal':
          faults = {};
          target.faults.clear();
          for (const heal of active.values()) rec.nemesis(heal);
          active.clear();
          break;
        case 'command':
          // Harness commands go into the history too: the checkers read saves (BGSAVE) from it.
          await recordHarnessCall(step.argv);
          break;
        case 'await-info': {
          const deadline = performance.now() + (step.timeoutMs ?? 10_000);
          let info = await recordHarnessCall(['INFO', 'persistence']);
          while (infoField(info, step.field) !== step.value && performance.now() < deadline) {
            await targetSleep(target, 20);
            info = await recordHarnessCall(['INFO', 'persistence']);
          }
          if (infoField(info, step.field) !== step.value) throw new Error(`await-info: ${step.field} is ${infoField(info, step.field)} after ${step.timeoutMs ?? 10_000} ms, not ${step.value}`);
          break;
        }
        case 'wait':
          await targetSleep(target, step.ms);
          break;
        case 'crash': {
          const at = rec.nemesis(`crash:${step.kind}${step.level === 'strict' ? ' strict' : ''}`).at;
          crash = { kind: step.kind, at };
          await link?.interruptionStarts();
          for (const c of [...clients, harness]) c?.disconnect();
          await target.crash(step.kind, step.level ?? 'data-only');
          up = false;
          break;
        }
        case 'truncate-aof': {
          const file = await newestAofFile(target, directives);
          truncateDataFile(target, file.path, Math.max(0, file.size - step.bytes));
          rec.nemesis(`truncate-aof ${file.path} by ${Math.min(file.size, step.bytes)} bytes`);
          break;
        }
        case 'attach':
          await link!.attach();
          rec.nemesis('replica attached');
          break;
        case 'link':
          await link!.addToxic(step.toxic);
          rec.nemesis(`link:${step.toxic.type} on`);
          break;
        case 'link-heal':
          for (const type of link!.heal()) rec.nemesis(`link:${type} off`);
          break;
        case 'settle':
          settledMs = await link!.settle(step.timeoutMs);
          rec.nemesis(`settled after ${Math.round(settledMs)} ms`);
          break;
        case 'replica-write': {
          const c = link!.connection();
          replicaBefore ??= await link!.replicaState();
          for (const w of step.writes) {
            const op = replicaRec.invoke(0, w.argv);
            await c.call(w.argv[0]!, ...w.argv.slice(1)).then(
              (reply) => replicaRec.complete(op, 'ok', String(reply)),
              (e: Error) => replicaRec.complete(op, isReplyError(e) ? 'fail' : 'info', e.message),
            );
          }
          replicaAfter = await link!.replicaState();
          break;
        }
        case 'restart': {
          if (up) {
            // A restart of a running server is a kill -9 and a start: nothing is saved on the way down.
            for (const c of [...clients, harness]) c?.disconnect();
            rec.nemesis('crash:process (restart)');
            await target.crash('process', 'data-only');
            up = false;
          }
          const error = await restart();
          if (error) return { history: rec.history, finalDigest: '', crash, recoveryMs, acked, writeMs, restartError: error };
          break;
        }
      }
    }
    if (!up) {
      const error = await restart();
      if (error) return { history: rec.history, finalDigest: '', crash, recoveryMs, acked, writeMs, restartError: error };
    }
    if (Object.keys(faults).length > 0) target.faults.clear();
    const finalDigest = await digestOf(harness!);
    const finalDump = await dumpOf(harness!);
    let replication: ReplicationRun | undefined;
    if (link) {
      const nodes = await link.nodes(harness!);
      const resync = link.lastResync();
      replication = { ...nodes, settledMs, ...(resync ? { resync } : {}), replicaWrites: replicaRec.history.ops, ...(replicaBefore ? { replicaBefore } : {}), ...(replicaAfter ? { replicaAfter } : {}) };
    }
    return { history: rec.history, finalDigest, finalDump, crash, recoveryMs, acked, writeMs, ...(replication ? { replication } : {}) };
  } finally {
    for (const c of [...clients, harness]) c?.disconnect();
    await link?.stop();
    await target.stop();
  }
}
