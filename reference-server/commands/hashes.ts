// The hash commands (Redis 7.0 src/t_hash.c): field writes with listpack -> hashtable conversion,
// reads, counters, and the family's command table (HRANDFIELD and HSCAN live in hashes-random.ts).
// Every write goes through hash-value.ts so OBJECT ENCODING converts at Redis's thresholds.

import { ErrorReply, OK, type Reply } from '../resp/reply.js';
import type { CommandContext, CommandSpec } from './command.js';
import { LLONG_MAX, LLONG_MIN, lookupReadTyped, lookupWriteTyped, parseBigInteger } from './args.js';
import { INCR_OVERFLOW, NOT_FLOAT, NOT_INTEGER, err, wrongArity } from './errors.js';
import { HashValue, hashSetField, hashTryConversion, type HashLimits } from '../keyspace/hash-value.js';
import { incrByFloat, parseLongDouble } from '../keyspace/long-double.js';
import { hrandfield, hscan } from './hashes-random.js';

const HASH_NOT_INTEGER = err('hash value is not an integer');
const HASH_NOT_FLOAT = err('hash value is not a float');
const INCR_NAN_INF = err('value is NaN or Infinity');
const RESULT_NAN_INF = err('increment would produce NaN or Infinity');
/** MAX_LONG_DOUBLE_CHARS (src/util.h): string2ld refuses a stored value this long or longer. */
const MAX_LONG_DOUBLE_CHARS = 5 * 1024;

/** The hash-max-listpack-* limits currently configured. */
function limits(ctx: CommandContext): HashLimits {
  return {
    maxEntries: ctx.config.getNumber('hash-max-listpack-entries'),
    maxValue: ctx.config.getNumber('hash-max-listpack-value'),
  };
}

/**
 * hashTypeLookupWriteOrCreate: the hash at `key`, a new empty listpack hash added to the keyspace
 * when absent, or WRONGTYPE. `created` tells the caller no WATCH signal is still owed.
 */
function lookupOrCreate(ctx: CommandContext, key: string): { h: HashValue; created: boolean } | ErrorReply {
  const h = lookupWriteTyped(ctx, key, 'hash');
  if (h instanceof ErrorReply) return h;
  if (h !== undefined) return { h, created: false };
  const fresh = new HashValue();
  ctx.keyspace.add(ctx.db, key, fresh);
  return { h: fresh, created: true };
}

/** HSET key field value [field value ...] and HMSET (same, but replies OK). */
function hset(ctx: CommandContext, args: string[], isHmset: boolean): Reply {
  if (args.length % 2 === 1) return wrongArity(isHmset ? 'hmset' : 'hset');
  const key = args[1]!;
  const found = lookupOrCreate(ctx, key);
  if (found instanceof ErrorReply) return found;
  const { h } = found;
  const lim = limits(ctx);
  hashTryConversion(h, args, 2, args.length - 1, lim.maxValue);
  let created = 0;
  for (let i = 2; i < args.length; i += 2) {
    if (!hashSetField(h, args[i]!, args[i + 1]!, lim)) created++;
  }
  if (!found.created) ctx.keyspace.modified(ctx.db, key);
  // hsetCommand counts every pair as a change, whether or not the value differed.
  ctx.markDirty((args.length - 2) / 2);
  return isHmset ? OK : created;
}

/** HSETNX key field value */
function hsetnx(ctx: CommandContext, args: string[]): Reply {
  const key = args[1]!;
  const found = lookupOrCreate(ctx, key);
  if (found instanceof ErrorReply) return found;
  const { h } = found;
  if (h.map.has(args[2]!)) return 0;
  const lim = limits(ctx);
  hashTryConversion(h, args, 2, 3, lim.maxValue);
  hashSetField(h, args[2]!, args[3]!, lim);
  if (!found.created) ctx.keyspace.modified(ctx.db, key);
  ctx.markDirty();
  return 1;
}

/** HINCRBY key field increment: the increment is checked before the key's type. */
function hincrby(ctx: CommandContext, args: string[]): Reply {
  const incr = parseBigInteger(args[3]!);
  if (incr === undefined) return NOT_INTEGER;
  const key = args[1]!;
  const found = lookupOrCreate(ctx, key);
  if (found instanceof ErrorReply) return found;
  const { h } = found;
  const current = h.map.get(args[2]!);
  let value = 0n;
  if (current !== undefined) {
    const v = parseBigInteger(current);
    if (v === undefined) return dropIfEmpty(ctx, key, h, HASH_NOT_INTEGER);
    value = v;
  }
  const sum = value + incr;
  if (sum > LLONG_MAX || sum < LLONG_MIN) return dropIfEmpty(ctx, key, h, INCR_OVERFLOW);
  const text = sum.toString();
  hashSetField(h, args[2]!, text, limits(ctx));
  if (!found.created) ctx.keyspace.modified(ctx.db, key);
  ctx.markDirty();
  return sum;
}

