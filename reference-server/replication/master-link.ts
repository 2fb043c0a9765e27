// The replica side of replication (Redis 7.0 src/replication.c syncWithMaster,
// readSyncBulkPayload, replicationCron): the handshake with our master, the RDB transfer (both
// framings) into a temp file then a full load, and the command stream applied through
// engine.replay with a dedicated master client, proxied byte for byte to our own replicas.

import net from 'node:net';
import { join } from 'node:path';
import { RequestParser } from '../resp/parser.js';
import { encodeCommand } from '../persistence/aof/aof-format.js';
import { encodingLimitsFrom, loadRdbInto } from '../persistence/rdb/rdb-file.js';
import type { ClientState } from '../client-state.js';
import type { Replication } from './replication.js';
import { mutation } from '../mutations.js';

/** server.repl_state as ROLE names it ('handshake' covers every REPL_STATE_RECEIVE_* step). */
export type LinkState = 'connect' | 'connecting' | 'handshake' | 'sync' | 'connected';

class LinkClosed extends Error {}

/** The destination of a full sync's RDB payload: a temp file, or memory for a diskless load. */
interface PayloadSink {
  readonly toDisk: boolean;
  write(chunk: Buffer): void;
  /** The transfer failed: drop what arrived. */
  abort(): void;
  /** The transfer completed: the whole payload (the file renamed into place first). */
  finish(): Buffer;
}

export class MasterLink {
  state: LinkState = 'connect';
  /** The client that applies the master's stream (CLIENT LIST flag M). */
  masterClient: ClientState | undefined;
  /** Offset of the stream applied (slave_repl_offset, the master client's reploff). */
  reploff = 0;
  /** Writes applied from the stream, counted only for the replica-skips-command mutation. */
  private mutationWrites = 0;
  /** Offset of the stream read (slave_read_repl_offset). */
  readOffset = 0;
  /** Unix ms of the last byte from the master. */
  lastIo = 0;
  /** Unix ms the link went down (repl_down_since; master_link_down_since_seconds), 0 if it never was up. */
  downSince = 0;
  transferSize = -1;
  transferRead = 0;
  private socket: net.Socket | undefined;
  private inbuf: Buffer = Buffer.alloc(0);
  private wake: (() => void) | undefined;
  private streaming = false;
  private parser: RequestParser | undefined;
  private fedTotal = 0;
  private consumedBase = 0;
  private proxy: string[] = [];
  private closed = false;
  private lastAck = 0;

  constructor(
    private readonly repl: Replication,
    readonly host: string,
    readonly port: number,
    /** PSYNC with our own replid/offset (replicationCacheMasterUsingMyself) rather than `? -1`. */
    public hasCache: boolean,
    /** The db the cached master had selected (repl-stream-db). */
    private db = 0,
  ) {}

  private get engine() {
    return this.repl.engine;
  }

  private get logger() {
    return this.repl.deps.logger;
  }

