// DEBUG (src/debug.c debugCommand): DIGEST, DIGEST-VALUE, SLEEP, SET-ACTIVE-EXPIRE, OBJECT,
// POPULATE, HELP; guarded by enable-debug-command like server.c processCommand guards it.
// Reads the keyspace (POPULATE adds keys without dirtying, as Redis does); SLEEP stalls the engine.

import type { AdmissionCheck } from '../engine.js';
import type { ClientState } from '../client-state.js';
import type { CommandContext, CommandSpec } from './command.js';
import { isLocalClient } from './config-command.js';
import { DEBUG_HELP, helpReply } from './help-text.js';
import { debugObjectLine } from './debug-object.js';
import { refcountOf } from './refcount.js';
import { NO_SUCH_KEY } from './errors.js';
import { isStrictInteger, StringValue, EMBSTR_SIZE_LIMIT } from '../keyspace/string-value.js';
import { datasetDigest, digestHex, valueDigest } from '../keyspace/digest.js';
import { ErrorReply, OK, SimpleReply, type Reply } from '../resp/reply.js';
import type { ServerConfig } from '../config/server-config.js';
import { encodingLimitsFrom, loadRdbInto } from '../persistence/rdb/rdb-file.js';
import { RdbError } from '../persistence/rdb/rdb-error.js';

/** The rejection processCommand gives a protected command the config does not allow (src/server.c). */
export const DEBUG_NOT_ALLOWED = new ErrorReply(
  'ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a ' +
  'local connection, otherwise you need to set this option in the configuration file, and then restart the server.',
);

const POSITIVE = new ErrorReply('ERR value is out of range, must be positive');
const LONG_MAX = 9223372036854775807n;

/** allowProtectedAction(server.enable_debug_cmd, c) in src/config.c. */
export function debugAllowed(config: ServerConfig, client: ClientState): boolean {
  const mode = config.get('enable-debug-command');
  return mode === 'yes' || (mode === 'local' && isLocalClient(client.addr));
}

/**
 * The admission check for the engine: refuses DEBUG when enable-debug-command forbids it, right
 * after the arity check as processCommand does (so inside MULTI it is refused, not queued).
 */
export const debugAdmissionCheck = (config: ServerConfig): AdmissionCheck => (client, spec) =>
  spec.name === 'debug' && !debugAllowed(config, client) ? DEBUG_NOT_ALLOWED : undefined;

/** getPositiveLongFromObjectOrReply with its message: any failure reads "must be positive". */
function positiveLong(s: string): number | undefined {
  if (!isStrictInteger(s)) return undefined;
  const v = BigInt(s);
  return v < 0n || v > LONG_MAX ? undefined : Number(v);
}

/** The number strtod reads from the start of `s` (0 when none), as DEBUG SLEEP parses it. */
function strtodPrefix(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))/.exec(s);
  return m ? Number(m[1]) : 0;
}

/** C atoi: optional blanks and sign, then digits; 0 when there are none. */
function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  return m ? Number(m[1]) | 0 : 0;
}

