// The sorted-set commands that add, remove and read single members (Redis 7.0 src/t_zset.c
// zaddGenericCommand, zremCommand, zscoreCommand, zrankGenericCommand, zrandmemberCommand ...),
// and the family's command table, which also lists the range, set-operation and pop commands.

import { ErrorReply, type Reply } from '../resp/reply.js';
import type { CommandContext, CommandSpec } from './command.js';
import { is, lookupReadTyped, lookupWriteTyped, parseBigInteger, parseDouble } from './args.js';
import { NOT_FLOAT, NOT_INTEGER, SYNTAX, err } from './errors.js';
import { ZSetValue } from '../keyspace/zset-value.js';
import { d2string, formatDouble } from '../keyspace/format-double.js';
import { globMatch } from '../keyspace/glob.js';
import { parseScanCursor, parseScanOptions } from './keys.js';
import { scanStep } from './scan-cursor.js';
import {
  MINMAX_NOT_FLOAT, MINMAX_NOT_LEX, addWithConversion, lexRankSpan, parseLexRange, parseScoreRange, scoreRankSpan, zsetLimits,
} from './zset-args.js';
import { zsetRangeCommands } from './zset-range.js';
import { zsetSetOpCommands } from './zset-setops.js';
import { zsetPopCommands } from './zset-pop.js';

const XX_NX = err('XX and NX options at the same time are not compatible');
const GT_LT_NX = err('GT, LT, and/or NX options at the same time are not compatible');
const INCR_PAIRS = err('INCR option supports a single increment-element pair');
const NAN_RESULT = err('resulting score is not a number (NaN)');
const RANDMEMBER_RANGE = err('value is out of range');
const LONG_MAX = 9223372036854775807n;

/** ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]; ZINCRBY is ZADD INCR. */
function zaddGeneric(ctx: CommandContext, args: string[], forceIncr: boolean): Reply {
  const key = args[1]!;
  let nx = false, xx = false, gt = false, lt = false, ch = false, incr = forceIncr;
  let i = 2;
  for (; i < args.length; i++) {
    const opt = args[i]!;
    if (opt.length > 4) break;
    const o = opt.toLowerCase();
    if (o === 'nx') nx = true;
    else if (o === 'xx') xx = true;
    else if (o === 'ch') ch = true;
    else if (o === 'incr') incr = true;
    else if (o === 'gt') gt = true;
    else if (o === 'lt') lt = true;
    else break;
  }
  const elements = args.length - i;
  if (elements === 0 || elements % 2 !== 0) return SYNTAX;
  if (nx && xx) return XX_NX;
  if ((gt && nx) || (lt && nx) || (gt && lt)) return GT_LT_NX;
  if (incr && elements > 2) return INCR_PAIRS;
  const pairs = elements / 2;
  const scores = new Array<number>(pairs);
  for (let j = 0; j < pairs; j++) {
    const s = parseDouble(args[i + 2 * j]!);
    if (s === undefined) return NOT_FLOAT;
    scores[j] = s;
  }
  let z = lookupWriteTyped(ctx, key, 'zset');
  if (z instanceof ErrorReply) return z;
  if (z === undefined) {
    if (xx) return incr ? null : 0;
    const limits = zsetLimits(ctx);
    const big = limits.entries === 0 || limits.value < args[i + 1]!.length;
    z = new ZSetValue(big ? 'skiplist' : 'listpack');
    ctx.keyspace.add(ctx.db, key, z);
  }
  const limits = zsetLimits(ctx);
  let added = 0, updated = 0, processed = 0;
  let last = 0;
  for (let j = 0; j < pairs; j++) {
    const member = args[i + 2 * j + 1]!;
    let score = scores[j]!;
    const cur = z.scores.get(member);
    if (cur !== undefined) {
      if (nx) continue;
      if (incr) {
        score += cur;
        if (Number.isNaN(score)) {
          // zsetAdd fails: the reply is the error and server.dirty is left alone (goto cleanup).
          if (added + updated > 0) ctx.keyspace.modified(ctx.db, key);
          return NAN_RESULT;
        }
      }
      if ((lt && score >= cur) || (gt && score <= cur)) continue;
      processed++;
      last = score;
      if (score !== cur) {
        z.add(member, score);
        updated++;
      }
    } else {
      if (xx) continue;
      addWithConversion(z, member, score, limits);
      added++;
      processed++;
      last = score;
    }
  }
  if (added + updated > 0) {
    ctx.markDirty(added + updated);
    ctx.keyspace.modified(ctx.db, key);
  }
  if (incr) return processed > 0 ? formatDouble(last) : null;
  return ch ? added + updated : added;
}

