// Replication state and the master side (Redis 7.0 src/replication.c): replication ids and
// offsets, the backlog, the stream fed to replicas (propagated ops encoded like the AOF with
// their own SELECT tracking), SYNC/PSYNC with full (disk or diskless RDB) and partial resync.

import { randomFillSync } from 'node:crypto';
import type net from 'node:net';
import { ReplBacklog } from './backlog.js';
import { MasterLink } from './master-link.js';
import { KeyspaceSnapshot } from '../persistence/keyspace-snapshot.js';
import { slicePacing } from '../persistence/key-save-delay.js';
import { encodeOptionsFrom, rdbBody } from '../persistence/rdb/rdb-file.js';
import { encodeCommand } from '../persistence/aof/aof-format.js';
import type { ClientState } from '../client-state.js';
import type { CommandEngine, PropagatedOp } from '../engine.js';
import type { Storage } from '../ports/storage.js';
import type { Logger } from '../logger.js';
import type { Snapshotting } from '../persistence/snapshotting.js';
import type { AppendOnlyFile } from '../persistence/aof/append-only-file.js';
import { mutation } from '../mutations.js';
import { usedMemory } from '../used-memory.js';

/** The connection of a client as replication needs it (server.ts Connection fits). */
export interface ReplicaConnection {
  readonly socket: net.Socket;
  readonly client: ClientState;
  flushPending(): void;
}

/** A replica's SLAVE_STATE_* (src/server.h). */
export type ReplicaState = 'wait_bgsave_start' | 'wait_bgsave_end' | 'send_bulk' | 'online';

/** What a client announced with REPLCONF before (or after) it became a replica. */
export interface ReplicaAnnounce {
  listeningPort: number;
  ip: string | undefined;
  capaEof: boolean;
  capaPsync2: boolean;
  /** REPLCONF rdb-only 1: the RDB and nothing after it (CLIENT_REPL_RDBONLY). */
  rdbOnly?: boolean;
  /** REPLCONF rdb-filter-only without "data": an RDB without keys (SLAVE_REQ_RDB_EXCLUDE_DATA). */
  excludeData?: boolean;
}

/** One attached replica. */
export interface ReplicaLink {
  conn: ReplicaConnection;
  announce: ReplicaAnnounce;
  state: ReplicaState;
  /** The stream written while its RDB is being produced, sent after it. */
  pending: Buffer[];
  ackOff: number;
  /** Unix ms of the last REPLCONF ACK. */
  ackTime: number;
  /** Wants a diskless transfer. */
  diskless: boolean;
  /**
   * After a diskless RDB the stream waits for the replica's first ACK (repl_start_cmd_stream_on_ack):
   * a replica detects the EOF mark only as the last bytes of a read, so nothing may follow it yet.
   */
  awaitingAck?: boolean;
  /** Came with SYNC, not PSYNC (CLIENT_PRE_PSYNC): sends no ACKs, so never timed out on them. */
  prePsync?: boolean;
  /** During a diskless transfer: bytes flushed to the kernel at the last cron, and since when none were. */
  flushed?: number;
  stuckSince?: number;
}

export interface ReplicationDeps {
  engine: CommandEngine;
  storage: Storage;
  logger: Logger;
  snapshotting: Snapshotting;
  aof?: AppendOnlyFile;
  /** The live client connections (to hand one over as a replica link). */
  connections: () => Iterable<ReplicaConnection>;
}

const ZERO_ID = '0000000000000000000000000000000000000000';

/** Bytes of a disk-based RDB written to a replica per turn (PROTO_IOBUF_LEN is 16 KB). */
const BULK_CHUNK = 64 * 1024;

/** Random bytes drawn 20 at a time: one system call per 51 ids (every in-process restart takes one). */
const randomPool = Buffer.alloc(1020);
let randomPoolPos = randomPool.length;

/** 40 random hex chars (getRandomHexChars). */
export function randomHex40(): string {
  if (randomPoolPos + 20 > randomPool.length) {
    randomFillSync(randomPool);
    randomPoolPos = 0;
  }
  randomPoolPos += 20;
  return randomPool.toString('hex', randomPoolPos - 20, randomPoolPos);
}

const registry = new WeakMap<CommandEngine, Replication>();

/** The replication service of `engine`, when it runs as a server. */
export function replicationOf(engine: CommandEngine): Replication | undefined {
  return registry.get(engine);
}

