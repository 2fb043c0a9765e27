// The TCP front of the reference server: accepts connections, parses RESP, runs each request
// through the command engine, writes replies in one write per batch, and parks blocked clients.

import net from 'node:net';
import { RequestParser } from './resp/parser.js';
import { encodeReply, ErrorReply, type Reply } from './resp/reply.js';
import { BlockRequest } from './commands/command.js';
import type { CommandEngine } from './engine.js';
import type { ClientState } from './client-state.js';
import type { Logger } from './logger.js';
import type { TimerHandle } from './ports/timers.js';

/** Raised where Redis would exit(1) (an AOF write or fsync failure under appendfsync always). */
export class ServerFatalError extends Error {}

/** One TCP connection and its client state. */
export class Connection {
  readonly parser: RequestParser;
  /** Set while the client waits on a blocking command: later requests stay buffered. */
  blocked = false;
  private blockTimer: TimerHandle | undefined;
  closed = false;

  constructor(
    readonly socket: net.Socket,
    readonly client: ClientState,
    private readonly server: RespServer,
  ) {
    this.parser = new RequestParser({ maxBulkLen: server.engine.config.getNumber('proto-max-bulk-len') });
  }

  onData(chunk: Buffer): void {
    this.parser.feed(chunk);
    this.processInput();
  }

  /** Runs every complete buffered request, writes the replies in one write. */
  processInput(): void {
    const engine = this.server.engine;
    let out = '';
    // Redis sets lastinteraction once per read (readQueryFromClient), not per command.
    const now = engine.clock.now();
    while (!this.blocked && !this.closed) {
      const r = this.parser.next();
      if (r.kind === 'incomplete') break;
      if (r.kind === 'error') {
        out += encodeReply(new ErrorReply('ERR ' + r.message));
        this.server.logger.verbose(`Protocol error (${r.message}) from client: id=${this.client.id} addr=${this.client.addr}`);
        this.write(out);
        this.close(true);
        return;
      }
      const args = r.args;
      const first = args[0]!.toLowerCase();
      if (first === 'host:' || first === 'post') {
        this.server.logger.warning('Possible SECURITY ATTACK detected. It looks like somebody is sending POST or Host: commands to Redis. This is likely due to an attacker attempting to use Cross Protocol Scripting to compromise your Redis instance. Connection aborted.');
        this.write(out);
        this.close(false);
        return;
      }
      this.client.lastInteraction = now;
      const result = engine.execute(this.client, args);
      if (result instanceof BlockRequest) {
        this.startBlocking(result);
        break;
      }
      out += encodeReply(result);
      if (this.client.closeAfterReply) {
        this.write(out);
        this.close(true);
        return;
      }
    }
    if (out.length > 0) this.write(out);
    engine.handleReadyKeys();
  }

  private startBlocking(request: BlockRequest): void {
    const engine = this.server.engine;
    this.blocked = true;
    engine.block(this.client, request, (reply) => this.unblocked(reply));
    if (request.deadline > 0) this.armBlockTimer(request.deadline);
  }

  /** setTimeout holds at most 2^31-1 ms: longer waits re-arm until the deadline. */
  private armBlockTimer(deadline: number): void {
    const engine = this.server.engine;
    const delay = Math.max(0, deadline - engine.clock.now());
    const MAX_TIMER_MS = 2147483647;
    this.blockTimer = engine.timers.after(Math.min(delay, MAX_TIMER_MS), () => {
      if (delay > MAX_TIMER_MS) this.armBlockTimer(deadline);
      else engine.timeout(this.client);
    });
  }

  private unblocked(reply: Reply): void {
    this.blockTimer?.cancel();
    this.blockTimer = undefined;
    this.blocked = false;
    this.write(encodeReply(reply));
    // Requests pipelined behind the blocking one run now, as Redis does after unblocking.
    setImmediate(() => this.processInput());
  }

  /** Replies waiting for the end of this event-loop turn. */
  pending = '';

  /**
   * Queues reply bytes for the end of this event-loop turn, after the AOF is written, like Redis's
   * handleClientsWithPendingWrites in beforeSleep (src/networking.c): a pipelined batch goes out
   * in one socket write instead of one per command.
   */
  write(data: string): void {
    if (this.closed || data.length === 0) return;
    this.pending += data;
    this.server.schedule(this);
  }

  /** Writes what was deferred. */
  flushPending(): void {
    if (this.pending.length > 0 && !this.socket.destroyed) this.socket.write(this.pending, 'latin1');
    this.pending = '';
  }

  /** Closes the connection; `graceful` lets pending replies flush first. */
  close(graceful: boolean): void {
    if (this.closed) return;
    // Replies already produced (e.g. +OK of QUIT) still go out, after the AOF write they wait for.
    if (graceful && this.pending.length > 0 && !this.server.beforeReplies()) return;
    this.flushPending();
    this.closed = true;
    this.blockTimer?.cancel();
    if (graceful) this.socket.end();
    else this.socket.destroy();
    this.server.forget(this);
  }
}

/** Listens on TCP and serves the engine. */
export class RespServer {
  readonly connections = new Set<Connection>();
  /**
   * Called once per event-loop turn before replies are written (Redis's beforeSleep): the AOF
   * writes (and under appendfsync always, fsyncs) what the turn's commands appended.
   */
  beforeSleepHook: (() => void) | undefined;
  private readonly waiting = new Set<Connection>();
  private turnScheduled = false;
  private readonly servers: net.Server[] = [];
  private cron: TimerHandle | undefined;
  /** While true no socket is read (the harness's in-process pause: connections stay open, nothing is served). */
  private paused = false;

