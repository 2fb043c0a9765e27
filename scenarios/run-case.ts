// Runs one planned case of a scenario on one target: the steps in order, every write recorded in
// the history (ok / fail / info) and every fault and harness command on the same timeline, then the
// final read of the recovered dataset. Judging is left to expectations.ts.

import type { Redis } from 'ioredis';
import { HistoryRecorder, type History } from '../harness/history/history.js';
import type { DiskFaultSwitches } from '../harness/index.js';
import { AofManifest, parseManifest } from '../reference-server/persistence/aof/manifest.js';
import type { CasePlan, PlannedWrite } from './plan.js';
import type { Persistence, Scenario } from './scenario.js';
import type { ScenarioTarget } from './scenario-target.js';

/** What one case produced, before judging. */
export interface CaseRun {
  history: History;
  /** DEBUG DIGEST of the dataset at the end (after the last restart). */
  finalDigest: string;
  /** The crash of the case, if any: kind and monotonic time. */
  crash?: { kind: 'process' | 'power'; at: number };
  /** Milliseconds each restart took until the server answered. */
  recoveryMs: number[];
  /** Acknowledged writes per second over the write steps. */
  throughput: number;
  /** Set when the server could not be started again (e.g. it refused its own files). */
  restartError?: string;
}

/** The directives of `scenario` in persistence `mode`. */
export function directivesFor(scenario: Scenario, mode: Persistence): Record<string, string> {
  const base: Record<string, string> = mode === 'rdb'
    ? { appendonly: 'no' }
    : { appendonly: 'yes', appendfsync: mode, 'auto-aof-rewrite-percentage': '0' };
  return { ...base, ...scenario.config };
}

const DISK_FAULTS: Record<string, DiskFaultSwitches> = {
  'disk:full': { enospc: true },
  'disk:eio': { eioWrite: true },
  'disk:eio-fsync': { eioFsync: true },
};

function isReplyError(e: unknown): boolean {
  return e instanceof Error && e.name === 'ReplyError';
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** INFO persistence as field -> value. */
async function persistenceInfo(client: Redis): Promise<Map<string, string>> {
  const text = String(await client.call('INFO', 'persistence'));
  const fields = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) fields.set(line.slice(0, i), line.slice(i + 1));
  }
  return fields;
}

/** The newest INCR file of the AOF directory (from its manifest), for truncate-aof. */
function newestAofFile(target: ScenarioTarget, directives: Record<string, string>): string {
  const { storage, dir } = target.files();
  const aofDir = `${dir}/${directives.appenddirname ?? 'appendonlydir'}`;
  const manifestName = storage.list(aofDir).find((n) => n.endsWith('.manifest'));
  if (!manifestName) throw new Error(`truncate-aof: no manifest in ${aofDir}`);
  const manifest: AofManifest = parseManifest(storage.readFile(`${aofDir}/${manifestName}`).toString('latin1'));
  const last = manifest.incr[manifest.incr.length - 1] ?? manifest.base;
  if (!last) throw new Error(`truncate-aof: the manifest in ${aofDir} names no file`);
  return `${aofDir}/${last.name}`;
}

/** Runs `plan` on a started-from-scratch `target`; always stops it. */
export async function runCase(target: ScenarioTarget, directives: Record<string, string>, scenario: Scenario, plan: CasePlan): Promise<CaseRun> {
  const rec = new HistoryRecorder();
  const recoveryMs: number[] = [];
  let crash: CaseRun['crash'];
  let clients: Redis[] = [];
  let up = false;
  let faults: DiskFaultSwitches = {};
  let writeMs = 0;
  let acked = 0;
  const connect = () => {
    clients = Array.from({ length: scenario.workload.clients }, () => target.client());
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
    await target.start(directives);
    up = true;
    connect();
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
        case 'fault':
          faults = step.fault === 'fsync:delay' ? { ...faults, fsyncDelayMs: step.ms } : { ...faults, ...DISK_FAULTS[step.fault] };
          target.setDiskFaults(faults);
          rec.nemesis(`${step.fault} on${step.ms ? ` ${step.ms}ms` : ''}`);
          break;
        case 'heal':
          faults = {};
          target.setDiskFaults(faults);
          rec.nemesis('heal');
          break;
        case 'command': {
          const reply = await clients[0]!.call(step.argv[0]!, ...step.argv.slice(1)).then(String, (e: Error) => `error: ${e.message}`);
          rec.nemesis(`command ${step.argv.join(' ')} -> ${reply}`);
          break;
        }
        case 'await-info': {
          const deadline = performance.now() + (step.timeoutMs ?? 10_000);
          let info = await persistenceInfo(clients[0]!);
          while (info.get(step.field) !== step.value && performance.now() < deadline) {
            await sleep(20);
            info = await persistenceInfo(clients[0]!);
          }
          if (info.get(step.field) !== step.value) throw new Error(`await-info: ${step.field} is ${info.get(step.field)} after ${step.timeoutMs ?? 10_000} ms, not ${step.value}`);
          rec.nemesis(`observed rdb_last_bgsave_status:${info.get('rdb_last_bgsave_status')} aof_last_write_status:${info.get('aof_last_write_status')}`);
          break;
        }
        case 'wait':
          await sleep(step.ms);
          break;
        case 'crash': {
          const at = performance.now();
          rec.nemesis(`crash:${step.kind}${step.level === 'strict' ? ' strict' : ''}`);
          crash = { kind: step.kind, at };
          for (const c of clients) c.disconnect();
          await target.crash(step.kind, step.level ?? 'data-only');
          up = false;
          break;
        }
        case 'truncate-aof': {
          const { storage } = target.files();
          const file = newestAofFile(target, directives);
          const size = storage.size(file);
          storage.truncate(file, Math.max(0, size - step.bytes));
          rec.nemesis(`truncate-aof ${file.split('/').pop()} by ${Math.min(size, step.bytes)} bytes`);
          break;
        }
        case 'restart': {
          if (up) {
            // A restart of a running server is a kill -9 and a start: nothing is saved on the way down.
            for (const c of clients) c.disconnect();
            rec.nemesis('crash:process (restart)');
            await target.crash('process', 'data-only');
            up = false;
          }
          const error = await restart();
          if (error) return { history: rec.history, finalDigest: '', crash, recoveryMs, throughput: 0, restartError: error };
          break;
        }
      }
    }
    if (!up) {
      const error = await restart();
      if (error) return { history: rec.history, finalDigest: '', crash, recoveryMs, throughput: 0, restartError: error };
    }
    if (Object.keys(faults).length > 0) target.setDiskFaults({});
    const finalDigest = String(await clients[0]!.call('DEBUG', 'DIGEST'));
    return { history: rec.history, finalDigest, crash, recoveryMs, throughput: writeMs > 0 ? (acked / writeMs) * 1000 : 0 };
  } finally {
    for (const c of clients) c.disconnect();
    await target.stop();
  }
}