export class Replication {
  replid = randomHex40();
  replid2 = ZERO_ID;
  masterReplOffset = 0;
  secondReplOffset = -1;
  backlog: ReplBacklog | undefined;
  readonly replicas = new Map<ClientState, ReplicaLink>();
  private readonly announces = new Map<ClientState, ReplicaAnnounce>();
  /** The db the stream last SELECTed (server.slaveseldb). */
  slaveseldb = -1;
  /** The outgoing link when we are a replica. */
  link: MasterLink | undefined;
  masterHost: string | undefined;
  masterPort = 0;
  private syncRunning = false;
  /** The BGSAVE to disk for replication under way: who waits for it, and its FULLRESYNC offset. */
  private diskSync: { targets: ReplicaLink[]; offset: number } | undefined;
  private disklessTimer: NodeJS.Timeout | undefined;
  private cronTimer: NodeJS.Timeout | undefined;
  private cronLoops = 0;
  /** Unix ms since when no replica is attached (repl_no_slaves_since), for repl-backlog-ttl. */
  private noReplicasSince: number;
  /** WAIT callers: resolved when enough replicas acked. */
  readonly waiters = new Set<() => void>();

  constructor(readonly deps: ReplicationDeps) {
    // Time through the Clock port, like the rest of the server (repl-backlog-ttl counts from here).
    this.noReplicasSince = deps.engine.clock.now();
    registry.set(deps.engine, this);
  }

  get engine(): CommandEngine {
    return this.deps.engine;
  }

  private get config() {
    return this.deps.engine.config;
  }

  /** Starts the once-a-second replication cron (replicationCron). */
  start(): void {
    this.noReplicasSince = this.engine.clock.now();
    // On the wall clock even when the engine runs on virtual time: the replication link is real TCP
    // (through the harness's link proxy, whose toxics act in real time), so its cron (reconnects,
    // ACKs, repl-timeout, repl-ping-replica-period) must pace itself against the same real time.
    this.cronTimer = setInterval(() => this.cron(), 1000);
    this.cronTimer.unref();
    // loadDataFromDisk: the replication id/offset saved in the RDB (src/server.c).
    const aux = this.deps.snapshotting.lastLoad?.aux;
    const savedId = aux?.get('repl-id');
    const savedOffset = Number(aux?.get('repl-offset') ?? -1);
    const savedDb = Number(aux?.get('repl-stream-db') ?? -1);
    const valid = savedId !== undefined && savedId.length === 40 && savedOffset !== -1 && savedDb !== -1;
    const conf = this.config.get('replicaof');
    if (conf !== '') {
      const [host, port] = conf.split(' ');
      if (valid) {
        this.replid = savedId;
        this.masterReplOffset = savedOffset;
      }
      this.setMaster(host!, Number(port), valid, valid ? savedDb : 0);
    } else if (valid) {
      // A restarted master keeps serving partial resyncs of its old history as the secondary id.
      this.replid2 = savedId;
      this.secondReplOffset = savedOffset + 1;
      this.createBacklog();
      // rdbLoad with RDBFLAGS_FEED_REPL: keys that expired while we were down were not loaded;
      // their DELs go into the backlog first, so a replica that continues drops them too.
      this.feed(this.expiredAtLoad());
      // Rebase master_repl_offset (and the backlog's first offset) on the saved offset.
      this.masterReplOffset += savedOffset;
      this.backlog!.offset += savedOffset;
    }
  }

  /** DELs for the keys of the loaded RDB left out because their TTL had passed. */
  private expiredAtLoad(): PropagatedOp[] {
    const ops: PropagatedOp[] = [];
    for (const [id, key] of this.deps.snapshotting.lastLoad?.expiredKeys ?? []) ops.push({ db: id, args: ['DEL', key] });
    return ops;
  }

  stop(): void {
    if (this.cronTimer) clearInterval(this.cronTimer);
    if (this.disklessTimer) clearTimeout(this.disklessTimer);
    this.link?.close();
    this.link = undefined;
  }

  // ---- the stream -----------------------------------------------------------------------

  /** Propagated ops of our own commands (replicationFeedSlaves); a replica proxies its master instead. */
  feed(ops: readonly PropagatedOp[]): void {
    if (this.masterHost !== undefined) return;
    if (!this.backlog && this.replicas.size === 0) return;
    let out = '';
    for (const op of ops) {
      if (op.db !== this.slaveseldb) {
        out += encodeCommand(['SELECT', String(op.db)]);
        this.slaveseldb = op.db;
      }
      out += encodeCommand(op.args);
    }
    this.feedStream(Buffer.from(out, 'latin1'));
  }

