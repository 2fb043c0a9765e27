// String commands (Redis 7.0 src/t_string.c): GET/SET and their variants, counters in exact 64-bit
// integers, INCRBYFLOAT in long double, APPEND/GETRANGE/SETRANGE. Each propagates what Redis
// propagates: relative expiries as absolute PXAT/PEXPIREAT, GETDEL as DEL, INCRBYFLOAT as SET KEEPTTL.

import type { CommandContext, CommandSpec } from './command.js';
import { INCR_OVERFLOW, NOT_INTEGER, SYNTAX, err, wrongArity } from './errors.js';
import { LLONG_MAX, LLONG_MIN, lookupReadTyped, lookupWriteTyped, parseBigInteger, parseInteger } from './args.js';
import { createRawStringValue, createStringValue, isStrictInteger, StringValue } from '../keyspace/string-value.js';
import { incrByFloat } from '../keyspace/long-double.js';
import { storedFromArgv, unshareStringValue } from './refcount.js';
import { ErrorReply, OK, type Reply } from '../resp/reply.js';

const F_SET = 1 << 0; // NX
const F_XX = 1 << 1;
const F_EX = 1 << 2;
const F_PX = 1 << 3;
const F_KEEPTTL = 1 << 4;
const F_GET = 1 << 5;
const F_EXAT = 1 << 6;
const F_PXAT = 1 << 7;
const F_PERSIST = 1 << 8;
const ANY_EXPIRE = F_EX | F_PX | F_EXAT | F_PXAT;

interface Extended {
  flags: number;
  expire: string | undefined;
}

/** parseExtendedStringArgumentsOrReply: SET's and GETEX's options, with Redis's exclusions. */
function parseExtended(args: string[], forSet: boolean): Extended | ErrorReply {
  let flags = 0;
  let expire: string | undefined;
  for (let j = forSet ? 3 : 2; j < args.length; j++) {
    const opt = args[j]!.toLowerCase();
    const hasNext = j < args.length - 1;
    if (opt === 'nx' && forSet && !(flags & F_XX)) flags |= F_SET;
    else if (opt === 'xx' && forSet && !(flags & F_SET)) flags |= F_XX;
    else if (opt === 'get' && forSet) flags |= F_GET;
    else if (opt === 'keepttl' && forSet && !(flags & (F_PERSIST | ANY_EXPIRE))) flags |= F_KEEPTTL;
    else if (opt === 'persist' && !forSet && !(flags & (ANY_EXPIRE | F_KEEPTTL))) flags |= F_PERSIST;
    else if (hasNext && (opt === 'ex' || opt === 'px' || opt === 'exat' || opt === 'pxat')) {
      const bit = opt === 'ex' ? F_EX : opt === 'px' ? F_PX : opt === 'exat' ? F_EXAT : F_PXAT;
      if (flags & (F_KEEPTTL | F_PERSIST | (ANY_EXPIRE & ~bit))) return SYNTAX;
      flags |= bit;
      expire = args[++j];
    } else return SYNTAX;
  }
  return { flags, expire };
}

/** getExpireMillisecondsOrReply: the absolute expiry in ms, or the error. */
function expireMs(ctx: CommandContext, raw: string, flags: number, fullname: string): number | ErrorReply {
  const v = parseBigInteger(raw);
  if (v === undefined) return NOT_INTEGER;
  const seconds = (flags & (F_EX | F_EXAT)) !== 0;
  const invalid = err(`invalid expire time in '${fullname}' command`);
  if (v <= 0n || (seconds && v > LLONG_MAX / 1000n)) return invalid;
  let ms = seconds ? v * 1000n : v;
  if (flags & (F_EX | F_PX)) ms += BigInt(ctx.now);
  if (ms <= 0n || ms > LLONG_MAX) return invalid;
  return Number(ms);
}

