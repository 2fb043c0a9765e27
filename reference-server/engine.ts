// The command engine: the reference server's single-threaded core with no socket. It looks up
// commands, checks arity, queues MULTI, runs handlers, tracks WATCH and blocked clients, and
// collects what to propagate. The TCP server and the harness's in-process model both drive it.

import { ClientState } from './client-state.js';
import { BlockRequest, type CommandContext, type CommandResult, type CommandSpec } from './commands/command.js';
import { COMMAND_TABLE } from './commands/table.js';
import { debugAdmissionCheck } from './commands/debug-command.js';
import { EXECABORT, wrongArity } from './commands/errors.js';
import { ServerConfig } from './config/server-config.js';
import { Keyspace, type Database, type KeyspaceListener } from './keyspace/keyspace.js';
import { systemClock, type Clock } from './ports/clock.js';
import { systemTimers, type Timers } from './ports/timers.js';
import { ErrorReply, NULL_ARRAY, OK, QUEUED, type Reply } from './resp/reply.js';
import type { Snapshotting } from './persistence/snapshotting.js';
import type { AppendOnlyFile } from './persistence/aof/append-only-file.js';
import { seededRandom } from './seeded-random.js';

/** One write to propagate to the AOF and to replicas. */
export interface PropagatedOp {
  db: number;
  args: string[];
}

/** A check run before a command executes (MISCONF, READONLY, NOREPLICAS ...); returns an error to refuse it. */
export type AdmissionCheck = (client: ClientState, spec: CommandSpec, args: string[]) => ErrorReply | undefined;

export interface EngineOptions {
  config?: ServerConfig;
  clock?: Clock;
  /** Timers of the server's own work (crons, blocking timeouts); virtual time in some harness runs. */
  timers?: Timers;
  /** Seed of the engine's random source (SPOP, RANDOMKEY, ...). */
  seed?: number;
}

interface WatchedKey {
  client: ClientState;
  db: number;
  key: string;
  /** The key was already logically expired when WATCH ran (Redis multi.c watchedKey.expired). */
  expired: boolean;
}

interface BlockedClient {
  client: ClientState;
  request: BlockRequest;
  db: number;
  deliver: (reply: Reply) => void;
}

/** Commands allowed while a client is in MULTI without being queued (src/server.c processCommand). */
const NOT_QUEUED = new Set(['exec', 'discard', 'multi', 'watch', 'quit', 'reset']);


/** Per-execution propagation state (Redis's server.also_propagate for one top-level call). */
class Execution {
  ops: PropagatedOp[] = [];
}

export class CommandEngine implements KeyspaceListener {
  readonly config: ServerConfig;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly keyspace: Keyspace;
  readonly commands: ReadonlyMap<string, CommandSpec> = COMMAND_TABLE;
  readonly clients = new Map<number, ClientState>();
  readonly random: () => number;
  /** Changes since the last save (Redis server.dirty). */
  dirty = 0;
  /** Total commands executed (INFO stats total_commands_processed). */
  totalCommands = 0;
  /** Replication resync counters (INFO stats sync_full, sync_partial_ok, sync_partial_err). */
  readonly replicationStats = { syncFull: 0, syncPartialOk: 0, syncPartialErr: 0 };
  /** Receives every top-level batch of propagated writes (AOF, replication). */
  propagationSink: ((ops: PropagatedOp[]) => void) | undefined;
  /** Checks that may refuse a command before it runs, in order. */
  readonly admissionChecks: AdmissionCheck[] = [];
  /** Server-wide facilities (INFO, SHUTDOWN, CLIENT KILL ...) that the network layer provides. */
  host: EngineHost | undefined;
  /** RDB snapshotting (SAVE, BGSAVE, save points), when the engine runs as a server. */
  snapshotting: Snapshotting | undefined;
  /** The append-only file, when the engine runs as a server. */
  aof: AppendOnlyFile | undefined;
  /** While EXEC runs: values stored from the queued commands' own arguments (see commands/refcount.ts). */
  execArgvValues: WeakSet<object> | undefined;
  /** DEBUG SET-ACTIVE-EXPIRE (Redis server.active_expire_enabled): when false, activeExpireCycle does nothing. */
  activeExpireEnabled = true;