/** HINCRBYFLOAT key field increment, with C long double arithmetic; propagated as HSET. */
function hincrbyfloat(ctx: CommandContext, args: string[]): Reply {
  const incr = parseLongDouble(args[3]!);
  if (incr === undefined) return NOT_FLOAT;
  if (incr.inf) return INCR_NAN_INF;
  const key = args[1]!;
  const field = args[2]!;
  const found = lookupOrCreate(ctx, key);
  if (found instanceof ErrorReply) return found;
  const { h } = found;
  const current = h.map.get(field);
  if (current !== undefined && current.length >= MAX_LONG_DOUBLE_CHARS) return dropIfEmpty(ctx, key, h, HASH_NOT_FLOAT);
  const r = incrByFloat(current, args[3]!);
  if ('error' in r) return dropIfEmpty(ctx, key, h, r.error === 'not-a-float' ? HASH_NOT_FLOAT : RESULT_NAN_INF);
  hashSetField(h, field, r.ok, limits(ctx));
  if (!found.created) ctx.keyspace.modified(ctx.db, key);
  ctx.markDirty();
  // hincrbyfloatCommand replicates the final value, so float formatting never diverges.
  ctx.replaceArgv(['HSET', key, field, r.ok]);
  return r.ok;
}

/**
 * An error after hashTypeLookupWriteOrCreate made a new key: only possible when the key did not
 * exist, so the field was absent and no error could follow; kept as a guard so an empty hash is
 * never left behind.
 */
function dropIfEmpty(ctx: CommandContext, key: string, h: HashValue, reply: ErrorReply): ErrorReply {
  if (h.map.size === 0) ctx.keyspace.delete(ctx.db, key);
  return reply;
}

/** HDEL key field [field ...]: deletes the key with its last field. */
function hdel(ctx: CommandContext, args: string[]): Reply {
  const key = args[1]!;
  const h = lookupWriteTyped(ctx, key, 'hash');
  if (h === undefined) return 0;
  if (h instanceof ErrorReply) return h;
  let deleted = 0;
  let removed = false;
  for (let i = 2; i < args.length; i++) {
    if (h.map.delete(args[i]!)) {
      deleted++;
      if (h.map.size === 0) {
        ctx.keyspace.delete(ctx.db, key);
        removed = true;
        break;
      }
    }
  }
  if (deleted > 0) {
    if (!removed) ctx.keyspace.modified(ctx.db, key);
    ctx.markDirty(deleted);
  }
  return deleted;
}

/** A read-only handler over an existing hash, with `missing` as the reply for an absent key. */
function reader(missing: Reply, read: (h: HashValue, args: string[]) => Reply) {
  return (ctx: CommandContext, args: string[]): Reply => {
    const h = lookupReadTyped(ctx, args[1]!, 'hash');
    if (h === undefined) return missing;
    if (h instanceof ErrorReply) return h;
    return read(h, args);
  };
}

/** genericHgetallCommand: fields, values, or both interleaved, in the hash's iteration order. */
function getAll(keys: boolean, values: boolean) {
  return reader([], (h) => {
    const out: string[] = [];
    for (const [f, v] of h.map) {
      if (keys) out.push(f);
      if (values) out.push(v);
    }
    return out;
  });
}

const HASH = 'hash';
const KEY1 = { firstKey: 1, lastKey: 1, keyStep: 1 } as const;
const WRITE_FAST = { flags: ['write', 'denyoom', 'fast'], acl: ['write', HASH, 'fast'], ...KEY1 } as const;
const READ_FAST = { flags: ['readonly', 'fast'], acl: ['read', HASH, 'fast'], ...KEY1 } as const;
const READ_SLOW = { flags: ['readonly'], acl: ['read', HASH, 'slow'], ...KEY1 } as const;

/** Every hash command, as COMMAND INFO in Redis 7.0.15 describes them. */
export const hashesCommands: CommandSpec[] = [
  { name: 'hset', arity: -4, ...WRITE_FAST, handler: (ctx, args) => hset(ctx, args, false) },
  { name: 'hmset', arity: -4, ...WRITE_FAST, handler: (ctx, args) => hset(ctx, args, true) },
  { name: 'hsetnx', arity: 4, ...WRITE_FAST, handler: hsetnx },
  { name: 'hincrby', arity: 4, ...WRITE_FAST, handler: hincrby },
  { name: 'hincrbyfloat', arity: 4, ...WRITE_FAST, handler: hincrbyfloat },
  { name: 'hdel', arity: -3, flags: ['write', 'fast'], acl: ['write', HASH, 'fast'], ...KEY1, handler: hdel },
  { name: 'hget', arity: 3, ...READ_FAST, handler: reader(null, (h, args) => h.map.get(args[2]!) ?? null) },
  {
    name: 'hmget', arity: -3, ...READ_FAST,
    handler(ctx, args) {
      // A missing key is an empty hash: one null per field.
      const h = lookupReadTyped(ctx, args[1]!, 'hash');
      if (h instanceof ErrorReply) return h;
      const out: Reply[] = [];
      for (let i = 2; i < args.length; i++) out.push(h?.map.get(args[i]!) ?? null);
      return out;
    },
  },
  { name: 'hexists', arity: 3, ...READ_FAST, handler: reader(0, (h, args) => (h.map.has(args[2]!) ? 1 : 0)) },
  { name: 'hlen', arity: 2, ...READ_FAST, handler: reader(0, (h) => h.map.size) },
  { name: 'hstrlen', arity: 3, ...READ_FAST, handler: reader(0, (h, args) => h.map.get(args[2]!)?.length ?? 0) },
  { name: 'hgetall', arity: 2, ...READ_SLOW, handler: getAll(true, true) },
  { name: 'hkeys', arity: 2, ...READ_SLOW, handler: getAll(true, false) },
  { name: 'hvals', arity: 2, ...READ_SLOW, handler: getAll(false, true) },
  { name: 'hrandfield', arity: -2, ...READ_SLOW, handler: hrandfield },
  { name: 'hscan', arity: -3, ...READ_SLOW, handler: hscan },
];