  /** Appends bytes to the stream: offset, backlog, online replicas; buffered for those syncing. */
  feedStream(data: Buffer): void {
    if (data.length === 0) return;
    this.masterReplOffset += data.length;
    if (this.backlog) {
      // CONFIG SET repl-backlog-size applies to the live backlog (updateReplBacklogSize).
      const want = this.config.getNumber('repl-backlog-size');
      if (want !== this.backlogSizeSeen) {
        this.backlogSizeSeen = want;
        this.backlog.resize(want);
      }
      this.backlog.append(data);
    }
    for (const r of this.replicas.values()) {
      if (r.state === 'online' && !r.awaitingAck) r.conn.socket.write(data);
      else if (r.state !== 'wait_bgsave_start') r.pending.push(data);
    }
  }

  private backlogSizeSeen = 0;

  private createBacklog(): void {
    this.backlogSizeSeen = this.config.getNumber('repl-backlog-size');
    this.backlog = new ReplBacklog(this.backlogSizeSeen, this.masterReplOffset + 1);
  }

  /** shiftReplicationId: a new history starts here; the old id stays valid up to this offset. */
  shiftReplicationId(): void {
    this.replid2 = this.replid;
    this.secondReplOffset = this.masterReplOffset + 1;
    this.replid = randomHex40();
  }

  // ---- REPLCONF / SYNC / PSYNC (master side) --------------------------------------------------

  /** The REPLCONF announcements of `client` (created on first use). */
  announceOf(client: ClientState): ReplicaAnnounce {
    let a = this.replicas.get(client)?.announce ?? this.announces.get(client);
    if (!a) {
      a = { listeningPort: 0, ip: undefined, capaEof: false, capaPsync2: false };
      this.announces.set(client, a);
    }
    return a;
  }

  /** REPLCONF ACK <offset> from a replica. */
  ack(client: ClientState, offset: number): void {
    const r = this.replicas.get(client);
    if (!r) return;
    if (offset > r.ackOff) r.ackOff = offset;
    if (r.awaitingAck) {
      r.awaitingAck = false;
      for (const b of r.pending) r.conn.socket.write(b);
      r.pending = [];
    }
    r.ackTime = this.engine.clock.now();
    for (const w of [...this.waiters]) w();
  }

  /**
   * SYNC / PSYNC: writes +FULLRESYNC/+CONTINUE itself on the client's socket. Returns an error
   * text to reply with, or undefined (no reply: the connection is now a replica link).
   */
  sync(client: ClientState, psync: { replid: string; offset: number } | undefined): string | undefined {
    if (this.replicas.has(client)) return undefined;
    if (this.masterHost !== undefined && (!this.link || this.link.state !== 'connected')) {
      return "-NOMASTERLINK Can't SYNC while not connected with my master";
    }
    let conn: ReplicaConnection | undefined;
    for (const c of this.deps.connections()) if (c.client === client) conn = c;
    if (!conn) return '-ERR replication needs a network connection';
    conn.flushPending();
    const announce = this.announceOf(client);
    this.announces.delete(client);
    const stats = this.engine.replicationStats;
    if (psync && this.tryPartial(conn, announce, psync)) {
      stats.syncPartialOk++;
      return undefined;
    }
    if (psync && psync.replid !== '?') stats.syncPartialErr++;
    stats.syncFull++;
    client.kind = 'replica';
    const link: ReplicaLink = {
      conn, announce, state: 'wait_bgsave_start', pending: [], ackOff: 0, ackTime: this.engine.clock.now(),
      // startBgsaveForReplication: a filtered RDB is always made for sockets when the replica can.
      diskless: (this.config.getBool('repl-diskless-sync') || announce.excludeData === true) && announce.capaEof,
      prePsync: psync === undefined,
    };
    this.replicas.set(client, link);
    conn.socket.once('close', () => this.dropReplica(client));
    if (this.replicas.size === 1 && !this.backlog) {
      // syncCommand: a backlog created from scratch starts a new history.
      this.replid = randomHex40();
      this.replid2 = ZERO_ID;
      this.secondReplOffset = -1;
      this.createBacklog();
    }
    this.deps.logger.notice(`Replica ${conn.client.addr} asks for synchronization`);
    if (!link.diskless && this.attachToDiskSync(link)) return undefined;
    this.maybeStartSync();
    return undefined;
  }