  private nextClientId = 1;
  /** Specs by the name exactly as clients spell it ('SET', 'set'): saves a toLowerCase per command. Bounded. */
  private readonly byRawName = new Map<string, CommandSpec>();
  private readonly watchedKeys = new Map<string, WatchedKey[]>();
  private readonly clientWatches = new Map<ClientState, WatchedKey[]>();
  private readonly blockedByKey = new Map<string, BlockedClient[]>();
  private readonly blockedClients = new Map<ClientState, BlockedClient>();
  private readonly readyKeys = new Set<string>();
  private execution: Execution | undefined;

  constructor(options: EngineOptions = {}) {
    this.config = options.config ?? new ServerConfig();
    this.clock = options.clock ?? systemClock;
    this.timers = options.timers ?? systemTimers;
    this.keyspace = new Keyspace(this.config.getNumber('databases'), this.clock, this);
    this.random = seededRandom(options.seed ?? (Math.random() * 2 ** 32) >>> 0);
    // Protected commands are refused right after the arity check, before anything else (processCommand).
    this.admissionChecks.push(debugAdmissionCheck(this.config));
  }

  /** Registers a new client (a connection or an in-process caller). */
  createClient(): ClientState {
    const c = new ClientState(this.nextClientId++, this.clock.now());
    this.clients.set(c.id, c);
    return c;
  }

  /** Forgets a client: its watches, its blocked state. */
  removeClient(c: ClientState): void {
    this.unwatchAll(c);
    this.unblock(c);
    this.clients.delete(c.id);
  }

  /** Finds the spec for `args` (descending into subcommands); an error reply when unknown. */
  lookup(args: string[]): { spec: CommandSpec; fullname: string } | ErrorReply {
    let spec = this.byRawName.get(args[0]!);
    if (spec === undefined) {
      spec = this.commands.get(args[0]!.toLowerCase());
      if (spec === undefined) return unknownCommand(args);
      if (this.byRawName.size >= 4096) this.byRawName.clear();
      this.byRawName.set(args[0]!, spec);
    }
    const name = spec.name;
    if (spec.subcommands && args.length >= 2) {
      const sub = spec.subcommands[args[1]!.toLowerCase()];
      if (sub === undefined) {
        const text = `ERR unknown subcommand '${cString(args[1]!).slice(0, 128)}'. Try ${name.toUpperCase()} HELP.`;
        return new ErrorReply(text.replace(/[\r\n]/g, ' '));
      }
      return { spec: sub, fullname: `${name}|${sub.name}` };
    }
    return { spec, fullname: name };
  }

  /**
   * Runs one request from `client`. Returns the reply, or a BlockRequest the caller must hand to
   * `block` (only the network layer can wait).
   */
  execute(client: ClientState, args: string[]): CommandResult {
    const found = this.lookup(args);
    if (found instanceof ErrorReply) {
      if (client.multi) client.multiError = true;
      return found;
    }
    const { spec, fullname } = found;
    if ((spec.arity > 0 && spec.arity !== args.length) || args.length < -spec.arity) {
      return this.reject(client, spec, wrongArity(fullname));
    }
    for (const check of this.admissionChecks) {
      const refused = check(client, spec, args);
      if (refused) return this.reject(client, spec, refused);
    }
    client.lastCommand = fullname;
    if (client.multi && !NOT_QUEUED.has(spec.name)) {
      if (spec.flags.includes('no_multi')) {
        client.multiError = true;
        return new ErrorReply('ERR Command not allowed inside a transaction');
      }
      client.multi.push(args);
      return QUEUED;
    }
    return this.call(client, spec, args, false);
  }

  /**
   * Runs a command read from an AOF or a master's stream the way Redis's fake AOF client does:
   * no arity or admission checks, MULTI queues until EXEC. Returns false for an unknown command.
   */
  replay(client: ClientState, args: string[]): boolean {
    const found = this.lookup(args);
    if (found instanceof ErrorReply) return false;
    if (client.multi && found.spec.name !== 'exec') {
      client.multi.push(args);
      return true;
    }
    client.lastCommand = found.fullname;
    this.call(client, found.spec, args, false);
    return true;
  }

  /**
   * rejectCommand (src/server.c): flags an open transaction, and a rejected EXEC aborts it with
   * EXECABORT naming the reason (execCommandAbort).
   */
  private reject(client: ClientState, spec: CommandSpec, error: ErrorReply): ErrorReply {
    if (client.multi) client.multiError = true;
    if (spec.name !== 'exec') return error;
    this.discard(client);
    const reason = error.message.startsWith('ERR ') ? error.message.slice(4) : error.message;
    return new ErrorReply(`EXECABORT Transaction discarded because of: ${reason}`);
  }