  constructor(
    readonly engine: CommandEngine,
    readonly logger: Logger,
  ) {
    // CLIENT KILL closes the victim's socket here, where the connections are.
    engine.host = { ...engine.host, killClient: (id) => this.killClient(id) };
  }

  /**
   * Closes the connection of client `id`, if it is one of ours, dropping the output not yet
   * written, as freeClient does for CLIENT KILL of another client (src/networking.c).
   */
  killClient(id: number): void {
    for (const c of this.connections) {
      if (c.client.id === id) {
        c.pending = '';
        c.close(false);
        return;
      }
    }
    const client = this.engine.clients.get(id);
    if (client) this.engine.removeClient(client);
  }

  /**
   * Listens on `port` at each address of `bind`; resolves with the port actually bound. With port 0
   * and `candidates`, the first address takes the first candidate that is free (EADDRINUSE moves
   * on; after them, port 0 lets the kernel choose) and the other addresses take the same port.
   */
  async listen(port: number, bind: string[], candidates: Iterable<number> = []): Promise<number> {
    let bound = port;
    let tries = port === 0 ? candidates[Symbol.iterator]() : undefined;
    for (const raw of bind) {
      const host = raw.startsWith('-') ? raw.slice(1) : raw;
      const address = host === '*' ? '0.0.0.0' : host;
      for (;;) {
        const next = tries?.next();
        const candidate = next && !next.done ? next.value : undefined;
        try {
          const srv = await this.listenOne(raw, address, candidate ?? bound);
          if (srv) {
            bound = (srv.address() as net.AddressInfo).port;
            this.servers.push(srv);
          }
          break;
        } catch (e) {
          if (candidate === undefined || (e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
        }
      }
      tries = undefined;
    }
    this.startCron();
    return bound;
  }

  /** One listener; undefined when an optional address ('-' prefix) is not available here. */
  private listenOne(raw: string, address: string, port: number): Promise<net.Server | undefined> {
    const srv = net.createServer({ noDelay: true }, (socket) => this.accept(socket));
    return new Promise((resolveListen, reject) => {
      srv.once('error', (e: NodeJS.ErrnoException) => {
        // Like Redis, an optional address (prefixed by '-') that is unavailable is skipped.
        if (raw.startsWith('-') && (e.code === 'EADDRNOTAVAIL' || e.code === 'EAFNOSUPPORT')) resolveListen(undefined);
        else reject(e);
      });
      srv.listen({ port, host: address, backlog: this.engine.config.getNumber('tcp-backlog') }, () => resolveListen(srv));
    });
  }

  private accept(socket: net.Socket): void {
    const client = this.engine.createClient();
    client.addr = `${socket.remoteAddress}:${socket.remotePort}`;
    client.laddr = `${socket.localAddress}:${socket.localPort}`;
    const conn = new Connection(socket, client, this);
    this.connections.add(conn);
    if (this.paused) socket.pause();
    socket.on('data', (chunk) => conn.onData(chunk));
    socket.on('error', () => conn.close(false));
    socket.on('close', () => conn.close(false));
  }

  /** Queues `conn`'s deferred replies for the end of this turn. */
  schedule(conn: Connection): void {
    this.waiting.add(conn);
    if (this.turnScheduled) return;
    this.turnScheduled = true;
    setImmediate(() => this.endOfTurn());
  }

  /**
   * Runs the before-sleep work (the AOF write). Returns false when it hit a fatal error: then the
   * server is already down and no pending reply may be sent.
   */
  beforeReplies(): boolean {
    try {
      this.beforeSleepHook?.();
      return true;
    } catch (e) {
      if (!(e instanceof ServerFatalError)) throw e;
      this.fatal(e);
      return false;
    }
  }

  /** Dies at once: every connection dropped without its pending replies, then onFatal. */
  fatal(e: ServerFatalError): void {
    this.waiting.clear();
    for (const c of [...this.connections]) {
      c.pending = '';
      c.close(false);
    }
    this.onFatal(e);
  }

  /** Called when the server must die at once (Redis's exit(1)); replies not yet sent are never sent. */
  onFatal: (error: ServerFatalError) => void = () => process.exit(1);

  private endOfTurn(): void {
    this.turnScheduled = false;
    if (!this.beforeReplies()) return;
    const conns = [...this.waiting];
    this.waiting.clear();
    for (const c of conns) c.flushPending();
  }

  forget(conn: Connection): void {
    this.connections.delete(conn);
    this.engine.removeClient(conn.client);
  }

  /** Redis serverCron: active expiry cycle, `hz` times a second. */
  private startCron(): void {
    const hz = Math.max(1, this.engine.config.getNumber('hz'));
    this.cron = this.engine.timers.every(1000 / hz, () => this.engine.activeExpireCycle());
  }

  /** Stops reading from every connection, new ones included (a frozen server, as SIGSTOP gives). */
  pauseServing(): void {
    this.paused = true;
    for (const c of this.connections) c.socket.pause();
  }

  /** Reads from every connection again after pauseServing(). */
  resumeServing(): void {
    this.paused = false;
    for (const c of this.connections) c.socket.resume();
  }

  /** Stops listening and drops every connection. */
  async close(): Promise<void> {
    this.cron?.cancel();
    for (const c of [...this.connections]) c.close(false);
    await Promise.all(this.servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  }
}