  /**
   * syncCommand's case 1: a BGSAVE to disk for replication is under way, so a new replica shares
   * it, with the stream buffered since its start copied from one already waiting for it
   * (copyReplicaOutputBuffer) and that one's FULLRESYNC offset.
   */
  private attachToDiskSync(link: ReplicaLink): boolean {
    const sync = this.diskSync;
    const peer = sync?.targets.find((r) => r.state === 'wait_bgsave_end' && this.replicas.get(r.conn.client) === r);
    if (!sync || !peer) return false;
    link.state = 'wait_bgsave_end';
    link.pending = [...peer.pending];
    if (!link.prePsync) link.conn.socket.write(`+FULLRESYNC ${this.replid} ${sync.offset}\r\n`);
    sync.targets.push(link);
    this.deps.logger.notice('Waiting for end of BGSAVE for SYNC');
    return true;
  }

  /** masterTryPartialResynchronization. */
  private tryPartial(conn: ReplicaConnection, announce: ReplicaAnnounce, psync: { replid: string; offset: number }): boolean {
    const { replid, offset } = psync;
    if (replid !== this.replid && (replid !== this.replid2 || offset > this.secondReplOffset)) return false;
    if (!this.backlog || !this.backlog.holds(offset)) return false;
    const client = conn.client;
    client.kind = 'replica';
    const link: ReplicaLink = {
      conn, announce, state: 'online', pending: [], ackOff: 0, ackTime: this.engine.clock.now(), diskless: false,
    };
    this.replicas.set(client, link);
    conn.socket.once('close', () => this.dropReplica(client));
    conn.socket.write(announce.capaPsync2 ? `+CONTINUE ${this.replid}\r\n` : '+CONTINUE\r\n');
    // MUTATION psync-wrong-offset (tests only): resume one byte before the asked offset.
    conn.socket.write(this.backlog.from(mutation('psync-wrong-offset') && this.backlog.holds(offset - 1) ? offset - 1 : offset));
    this.deps.logger.notice(`Partial resynchronization request from ${client.addr} accepted. Sending ${this.masterReplOffset - offset + 1} bytes of backlog starting from offset ${offset}.`);
    return true;
  }

  private dropReplica(client: ClientState): void {
    const r = this.replicas.get(client);
    if (!r) return;
    this.replicas.delete(client);
    if (this.replicas.size === 0) this.noReplicasSince = this.engine.clock.now();
    this.deps.logger.notice(`Connection with replica ${client.addr} lost.`);
    for (const w of [...this.waiters]) w();
  }

  /** Closes every replica link (they will reconnect and resync), as disconnectSlaves does. */
  disconnectReplicas(): void {
    for (const r of [...this.replicas.values()]) r.conn.socket.destroy();
    if (this.replicas.size > 0) this.noReplicasSince = this.engine.clock.now();
    this.replicas.clear();
  }

  /**
   * Starts a snapshot for the replicas waiting for one, unless one is already under way
   * (replicationStartPendingFork): a diskless one waits repl-diskless-sync-delay seconds for more
   * replicas to join it, or less once repl-diskless-sync-max-replicas of them wait.
   */
  private maybeStartSync(): void {
    if (this.syncRunning) return;
    const waiting = [...this.replicas.values()].filter((r) => r.state === 'wait_bgsave_start');
    if (waiting.length === 0) return;
    if (waiting.some((r) => r.diskless)) {
      const delay = this.config.getNumber('repl-diskless-sync-delay');
      const max = this.config.getNumber('repl-diskless-sync-max-replicas');
      const enough = max > 0 && waiting.length >= max;
      if (delay > 0 && !enough) {
        this.disklessTimer ??= setTimeout(() => {
          this.disklessTimer = undefined;
          this.startPendingSync(true);
        }, delay * 1000);
        return;
      }
      this.startPendingSync(true);
      return;
    }
    if (this.disklessTimer) return;
    if (this.deps.snapshotting.inProgress) return; // the cron retries when the BGSAVE ends
    void this.runSync(false);
  }

  private startPendingSync(diskless: boolean): void {
    if (this.disklessTimer) clearTimeout(this.disklessTimer);
    this.disklessTimer = undefined;
    if (this.syncRunning) return;
    void this.runSync(diskless);
  }