  /** Runs a command that passed all checks, collecting and flushing its propagation. */
  private call(client: ClientState, spec: CommandSpec, args: string[], inExec: boolean): CommandResult {
    const outer = this.execution;
    const execution = outer ?? new Execution();
    this.execution = execution;
    try {
      const result = this.invoke(client, spec, args, inExec, execution);
      return result;
    } finally {
      if (!outer) {
        this.execution = undefined;
        this.flushPropagation(execution);
      }
    }
  }

  private invoke(client: ClientState, spec: CommandSpec, args: string[], inExec: boolean, execution: Execution): CommandResult {
    this.totalCommands++;
    const ctx = new Context(this, client, inExec, execution);
    let result: CommandResult;
    try {
      result = spec.handler!(ctx, args);
    } catch (e) {
      // A value past what V8 can hold (a string over ~512 MB: SETRANGE or APPEND far out, a
      // huge array) throws RangeError before anything is stored. Redis would allocate it; we
      // answer an error of our own instead of letting one client kill the server.
      if (!isSizeLimitError(e)) throw e;
      return new ErrorReply(`ERR the reference server cannot hold the result (${(e as Error).message})`);
    }
    ctx.finish(args);
    return result;
  }

  private flushPropagation(execution: Execution): void {
    const ops = execution.ops;
    if (ops.length === 0 || !this.propagationSink) return;
    if (ops.length > 1) {
      // Redis 7.0 propagatePendingCommands: several ops of one call are wrapped in MULTI/EXEC.
      this.propagationSink([{ db: ops[0]!.db, args: ['MULTI'] }, ...ops, { db: ops[ops.length - 1]!.db, args: ['EXEC'] }]);
    } else {
      this.propagationSink(ops);
    }
  }

  /** Propagates writes made outside any command (active expiry), immediately. */
  propagateNow(op: PropagatedOp): void {
    if (this.execution) this.execution.ops.push(op);
    else if (this.propagationSink) this.propagationSink([op]);
  }

  private readonly expireCursors = new Map<number, Iterator<[string, number]>>();

  /**
   * Active expiry (Redis src/expire.c activeExpireCycle, slow cycle): sample keys with a TTL in
   * each db, delete the expired ones, and go on while more than 25% of a sample was expired,
   * within a time budget of 25% of a cron tick. Replicas never expire keys themselves.
   */
  activeExpireCycle(): void {
    if (!this.activeExpireEnabled) return;
    if (this.keyspace.isReplica || this.keyspace.expiryPaused) return;
    const hz = Math.max(1, this.config.getNumber('hz'));
    const budgetMs = (1000 / hz) * 0.25;
    const started = this.clock.monotonic();
    const now = this.clock.now();
    for (const db of this.keyspace.dbs) {
      for (let round = 0; db.expires.size > 0; round++) {
        const sampleSize = Math.min(20, db.expires.size);
        let expired = 0;
        for (let i = 0; i < sampleSize; i++) {
          let cursor = this.expireCursors.get(db.id);
          let next = cursor?.next();
          if (!cursor || next!.done) {
            cursor = db.expires.entries();
            this.expireCursors.set(db.id, cursor);
            next = cursor.next();
            if (next.done) break;
          }
          const [key, when] = next!.value as [string, number];
          if (when <= now) {
            this.keyspace.deleteExpired(db, key);
            expired++;
          }
        }
        if (expired * 4 <= sampleSize || this.clock.monotonic() - started > budgetMs) break;
      }
    }
  }

  // ---- MULTI / EXEC / WATCH -------------------------------------------------------------

  /** EXEC: runs the queued commands atomically, unless a watched key changed or queueing failed. */
  exec(ctx: CommandContext): Reply {
    const client = ctx.client;
    if (!client.multi) return new ErrorReply('ERR EXEC without MULTI');
    if (this.isWatchedKeyExpired(client)) client.watchDirty = true;
    if (client.multiError || client.watchDirty) {
      const reply = client.multiError ? EXECABORT : NULL_ARRAY;
      this.discard(client);
      return reply;
    }
    const queued = client.multi;
    client.multi = null;
    this.unwatchAll(client);
    const replies: Reply[] = [];
    this.execArgvValues = new WeakSet();
    try {
      for (const args of queued) {
        const found = this.lookup(args);
        if (found instanceof ErrorReply) {
          replies.push(found);
          continue;
        }
        client.lastCommand = found.fullname;
        const r = this.invoke(client, found.spec, args, true, this.execution!);
        // Inside EXEC a blocking command answers as if it timed out at once.
        replies.push(r instanceof BlockRequest ? r.onTimeout : r);
      }
    } finally {
      this.execArgvValues = undefined;
    }
    client.lastCommand = 'exec';
    return replies;
  }

