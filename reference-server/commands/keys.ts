// Generic key commands (Redis 7.0 src/db.c, src/expire.c, src/object.c): DEL UNLINK EXISTS TYPE
// KEYS SCAN RENAME RENAMENX MOVE COPY RANDOMKEY, the EXPIRE family with NX/XX/GT/LT, TTL and
// friends, PERSIST, TOUCH, OBJECT. Relative expiries propagate as PEXPIREAT; past ones as DEL.

import type { CommandContext, CommandSpec } from './command.js';
import { NOT_INTEGER, NO_SUCH_KEY, SYNTAX, err } from './errors.js';
import { LLONG_MAX, LLONG_MIN, parseBigInteger, parseInteger } from './args.js';
import { scanStep } from './scan-cursor.js';
import { globMatch } from '../keyspace/glob.js';
import { cloneValue } from '../keyspace/clone-value.js';
import type { Database } from '../keyspace/keyspace.js';
import type { RedisValue } from '../keyspace/value.js';
import { ErrorReply, OK, SimpleReply, type Reply } from '../resp/reply.js';
import { helpReply, OBJECT_HELP } from './help-text.js';
import { markDuplicatedString, refcountOf } from './refcount.js';

const KEY1 = { firstKey: 1, lastKey: 1, keyStep: 1 };
const ALL_KEYS = { firstKey: 1, lastKey: -1, keyStep: 1 };

/** The type name TYPE and SCAN TYPE use. */
function typeName(v: RedisValue): string {
  return v.type;
}

/** The database index argument of MOVE/COPY, or its error. */
function dbIndex(ctx: CommandContext, raw: string): Database | ErrorReply {
  const n = parseInteger(raw);
  if (n === undefined || n < -2147483648 || n > 2147483647) return NOT_INTEGER;
  const db = ctx.keyspace.dbs[n];
  return db === undefined || n < 0 ? err('DB index is out of range') : db;
}

function deleteKeys(ctx: CommandContext, args: string[]): Reply {
  let n = 0;
  for (let i = 1; i < args.length; i++) if (ctx.keyspace.delete(ctx.db, args[i]!)) n++;
  ctx.markDirty(n);
  return n;
}

/** parseScanCursorOrReply: strtoul, whole string, no leading space, no overflow. */
export function parseScanCursor(raw: string): number | ErrorReply {
  const m = /^[+-]?\d+$/.exec(raw);
  if (!m) return err('invalid cursor');
  let v = BigInt(raw.replace(/^\+/, ''));
  if (v > 18446744073709551615n || v < -18446744073709551615n) return err('invalid cursor');
  if (v < 0n) v = (1n << 64n) + v; // strtoul negates into the unsigned range
  return Number(v & 0xffffffffn);
}

/** Parses SCAN-family options after the cursor: MATCH, COUNT (and TYPE when allowed). */
export function parseScanOptions(args: string[], from: number, allowType: boolean): { pattern?: string; count: number; type?: string } | ErrorReply {
  let pattern: string | undefined;
  let count = 10;
  let type: string | undefined;
  for (let i = from; i < args.length; i++) {
    const opt = args[i]!.toLowerCase();
    const left = args.length - i - 1;
    if (opt === 'count' && left >= 1) {
      const n = parseInteger(args[++i]!);
      if (n === undefined) return NOT_INTEGER;
      if (n < 1) return SYNTAX;
      count = n;
    } else if (opt === 'match' && left >= 1) {
      pattern = args[++i]!;
      // A lone '*' matches everything, the empty key included (scanGenericCommand use_pattern).
      if (pattern === '*') pattern = undefined;
    } else if (opt === 'type' && allowType && left >= 1) {
      type = args[++i]!.toLowerCase();
    } else {
      return SYNTAX;
    }
  }
  return { pattern, count, type };
}

function ttlReply(ctx: CommandContext, key: string, unit: 'ms' | 's', absolute: boolean): Reply {
  const v = ctx.keyspace.lookupRead(ctx.db, key);
  if (v === undefined) return -2;
  const when = ctx.db.expires.get(key);
  if (when === undefined) return -1;
  if (absolute) return unit === 'ms' ? when : Math.floor(when / 1000);
  const left = Math.max(0, when - ctx.now);
  return unit === 'ms' ? left : Math.floor((left + 500) / 1000);
}

const EXPIRE_OPTIONS = ['nx', 'xx', 'gt', 'lt'];

