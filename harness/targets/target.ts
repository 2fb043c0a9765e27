// The Target interface: one shape for every server implementation the harness drives
// (real redis-server, the reference server, later in-process and generic targets).

import type { Redis } from 'ioredis';
import type { RawClient } from '../resp/raw-client.js';

/** redis.conf directives as `name -> value` (several values for `save`, `bind`...). */
export type Directives = Readonly<Record<string, string | readonly string[]>>;

/** Where a started target listens. */
export interface TargetAddress {
  host: string;
  port: number;
}

/**
 * A server under test. Lifecycle: start() once, then clients, then stop(); stop() is idempotent
 * and always removes what start() created (process, data directory).
 * Later issues add crash(kind), restart(), faults and files() here; implementations keep their
 * process handle and data directory private so those can be added without changing callers.
 */
export interface Target {
  /** Short name for messages and reports, e.g. `redis-server` or `reference`. */
  readonly name: string;
  /** Starts the server with these directives on top of the target's defaults; resolves once it is ready. */
  start(directives?: Directives): Promise<void>;
  /** The address; throws before start(). */
  readonly address: TargetAddress;
  /** The data directory (`dir`); throws before start(). */
  readonly dir: string;
  /** The OS process id, when the target is a process. */
  readonly pid: number | undefined;
  /** A new ioredis client connected to the target; closed by stop(). */
  client(): Redis;
  /** A new raw RESP client (replies as bytes); closed by stop(). */
  rawClient(): Promise<RawClient>;
  /** The last lines the server logged (stdout and stderr). */
  logs(): string[];
  /** Stops the server (SHUTDOWN NOSAVE, then SIGKILL after a grace period) and removes its directory. */
  stop(): Promise<void>;
}