/** ZREM key member [member ...] */
function zrem(ctx: CommandContext, args: string[]): Reply {
  const key = args[1]!;
  const z = lookupWriteTyped(ctx, key, 'zset');
  if (z === undefined) return 0;
  if (z instanceof ErrorReply) return z;
  let deleted = 0;
  for (let j = 2; j < args.length; j++) {
    if (z.remove(args[j]!)) deleted++;
    if (z.size === 0) {
      ctx.keyspace.delete(ctx.db, key);
      break;
    }
  }
  if (deleted > 0) {
    ctx.keyspace.modified(ctx.db, key);
    ctx.markDirty(deleted);
  }
  return deleted;
}

/** ZCOUNT key min max: the range is parsed before the key is looked up. */
function zcount(ctx: CommandContext, args: string[]): Reply {
  const range = parseScoreRange(args[2]!, args[3]!);
  if (!range) return MINMAX_NOT_FLOAT;
  const z = lookupReadTyped(ctx, args[1]!, 'zset');
  if (z === undefined) return 0;
  if (z instanceof ErrorReply) return z;
  const [a, b] = scoreRankSpan(z, range);
  return b - a;
}

/** ZLEXCOUNT key min max */
function zlexcount(ctx: CommandContext, args: string[]): Reply {
  const range = parseLexRange(args[2]!, args[3]!);
  if (!range) return MINMAX_NOT_LEX;
  const z = lookupReadTyped(ctx, args[1]!, 'zset');
  if (z === undefined) return 0;
  if (z instanceof ErrorReply) return z;
  const [a, b] = lexRankSpan(z, range);
  return b - a;
}

/** ZRANK / ZREVRANK key member */
function zrank(reverse: boolean) {
  return (ctx: CommandContext, args: string[]): Reply => {
    const z = lookupReadTyped(ctx, args[1]!, 'zset');
    if (z === undefined) return null;
    if (z instanceof ErrorReply) return z;
    const r = z.rank(args[2]!);
    if (r === undefined) return null;
    return reverse ? z.size - 1 - r : r;
  };
}

/** ZSCAN key cursor [MATCH pattern] [COUNT count]: options are checked only when the key exists. */
function zscan(ctx: CommandContext, args: string[]): Reply {
  const cursor = parseScanCursor(args[2]!);
  if (cursor instanceof ErrorReply) return cursor;
  const z = lookupReadTyped(ctx, args[1]!, 'zset');
  if (z === undefined) return ['0', []];
  if (z instanceof ErrorReply) return z;
  const opts = parseScanOptions(args, 3, false);
  if (opts instanceof ErrorReply) return opts;
  const out: string[] = [];
  if (z.encoding === 'listpack') {
    // A listpack is returned whole; scores as stored there (d2string).
    for (const e of z.entries()) {
      if (opts.pattern !== undefined && !globMatch(opts.pattern, e.member)) continue;
      out.push(e.member, d2string(e.score));
    }
    return ['0', out];
  }
  const { next, found } = scanStep(z.scores.keys(), cursor, opts.count);
  for (const m of found) {
    if (opts.pattern !== undefined && !globMatch(opts.pattern, m)) continue;
    // scanCallback: createStringObjectFromLongDouble(score) prints "%.17Lg" of the same value.
    out.push(m, formatDouble(z.scores.get(m)!));
  }
  return [String(next), out];
}

/** ZRANDMEMBER key [count [WITHSCORES]] */
function zrandmember(ctx: CommandContext, args: string[]): Reply {
  if (args.length < 3) {
    const z = lookupReadTyped(ctx, args[1]!, 'zset');
    if (z === undefined) return null;
    if (z instanceof ErrorReply) return z;
    return z.at(Math.floor(ctx.random() * z.size))!.member;
  }
  const big = parseBigInteger(args[2]!);
  if (big === undefined) return NOT_INTEGER;
  if (big < -LONG_MAX || big > LONG_MAX) {
    return err(`value is out of range, value must between -${LONG_MAX} and ${LONG_MAX}`);
  }
  let withScores = false;
  if (args.length > 4 || (args.length === 4 && !is(args[3]!, 'withscores'))) return SYNTAX;
  if (args.length === 4) {
    withScores = true;
    if (big < -LONG_MAX / 2n || big > LONG_MAX / 2n) return RANDMEMBER_RANGE;
  }
  const z = lookupReadTyped(ctx, args[1]!, 'zset');
  if (z === undefined) return [];
  if (z instanceof ErrorReply) return z;
  const l = Number(big);
  const count = Math.abs(l);
  if (count === 0) return [];
  const out: string[] = [];
  const push = (rank: number): void => {
    const e = z.at(rank)!;
    out.push(e.member);
    if (withScores) out.push(formatDouble(e.score));
  };
  if (l < 0 || count === 1) {
    // Sampling with repetition, in random order.
    for (let k = 0; k < count; k++) push(Math.floor(ctx.random() * z.size));
    return out;
  }
  if (count >= z.size) {
    // The whole set, highest first: zuiInitIterator starts zuiNext at the listpack's or skiplist's tail.
    for (let k = z.size - 1; k >= 0; k--) push(k);
    return out;
  }
  // Distinct members: choose `count` ranks (Floyd's algorithm), reply in ascending order.
  const chosen = new Set<number>();
  for (let j = z.size - count; j < z.size; j++) {
    const t = Math.floor(ctx.random() * (j + 1));
    chosen.add(chosen.has(t) ? j : t);
  }
  for (const r of [...chosen].sort((a, b) => a - b)) push(r);
  return out;
}

