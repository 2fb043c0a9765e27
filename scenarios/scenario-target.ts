// What a scenario needs of a server, over the harness's targets: start with directives, clients,
// disk faults, crash, restart, and the data files (through the Storage port, so a simulated disk
// and a real directory look alike). The implementations named here are what `--target` accepts.

import type { Redis } from 'ioredis';
import { InProcessReferenceTarget, IN_PROCESS_DIR, redisServerTarget, referenceTarget, type DiskFaultSwitches, type ProcessTarget } from '../harness/index.js';
import { nodeStorage } from '../reference-server/ports/node-storage.js';
import type { Storage } from '../reference-server/ports/storage.js';

/** A server a scenario case runs on. stop() is idempotent and removes everything start() made. */
export interface ScenarioTarget {
  /** The implementation's name in reports: `redis-server`, `reference`. */
  readonly name: string;
  start(directives: Record<string, string>): Promise<void>;
  client(): Redis;
  setDiskFaults(f: DiskFaultSwitches): void;
  crash(kind: 'process' | 'power', level: 'data-only' | 'strict'): Promise<void>;
  restart(): Promise<void>;
  /** The data directory and the storage that reaches it. */
  files(): { storage: Storage; dir: string };
  stop(): Promise<void>;
}

/** Thrown for a `--target` name that is not known. */
export class UnknownTargetError extends Error {}

function overProcess(t: ProcessTarget, name: string): ScenarioTarget {
  return {
    name,
    start: (d) => t.start(d, { diskFaults: true }),
    client: () => t.client(),
    setDiskFaults: (f) => t.setDiskFaults(f),
    crash: (kind, level) => t.crash(kind, level),
    restart: () => t.restart(),
    files: () => ({ storage: nodeStorage, dir: t.dir }),
    stop: () => t.stop(),
  };
}

function overInProcess(t: InProcessReferenceTarget): ScenarioTarget {
  return {
    name: 'reference',
    start: (d) => t.start(d),
    client: () => t.client(),
    setDiskFaults: (f) => t.setDiskFaults(f),
    crash: (kind, level) => t.crash(kind, level),
    restart: () => t.restart(),
    files: () => ({ storage: t.storage, dir: IN_PROCESS_DIR }),
    stop: () => t.stop(),
  };
}

/** Target factories by `--target` name; each call makes a fresh, unstarted target. */
export const SCENARIO_TARGETS: Readonly<Record<string, (options: { redisServer?: string }) => ScenarioTarget>> = {
  redis: (o) => overProcess(redisServerTarget({ binary: o.redisServer }), 'redis-server'),
  reference: () => overInProcess(new InProcessReferenceTarget({ name: 'reference' })),
  'reference-process': () => overProcess(referenceTarget(), 'reference-process'),
};

/** The factory for a `--target` name, or UnknownTargetError listing the known ones. */
export function scenarioTarget(name: string): (options: { redisServer?: string }) => ScenarioTarget {
  const f = SCENARIO_TARGETS[name];
  if (!f) throw new UnknownTargetError(`unknown target '${name}' (known: ${Object.keys(SCENARIO_TARGETS).join(', ')})`);
  return f;
}