  connect(): void {
    if (this.closed) return;
    this.state = 'connecting';
    this.logger.notice(`Connecting to MASTER ${this.host}:${this.port}`);
    const socket = net.connect({ host: this.host, port: this.port });
    this.socket = socket;
    socket.setNoDelay(true);
    this.lastIo = this.engine.clock.now();
    socket.on('connect', () => {
      this.logger.notice('MASTER <-> REPLICA sync started');
      this.handshake().catch((e: unknown) => this.fail(e));
    });
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (e) => this.logger.warning(`Error condition on socket for SYNC: ${e.message}`));
    socket.on('close', () => this.lost(socket));
  }

  /** Stops for good (REPLICAOF NO ONE / another master). */
  close(): void {
    this.closed = true;
    this.socket?.destroy();
    this.dropMasterClient();
    this.wake?.();
  }

  /** Drops the connection as a link failure (CLIENT KILL TYPE MASTER): it reconnects with PSYNC. */
  dropConnection(): void {
    this.socket?.destroy();
  }

  private fail(e: unknown): void {
    if (!(e instanceof LinkClosed)) this.logger.warning(`Master link error: ${(e as Error).message}`);
    this.socket?.destroy();
  }

  private lost(socket: net.Socket): void {
    if (socket !== this.socket) return;
    this.socket = undefined;
    if (this.state === 'connected') {
      this.logger.notice('Connection with master lost.');
      this.logger.notice('Caching the disconnected master state.');
      this.hasCache = true;
      this.downSince = this.engine.clock.now();
    }
    if (this.masterClient) this.db = this.masterClient.db;
    this.dropMasterClient();
    this.streaming = false;
    this.parser = undefined;
    this.proxy = [];
    this.inbuf = Buffer.alloc(0);
    this.state = 'connect';
    this.wake?.();
  }

  private dropMasterClient(): void {
    if (!this.masterClient) return;
    this.engine.removeClient(this.masterClient);
    this.masterClient = undefined;
  }

  private onData(chunk: Buffer): void {
    this.lastIo = this.engine.clock.now();
    if (this.streaming) {
      this.processStream(chunk);
      return;
    }
    this.inbuf = this.inbuf.length === 0 ? chunk : Buffer.concat([this.inbuf, chunk]);
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private async waitData(): Promise<void> {
    if (this.closed || !this.socket) throw new LinkClosed('closed');
    await new Promise<void>((r) => (this.wake = r));
    if (this.closed || !this.socket) throw new LinkClosed('closed');
  }

  private async readLine(): Promise<string> {
    for (;;) {
      const i = this.inbuf.indexOf(10);
      if (i >= 0) {
        let line = this.inbuf.subarray(0, i).toString('latin1');
        this.inbuf = this.inbuf.subarray(i + 1);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        return line;
      }
      await this.waitData();
    }
  }

  private send(args: string[]): void {
    this.socket?.write(encodeCommand(args), 'latin1');
  }

  private async command(args: string[]): Promise<string> {
    this.send(args);
    return this.readLine();
  }

  private async handshake(): Promise<void> {
    this.state = 'handshake';
    const config = this.engine.config;
    const pong = await this.command(['PING']);
    if (pong.startsWith('-') && !pong.startsWith('-NOAUTH') && !pong.startsWith('-NOPERM') && !pong.startsWith('-ERR operation not permitted')) {
      throw new Error(`Error reply to PING from master: '${pong}'`);
    }
    this.logger.notice('Master replied to PING, replication can continue...');
    const pass = config.get('masterauth');
    if (pass !== '') {
      const user = config.get('masteruser');
      const r = await this.command(user !== '' ? ['AUTH', user, pass] : ['AUTH', pass]);
      if (r.startsWith('-')) throw new Error(`Unable to AUTH to MASTER: ${r}`);
    }
    const announcedPort = config.getNumber('replica-announce-port') || config.getNumber('port');
    const lp = await this.command(['REPLCONF', 'listening-port', String(announcedPort)]);
    if (lp.startsWith('-')) this.logger.notice(`(Non critical) Master does not understand REPLCONF listening-port: ${lp}`);
    const announceIp = config.get('replica-announce-ip');
    if (announceIp !== '') await this.command(['REPLCONF', 'ip-address', announceIp]);
    const capa = await this.command(['REPLCONF', 'capa', 'eof', 'capa', 'psync2']);
    if (capa.startsWith('-')) this.logger.notice(`(Non critical) Master does not understand REPLCONF capa: ${capa}`);
    const psyncId = this.hasCache ? this.repl.replid : '?';
    const psyncOffset = this.hasCache ? this.repl.masterReplOffset + 1 : -1;
    if (this.hasCache) this.logger.notice(`Trying a partial resynchronization (request ${psyncId}:${psyncOffset}).`);
    else this.logger.notice('Partial resynchronization not possible (no cached master)');
    this.send(['PSYNC', psyncId, String(psyncOffset)]);
    let reply = '';
    while (reply === '') reply = await this.readLine();
    if (reply.startsWith('+FULLRESYNC')) {
      const [, id, off] = reply.split(' ');
      this.logger.notice(`Full resync from master: ${id}:${off}`);
      await this.fullSync(id!, Number(off));
    } else if (reply.startsWith('+CONTINUE')) {
      const newId = reply.slice('+CONTINUE'.length).trim();
      this.logger.notice('Successful partial resynchronization with master.');
      if (newId !== '') this.repl.adoptNewReplid(newId);
      this.logger.notice('MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization.');
      this.startStreaming(this.repl.masterReplOffset);
    } else {
      throw new Error(`Unexpected reply to PSYNC from master: ${reply}`);
    }
  }

  /**
   * readSyncBulkPayload: the RDB into a temp file then renamed and loaded (repl-diskless-load
   * disabled), or kept in memory and loaded from there (swapdb; on-empty-db when the dataset is
   * empty). Either way the dataset is replaced only once the whole payload arrived and decoded,
   * so a link lost mid-transfer leaves the old dataset served, never a part of the new one.
   */
  private async fullSync(replid: string, offset: number): Promise<void> {
    this.state = 'sync';
    let header = '';
    // Newlines are the master's keepalives while it prepares the RDB.
    while (header === '') header = await this.readLine();
    if (header.startsWith('-')) throw new Error(`MASTER aborted replication with an error: ${header.slice(1)}`);
    if (!header.startsWith('$')) throw new Error(`Bad protocol from MASTER, the first byte is not '$' (we received '${header}'), are you sure the host and port are right?`);
    const sink = this.payloadSink();
    let done = false;
    try {
      if (header.startsWith('$EOF:')) {
        const mark = Buffer.from(header.slice(5), 'latin1');
        this.logger.notice(`MASTER <-> REPLICA sync: receiving streamed RDB from master with EOF ${sink.toDisk ? 'to disk' : 'to parser'}`);
        this.transferSize = 0;
        // Bytes that might begin the mark are held back until more data shows they do not.
        let held: Buffer = Buffer.alloc(0);
        for (;;) {
          if (this.inbuf.length === 0) {
            await this.waitData();
            continue;
          }
          const joined = held.length > 0 ? Buffer.concat([held, this.inbuf]) : this.inbuf;
          this.inbuf = Buffer.alloc(0);
          const at = joined.indexOf(mark);
          if (at >= 0) {
            if (at > 0) sink.write(joined.subarray(0, at));
            this.transferRead += at - held.length;
            this.inbuf = joined.subarray(at + mark.length);
            break;
          }
          const keep = Math.min(joined.length, mark.length - 1);
          sink.write(joined.subarray(0, joined.length - keep));
          this.transferRead += joined.length - held.length;
          held = joined.subarray(joined.length - keep);
        }
      } else {
        let left = Number(header.slice(1));
        this.transferSize = left;
        this.logger.notice(`MASTER <-> REPLICA sync: receiving ${left} bytes from master ${sink.toDisk ? 'to disk' : 'to parser'}`);
        while (left > 0) {
          if (this.inbuf.length === 0) {
            await this.waitData();
            continue;
          }
          const take = Math.min(left, this.inbuf.length);
          sink.write(this.inbuf.subarray(0, take));
          this.inbuf = this.inbuf.subarray(take);
          left -= take;
          this.transferRead += take;
        }
      }
      done = true;
    } finally {
      if (!done) {
        sink.abort();
        this.transferSize = -1;
        this.transferRead = 0;
      }
    }
    await this.loadTransferred(sink, replid, offset);
  }

  /** Where the payload goes, by repl-diskless-load (useDisklessLoad, src/replication.c). */
  private payloadSink(): PayloadSink {
    const mode = this.engine.config.get('repl-diskless-load');
    const empty = this.engine.keyspace.dbs.every((db) => db.dict.size === 0);
    if (mode === 'swapdb' || (mode === 'on-empty-db' && empty)) {
      const chunks: Buffer[] = [];
      return {
        toDisk: false,
        write: (b) => chunks.push(Buffer.from(b)),
        abort: () => void chunks.splice(0),
        finish: () => Buffer.concat(chunks),
      };
    }
    const storage = this.repl.deps.storage;
    const dir = this.engine.config.get('dir');
    const tmp = join(dir, `temp-${Math.floor(this.engine.clock.now() / 1000)}.${process.pid}.rdb`);
    const fd = storage.openWrite(tmp);
    return {
      toDisk: true,
      write: (b) => storage.write(fd, b),
      abort: () => {
        storage.close(fd);
        if (storage.exists(tmp)) storage.unlink(tmp);
      },
      finish: () => {
        storage.fsync(fd);
        storage.close(fd);
        const final = this.repl.deps.snapshotting.path;
        storage.rename(tmp, final);
        storage.fsyncDir(dir);
        return storage.readFile(final);
      },
    };
  }

  private async loadTransferred(sink: PayloadSink, replid: string, offset: number): Promise<void> {
    const deps = this.repl.deps;
    const aof = deps.aof;
    const aofWasOn = aof !== undefined && aof.state !== 'off';
    // replicationAttachToNewMaster: our replicas must resync with the new history.
    this.repl.disconnectReplicas();
    this.logger.notice('MASTER <-> REPLICA sync: Flushing old data');
    if (aofWasOn) await aof.stop();
    const payload = sink.finish();
    this.logger.notice('MASTER <-> REPLICA sync: Loading DB in memory');
    // The dataset is swapped only once the whole payload decoded (loadRdbInto decodes first);
    // a payload that does not decode leaves the old dataset (swapdb's restore) and retries.
    let stats: ReturnType<typeof loadRdbInto>;
    try {
      stats = loadRdbInto(this.engine.keyspace, payload, encodingLimitsFrom(this.engine.config), false);
    } catch (e) {
      this.logger.warning(`Failed trying to load the MASTER synchronization DB from ${sink.toDisk ? 'disk' : 'socket'}: ${(e as Error).message}`);
      if (aofWasOn) aof.start();
      throw e;
    }
    this.logger.notice(`Done loading RDB, keys loaded: ${stats.keysLoaded}, keys expired: ${stats.keysExpired}.`);
    this.engine.dirty++;
    this.repl.adoptFullSync(replid, offset);
    // replicationCreateMasterClient(conn, rsi.repl_stream_db): the stream goes on in that db.
    const streamDb = Number(stats.aux.get('repl-stream-db') ?? 0);
    this.db = Number.isInteger(streamDb) && streamDb >= 0 && streamDb < this.engine.keyspace.dbs.length ? streamDb : 0;
    this.hasCache = true;
    this.transferSize = -1;
    this.transferRead = 0;
    this.logger.notice('MASTER <-> REPLICA sync: Finished with success');
    if (aofWasOn) aof.start();
    this.startStreaming(offset);
  }

  private startStreaming(offset: number): void {
    if (!this.socket) throw new LinkClosed('closed');
    this.state = 'connected';
    this.downSince = 0;
    this.reploff = offset;
    this.readOffset = offset;
    this.consumedBase = offset;
    this.fedTotal = 0;
    this.parser = new RequestParser({ maxBulkLen: Number.MAX_SAFE_INTEGER });
    const c = this.engine.createClient();
    c.kind = 'master';
    c.addr = `${this.host}:${this.port}`;
    c.db = this.db;
    this.masterClient = c;
    this.streaming = true;
    this.sendAck();
    const rest = this.inbuf;
    this.inbuf = Buffer.alloc(0);
    if (rest.length > 0) this.processStream(rest);
  }

  /** Applies the complete commands of the stream; offsets move only outside MULTI (commandProcessed). */
  private processStream(chunk: Buffer): void {
    const parser = this.parser!;
    const client = this.masterClient!;
    this.readOffset += chunk.length;
    this.fedTotal += chunk.length;
    parser.feed(chunk);
    for (;;) {
      const r = parser.next();
      if (r.kind === 'incomplete') break;
      if (r.kind === 'error') {
        this.logger.warning(`Protocol error from master: ${r.message}`);
        this.socket?.destroy();
        return;
      }
      const args = r.args;
      if (args[0]!.toLowerCase() === 'replconf' && args[1]?.toLowerCase() === 'getack') this.sendAck();
      else this.applyFromMaster(client, args);
      this.proxy.push(encodeCommand(args));
      if (client.multi === null) {
        const consumed = this.fedTotal - parser.pendingBytes;
        this.reploff = this.consumedBase + consumed;
        this.repl.feedStream(Buffer.from(this.proxy.join(''), 'latin1'));
        this.repl.masterReplOffset = this.reploff;
        this.proxy = [];
      }
      if (!this.streaming) return;
    }
    this.engine.handleReadyKeys();
  }

  /**
   * Runs one command of the master's stream. Keys past their TTL stay visible to it: a replica
   * never expires keys on its own, the master's DELs do (expireIfNeeded returns 0 when
   * server.current_client == server.master, src/db.c).
   */
  private applyFromMaster(client: ClientState, args: string[]): void {
    // MUTATION replica-skips-command (tests only): the 5th write of the stream is not applied.
    if (mutation('replica-skips-command') && !/^(ping|select|multi|exec)$/i.test(args[0]!) && ++this.mutationWrites === 5) return;
    const keyspace = this.engine.keyspace;
    const paused = keyspace.expiryPaused;
    keyspace.expiryPaused = true;
    try {
      this.engine.replay(client, args);
    } finally {
      keyspace.expiryPaused = paused;
    }
  }

  /** REPLCONF ACK <offset> to the master (replicationSendAck). */
  sendAck(): void {
    if (!this.streaming && this.state !== 'connected') return;
    this.lastAck = this.engine.clock.now();
    this.send(['REPLCONF', 'ACK', String(this.reploff)]);
  }

  /** The link's part of replicationCron: reconnect, ACK every second, repl-timeout. */
  cron(): void {
    if (this.closed) return;
    const now = this.engine.clock.now();
    if (this.state === 'connect') {
      this.connect();
      return;
    }
    const timeout = this.engine.config.getNumber('repl-timeout') * 1000;
    if (now - this.lastIo > timeout) {
      this.logger.warning(this.state === 'connected'
        ? 'MASTER timeout: no data nor PING received...'
        : 'Timeout connecting to the MASTER...');
      this.socket?.destroy();
      return;
    }
    if (this.state === 'connected' && now - this.lastAck >= 900) this.sendAck();
  }
}