/** expireGenericCommand: EXPIRE PEXPIRE EXPIREAT PEXPIREAT with NX XX GT LT. */
function expireGeneric(ctx: CommandContext, args: string[], basetime: number, seconds: boolean, fullname: string): Reply {
  const key = args[1]!;
  const opts = new Set<string>();
  for (let j = 3; j < args.length; j++) {
    const o = args[j]!.toLowerCase();
    if (!EXPIRE_OPTIONS.includes(o)) return err(`Unsupported option ${args[j]!}`);
    opts.add(o);
  }
  if (opts.has('nx') && (opts.has('xx') || opts.has('gt') || opts.has('lt'))) return err('NX and XX, GT or LT options at the same time are not compatible');
  if (opts.has('gt') && opts.has('lt')) return err('GT and LT options at the same time are not compatible');
  let when = parseBigInteger(args[2]!);
  if (when === undefined) return NOT_INTEGER;
  const invalid = err(`invalid expire time in '${fullname}' command`);
  if (seconds) {
    if (when > LLONG_MAX / 1000n || when < LLONG_MIN / 1000n) return invalid;
    when *= 1000n;
  }
  if (when > LLONG_MAX - BigInt(basetime)) return invalid;
  when += BigInt(basetime);
  if (ctx.keyspace.lookupWrite(ctx.db, key) === undefined) return 0;
  const current = ctx.db.expires.get(key);
  if (opts.has('nx') && current !== undefined) return 0;
  if (opts.has('xx') && current === undefined) return 0;
  if (opts.has('gt') && (current === undefined || when <= BigInt(current))) return 0;
  if (opts.has('lt') && current !== undefined && when >= BigInt(current)) return 0;
  ctx.markDirty();
  // checkAlreadyExpired: a master deletes at once and propagates the deletion.
  if (when <= BigInt(ctx.now) && !ctx.keyspace.isReplica) {
    ctx.keyspace.delete(ctx.db, key);
    ctx.replaceArgv([ctx.config.getBool('lazyfree-lazy-expire') ? 'UNLINK' : 'DEL', key]);
    return 1;
  }
  ctx.keyspace.setExpire(ctx.db, key, Number(when));
  ctx.replaceArgv(['PEXPIREAT', key, when.toString(), ...args.slice(3)]);
  return 1;
}

function renameGeneric(ctx: CommandContext, args: string[], nx: boolean): Reply {
  const [, src, dst] = args as [string, string, string];
  const v = ctx.keyspace.lookupWrite(ctx.db, src);
  if (src === dst) return v === undefined ? NO_SUCH_KEY : nx ? 0 : OK;
  if (v === undefined) return NO_SUCH_KEY;
  const expire = ctx.db.expires.get(src);
  if (ctx.keyspace.lookupWrite(ctx.db, dst) !== undefined) {
    if (nx) return 0;
    ctx.keyspace.delete(ctx.db, dst);
  }
  ctx.keyspace.delete(ctx.db, src);
  ctx.keyspace.add(ctx.db, dst, v);
  if (expire !== undefined) ctx.keyspace.setExpire(ctx.db, dst, expire);
  ctx.markDirty();
  return nx ? 1 : OK;
}

/** The encoding name OBJECT ENCODING reports. */
export function encodingName(v: RedisValue): string {
  return v.encoding;
}

/** OBJECT <sub> key: looks the key up without touching it; a missing key is a null reply. */
function objectSubcommand(name: 'encoding' | 'refcount' | 'idletime' | 'freq', handler: (ctx: CommandContext, v: RedisValue) => Reply): CommandSpec {
  return {
    name, arity: 3, flags: ['readonly'], acl: ['keyspace', 'read', 'slow'], firstKey: 2, lastKey: 2, keyStep: 1,
    handler(ctx, args) {
      if (ctx.keyspace.expireIfNeeded(ctx.db, args[2]!)) return null;
      const v = ctx.db.dict.get(args[2]!);
      return v === undefined ? null : handler(ctx, v);
    },
  };
}

const LFU_NOTE = 'Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';
const lfuPolicy = (ctx: CommandContext) => ctx.config.get('maxmemory-policy').endsWith('-lfu');

const objectCommand: CommandSpec = {
  name: 'object', arity: -2, flags: [], acl: ['slow'], firstKey: 0, lastKey: 0, keyStep: 0,
  subcommands: {
    encoding: objectSubcommand('encoding', (_ctx, v) => encodingName(v)),
    refcount: objectSubcommand('refcount', (ctx, v) => refcountOf(ctx.engine, v)),
    // Access times and frequencies are not tracked by the reference server: 0, or Redis's error.
    idletime: objectSubcommand('idletime', (ctx) => (lfuPolicy(ctx) ? err(`An LFU maxmemory policy is selected, idle time not tracked. ${LFU_NOTE}`) : 0)),
    freq: objectSubcommand('freq', (ctx) => (lfuPolicy(ctx) ? 0 : err(`An LFU maxmemory policy is not selected, access frequency not tracked. ${LFU_NOTE}`))),
    help: {
      name: 'help', arity: 2, flags: ['loading', 'stale'], acl: ['keyspace', 'slow'], firstKey: 0, lastKey: 0, keyStep: 0,
      handler: () => helpReply('OBJECT', OBJECT_HELP),
    },
  },
};

