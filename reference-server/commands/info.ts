// INFO (src/server.c genRedisInfoString): the sections as builders of `field:value` lines, in
// Redis's order and with Redis's field names. A host (the TCP server, later replication) may
// replace a section's body through engine.host.infoSection.

import { arch, release, type as osType } from 'node:os';
import type { CommandContext, CommandSpec } from './command.js';
import type { CommandEngine } from '../engine.js';

/** One `name:value` field. */
export type InfoField = [string, string | number];

/** A section: its title (after `# `), whether `INFO`/`INFO default` shows it, and its fields. */
export interface InfoSection {
  name: string;
  title: string;
  inDefault: boolean;
  fields(ctx: CommandContext): InfoField[];
}

/**
 * Per-engine identity shown by INFO (run_id, replid), made once from the process id and a counter,
 * so it neither draws from the engine's seeded random (which would shift SPOP/RANDOMKEY replays)
 * nor needs unseeded randomness.
 */
const identities = new WeakMap<CommandEngine, { runId: string; replId: string }>();
let identityCounter = 0;

function hex40(seed: number): string {
  let a = seed >>> 0;
  let s = '';
  for (let i = 0; i < 40; i++) {
    a = (Math.imul(a ^ (a >>> 15), 0x2c1b3c6d) + 0x6d2b79f5 + i) >>> 0;
    s += ((a >>> 24) & 15).toString(16);
  }
  return s;
}

/** The engine's run_id and master_replid (stable for its lifetime). */
export function engineIdentity(engine: CommandEngine): { runId: string; replId: string } {
  let id = identities.get(engine);
  if (!id) {
    identityCounter++;
    id = { runId: hex40(process.pid * 7919 + identityCounter * 2), replId: hex40(process.pid * 7919 + identityCounter * 2 + 1) };
    identities.set(engine, id);
  }
  return id;
}