const ZSET = 'sortedset';

/** Every sorted-set command, as COMMAND INFO in Redis 7.0.15 describes them. */
export const sortedSetCommands: CommandSpec[] = [
  {
    name: 'zadd', arity: -4, flags: ['write', 'denyoom', 'fast'], acl: ['write', ZSET, 'fast'], firstKey: 1, lastKey: 1, keyStep: 1,
    handler: (ctx, args) => zaddGeneric(ctx, args, false),
  },
  {
    name: 'zincrby', arity: 4, flags: ['write', 'denyoom', 'fast'], acl: ['write', ZSET, 'fast'], firstKey: 1, lastKey: 1, keyStep: 1,
    handler: (ctx, args) => zaddGeneric(ctx, args, true),
  },
  { name: 'zrem', arity: -3, flags: ['write', 'fast'], acl: ['write', ZSET, 'fast'], firstKey: 1, lastKey: 1, keyStep: 1, handler: zrem },
  {
    name: 'zcard', arity: 2, flags: ['readonly', 'fast'], acl: ['read', ZSET, 'fast'], firstKey: 1, lastKey: 1, keyStep: 1,
    handler(ctx, args) {
      const z = lookupReadTyped(ctx, args[1]!, 'zset');
      if (z === undefined) return 0;
      return z instanceof ErrorReply ? z : z.size;
    },
  },
  {
    name: 'zscore', arity: 3, flags: ['readonly', 'fast'], acl: ['read', ZSET, 'fast'], firstKey: 1, lastKey: 1, keyStep: 1,
    handler(ctx, args) {
      const z = lookupReadTyped(ctx, args[1]!, 'zset');
      if (z === undefined) return null;
      if (z instanceof ErrorReply) return z;
      const s = z.scores.get(args[2]!);
      return s === undefined ? null : formatDouble(s);
    },
  },
  {
    name: 'zmscore', arity: -3, flags: ['readonly', 'fast'], acl: ['read', ZSET, 'fast'], firstKey: 1, lastKey: 1, keyStep: 1,
    handler(ctx, args) {
      const z = lookupReadTyped(ctx, args[1]!, 'zset');
      if (z instanceof ErrorReply) return z;
      const out: Reply[] = [];
      for (let j = 2; j < args.length; j++) {
        const s = z?.scores.get(args[j]!);
        out.push(s === undefined ? null : formatDouble(s));
      }
      return out;
    },
  },
  { name: 'zcount', arity: 4, flags: ['readonly', 'fast'], acl: ['read', ZSET, 'fast'], firstKey: 1, lastKey: 1, keyStep: 1, handler: zcount },
  { name: 'zlexcount', arity: 4, flags: ['readonly', 'fast'], acl: ['read', ZSET, 'fast'], firstKey: 1, lastKey: 1, keyStep: 1, handler: zlexcount },
  { name: 'zrank', arity: 3, flags: ['readonly', 'fast'], acl: ['read', ZSET, 'fast'], firstKey: 1, lastKey: 1, keyStep: 1, handler: zrank(false) },
  { name: 'zrevrank', arity: 3, flags: ['readonly', 'fast'], acl: ['read', ZSET, 'fast'], firstKey: 1, lastKey: 1, keyStep: 1, handler: zrank(true) },
  { name: 'zscan', arity: -3, flags: ['readonly'], acl: ['read', ZSET, 'slow'], firstKey: 1, lastKey: 1, keyStep: 1, handler: zscan },
  { name: 'zrandmember', arity: -2, flags: ['readonly'], acl: ['read', ZSET, 'slow'], firstKey: 1, lastKey: 1, keyStep: 1, handler: zrandmember },
  ...zsetRangeCommands,
  ...zsetSetOpCommands,
  ...zsetPopCommands,
];