/** Stalls the whole process like nanosleep stalls Redis's single thread. */
function sleepSync(ms: number): void {
  if (!(ms > 0)) return;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** A byte string cut at the first NUL, as C's %s prints it. */
function cString(s: string): string {
  const i = s.indexOf('\0');
  return i < 0 ? s : s.slice(0, i);
}

/** DEBUG POPULATE count [prefix] [size]: adds missing keys `prefix:N` = `value:N` (padded or cut to size). */
function populate(ctx: CommandContext, args: string[]): Reply {
  const count = positiveLong(args[2]!);
  if (count === undefined) return POSITIVE;
  let size = 0;
  if (args.length === 5) {
    const s = positiveLong(args[4]!);
    if (s === undefined) return POSITIVE;
    size = s;
  }
  const prefix = args.length === 3 ? 'key' : cString(args[3]!);
  for (let j = 0; j < count; j++) {
    // snprintf into a 128-byte buffer: names longer than 127 bytes are cut.
    const key = `${prefix}:${j}`.slice(0, 127);
    if (ctx.keyspace.lookupWrite(ctx.db, key) !== undefined) continue;
    const text = `value:${j}`;
    const data = size === 0 ? text : size <= text.length ? text.slice(0, size) : text + '\0'.repeat(size - text.length);
    // createStringObject: embstr or raw by length, never int.
    ctx.keyspace.add(ctx.db, key, new StringValue(data, data.length <= EMBSTR_SIZE_LIMIT ? 'embstr' : 'raw'));
  }
  return OK;
}

const NOT_YET = (what: string): ErrorReply =>
  new ErrorReply(`ERR DEBUG ${what} is not supported by the reference server yet`);

function debug(ctx: CommandContext, args: string[]): Reply {
  if (!debugAllowed(ctx.config, ctx.client)) return DEBUG_NOT_ALLOWED;
  const sub = args[1]!.toLowerCase();
  const argc = args.length;
  if (sub === 'help' && argc === 2) return helpReply('DEBUG', DEBUG_HELP);
  if (sub === 'digest' && argc === 2) return new SimpleReply(digestHex(datasetDigest(ctx.keyspace.dbs)));
  if (sub === 'digest-value') {
    // The raw dict, not a lookup: logically expired keys are digested too.
    return args.slice(2).map((key) => new SimpleReply(digestHex(valueDigest(ctx.db, key))));
  }
  if (sub === 'sleep' && argc === 3) {
    // utime = dtime*1000000 truncated to long long; nanosleep refuses negative times at once.
    const micros = Math.trunc(strtodPrefix(args[2]!) * 1_000_000);
    if (Number.isFinite(micros)) sleepSync(micros / 1000);
    return OK;
  }
  if (sub === 'set-active-expire' && argc === 3) {
    ctx.engine.activeExpireEnabled = atoi(args[2]!) !== 0;
    return OK;
  }
  if (sub === 'object' && argc === 3) {
    const v = ctx.db.dict.get(args[2]!);
    if (v === undefined) return NO_SUCH_KEY;
    return new SimpleReply(debugObjectLine(v, ctx.config, ctx.now, refcountOf(ctx.engine, v)));
  }
  if (sub === 'populate' && argc >= 3 && argc <= 5) return populate(ctx, args);
  if (sub === 'reload') return debugReload(ctx, args);
  if (sub === 'change-repl-id' && argc === 2) return NOT_YET('CHANGE-REPL-ID');
  const text = `ERR unknown subcommand or wrong number of arguments for '${cString(args[1]!).slice(0, 128)}'. Try DEBUG HELP.`;
  return new ErrorReply(text.replace(/[\r\n]/g, ' '));
}

/**
 * DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE] (src/debug.c): save the RDB (unless NOSAVE), then load it
 * back. Unlike Redis, the file is decoded before the dataset is dropped, so a bad file leaves the
 * dataset as it was (the reply is the same error).
 */
function debugReload(ctx: CommandContext, args: string[]): Reply {
  let save = true;
  for (const opt of args.slice(2)) {
    const o = opt.toLowerCase();
    if (o === 'nosave') save = false;
    else if (o !== 'merge' && o !== 'noflush') return new ErrorReply('ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.');
  }
  const snapshotting = ctx.engine.snapshotting;
  if (!snapshotting) return new ErrorReply('ERR DEBUG RELOAD needs a server with persistence (not the in-process model)');
  if (save && snapshotting.save()) return new ErrorReply('ERR');
  try {
    const file = snapshotting.storage.readFile(snapshotting.path);
    loadRdbInto(ctx.keyspace, file, encodingLimitsFrom(ctx.config), true);
  } catch (e) {
    if (e instanceof RdbError || (e as NodeJS.ErrnoException).code === 'ENOENT') return new ErrorReply('ERR Error trying to load the RDB dump');
    throw e;
  }
  ctx.preventPropagation();
  return OK;
}

/** DEBUG's table entry (src/commands/debug.json). */
export const debugCommand: CommandSpec = {
  name: 'debug', arity: -2, flags: ['admin', 'noscript', 'loading', 'stale', 'protected'], acl: ['admin', 'slow', 'dangerous'],
  firstKey: 0, lastKey: 0, keyStep: 0,
  handler: debug,
};