  /** Sends +FULLRESYNC to every waiting replica; from now on their stream is buffered. */
  private beginFullSync(diskless: boolean): ReplicaLink[] {
    // One snapshot serves the replicas with the same requirements as the first one waiting.
    const waiting = [...this.replicas.values()].filter((r) => r.state === 'wait_bgsave_start' && r.diskless === diskless);
    const excludeData = waiting[0]?.announce.excludeData === true;
    const targets = waiting.filter((r) => (r.announce.excludeData === true) === excludeData);
    // replicationSetupSlaveForFullResync: the next command carries a SELECT.
    this.slaveseldb = -1;
    for (const r of targets) {
      r.state = 'wait_bgsave_end';
      r.pending = [];
      // replicationSetupSlaveForFullResync: a replica that came with the old SYNC (redis-cli
      // --replica, --rdb) gets no +FULLRESYNC line, the payload directly.
      if (!r.prePsync) r.conn.socket.write(`+FULLRESYNC ${this.replid} ${this.masterReplOffset}\r\n`);
    }
    return targets;
  }

  private async runSync(diskless: boolean): Promise<void> {
    this.syncRunning = true;
    try {
      const targets = this.beginFullSync(diskless);
      if (targets.length > 0) {
        if (diskless) await this.sendDiskless(targets);
        else await this.sendFromDisk(targets);
      }
    } finally {
      this.syncRunning = false;
    }
    this.maybeStartSync();
  }

  /** The aux fields of an RDB made for (or by) replication: rdbPopulateSaveInfo. */
  auxFields(): Array<[string, string | number]> {
    // A replica proxies its master's stream: the db in force there is its master client's.
    const db = this.masterHost !== undefined ? (this.link?.masterClient?.db ?? 0) : this.slaveseldb < 0 ? 0 : this.slaveseldb;
    return [['repl-stream-db', db], ['repl-id', this.replid], ['repl-offset', this.masterReplOffset]];
  }

  /** rdbPopulateSaveInfo for a regular save: replication aux fields only when in a replication chain. */
  saveInfoAux(): Array<[string, string | number]> {
    if (this.masterHost === undefined && !this.backlog) return [];
    return this.auxFields();
  }

  private async sendDiskless(targets: ReplicaLink[]): Promise<void> {
    const engine = this.engine;
    const mark = randomHex40();
    const snapshot = new KeyspaceSnapshot(engine.keyspace);
    const live = () => targets.filter((r) => this.replicas.get(r.conn.client) === r);
    this.deps.logger.notice(`Starting BGSAVE for SYNC with target: replicas sockets`);
    try {
      // The replicas stay in wait_bgsave_end (INFO state=wait_bgsave) while the snapshot streams
      // to their sockets, as with Redis's socket-target child.
      for (const r of targets) r.conn.socket.write(`$EOF:${mark}\r\n`);
      const aux: Array<[string, string | number]> = [
        ['redis-ver', '7.0.15'], ['redis-bits', 64], ['ctime', Math.floor(engine.clock.now() / 1000)],
        ['used-mem', usedMemory()], ...this.auxFields(), ['aof-base', 0],
      ];
      const dbCount = targets[0]?.announce.excludeData ? 0 : engine.keyspace.dbs.length;
      // rdb-key-save-delay paces the socket target too: Redis's child runs the same rdbSaveRio
      // (with its debugDelay per key) for rdbSaveToSlavesSockets as for a BGSAVE (src/rdb.c).
      // Between slices without a delay owed: wait until every replica socket takes more.
      const pacing = slicePacing(engine.config.getNumber('rdb-key-save-delay'), () => waitWritable(live()), engine.timers);
      for (const chunk of rdbBody(snapshot, dbCount, aux, encodeOptionsFrom(engine.config), pacing.yieldEvery)) {
        const alive = live();
        if (alive.length === 0) return;
        if (chunk === undefined) {
          await pacing.pause();
          continue;
        }
        for (const r of alive) r.conn.socket.write(chunk);
        // Like Redis's parent reading the child's pipe only while every replica socket takes more
        // (rdbPipeReadHandler, src/replication.c): no more than a chunk waits in our own buffers.
        if (alive.some((r) => r.conn.socket.writableNeedDrain)) await waitWritable(alive);
      }
      for (const r of live()) {
        r.conn.socket.write(mark);
        r.awaitingAck = true;
        this.putOnline(r);
      }
    } finally {
      snapshot.release();
    }
  }

