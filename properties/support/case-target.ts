// One small adapter over every target the property families drive (redis-server with
// fault-preload.so, the reference server in-process on a simulated disk), so each family runs
// through the same code on each. Explicit map of factories; adopt harness/index.ts's Target API here.

import type { Redis } from 'ioredis';
import { InProcessReferenceTarget, redisServerTarget, type DiskFaultSwitches } from '../../harness/index.js';

export type CrashKindName = 'process' | 'power';

/** What a property needs of a target: start, clients, crash, restart, disk faults, stop. */
export interface CaseTarget {
  readonly name: string;
  start(directives: Record<string, string>): Promise<void>;
  /** A new client (ioredis, no retries: a broken connection fails the op, recorded as info). */
  client(): Redis;
  readonly port: number;
  crash(kind: CrashKindName): Promise<void>;
  restart(): Promise<void>;
  setDiskFaults(f: DiskFaultSwitches): void;
  logs(): string[];
  stop(): Promise<void>;
}

export type TargetName = 'reference' | 'redis-server';

function redis(): CaseTarget {
  const t = redisServerTarget();
  return {
    name: 'redis-server',
    start: (d) => t.start(d, { diskFaults: true }),
    client: () => t.client(),
    get port() {
      return t.address.port;
    },
    crash: (k) => t.crash(k, 'data-only'),
    restart: () => t.restart(),
    setDiskFaults: (f) => t.setDiskFaults(f),
    logs: () => t.logs(),
    stop: () => t.stop(),
  };
}

function reference(): CaseTarget {
  const t = new InProcessReferenceTarget({ name: 'reference' });
  return {
    name: 'reference',
    start: (d) => t.start(d),
    client: () => t.client(),
    get port() {
      return t.address.port;
    },
    crash: (k) => t.crash(k, 'data-only'),
    restart: () => t.restart(),
    setDiskFaults: (f) => t.setDiskFaults(f),
    logs: () => t.logs(),
    stop: () => t.stop(),
  };
}

/** The targets, by name. */
export const TARGETS: Record<TargetName, () => CaseTarget> = { reference, 'redis-server': redis };

/** Every target a family runs on by default (FC_TARGETS=reference,redis-server narrows it). */
export function selectedTargets(): TargetName[] {
  const wanted = process.env.FC_TARGETS?.split(',').map((s) => s.trim()).filter(Boolean);
  const all = Object.keys(TARGETS) as TargetName[];
  if (!wanted) return all;
  const bad = wanted.filter((w) => !all.includes(w as TargetName));
  if (bad.length) throw new Error(`FC_TARGETS: unknown target(s) ${bad.join(', ')}; known: ${all.join(', ')}`);
  return wanted as TargetName[];
}

/** Starts a target and always stops it, whatever `body` does. */
export async function withTarget<T>(name: TargetName, directives: Record<string, string>, body: (t: CaseTarget) => Promise<T>): Promise<T> {
  const t = TARGETS[name]();
  try {
    await t.start(directives);
    return await body(t);
  } finally {
    await t.stop();
  }
}
