// INFO replication and ROLE as Redis 7.0 writes them (src/server.c genRedisInfoString,
// src/replication.c roleCommand), from the state of a Replication.

import type { Reply } from '../resp/reply.js';
import type { Replication, ReplicaLink } from './replication.js';

/** replstateToString: '' for states INFO skips. */
function stateName(r: ReplicaLink): string {
  switch (r.state) {
    case 'wait_bgsave_start':
    case 'wait_bgsave_end':
      return 'wait_bgsave';
    case 'send_bulk':
      return 'send_bulk';
    case 'online':
      return 'online';
  }
}

/** The replica's address as INFO/ROLE show it: announced ip, else the peer address. */
function replicaIp(r: ReplicaLink): string {
  return r.announce.ip ?? r.conn.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '?';
}

/** The body of `# Replication` (field lines, CRLF-terminated). */
export function replicationInfo(repl: Replication): string {
  const config = repl.engine.config;
  const nowMs = repl.engine.clock.now();
  const now = Math.floor(nowMs / 1000);
  const lines: string[] = [];
  const add = (k: string, v: string | number) => lines.push(`${k}:${v}`);
  add('role', repl.masterHost === undefined ? 'master' : 'slave');
  const link = repl.link;
  if (repl.masterHost !== undefined && link) {
    const connected = link.state === 'connected';
    add('master_host', repl.masterHost);
    add('master_port', repl.masterPort);
    add('master_link_status', connected ? 'up' : 'down');
    add('master_last_io_seconds_ago', link.masterClient ? now - Math.floor(link.lastIo / 1000) : -1);
    add('master_sync_in_progress', link.state === 'sync' ? 1 : 0);
    // Without a master client: the cached master's offset (ours, when we cached it), else 1.
    const cachedOff = link.hasCache ? repl.masterReplOffset : 1;
    add('slave_read_repl_offset', link.masterClient ? link.readOffset : cachedOff);
    add('slave_repl_offset', link.masterClient ? link.reploff : cachedOff);
    if (link.state === 'sync') {
      const size = link.transferSize < 0 ? 0 : link.transferSize;
      add('master_sync_total_bytes', link.transferSize);
      add('master_sync_read_bytes', link.transferRead);
      add('master_sync_left_bytes', link.transferSize - link.transferRead);
      add('master_sync_perc', (size ? (link.transferRead / size) * 100 : 0).toFixed(2));
      add('master_sync_last_io_seconds_ago', now - Math.floor(link.lastIo / 1000));
    }
    if (!connected) add('master_link_down_since_seconds', link.downSince ? now - Math.floor(link.downSince / 1000) : -1);
    add('slave_priority', config.getNumber('replica-priority'));
    add('slave_read_only', config.getBool('replica-read-only') ? 1 : 0);
    add('replica_announced', config.getBool('replica-announced') ? 1 : 0);
  }
  add('connected_slaves', repl.replicas.size);
  if (config.getNumber('min-replicas-to-write') > 0 && config.getNumber('min-replicas-max-lag') > 0) {
    add('min_slaves_good_slaves', repl.goodReplicas());
  }
  let id = 0;
  for (const r of repl.replicas.values()) {
    const lag = r.state === 'online' ? now - Math.floor(r.ackTime / 1000) : 0;
    add(`slave${id++}`, `ip=${replicaIp(r)},port=${r.announce.listeningPort},state=${stateName(r)},offset=${r.ackOff},lag=${lag}`);
  }
  add('master_failover_state', 'no-failover');
  add('master_replid', repl.replid);
  add('master_replid2', repl.replid2);
  add('master_repl_offset', repl.masterReplOffset);
  add('second_repl_offset', repl.secondReplOffset);
  add('repl_backlog_active', repl.backlog ? 1 : 0);
  add('repl_backlog_size', config.getNumber('repl-backlog-size'));
  add('repl_backlog_first_byte_offset', repl.backlog ? repl.backlog.offset : 0);
  add('repl_backlog_histlen', repl.backlog ? repl.backlog.histlen : 0);
  return lines.map((l) => l + '\r\n').join('');
}

/** ROLE's reply. */
export function roleReply(repl: Replication | undefined): Reply {
  if (!repl) return ['master', 0, []];
  if (repl.masterHost === undefined) {
    const replicas: Reply[] = [];
    for (const r of repl.replicas.values()) {
      if (r.state !== 'online') continue;
      replicas.push([replicaIp(r), String(r.announce.listeningPort), String(r.ackOff)]);
    }
    return ['master', repl.masterReplOffset, replicas];
  }
  const link = repl.link;
  return ['slave', repl.masterHost, repl.masterPort, link?.state ?? 'connect', link?.masterClient ? link.reploff : -1];
}