  /** DISCARD (and the end of any transaction): drops the queue and all watches. */
  discard(client: ClientState): void {
    client.multi = null;
    client.multiError = false;
    client.watchDirty = false;
    this.unwatchAll(client);
  }

  watch(client: ClientState, db: Database, key: string): void {
    const list = this.clientWatches.get(client) ?? [];
    if (list.some((w) => w.db === db.id && w.key === key)) return;
    const w: WatchedKey = { client, db: db.id, key, expired: this.keyspace.isExpired(db, key) };
    list.push(w);
    this.clientWatches.set(client, list);
    const id = db.id + '\0' + key;
    const watchers = this.watchedKeys.get(id) ?? [];
    watchers.push(w);
    this.watchedKeys.set(id, watchers);
  }

  unwatchAll(client: ClientState): void {
    const list = this.clientWatches.get(client);
    if (!list) return;
    for (const w of list) {
      const id = w.db + '\0' + w.key;
      const watchers = this.watchedKeys.get(id);
      if (!watchers) continue;
      const i = watchers.indexOf(w);
      if (i >= 0) watchers.splice(i, 1);
      if (watchers.length === 0) this.watchedKeys.delete(id);
    }
    this.clientWatches.delete(client);
  }

  private isWatchedKeyExpired(client: ClientState): boolean {
    for (const w of this.clientWatches.get(client) ?? []) {
      if (w.expired) continue;
      if (this.keyspace.isExpired(this.keyspace.dbs[w.db]!, w.key)) return true;
    }
    return false;
  }

  // ---- KeyspaceListener ------------------------------------------------------------------

  keyModified(db: number, key: string): void {
    if (this.watchedKeys.size === 0) return;
    const watchers = this.watchedKeys.get(db + '\0' + key);
    if (!watchers) return;
    // Mirrors touchWatchedKey in Redis 7.0 src/multi.c, including its early `break` for a key
    // that was already expired when watched and still exists.
    for (const w of [...watchers]) {
      if (w.expired) {
        if (!this.keyspace.dbs[db]!.dict.has(key)) {
          w.expired = false;
          continue;
        }
        break;
      }
      w.client.watchDirty = true;
      this.unwatchAll(w.client);
    }
  }

  keyReady(db: number, key: string): void {
    if (this.blockedByKey.size === 0) return;
    const id = db + '\0' + key;
    if (this.blockedByKey.has(id)) this.readyKeys.add(id);
  }

  keyExpired(db: number, key: string): void {
    this.propagateNow({ db, args: ['DEL', key] });
  }

  // ---- Blocking ----------------------------------------------------------------------------

  /** Parks `client` until a key of `request` is ready (then `deliver` gets the reply) or `timeout` is called. */
  block(client: ClientState, request: BlockRequest, deliver: (reply: Reply) => void): void {
    const b: BlockedClient = { client, request, db: client.db, deliver };
    this.blockedClients.set(client, b);
    for (const key of request.keys) {
      const id = b.db + '\0' + key;
      const list = this.blockedByKey.get(id) ?? [];
      list.push(b);
      this.blockedByKey.set(id, list);
    }
  }

  /** Removes `client` from the blocked set without replying. Returns whether it was blocked. */
  unblock(client: ClientState): boolean {
    const b = this.blockedClients.get(client);
    if (!b) return false;
    this.blockedClients.delete(client);
    for (const key of b.request.keys) {
      const id = b.db + '\0' + key;
      const list = this.blockedByKey.get(id);
      if (!list) continue;
      const i = list.indexOf(b);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) this.blockedByKey.delete(id);
    }
    return true;
  }

  /** Times out a blocked client: it gets its timeout reply. */
  timeout(client: ClientState): void {
    const b = this.blockedClients.get(client);
    if (!b) return;
    this.unblock(client);
    b.deliver(b.request.onTimeout);
  }

  isBlocked(client: ClientState): boolean {
    return this.blockedClients.has(client);
  }

  get blockedCount(): number {
    return this.blockedClients.size;
  }

  /** Serves clients blocked on keys that became ready, in the order they blocked (handleClientsBlockedOnKeys). */
  handleReadyKeys(): void {
    while (this.readyKeys.size > 0) {
      const ready = [...this.readyKeys];
      this.readyKeys.clear();
      for (const id of ready) {
        const list = this.blockedByKey.get(id);
        if (!list) continue;
        for (const b of [...list]) {
          if (!this.blockedClients.has(b.client)) continue;
          const execution = new Execution();
          this.execution = execution;
          let reply: Reply | undefined;
          try {
            const ctx = new Context(this, b.client, false, execution);
            // The client is served from the key that became ready (src/blocked.c serveClientsBlockedOnKey).
            reply = b.request.retry(ctx, id.slice(id.indexOf('\0') + 1));
            ctx.finish(null);
          } finally {
            this.execution = undefined;
            this.flushPropagation(execution);
          }
          if (reply === undefined) continue;
          this.unblock(b.client);
          b.deliver(reply);
        }
      }
    }
  }
}

