// A process-wide registry of every server process and data directory the harness started, so
// that every exit path (normal exit, uncaught exception, SIGINT/SIGTERM/SIGHUP) kills and removes them.

import { rmSync } from 'node:fs';
import { descendantsOf } from './process-tree.js';

/** One started thing to reap: a process id, a directory, or both. */
export interface Reapable {
  pid?: number;
  dir?: string;
  /** Other directories owned by the same target (e.g. its fault-preload journal). */
  extraDirs?: string[];
}

const live = new Set<Reapable>();
let hooksInstalled = false;

/** Records a process/directory; call forget() once it has been stopped and removed normally. */
export function remember(entry: Reapable): void {
  installExitHooks();
  live.add(entry);
}

/** Removes an entry from the registry (it was cleaned up normally). */
export function forget(entry: Reapable): void {
  live.delete(entry);
}

/** Entries not cleaned up yet (for tests). */
export function liveEntries(): readonly Reapable[] {
  return [...live];
}

/** Synchronously SIGKILLs every registered process and removes every registered directory. */
export function reapAllSync(): void {
  for (const entry of live) {
    if (entry.pid !== undefined) {
      // Forked children first: a BGSAVE child would outlive its SIGKILLed parent.
      for (const pid of [...descendantsOf(entry.pid), entry.pid]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch (e) {
          // ESRCH: already gone, which is what we want; anything else is worth a line on stderr.
          if ((e as NodeJS.ErrnoException).code !== 'ESRCH') process.stderr.write(`durability-lab: could not kill ${pid}: ${(e as Error).message}\n`);
        }
      }
    }
    for (const dir of [entry.dir, ...(entry.extraDirs ?? [])]) {
      if (dir === undefined) continue;
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch (e) {
        process.stderr.write(`durability-lab: could not remove ${dir}: ${(e as Error).message}\n`);
      }
    }
  }
  live.clear();
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  // 'exit' also runs after an uncaught exception or unhandled rejection ends the process.
  process.on('exit', reapAllSync);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      reapAllSync();
      process.off(signal, onSignal);
      // Other listeners (a test runner's) decide what happens next; with none, re-raise so the
      // process dies of the signal as it would have without us.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}