/** src/object.c bytesToHuman: B, K, M, G ... with two decimals. */
export function bytesToHuman(n: number): string {
  const units = ['K', 'M', 'G', 'T', 'P', 'E'];
  if (n < 1024) return `${n}B`;
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(2)}${units[i]}`;
}

function osName(): string {
  const machine = arch() === 'x64' ? 'x86_64' : arch() === 'arm64' ? 'aarch64' : arch();
  return `${osType()} ${release()} ${machine}`;
}

const serverSection: InfoSection = {
  name: 'server', title: 'Server', inDefault: true,
  fields(ctx) {
    const uptime = Math.floor(process.uptime());
    const hz = ctx.config.getNumber('hz');
    return [
      ['redis_version', '7.0.15'],
      ['redis_git_sha1', '00000000'],
      ['redis_git_dirty', 0],
      ['redis_build_id', '0000000000000000'],
      ['redis_mode', 'standalone'],
      ['os', osName()],
      ['arch_bits', 64],
      ['monotonic_clock', 'POSIX clock_gettime'],
      ['multiplexing_api', 'epoll'],
      ['atomicvar_api', 'c11-builtin'],
      ['gcc_version', '0.0.0'],
      ['process_id', process.pid],
      ['process_supervised', 'no'],
      ['run_id', engineIdentity(ctx.engine).runId],
      ['tcp_port', ctx.config.getNumber('port')],
      ['server_time_usec', ctx.now * 1000],
      ['uptime_in_seconds', uptime],
      ['uptime_in_days', Math.floor(uptime / 86400)],
      ['hz', hz],
      ['configured_hz', hz],
      // src/evict.c getLRUClock: seconds, 24 bits.
      ['lru_clock', Math.floor(ctx.now / 1000) & 0xffffff],
      ['executable', process.argv[1] ?? ''],
      ['config_file', ctx.config.configFile ?? ''],
      ['io_threads_active', 0],
    ];
  },
};

const clientsSection: InfoSection = {
  name: 'clients', title: 'Clients', inDefault: true,
  fields(ctx) {
    return [
      ['connected_clients', ctx.engine.clients.size],
      ['cluster_connections', 0],
      ['maxclients', ctx.config.getNumber('maxclients')],
      ['client_recent_max_input_buffer', 0],
      ['client_recent_max_output_buffer', 0],
      ['blocked_clients', ctx.engine.blockedCount],
      ['tracking_clients', 0],
      ['clients_in_timeout_table', 0],
    ];
  },
};

const memorySection: InfoSection = {
  name: 'memory', title: 'Memory', inDefault: true,
  fields(ctx) {
    // The process's own figures stand in for the allocator's: honest, though not Redis's numbers.
    const mem = process.memoryUsage();
    const used = mem.heapUsed;
    const maxmemory = Number(ctx.config.get('maxmemory'));
    return [
      ['used_memory', used],
      ['used_memory_human', bytesToHuman(used)],
      ['used_memory_rss', mem.rss],
      ['used_memory_rss_human', bytesToHuman(mem.rss)],
      ['used_memory_peak', used],
      ['used_memory_peak_human', bytesToHuman(used)],
      ['used_memory_peak_perc', '100.00%'],
      ['used_memory_overhead', 0],
      ['used_memory_startup', 0],
      ['used_memory_dataset', used],
      ['used_memory_dataset_perc', '100.00%'],
      ['allocator_allocated', mem.heapUsed],
      ['allocator_active', mem.heapTotal],
      ['allocator_resident', mem.rss],
      ['maxmemory', maxmemory],
      ['maxmemory_human', bytesToHuman(maxmemory)],
      ['maxmemory_policy', ctx.config.get('maxmemory-policy')],
      ['mem_fragmentation_ratio', (mem.rss / Math.max(1, used)).toFixed(2)],
      ['mem_not_counted_for_evict', 0],
      ['mem_replication_backlog', 0],
      ['mem_total_replication_buffers', 0],
      ['mem_clients_slaves', 0],
      ['mem_clients_normal', 0],
      ['mem_cluster_links', 0],
      ['mem_aof_buffer', 0],
      ['mem_allocator', 'libc'],
      ['active_defrag_running', 0],
      ['lazyfree_pending_objects', 0],
      ['lazyfreed_objects', 0],
    ];
  },
};

const persistenceSection: InfoSection = {
  name: 'persistence', title: 'Persistence', inDefault: true,
  fields(ctx) {
    const e = ctx.engine;
    const rdb: InfoField[] = e.snapshotting?.infoFields() ?? [
      ['rdb_changes_since_last_save', e.dirty],
      ['rdb_bgsave_in_progress', 0],
      ['rdb_last_save_time', Math.floor(ctx.now / 1000)],
      ['rdb_last_bgsave_status', 'ok'],
      ['rdb_last_bgsave_time_sec', -1],
      ['rdb_current_bgsave_time_sec', -1],
      ['rdb_saves', 0],
      ['rdb_last_cow_size', 0],
      ['rdb_last_load_keys_expired', 0],
      ['rdb_last_load_keys_loaded', 0],
    ];
    const aof: InfoField[] = e.aof?.infoFields() ?? [
      ['aof_enabled', 0],
      ['aof_rewrite_in_progress', 0],
      ['aof_rewrite_scheduled', 0],
      ['aof_last_rewrite_time_sec', -1],
      ['aof_current_rewrite_time_sec', -1],
      ['aof_last_bgrewrite_status', 'ok'],
      ['aof_rewrites', 0],
      ['aof_rewrites_consecutive_failures', 0],
      ['aof_last_write_status', 'ok'],
      ['aof_last_cow_size', 0],
    ];
    const cut = aof.findIndex(([name]) => name === 'aof_last_cow_size') + 1;
    return [
      ['loading', 0],
      ['async_loading', 0],
      ['current_cow_peak', 0],
      ['current_cow_size', 0],
      ['current_cow_size_age', 0],
      ['current_fork_perc', '0.00'],
      ['current_save_keys_processed', 0],
      ['current_save_keys_total', 0],
      ...rdb,
      // Redis prints the module fork fields between the AOF's always-present fields and the
      // ones shown only while the AOF is on (aof_current_size ...).
      ...aof.slice(0, cut),
      ['module_fork_in_progress', 0],
      ['module_fork_last_cow_size', 0],
      ...aof.slice(cut),
    ];
  },
};

const statsSection: InfoSection = {
  name: 'stats', title: 'Stats', inDefault: true,
  fields(ctx) {
    const s = ctx.keyspace.stats;
    const zeros = (names: string[]): InfoField[] => names.map((n) => [n, 0]);
    return [
      ['total_connections_received', 0],
      ['total_commands_processed', ctx.engine.totalCommands],
      ['instantaneous_ops_per_sec', 0],
      ...zeros(['total_net_input_bytes', 'total_net_output_bytes', 'total_net_repl_input_bytes', 'total_net_repl_output_bytes']),
      ['instantaneous_input_kbps', '0.00'],
      ['instantaneous_output_kbps', '0.00'],
      ['instantaneous_input_repl_kbps', '0.00'],
      ['instantaneous_output_repl_kbps', '0.00'],
      ['rejected_connections', 0],
      ['sync_full', ctx.engine.replicationStats.syncFull],
      ['sync_partial_ok', ctx.engine.replicationStats.syncPartialOk],
      ['sync_partial_err', ctx.engine.replicationStats.syncPartialErr],
      ['expired_keys', s.expiredKeys],
      ['expired_stale_perc', '0.00'],
      ...zeros(['expired_time_cap_reached_count', 'expire_cycle_cpu_milliseconds', 'evicted_keys', 'evicted_clients',
        'total_eviction_exceeded_time', 'current_eviction_exceeded_time']),
      ['keyspace_hits', s.keyspaceHits],
      ['keyspace_misses', s.keyspaceMisses],
      ...zeros(['pubsub_channels', 'pubsub_patterns', 'pubsubshard_channels', 'latest_fork_usec', 'total_forks',
        'migrate_cached_sockets', 'slave_expires_tracked_keys', 'active_defrag_hits', 'active_defrag_misses',
        'active_defrag_key_hits', 'active_defrag_key_misses', 'total_active_defrag_time', 'current_active_defrag_time',
        'tracking_total_keys', 'tracking_total_items', 'tracking_total_prefixes', 'unexpected_error_replies',
        'total_error_replies', 'dump_payload_sanitizations', 'total_reads_processed', 'total_writes_processed',
        'io_threaded_reads_processed', 'io_threaded_writes_processed', 'reply_buffer_shrinks', 'reply_buffer_expands']),
    ];
  },
};

const replicationSection: InfoSection = {
  name: 'replication', title: 'Replication', inDefault: true,
  fields(ctx) {
    return [
      ['role', 'master'],
      ['connected_slaves', 0],
      ['master_failover_state', 'no-failover'],
      ['master_replid', engineIdentity(ctx.engine).replId],
      ['master_replid2', '0000000000000000000000000000000000000000'],
      ['master_repl_offset', 0],
      ['second_repl_offset', -1],
      ['repl_backlog_active', 0],
      ['repl_backlog_size', Number(ctx.config.get('repl-backlog-size'))],
      ['repl_backlog_first_byte_offset', 0],
      ['repl_backlog_histlen', 0],
    ];
  },
};

const cpuSection: InfoSection = {
  name: 'cpu', title: 'CPU', inDefault: true,
  fields() {
    const u = process.cpuUsage();
    const sys = (u.system / 1e6).toFixed(6);
    const user = (u.user / 1e6).toFixed(6);
    return [
      ['used_cpu_sys', sys],
      ['used_cpu_user', user],
      ['used_cpu_sys_children', '0.000000'],
      ['used_cpu_user_children', '0.000000'],
      ['used_cpu_sys_main_thread', sys],
      ['used_cpu_user_main_thread', user],
    ];
  },
};

function empty(name: string, title: string, inDefault: boolean): InfoSection {
  return { name, title, inDefault, fields: () => [] };
}

const keyspaceSection: InfoSection = {
  name: 'keyspace', title: 'Keyspace', inDefault: true,
  fields(ctx) {
    const out: InfoField[] = [];
    for (const db of ctx.keyspace.dbs) {
      if (db.dict.size === 0) continue;
      // Redis keeps a running estimate from expiry sampling; we report the exact mean remaining TTL.
      let total = 0;
      for (const when of db.expires.values()) total += Math.max(0, when - ctx.now);
      const avg = db.expires.size > 0 ? Math.floor(total / db.expires.size) : 0;
      out.push([`db${db.id}`, `keys=${db.dict.size},expires=${db.expires.size},avg_ttl=${avg}`]);
    }
    return out;
  },
};

/** Every section in the order INFO prints them. Commandstats, Errorstats, Latencystats are not tracked (empty). */
export const INFO_SECTIONS: readonly InfoSection[] = [
  serverSection, clientsSection, memorySection, persistenceSection, statsSection, replicationSection, cpuSection,
  empty('modules', 'Modules', true), empty('commandstats', 'Commandstats', false), empty('errorstats', 'Errorstats', true),
  empty('latencystats', 'Latencystats', false), { name: 'cluster', title: 'Cluster', inDefault: true, fields: () => [['cluster_enabled', 0]] },
  keyspaceSection,
];

/** Which sections the INFO arguments ask for (src/server.c genInfoSectionDict). */
export function selectSections(args: string[]): Set<string> {
  const wanted = new Set<string>();
  if (args.length === 0) args = ['default'];
  for (const a of args) {
    const name = a.toLowerCase();
    if (name === 'all' || name === 'everything') {
      for (const s of INFO_SECTIONS) wanted.add(s.name);
    } else if (name === 'default') {
      for (const s of INFO_SECTIONS) if (s.inDefault) wanted.add(s.name);
    } else {
      wanted.add(name);
    }
  }
  return wanted;
}

/** The INFO text for `args` (section names), sections separated by an empty line. */
export function infoString(ctx: CommandContext, args: string[]): string {
  const wanted = selectSections(args);
  const parts: string[] = [];
  for (const s of INFO_SECTIONS) {
    if (!wanted.has(s.name)) continue;
    const hosted = ctx.engine.host?.infoSection?.(s.name);
    const body = hosted ?? s.fields(ctx).map(([k, v]) => `${k}:${v}\r\n`).join('');
    parts.push(`# ${s.title}\r\n${body}`);
  }
  return parts.join('\r\n');
}

export const infoCommand: CommandSpec = {
  name: 'info', arity: -1, flags: ['loading', 'stale'], acl: ['slow', 'dangerous'],
  firstKey: 0, lastKey: 0, keyStep: 0,
  handler: (ctx, args) => infoString(ctx, args.slice(1)),
};