  private async sendFromDisk(targets: ReplicaLink[]): Promise<void> {
    const snap = this.deps.snapshotting;
    this.deps.logger.notice('Starting BGSAVE for SYNC with target: disk');
    this.diskSync = { targets, offset: this.masterReplOffset };
    try {
      await snap.startBgsave();
    } finally {
      this.diskSync = undefined;
    }
    const live = targets.filter((r) => this.replicas.get(r.conn.client) === r);
    if (snap.lastBgsaveStatus !== 'ok') {
      this.deps.logger.warning('BGSAVE for replication failed');
      for (const r of live) r.conn.socket.destroy();
      return;
    }
    const body = this.deps.storage.readFile(snap.path);
    for (const r of live) {
      r.state = 'send_bulk';
      r.conn.socket.write(`$${body.length}\r\n`);
    }
    // sendBulkToSlave: the file goes out as the socket drains; the replica stays in send_bulk
    // (INFO state=send_bulk) until its last byte is written.
    const alive = () => live.filter((r) => this.replicas.get(r.conn.client) === r);
    for (let at = 0; at < body.length; at += BULK_CHUNK) {
      const now = alive();
      if (now.length === 0) return;
      const chunk = body.subarray(at, Math.min(body.length, at + BULK_CHUNK));
      for (const r of now) r.conn.socket.write(chunk);
      await waitWritable(now);
    }
    for (const r of alive()) this.putOnline(r);
  }

  /** replicaPutOnline + replicaStartCommandStream: the buffered stream follows the RDB. */
  private putOnline(r: ReplicaLink): void {
    if (r.announce.rdbOnly) {
      // replicaPutOnline for an RDB-only replica: it got what it asked for; close once written.
      this.deps.logger.notice(`RDB transfer completed, rdb only replica (${r.conn.client.addr}) should be disconnected asap`);
      this.replicas.delete(r.conn.client);
      if (this.replicas.size === 0) this.noReplicasSince = this.engine.clock.now();
      r.conn.socket.end();
      return;
    }
    if (!r.awaitingAck) {
      for (const b of r.pending) r.conn.socket.write(b);
      r.pending = [];
    }
    r.state = 'online';
    r.ackTime = this.engine.clock.now();
    this.deps.logger.notice(`Synchronization with replica ${r.conn.client.addr} succeeded`);
  }

  // ---- replica side -------------------------------------------------------------------------

  /**
   * REPLICAOF host port (replicationSetMaster). `usePsyncCache`: PSYNC with our own replid/offset
   * (a former master, or one restarted from its RDB) instead of `? -1`.
   */
  setMaster(host: string, port: number, usePsyncCache: boolean, cachedDb = 0): void {
    this.link?.close();
    this.masterHost = host;
    this.masterPort = port;
    this.engine.keyspace.isReplica = true;
    this.disconnectReplicas();
    this.link = new MasterLink(this, host, port, usePsyncCache, cachedDb);
    this.link.connect();
  }

  /** REPLICAOF NO ONE (replicationUnsetMaster). */
  unsetMaster(): void {
    if (this.masterHost === undefined) return;
    this.link?.close();
    this.link = undefined;
    this.masterHost = undefined;
    this.masterPort = 0;
    this.engine.keyspace.isReplica = false;
    this.shiftReplicationId();
    this.disconnectReplicas();
    // The backlog's time to live counts from the promotion, not from before it.
    this.noReplicasSince = this.engine.clock.now();
    // The next command propagated carries a SELECT.
    this.slaveseldb = -1;
  }

  /** Called by the link after a full sync loaded: adopt the master's history. */
  adoptFullSync(replid: string, offset: number): void {
    this.replid = replid;
    this.replid2 = ZERO_ID;
    this.secondReplOffset = -1;
    this.masterReplOffset = offset;
    this.backlog = undefined;
    this.createBacklog();
  }

  /** Called by the link on +CONTINUE <newid>: the master changed id (a failover), we follow. */
  adoptNewReplid(newId: string): void {
    if (newId === this.replid) return;
    this.replid2 = this.replid;
    this.secondReplOffset = this.masterReplOffset + 1;
    this.replid = newId;
    this.disconnectReplicas();
  }

