// The fault interface, in Toxiproxy's spirit: a fault is plain data (FaultSpec) turned into a tiny
// object with inject, heal and describe. The same vocabulary on every Target: crash:process,
// crash:power, pause, disk:full, disk:eio, fsync:delay, and link toxics through a LinkProxy.

import type { LinkProxy } from '../link-proxy/link-proxy.js';
import type { ToxicSpec } from '../link-proxy/toxic.js';
import type { PowerLossMode, Target } from '../targets/target.js';

/** A fault as plain data (JSON). */
export type FaultSpec =
  /** SIGKILL (in-process: the server halts); the page cache survives. Heal: restart. */
  | { fault: 'crash:process' }
  /** A power cut at `level` (default data-only). Heal: restart on what survived. */
  | { fault: 'crash:power'; level?: PowerLossMode }
  /** SIGSTOP / SIGCONT (in-process: stop serving). */
  | { fault: 'pause' }
  /** ENOSPC on writes (with partialBytes: a short write first). */
  | { fault: 'disk:full'; partialBytes?: number }
  /** EIO on writes or on fsync/fdatasync (default write). */
  | { fault: 'disk:eio'; on?: 'write' | 'fsync' }
  /** Every fsync/fdatasync takes `ms` more. */
  | { fault: 'fsync:delay'; ms: number }
  /** A toxic on a replication link (needs a LinkProxy in the context). Heal: remove it. */
  | { fault: 'link'; toxic: ToxicSpec };

export type FaultName = FaultSpec['fault'];

/** What a fault acts on. */
export interface FaultContext {
  target: Target;
  /** The proxy of the replication link, for `link` faults. */
  link?: LinkProxy;
}

/** One fault, ready to inject. inject() then heal() leaves the target as before (restarted if crashed). */
export interface Fault {
  readonly spec: FaultSpec;
  inject(): Promise<void>;
  heal(): Promise<void>;
  /** One line for histories and reports, e.g. `disk:eio on fsync (redis-server)`. */
  describe(): string;
}

/** Thrown for a fault spec that names an unknown fault or carries a bad attribute. */
export class FaultSpecError extends Error {}
