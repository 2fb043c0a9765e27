// The targets `--target` names for scenarios, as factories of the harness's Target, and the one
// thing a scenario does to data files that Target leaves out: cutting the tail of a file while the
// server is down (through the simulated disk in-process, through the file system otherwise).

import { readFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { InProcessReferenceTarget, redisServerTarget, referenceTarget, type Target } from '../harness/index.js';
import { genericTarget, loadTargetDescription } from '../harness/targets/generic-target.js';

/** Thrown for a `--target` name that is not known. */
export class UnknownTargetError extends Error {}

/** Options every target factory takes. */
export interface TargetOptions {
  /** redis-server binary (default: $REDIS_SERVER, then PATH). */
  redisServer?: string;
}

/** Target factories by `--target` name; each call makes a fresh, unstarted target. */
export const SCENARIO_TARGETS: Readonly<Record<string, (options: TargetOptions) => Target>> = {
  redis: (o) => redisServerTarget({ binary: o.redisServer }),
  // In-process on virtual time: waits and fsync stalls take no real time, runs repeat exactly.
  reference: () => new InProcessReferenceTarget({ name: 'reference' }),
  // The same on the wall clock: operations and waits take the real time they take.
  'reference-realtime': () => new InProcessReferenceTarget({ name: 'reference-realtime', virtualTime: false }),
  'reference-process': () => referenceTarget({ name: 'reference-process' }),
};

/**
 * The factory for a `--target` value: a known name, or the path of a target description file
 * (JSON, see harness/targets/examples/redis-server.target.json). Unknown names throw
 * UnknownTargetError listing the known ones; a bad file throws naming the field.
 */
export function scenarioTarget(nameOrFile: string): (options: TargetOptions) => Target {
  if (nameOrFile.includes('/') || nameOrFile.endsWith('.json')) {
    const description = loadTargetDescription(nameOrFile);
    return () => genericTarget(description);
  }
  const f = SCENARIO_TARGETS[nameOrFile];
  if (!f) throw new UnknownTargetError(`unknown target '${nameOrFile}' (known: ${Object.keys(SCENARIO_TARGETS).join(', ')}, or the path of a target description file)`);
  return f;
}

/** Cuts `path` (relative to the data directory) to `size` bytes; the server must be down. */
export function truncateDataFile(target: Target, path: string, size: number): void {
  if (target instanceof InProcessReferenceTarget) target.storage.truncate(join(target.dir, path), size);
  else truncateSync(join(target.dir, path), size);
}

/** The bytes of `path` (relative to the data directory). */
export function readDataFile(target: Target, path: string): Buffer {
  if (target instanceof InProcessReferenceTarget) return target.storage.readFile(join(target.dir, path));
  return readFileSync(join(target.dir, path));
}