/** What the engine asks of the process hosting it; absent for a pure in-process model. */
export interface EngineHost {
  /** INFO sections the engine cannot compute itself (server, clients, persistence, replication ...). */
  infoSection?(name: string): string | undefined;
  /** SHUTDOWN: returns an error reply when refused. */
  shutdown?(mode: 'default' | 'save' | 'nosave'): ErrorReply | undefined;
  /** CLIENT KILL: closes the connection of client `id` (its pending replies may still flush). */
  killClient?(id: number): void;
}

/** The context of one command execution. */
class Context implements CommandContext {
  readonly keyspace: Keyspace;
  readonly config: ServerConfig;
  /** Read from the clock on first use, then fixed for the command (most commands never ask). */
  private cachedNow = -1;
  private dirtyCount = 0;
  private argv: string[] | undefined;
  private prevented = false;
  private readonly extra: PropagatedOp[] = [];
  private readonly dbAtStart: number;

  constructor(
    readonly engine: CommandEngine,
    readonly client: ClientState,
    readonly inExec: boolean,
    private readonly execution: Execution,
  ) {
    this.keyspace = engine.keyspace;
    this.config = engine.config;
    this.dbAtStart = client.db;
  }

  get now(): number {
    if (this.cachedNow < 0) this.cachedNow = this.engine.clock.now();
    return this.cachedNow;
  }

  get db(): Database {
    return this.keyspace.dbs[this.client.db]!;
  }

  markDirty(count = 1): void {
    this.dirtyCount += count;
  }

  replaceArgv(args: string[]): void {
    this.argv = args;
  }

  alsoPropagate(args: string[], dbId?: number): void {
    this.extra.push({ db: dbId ?? this.client.db, args });
  }

  preventPropagation(): void {
    this.prevented = true;
  }

  random(): number {
    return this.engine.random();
  }

  /** Records the command's effects: dirty count and what to propagate (Redis call()). */
  finish(args: string[] | null): void {
    this.engine.dirty += this.dirtyCount;
    // As in Redis call(): what the command asked to also propagate goes first, its own argv last.
    for (const op of this.extra) this.execution.ops.push(op);
    if (this.dirtyCount > 0 && !this.prevented) {
      const propagated = this.argv ?? args;
      if (propagated) this.execution.ops.push({ db: this.dbAtStart, args: propagated });
    }
  }
}

/** Redis's `unknown command` error: the name and up to 128 bytes of quoted arguments. */
function unknownCommand(args: string[]): ErrorReply {
  let quoted = '';
  for (let i = 1; i < args.length && quoted.length < 128; i++) {
    quoted += `'${cString(args[i]!).slice(0, 128 - quoted.length)}' `;
  }
  const text = `ERR unknown command '${cString(args[0]!).slice(0, 128)}', with args beginning with: ${quoted}`;
  return new ErrorReply(text.replace(/[\r\n]/g, ' '));
}

/** A byte string as C's `%s` prints it: cut at the first NUL. */
function cString(s: string): string {
  const i = s.indexOf('\0');
  return i < 0 ? s : s.slice(0, i);
}

export { OK };

/**
 * Whether `e` is V8 refusing a value too big to hold (a string or array length, a buffer
 * allocation), as opposed to a bug such as a stack overflow, which must not pass for a reply.
 */
function isSizeLimitError(e: unknown): boolean {
  if (e instanceof RangeError) return /^Invalid (string|array|typed array) length|^Array buffer allocation failed/.test(e.message);
  return (e as NodeJS.ErrnoException | undefined)?.code === 'ERR_STRING_TOO_LONG';
}