export const keysCommands: CommandSpec[] = [
  { name: 'del', arity: -2, flags: ['write'], acl: ['keyspace', 'write', 'slow'], ...ALL_KEYS, handler: deleteKeys },
  { name: 'unlink', arity: -2, flags: ['write', 'fast'], acl: ['keyspace', 'write', 'fast'], ...ALL_KEYS, handler: deleteKeys },
  {
    name: 'exists', arity: -2, flags: ['readonly', 'fast'], acl: ['keyspace', 'read', 'fast'], ...ALL_KEYS,
    handler(ctx, args) {
      let n = 0;
      for (let i = 1; i < args.length; i++) if (ctx.keyspace.lookupRead(ctx.db, args[i]!) !== undefined) n++;
      return n;
    },
  },
  {
    name: 'type', arity: 2, flags: ['readonly', 'fast'], acl: ['keyspace', 'read', 'fast'], ...KEY1,
    handler(ctx, args) {
      const v = ctx.keyspace.lookupRead(ctx.db, args[1]!);
      return new SimpleReply(v === undefined ? 'none' : typeName(v));
    },
  },
  {
    name: 'keys', arity: 2, flags: ['readonly'], acl: ['keyspace', 'read', 'slow', 'dangerous'], firstKey: 0, lastKey: 0, keyStep: 0,
    handler(ctx, args) {
      const all = args[1] === '*';
      const out: string[] = [];
      for (const key of ctx.db.dict.keys()) {
        if ((all || globMatch(args[1]!, key)) && !ctx.keyspace.isExpired(ctx.db, key)) out.push(key);
      }
      return out;
    },
  },
  {
    name: 'scan', arity: -2, flags: ['readonly'], acl: ['keyspace', 'read', 'slow'], firstKey: 0, lastKey: 0, keyStep: 0,
    handler(ctx, args) {
      const cursor = parseScanCursor(args[1]!);
      if (cursor instanceof ErrorReply) return cursor;
      const opts = parseScanOptions(args, 2, true);
      if (opts instanceof ErrorReply) return opts;
      const { next, found } = scanStep(ctx.db.dict.keys(), cursor, opts.count);
      const keys = found.filter((k) => {
        if (opts.pattern !== undefined && !globMatch(opts.pattern, k)) return false;
        const v = ctx.db.dict.get(k);
        if (opts.type !== undefined && (v === undefined || typeName(v) !== opts.type)) return false;
        return !ctx.keyspace.expireIfNeeded(ctx.db, k);
      });
      return [String(next), keys];
    },
  },
  {
    name: 'rename', arity: 3, flags: ['write'], acl: ['keyspace', 'write', 'slow'], firstKey: 1, lastKey: 2, keyStep: 1,
    handler: (ctx, args) => renameGeneric(ctx, args, false),
  },
  {
    name: 'renamenx', arity: 3, flags: ['write', 'fast'], acl: ['keyspace', 'write', 'fast'], firstKey: 1, lastKey: 2, keyStep: 1,
    handler: (ctx, args) => renameGeneric(ctx, args, true),
  },
  {
    name: 'move', arity: 3, flags: ['write', 'fast'], acl: ['keyspace', 'write', 'fast'], ...KEY1,
    handler(ctx, args) {
      const dst = dbIndex(ctx, args[2]!);
      if (dst instanceof ErrorReply) return dst;
      if (dst === ctx.db) return err('source and destination objects are the same');
      const v = ctx.keyspace.lookupWrite(ctx.db, args[1]!);
      if (v === undefined) return 0;
      if (ctx.keyspace.lookupWrite(dst, args[1]!) !== undefined) return 0;
      const expire = ctx.db.expires.get(args[1]!);
      ctx.keyspace.add(dst, args[1]!, v);
      if (expire !== undefined) ctx.keyspace.setExpire(dst, args[1]!, expire);
      ctx.keyspace.delete(ctx.db, args[1]!);
      ctx.markDirty();
      return 1;
    },
  },
  {
    name: 'copy', arity: -3, flags: ['write', 'denyoom'], acl: ['keyspace', 'write', 'slow'], firstKey: 1, lastKey: 2, keyStep: 1,
    handler(ctx, args) {
      let dst: Database = ctx.db;
      let replace = false;
      for (let j = 3; j < args.length; j++) {
        const o = args[j]!.toLowerCase();
        if (o === 'replace') replace = true;
        else if (o === 'db' && j + 1 < args.length) {
          const d = dbIndex(ctx, args[++j]!);
          if (d instanceof ErrorReply) return d;
          dst = d;
        } else return SYNTAX;
      }
      const [, src, target] = args as [string, string, string];
      if (src === target && dst === ctx.db) return err('source and destination objects are the same');
      const v = ctx.keyspace.lookupWrite(ctx.db, src);
      if (v === undefined) return 0;
      const expire = ctx.db.expires.get(src);
      if (ctx.keyspace.lookupWrite(dst, target) !== undefined) {
        if (!replace) return 0;
        ctx.keyspace.delete(dst, target);
      }
      ctx.keyspace.add(dst, target, markDuplicatedString(cloneValue(v)));
      if (expire !== undefined) ctx.keyspace.setExpire(dst, target, expire);
      ctx.markDirty();
      return 1;
    },
  },
  {
    name: 'randomkey', arity: 1, flags: ['readonly'], acl: ['keyspace', 'read', 'slow'], firstKey: 0, lastKey: 0, keyStep: 0,
    handler(ctx) {
      for (let tries = 0; tries < 100; tries++) {
        const keys = [...ctx.db.dict.keys()];
        if (keys.length === 0) return null;
        const key = keys[Math.floor(ctx.random() * keys.length)]!;
        if (!ctx.keyspace.expireIfNeeded(ctx.db, key)) return key;
      }
      return null;
    },
  },
  {
    name: 'expire', arity: -3, flags: ['write', 'fast'], acl: ['keyspace', 'write', 'fast'], ...KEY1,
    handler: (ctx, args) => expireGeneric(ctx, args, ctx.now, true, 'expire'),
  },
  {
    name: 'pexpire', arity: -3, flags: ['write', 'fast'], acl: ['keyspace', 'write', 'fast'], ...KEY1,
    handler: (ctx, args) => expireGeneric(ctx, args, ctx.now, false, 'pexpire'),
  },
  {
    name: 'expireat', arity: -3, flags: ['write', 'fast'], acl: ['keyspace', 'write', 'fast'], ...KEY1,
    handler: (ctx, args) => expireGeneric(ctx, args, 0, true, 'expireat'),
  },
  {
    name: 'pexpireat', arity: -3, flags: ['write', 'fast'], acl: ['keyspace', 'write', 'fast'], ...KEY1,
    handler: (ctx, args) => expireGeneric(ctx, args, 0, false, 'pexpireat'),
  },
  { name: 'ttl', arity: 2, flags: ['readonly', 'fast'], acl: ['keyspace', 'read', 'fast'], ...KEY1, handler: (ctx, args) => ttlReply(ctx, args[1]!, 's', false) },
  { name: 'pttl', arity: 2, flags: ['readonly', 'fast'], acl: ['keyspace', 'read', 'fast'], ...KEY1, handler: (ctx, args) => ttlReply(ctx, args[1]!, 'ms', false) },
  { name: 'expiretime', arity: 2, flags: ['readonly', 'fast'], acl: ['keyspace', 'read', 'fast'], ...KEY1, handler: (ctx, args) => ttlReply(ctx, args[1]!, 's', true) },
  { name: 'pexpiretime', arity: 2, flags: ['readonly', 'fast'], acl: ['keyspace', 'read', 'fast'], ...KEY1, handler: (ctx, args) => ttlReply(ctx, args[1]!, 'ms', true) },
  {
    name: 'persist', arity: 2, flags: ['write', 'fast'], acl: ['keyspace', 'write', 'fast'], ...KEY1,
    handler(ctx, args) {
      if (ctx.keyspace.lookupWrite(ctx.db, args[1]!) === undefined) return 0;
      if (!ctx.keyspace.persist(ctx.db, args[1]!)) return 0;
      ctx.markDirty();
      return 1;
    },
  },
  {
    name: 'touch', arity: -2, flags: ['readonly', 'fast'], acl: ['keyspace', 'read', 'fast'], ...ALL_KEYS,
    handler(ctx, args) {
      let n = 0;
      for (let i = 1; i < args.length; i++) if (ctx.keyspace.lookupRead(ctx.db, args[i]!) !== undefined) n++;
      return n;
    },
  },
  objectCommand,
];