/** The value at `key` for GET-like commands: the string value, null when missing, or WRONGTYPE. */
function readString(ctx: CommandContext, key: string): StringValue | null | ErrorReply {
  const v = lookupReadTyped(ctx, key, 'string');
  if (v === undefined) return null;
  return v;
}

/** setGenericCommand. */
function setGeneric(ctx: CommandContext, args: string[], key: string, value: string, flags: number, expire: string | undefined, fullname: string, okReply: Reply, abortReply: Reply): Reply {
  let ms: number | undefined;
  if (expire !== undefined) {
    const e = expireMs(ctx, expire, flags, fullname);
    if (e instanceof ErrorReply) return e;
    ms = e;
  }
  let getReply: Reply | undefined;
  if (flags & F_GET) {
    const old = readString(ctx, key);
    if (old instanceof ErrorReply) return old;
    getReply = old === null ? null : old.data;
  }
  const found = ctx.keyspace.lookupWrite(ctx.db, key) !== undefined;
  if (((flags & F_SET) && found) || ((flags & F_XX) && !found)) return flags & F_GET ? getReply! : abortReply;
  ctx.keyspace.set(ctx.db, key, storedFromArgv(ctx.engine, createStringValue(value)), (flags & F_KEEPTTL) !== 0);
  ctx.markDirty();
  if (ms !== undefined) {
    ctx.keyspace.setExpire(ctx.db, key, ms);
    ctx.replaceArgv(['SET', key, value, 'PXAT', String(ms)]);
  } else if (flags & F_GET) {
    ctx.replaceArgv(args.filter((a, j) => j < 3 || a.toLowerCase() !== 'get'));
  }
  return flags & F_GET ? getReply! : okReply;
}

/** Largest |operand| (exclusive) of incrDecr's fast path. */
const SMALL_OPERAND = 1_000_000_000_000_000n;

