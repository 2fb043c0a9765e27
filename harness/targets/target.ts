// The Target interface: one shape for every server implementation the harness drives (real
// redis-server, the reference server as a process or in-process, a generic server described by
// data), so suites need no adapters: start, clients, crash, restart, pause, faults, files, logs, stop.

import type { Redis } from 'ioredis';
import type { RawClient } from '../resp/raw-client.js';
import type { TargetTime } from '../virtual-time/virtual-time.js';

/** redis.conf directives as `name -> value` (several values for `save`, `bind`...). */
export type Directives = Readonly<Record<string, string | readonly string[]>>;

/** Where a started target listens. */
export interface TargetAddress {
  host: string;
  port: number;
}

/** How a target dies: SIGKILL with the page cache kept, or a power cut (only fsynced data kept). */
export type CrashKind = 'process' | 'power';

/**
 * How much a power cut loses: `data-only` (file data not fsynced; creates and renames survive, as
 * LazyFS models) or `strict` (a create, rename or unlink also needs an fsync of its directory).
 */
export type PowerLossMode = 'data-only' | 'strict';

/** Disk faults, as switches. Absent or false/0 means off. */
export interface DiskFaultSwitches {
  /** ENOSPC on writes. */
  enospc?: boolean;
  /** With enospc: writes longer than this many bytes write this many, then fail (a short write). */
  partialBytes?: number;
  /** EIO on writes. */
  eioWrite?: boolean;
  /** EIO on fsync/fdatasync. */
  eioFsync?: boolean;
  /** Each fsync/fdatasync first takes this many ms. */
  fsyncDelayMs?: number;
}

/**
 * The disk-fault switches of a running target: fault-preload.so's control file for a process,
 * the simulated disk in-process. Switches apply at once, while the target runs, and survive
 * crash() and restart() until changed.
 */
export interface DiskFaultControl {
  /** False when this target cannot take disk faults (a process started without `diskFaults`). */
  readonly available: boolean;
  /** The switches in force. */
  current(): Readonly<DiskFaultSwitches>;
  /** Merges these switches into the current ones (pass false/0 to switch one off). Throws when unavailable. */
  set(switches: DiskFaultSwitches): void;
  /** Switches every disk fault off. */
  clear(): void;
}

/** Options of start() beyond the directives. */
export interface StartOptions {
  /**
   * Needed on process targets for disk faults and crash('power'): loads fault-preload.so and keeps
   * the power-loss journal. The in-process target always has both (simulated disk).
   */
  diskFaults?: boolean;
}

/** One file under the data directory. */
export interface DataFile {
  /** Path relative to the data directory, `/`-separated (e.g. `appendonlydir/appendonly.aof.1.incr.aof`). */
  path: string;
  /** Size in bytes as a reader sees it now. */
  size: number;
}

/**
 * A server under test. Lifecycle: start() once; then clients, faults, crash()/restart(),
 * pause()/resume(); then stop(). stop() is idempotent and always removes what start() created
 * (processes, data directory), even after a crash or a fatal exit.
 */
export interface Target {
  /** Short name for messages and reports, e.g. `redis-server` or `reference`. */
  readonly name: string;
  /** Starts the server with these directives on top of the target's defaults; resolves once it is ready (PING, loading:0). */
  start(directives?: Directives, options?: StartOptions): Promise<void>;
  /** The address; throws before start(). It stays the same across restart(). */
  readonly address: TargetAddress;
  /** The data directory (`dir`); throws before start(). */
  readonly dir: string;
  /** The OS process id, when the target is a separate process and it is running. */
  readonly pid: number | undefined;
  /** True once the server is down: crashed, stopped, or died by itself (e.g. an AOF error under always). */
  readonly exited: boolean;
  /** Resolves when the server is down (at once if it is). */
  waitExit(): Promise<void>;
  /** A new ioredis client (no reconnects, one retry); closed by crash() and stop(). */
  client(): Redis;
  /** A new raw RESP client (replies as bytes); closed by crash() and stop(). */
  rawClient(): Promise<RawClient>;
  /**
   * Kills the server at once (clients are dropped). `power` then reduces the data directory to
   * what a power cut leaves at `level` (default data-only). The directory stays for restart().
   */
  crash(kind: CrashKind, level?: PowerLossMode): Promise<void>;
  /** Starts the server again on the same data directory and port, with the same directives. */
  restart(): Promise<void>;
  /** Freezes the server (SIGSTOP; in-process: stops serving): connections stay open, nothing is answered. */
  pause(): Promise<void>;
  /** Undoes pause() (SIGCONT; in-process: serves again). */
  resume(): Promise<void>;
  /** Whether the server is paused. */
  readonly paused: boolean;
  /** Disk faults, switchable at run time. */
  readonly faults: DiskFaultControl;
  /** Every file under the data directory with its size, sorted by path. */
  files(): Promise<DataFile[]>;
  /** The last lines the server logged (stdout and stderr). */
  logs(): string[];
  /** Stops the server (SHUTDOWN NOSAVE, then SIGKILL after a grace period) and removes its directory. */
  stop(): Promise<void>;
  /**
   * The target's own time when it is not the wall clock (an in-process target on virtual time):
   * the harness then waits with `time.sleep` and stamps the history with `time.monotonic`.
   */
  readonly time?: TargetTime;
}

/** Waits `ms` of `target`'s time: virtual time advances at once, real time passes. */
export function targetSleep(target: Target, ms: number): Promise<void> {
  if (target.time) return target.time.sleep(ms);
  return new Promise((r) => setTimeout(r, ms));
}

/** The monotonic clock a history of `target` is stamped with (performance.now unless virtual). */
export function targetNow(target: Target): () => number {
  const time = target.time;
  return time ? () => time.monotonic() : () => performance.now();
}
