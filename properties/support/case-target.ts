// One small adapter over every target the property families drive (redis-server with
// fault-preload.so, the reference server in-process on a simulated disk), so each family runs
// through the same code on each, over harness/index.ts's Target. Explicit map of factories.

import type { Redis } from 'ioredis';
import { InProcessReferenceTarget, redisServerTarget, type CrashKind, type DiskFaultSwitches, type Target, type TargetTime } from '../../harness/index.js';

/** A crash as the families draw it: a power cut keeps renames and creates (data-only) or only those made durable by a directory fsync (strict). */
export type CrashKindName = CrashKind | 'power-strict';

/** The checkers' name for a crash. */
export function faultOf(kind: CrashKindName): 'crash:process' | 'crash:power' {
  return kind === 'process' ? 'crash:process' : 'crash:power';
}

/** What a property needs of a target: start, clients, crash, restart, pause, disk faults, stop. */
export interface CaseTarget {
  readonly name: string;
  start(directives: Record<string, string>): Promise<void>;
  /** A new client (ioredis, no retries: a broken connection fails the op, recorded as info). */
  client(): Redis;
  readonly port: number;
  crash(kind: CrashKindName): Promise<void>;
  restart(): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Sets every switch: what `f` leaves out is off. */
  setDiskFaults(f: DiskFaultSwitches): void;
  logs(): string[];
  stop(): Promise<void>;
  /** The target's own time when virtual (sleeps advance it; the history is stamped with it). */
  readonly time?: TargetTime;
}

export type TargetName = 'reference' | 'reference-realtime' | 'redis-server';

/** The harness's Target with what every family starts it with (disk faults and the power-loss journal on). */
function adapt(t: Target): CaseTarget {
  return {
    name: t.name,
    start: (d) => t.start(d, { diskFaults: true }),
    client: () => t.client(),
    get port() {
      return t.address.port;
    },
    crash: (k) => (k === 'power-strict' ? t.crash('power', 'strict') : t.crash(k, 'data-only')),
    restart: () => t.restart(),
    pause: () => t.pause(),
    resume: () => t.resume(),
    setDiskFaults: (f) => t.faults.set({ enospc: f.enospc ?? false, partialBytes: f.partialBytes ?? 0, eioWrite: f.eioWrite ?? false, eioFsync: f.eioFsync ?? false, fsyncDelayMs: f.fsyncDelayMs ?? 0 }),
    logs: () => t.logs(),
    stop: () => t.stop(),
    time: t.time,
  };
}

/** The targets, by name. */
export const TARGETS: Record<TargetName, () => CaseTarget> = {
  reference: () => adapt(new InProcessReferenceTarget({ name: 'reference' })),
  // `reference` runs on virtual time (the in-process default); this one on the wall clock.
  'reference-realtime': () => adapt(new InProcessReferenceTarget({ name: 'reference-realtime', virtualTime: false })),
  'redis-server': () => adapt(redisServerTarget()),
};

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
