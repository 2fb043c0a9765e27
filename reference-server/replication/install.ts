// Wires replication into a running server: the propagation fan-out (AOF then replicas), the
// admission checks of processCommand (NOREPLICAS, READONLY, MASTERDOWN), INFO replication, and
// CLIENT KILL of the master client dropping the link.

import { Replication, type ReplicaConnection } from './replication.js';
import { replicationInfo } from './replication-info.js';
import { ErrorReply } from '../resp/reply.js';
import type { AdmissionCheck, CommandEngine } from '../engine.js';
import type { Storage } from '../ports/storage.js';
import type { Logger } from '../logger.js';
import type { Snapshotting } from '../persistence/snapshotting.js';
import type { AppendOnlyFile } from '../persistence/aof/append-only-file.js';

/** shared.noreplicaserr, shared.roslaveerr and shared.masterdownerr of src/server.c. */
export const NOREPLICAS = new ErrorReply('NOREPLICAS Not enough good replicas to write.');
export const READONLY = new ErrorReply("READONLY You can't write against a read only replica.");
export const MASTERDOWN = new ErrorReply("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.");

/** The replication part of processCommand's checks, in Redis's order. */
export function replicationAdmissionCheck(repl: Replication): AdmissionCheck {
  return (client, spec) => {
    const config = repl.engine.config;
    const isWrite = spec.flags.includes('write');
    if (repl.masterHost === undefined) {
      if (!isWrite) return undefined;
      const minReplicas = config.getNumber('min-replicas-to-write');
      if (minReplicas > 0 && config.getNumber('min-replicas-max-lag') > 0 && repl.goodReplicas() < minReplicas) return NOREPLICAS;
      return undefined;
    }
    if (client.kind === 'master') return undefined;
    if (isWrite && config.getBool('replica-read-only')) return READONLY;
    if (repl.link?.state !== 'connected' && !config.getBool('replica-serve-stale-data') && !spec.flags.includes('stale')) return MASTERDOWN;
    return undefined;
  };
}

export interface InstallDeps {
  engine: CommandEngine;
  storage: Storage;
  logger: Logger;
  snapshotting: Snapshotting;
  aof?: AppendOnlyFile;
  connections: () => Iterable<ReplicaConnection>;
}

/** Creates the replication service of a server, hooks it in, and starts it (replicaof in the config). */
export function installReplication(deps: InstallDeps): Replication {
  const { engine } = deps;
  const repl = new Replication(deps);
  engine.admissionChecks.push(replicationAdmissionCheck(repl));
  const previousSink = engine.propagationSink;
  engine.propagationSink = (ops) => {
    previousSink?.(ops);
    repl.feed(ops);
  };
  const host = engine.host ?? {};
  const previousInfo = host.infoSection?.bind(host);
  const previousKill = host.killClient?.bind(host);
  engine.host = {
    ...host,
    infoSection: (name) => (name === 'replication' ? replicationInfo(repl) : previousInfo?.(name)),
    killClient: (id) => {
      if (repl.link?.masterClient?.id === id) repl.link.dropConnection();
      else previousKill?.(id);
    },
  };
  repl.start();
  return repl;
}