/** incrDecrCommand: exact 64-bit arithmetic; the TTL is kept (dbOverwrite). */
function incrDecr(ctx: CommandContext, key: string, incr: bigint): Reply {
  const o = lookupWriteTyped(ctx, key, 'string');
  if (o instanceof ErrorReply) return o;
  // Fast path in doubles: operands below 10^15 sum exactly below 2^53 and never overflow int64.
  // With BigInt parsing and arithmetic, INCR ran below SET on the pipelined benchmark.
  if (incr > -SMALL_OPERAND && incr < SMALL_OPERAND && (o === undefined || (o.data.length <= 15 && isStrictInteger(o.data)))) {
    const value = (o === undefined ? 0 : Number(o.data)) + Number(incr);
    const next = new StringValue(String(value), 'int');
    if (o) ctx.keyspace.set(ctx.db, key, next, true);
    else ctx.keyspace.add(ctx.db, key, next);
    ctx.markDirty();
    return value;
  }
  const old = o === undefined ? 0n : parseBigInteger(o.data);
  if (old === undefined) return NOT_INTEGER;
  if ((incr < 0n && old < 0n && incr < LLONG_MIN - old) || (incr > 0n && old > 0n && incr > LLONG_MAX - old)) return INCR_OVERFLOW;
  const value = old + incr;
  const next = new StringValue(value.toString(), 'int');
  if (o) ctx.keyspace.set(ctx.db, key, next, true);
  else ctx.keyspace.add(ctx.db, key, next);
  ctx.markDirty();
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

/** checkStringLength: proto-max-bulk-len bounds APPEND and SETRANGE results. */
function tooLong(ctx: CommandContext, size: number): ErrorReply | undefined {
  return size > ctx.config.getNumber('proto-max-bulk-len') ? err('string exceeds maximum allowed size (proto-max-bulk-len)') : undefined;
}

const KEY1 = { firstKey: 1, lastKey: 1, keyStep: 1 };

export const stringsCommands: CommandSpec[] = [
  {
    name: 'get', arity: 2, flags: ['readonly', 'fast'], acl: ['read', 'string', 'fast'], ...KEY1,
    handler(ctx, args) {
      const v = readString(ctx, args[1]!);
      return v instanceof ErrorReply || v === null ? v : v.data;
    },
  },
  {
    name: 'set', arity: -3, flags: ['write', 'denyoom'], acl: ['write', 'string', 'slow'], ...KEY1,
    handler(ctx, args) {
      const opts = parseExtended(args, true);
      if (opts instanceof ErrorReply) return opts;
      return setGeneric(ctx, args, args[1]!, args[2]!, opts.flags, opts.expire, 'set', OK, null);
    },
  },
  {
    name: 'setnx', arity: 3, flags: ['write', 'denyoom', 'fast'], acl: ['write', 'string', 'fast'], ...KEY1,
    handler: (ctx, args) => setGeneric(ctx, args, args[1]!, args[2]!, F_SET, undefined, 'setnx', 1, 0),
  },
  {
    name: 'setex', arity: 4, flags: ['write', 'denyoom'], acl: ['write', 'string', 'slow'], ...KEY1,
    handler: (ctx, args) => setGeneric(ctx, args, args[1]!, args[3]!, F_EX, args[2]!, 'setex', OK, null),
  },
  {
    name: 'psetex', arity: 4, flags: ['write', 'denyoom'], acl: ['write', 'string', 'slow'], ...KEY1,
    handler: (ctx, args) => setGeneric(ctx, args, args[1]!, args[3]!, F_PX, args[2]!, 'psetex', OK, null),
  },
  {
    name: 'getset', arity: 3, flags: ['write', 'denyoom', 'fast'], acl: ['write', 'string', 'fast'], ...KEY1,
    handler(ctx, args) {
      const old = readString(ctx, args[1]!);
      if (old instanceof ErrorReply) return old;
      ctx.keyspace.set(ctx.db, args[1]!, storedFromArgv(ctx.engine, createStringValue(args[2]!)));
      ctx.markDirty();
      ctx.replaceArgv(['SET', args[1]!, args[2]!]);
      return old === null ? null : old.data;
    },
  },
  {
    name: 'getdel', arity: 2, flags: ['write', 'fast'], acl: ['write', 'string', 'fast'], ...KEY1,
    handler(ctx, args) {
      const old = readString(ctx, args[1]!);
      if (old instanceof ErrorReply || old === null) return old;
      ctx.keyspace.delete(ctx.db, args[1]!);
      ctx.markDirty();
      ctx.replaceArgv([ctx.config.getBool('lazyfree-lazy-user-del') ? 'UNLINK' : 'DEL', args[1]!]);
      return old.data;
    },
  },
  {
    name: 'getex', arity: -2, flags: ['write', 'fast'], acl: ['write', 'string', 'fast'], ...KEY1,
    handler(ctx, args) {
      const opts = parseExtended(args, false);
      if (opts instanceof ErrorReply) return opts;
      const key = args[1]!;
      const o = readString(ctx, key);
      if (o instanceof ErrorReply || o === null) return o;
      let ms: number | undefined;
      if (opts.expire !== undefined) {
        const e = expireMs(ctx, opts.expire, opts.flags, 'getex');
        if (e instanceof ErrorReply) return e;
        ms = e;
      }
      const reply = o.data;
      // Never propagated as is: as PEXPIREAT, DEL/UNLINK or PERSIST (src/t_string.c getexCommand).
      ctx.preventPropagation();
      if (ms !== undefined && ms <= ctx.now && !ctx.keyspace.isReplica) {
        ctx.keyspace.delete(ctx.db, key);
        ctx.alsoPropagate([ctx.config.getBool('lazyfree-lazy-expire') ? 'UNLINK' : 'DEL', key]);
        ctx.markDirty();
      } else if (ms !== undefined) {
        ctx.keyspace.setExpire(ctx.db, key, ms);
        ctx.alsoPropagate(['PEXPIREAT', key, String(ms)]);
        ctx.markDirty();
      } else if ((opts.flags & F_PERSIST) && ctx.db.expires.has(key)) {
        ctx.keyspace.persist(ctx.db, key);
        ctx.alsoPropagate(['PERSIST', key]);
        ctx.markDirty();
      }
      return reply;
    },
  },
  {
    name: 'mget', arity: -2, flags: ['readonly', 'fast'], acl: ['read', 'string', 'fast'], firstKey: 1, lastKey: -1, keyStep: 1,
    handler(ctx, args) {
      const out: Reply[] = [];
      for (let i = 1; i < args.length; i++) {
        const v = ctx.keyspace.lookupRead(ctx.db, args[i]!);
        out.push(v && v.type === 'string' ? v.data : null);
      }
      return out;
    },
  },
  {
    name: 'mset', arity: -3, flags: ['write', 'denyoom'], acl: ['write', 'string', 'slow'], firstKey: 1, lastKey: -1, keyStep: 2,
    handler(ctx, args) {
      if (args.length % 2 === 0) return wrongArity('mset');
      for (let i = 1; i < args.length; i += 2) ctx.keyspace.set(ctx.db, args[i]!, storedFromArgv(ctx.engine, createStringValue(args[i + 1]!)));
      ctx.markDirty((args.length - 1) / 2);
      return OK;
    },
  },
  {
    name: 'msetnx', arity: -3, flags: ['write', 'denyoom'], acl: ['write', 'string', 'slow'], firstKey: 1, lastKey: -1, keyStep: 2,
    handler(ctx, args) {
      if (args.length % 2 === 0) return wrongArity('msetnx');
      for (let i = 1; i < args.length; i += 2) if (ctx.keyspace.lookupWrite(ctx.db, args[i]!) !== undefined) return 0;
      for (let i = 1; i < args.length; i += 2) ctx.keyspace.set(ctx.db, args[i]!, storedFromArgv(ctx.engine, createStringValue(args[i + 1]!)));
      ctx.markDirty((args.length - 1) / 2);
      return 1;
    },
  },
  {
    name: 'incr', arity: 2, flags: ['write', 'denyoom', 'fast'], acl: ['write', 'string', 'fast'], ...KEY1,
    handler: (ctx, args) => incrDecr(ctx, args[1]!, 1n),
  },
  {
    name: 'decr', arity: 2, flags: ['write', 'denyoom', 'fast'], acl: ['write', 'string', 'fast'], ...KEY1,
    handler: (ctx, args) => incrDecr(ctx, args[1]!, -1n),
  },
  {
    name: 'incrby', arity: 3, flags: ['write', 'denyoom', 'fast'], acl: ['write', 'string', 'fast'], ...KEY1,
    handler(ctx, args) {
      const incr = parseBigInteger(args[2]!);
      return incr === undefined ? NOT_INTEGER : incrDecr(ctx, args[1]!, incr);
    },
  },
  {
    name: 'decrby', arity: 3, flags: ['write', 'denyoom', 'fast'], acl: ['write', 'string', 'fast'], ...KEY1,
    handler(ctx, args) {
      const incr = parseBigInteger(args[2]!);
      if (incr === undefined) return NOT_INTEGER;
      // Negating LLONG_MIN overflows (src/t_string.c decrbyCommand).
      if (incr === LLONG_MIN) return err('decrement would overflow');
      return incrDecr(ctx, args[1]!, -incr);
    },
  },
  {
    name: 'incrbyfloat', arity: 3, flags: ['write', 'denyoom', 'fast'], acl: ['write', 'string', 'fast'], ...KEY1,
    handler(ctx, args) {
      const key = args[1]!;
      const o = lookupWriteTyped(ctx, key, 'string');
      if (o instanceof ErrorReply) return o;
      const r = incrByFloat(o?.data, args[2]!);
      if ('error' in r) return r.error === 'not-a-float' ? err('value is not a valid float') : err('increment would produce NaN or Infinity');
      // createStringObjectFromLongDouble: a plain string object (embstr or raw), never int.
      const value = createStringValue(r.ok);
      if (value.encoding === 'int') value.encoding = 'embstr';
      // The new object also becomes the rewritten argv (SET key value KEEPTTL).
      storedFromArgv(ctx.engine, value);
      if (o) ctx.keyspace.set(ctx.db, key, value, true);
      else ctx.keyspace.add(ctx.db, key, value);
      ctx.markDirty();
      ctx.replaceArgv(['SET', key, r.ok, 'KEEPTTL']);
      return r.ok;
    },
  },
  {
    name: 'append', arity: 3, flags: ['write', 'denyoom'], acl: ['write', 'string', 'slow'], ...KEY1,
    handler(ctx, args) {
      const key = args[1]!;
      const o = lookupWriteTyped(ctx, key, 'string');
      if (o instanceof ErrorReply) return o;
      if (o === undefined) {
        ctx.keyspace.add(ctx.db, key, storedFromArgv(ctx.engine, createStringValue(args[2]!)));
        ctx.markDirty();
        return args[2]!.length;
      }
      const long = tooLong(ctx, o.data.length + args[2]!.length);
      if (long) return long;
      unshareStringValue(ctx.engine, o);
      o.data += args[2]!;
      o.encoding = 'raw';
      ctx.keyspace.modified(ctx.db, key);
      ctx.markDirty();
      return o.data.length;
    },
  },
  {
    name: 'strlen', arity: 2, flags: ['readonly', 'fast'], acl: ['read', 'string', 'fast'], ...KEY1,
    handler(ctx, args) {
      const v = readString(ctx, args[1]!);
      return v instanceof ErrorReply ? v : v === null ? 0 : v.data.length;
    },
  },
  {
    name: 'getrange', arity: 4, flags: ['readonly'], acl: ['read', 'string', 'slow'], ...KEY1,
    handler(ctx, args) {
      let start = parseInteger(args[2]!);
      let end = parseInteger(args[3]!);
      if (start === undefined || end === undefined) return NOT_INTEGER;
      const v = readString(ctx, args[1]!);
      if (v instanceof ErrorReply) return v;
      if (v === null) return '';
      const s = v.data;
      // src/t_string.c getrangeCommand: both negative and start > end is empty.
      if (start < 0 && end < 0 && start > end) return '';
      const len = s.length;
      if (start < 0) start = len + start;
      if (end < 0) end = len + end;
      if (start < 0) start = 0;
      if (end < 0) end = 0;
      if (end >= len) end = len - 1;
      if (start > end || len === 0) return '';
      return s.slice(start, end + 1);
    },
  },
  {
    name: 'setrange', arity: 4, flags: ['write', 'denyoom'], acl: ['write', 'string', 'slow'], ...KEY1,
    handler(ctx, args) {
      const key = args[1]!;
      const value = args[3]!;
      const offset = parseInteger(args[2]!);
      if (offset === undefined) return NOT_INTEGER;
      if (offset < 0) return err('offset is out of range');
      const o = lookupWriteTyped(ctx, key, 'string');
      if (o instanceof ErrorReply) return o;
      if (o === undefined) {
        if (value.length === 0) return 0;
        const long = tooLong(ctx, offset + value.length);
        if (long) return long;
        ctx.keyspace.add(ctx.db, key, createRawStringValue('\0'.repeat(offset) + value));
        ctx.markDirty();
        return offset + value.length;
      }
      const olen = o.data.length;
      if (value.length === 0) return olen;
      const long = tooLong(ctx, offset + value.length);
      if (long) return long;
      const base = olen < offset ? o.data + '\0'.repeat(offset - olen) : o.data;
      unshareStringValue(ctx.engine, o);
      o.data = base.slice(0, offset) + value + base.slice(offset + value.length);
      o.encoding = 'raw';
      ctx.keyspace.modified(ctx.db, key);
      ctx.markDirty();
      return o.data.length;
    },
  },
];

