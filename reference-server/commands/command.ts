// What a command is: its table entry (name, arity, flags, key positions) and the context its
// handler runs in. One handler per command; the engine does lookup, arity and MULTI queueing.

import type { Reply } from '../resp/reply.js';
import type { Database, Keyspace } from '../keyspace/keyspace.js';
import type { ServerConfig } from '../config/server-config.js';
import type { ClientState } from '../client-state.js';
import type { CommandEngine } from '../engine.js';

/** Command flags as Redis 7.0 names them (src/commands/*.json "command_flags", lower-case). */
export type CommandFlag =
  | 'write' | 'readonly' | 'denyoom' | 'admin' | 'pubsub' | 'noscript' | 'blocking' | 'loading'
  | 'stale' | 'skip_monitor' | 'skip_slowlog' | 'fast' | 'no_auth' | 'may_replicate'
  | 'no_mandatory_keys' | 'protected' | 'no_async_loading' | 'no_multi' | 'movablekeys' | 'allow_busy';

/** A request to block the client until one of `keys` is ready or the timeout passes. */
export class BlockRequest {
  constructor(
    /** Keys (in the client's db) whose readiness may serve the client. */
    readonly keys: string[],
    /** Absolute Unix ms deadline, or 0 for no timeout. */
    readonly deadline: number,
    /** Tries to serve the client from `readyKey` (the key that became ready); the reply, or undefined to keep waiting. */
    readonly retry: (ctx: CommandContext, readyKey?: string) => Reply | undefined,
    /** The reply sent when the timeout passes. */
    readonly onTimeout: Reply,
  ) {}
}

export type CommandResult = Reply | BlockRequest;
export type CommandHandler = (ctx: CommandContext, args: string[]) => CommandResult;

/** One entry of the command table. */
export interface CommandSpec {
  /** Lower-case name; for a subcommand, its own name (e.g. `get` under `config`). */
  name: string;
  /** Redis arity: N means exactly N arguments (name included), -N means at least N. */
  arity: number;
  flags: readonly CommandFlag[];
  /** ACL categories without the '@', as COMMAND INFO lists them (e.g. ['write', 'string', 'fast']). */
  acl?: readonly string[];
  firstKey: number;
  lastKey: number;
  keyStep: number;
  /** Container commands (CONFIG, CLIENT, OBJECT, ...) list subcommands by lower-case name. */
  subcommands?: Record<string, CommandSpec>;
  handler?: CommandHandler;
}

/**
 * Everything a handler may use. Replies are returned, not written.
 * Propagation (AOF, replicas): by default a command that made the dataset dirty is propagated
 * with its own arguments; call replaceArgv / alsoPropagate / preventPropagation to change that,
 * as Redis's rewriteClientCommandVector / alsoPropagate / preventCommandPropagation do.
 */
export interface CommandContext {
  readonly engine: CommandEngine;
  readonly client: ClientState;
  readonly keyspace: Keyspace;
  readonly config: ServerConfig;
  /** The client's selected database. */
  readonly db: Database;
  /** Unix ms, fixed for the whole command (Redis's cached command time). */
  readonly now: number;
  /** True while running inside EXEC (blocking commands must not block). */
  readonly inExec: boolean;
  /** Counts changes to the dataset (Redis server.dirty); drives save points and propagation. */
  markDirty(count?: number): void;
  /** Propagate these arguments instead of the command's own. */
  replaceArgv(args: string[]): void;
  /** Propagate an extra command (in addition to, or instead of after preventPropagation). */
  alsoPropagate(args: string[], dbId?: number): void;
  /** Do not propagate the command's own arguments. */
  preventPropagation(): void;
  /** A random number in [0, 1) from the engine's seeded source. */
  random(): number;
}