  // ---- cron ------------------------------------------------------------------------------

  private cron(): void {
    this.cronLoops++;
    this.link?.cron();
    if (this.masterHost === undefined && this.replicas.size > 0) {
      const period = Math.max(1, this.config.getNumber('repl-ping-replica-period'));
      if (this.cronLoops % period === 0) {
        // The PING goes to the stream with the current SELECT state (no SELECT emitted).
        this.feedStream(Buffer.from(encodeCommand(['PING']), 'latin1'));
      }
    }
    const timeout = this.config.getNumber('repl-timeout') * 1000;
    const now = this.engine.clock.now();
    this.expireBacklog(now);
    for (const r of [...this.replicas.values()]) {
      if (r.state === 'online' && !r.prePsync && now - r.ackTime > timeout) {
        this.deps.logger.warning(`Disconnecting timedout replica (streaming sync): ${r.conn.client.addr}`);
        r.conn.socket.destroy();
        continue;
      }
      // A diskless transfer stuck on one replica (repl_last_partial_write): no byte of its socket
      // buffer flushed for longer than repl-timeout.
      if (r.state === 'wait_bgsave_end' && r.diskless && this.syncRunning) {
        const socket = r.conn.socket;
        const flushed = socket.bytesWritten - socket.writableLength;
        if (!socket.writableNeedDrain || flushed !== r.flushed) {
          r.flushed = flushed;
          r.stuckSince = now;
        } else if (now - (r.stuckSince ?? now) > timeout) {
          this.deps.logger.warning(`Disconnecting timedout replica (full sync): ${r.conn.client.addr}`);
          socket.destroy();
        }
      }
    }
    this.maybeStartSync();
  }

  /**
   * repl-backlog-ttl: a master without replicas for longer frees its backlog, and starts a new
   * history (changeReplicationId + clearReplicationId2), since its offset stops moving without a
   * backlog (replicationCron, src/replication.c). Replicas keep theirs for a later promotion.
   */
  private expireBacklog(now: number): void {
    const ttl = this.config.getNumber('repl-backlog-ttl');
    if (this.replicas.size > 0 || ttl === 0 || !this.backlog || this.masterHost !== undefined) return;
    const idle = Math.floor(now / 1000) - Math.floor(this.noReplicasSince / 1000);
    if (idle <= ttl) return;
    this.replid = randomHex40();
    this.replid2 = ZERO_ID;
    this.secondReplOffset = -1;
    this.backlog = undefined;
    this.deps.logger.notice(`Replication backlog freed after ${ttl} seconds without connected replicas.`);
  }

  /** Replicas online and acked within min-replicas-max-lag (repl_good_slaves_count). */
  goodReplicas(): number {
    const maxLag = this.config.getNumber('min-replicas-max-lag') * 1000;
    const now = this.engine.clock.now();
    let n = 0;
    for (const r of this.replicas.values()) if (r.state === 'online' && now - r.ackTime <= maxLag) n++;
    return n;
  }

  /** Online replicas that acked at least `offset` (replicationCountAcksByOffset). */
  countAcks(offset: number): number {
    let n = 0;
    for (const r of this.replicas.values()) if (r.state === 'online' && r.ackOff >= offset) n++;
    return n;
  }

  /** Asks every replica for an ACK (REPLCONF GETACK * in the stream), once per turn. */
  private getAckQueued = false;
  requestAcks(): void {
    if (this.getAckQueued || this.masterHost !== undefined) return;
    this.getAckQueued = true;
    setImmediate(() => {
      this.getAckQueued = false;
      if (this.replicas.size === 0) return;
      this.feedStream(Buffer.from(encodeCommand(['REPLCONF', 'GETACK', '*']), 'latin1'));
    });
  }
}

/** Waits until every socket's buffer drained (or closed): backpressure of a diskless transfer. */
function waitWritable(links: ReplicaLink[]): Promise<void> {
  const waits = links
    .filter((r) => r.conn.socket.writableNeedDrain && !r.conn.socket.destroyed)
    .map((r) => new Promise<void>((res) => {
      const done = () => {
        r.conn.socket.off('drain', done);
        r.conn.socket.off('close', done);
        res();
      };
      r.conn.socket.on('drain', done);
      r.conn.socket.on('close', done);
    }));
  if (waits.length === 0) return new Promise((r) => setImmediate(r));
  return Promise.all(waits).then(() => undefined);
}
