// ZRANGE in all its forms (BYSCORE, BYLEX, REV, LIMIT, WITHSCORES), the older ZRANGEBYSCORE /
// ZREVRANGE* commands, ZRANGESTORE and ZREMRANGEBY{RANK,SCORE,LEX}
// (Redis 7.0 src/t_zset.c zrangeGenericCommand, zremrangeGenericCommand).

import { ErrorReply, type Reply } from '../resp/reply.js';
import type { CommandContext, CommandSpec } from './command.js';
import { is, lookupReadTyped, lookupWriteTyped, parseInteger } from './args.js';
import { NOT_INTEGER, SYNTAX, err } from './errors.js';
import { ZSetValue, type ZEntry } from '../keyspace/zset-value.js';
import {
  MINMAX_NOT_FLOAT, MINMAX_NOT_LEX, addWithConversion, lexRankSpan, lexWalk, parseLexRange, parseScoreRange, pushEntries, scoreRankSpan,
  zsetLimits,
} from './zset-args.js';

type RangeType = 'auto' | 'rank' | 'score' | 'lex';
type Direction = 'auto' | 'forward' | 'reverse';

const LIMIT_NEEDS_BY = err('syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX');
const WITHSCORES_BYLEX = err('syntax error, WITHSCORES not supported in combination with BYLEX');

/** Ranks [start, end] inclusive after Redis's index sanitizing, or undefined when empty. */
function sanitizeRanks(start: number, end: number, llen: number): [number, number] | undefined {
  if (start < 0) start = llen + start;
  if (end < 0) end = llen + end;
  if (start < 0) start = 0;
  if (start > end || start >= llen) return undefined;
  if (end >= llen) end = llen - 1;
  return [start, end];
}

/**
 * Entries of ascending span [a, b) after skipping `offset` and taking at most `limit` (negative =
 * all), walking down from the top when `reverse`. A negative offset walks off the end (empty),
 * as the `while (ln && offset--)` loop in genericZrangebyscoreCommand does.
 */
function spanEntries(z: ZSetValue, a: number, b: number, offset: number, limit: number, reverse: boolean): ZEntry[] {
  if (offset < 0 || limit === 0 || a >= b) return [];
  const n = b - a - offset;
  if (n <= 0) return [];
  const take = limit < 0 ? n : Math.min(n, limit);
  if (!reverse) return z.range(a + offset, a + offset + take - 1);
  const top = b - 1 - offset;
  return z.range(top - take + 1, top).reverse();
}

/** The entries a ZRANGE-family command selects, or an error reply. */
function selectRange(
  ctx: CommandContext, args: string[], argStart: number, store: boolean, type: RangeType, dir: Direction,
): { entries: ZEntry[] | undefined; withScores: boolean; rank: boolean } | ErrorReply {
  let withScores = false;
  let offset = 0;
  let limit = -1;
  for (let j = argStart + 3; j < args.length; j++) {
    const left = args.length - j - 1;
    const a = args[j]!;
    if (!store && is(a, 'withscores')) withScores = true;
    else if (is(a, 'limit') && left >= 2) {
      const o = parseInteger(args[j + 1]!);
      const l = o === undefined ? undefined : parseInteger(args[j + 2]!);
      if (o === undefined || l === undefined) return NOT_INTEGER;
      offset = o;
      limit = l;
      j += 2;
    } else if (dir === 'auto' && is(a, 'rev')) dir = 'reverse';
    else if (type === 'auto' && is(a, 'bylex')) type = 'lex';
    else if (type === 'auto' && is(a, 'byscore')) type = 'score';
    else return SYNTAX;
  }
  if (dir === 'auto') dir = 'forward';
  if (type === 'auto') type = 'rank';
  if (limit !== -1 && type === 'rank') return LIMIT_NEEDS_BY;
  if (withScores && type === 'lex') return WITHSCORES_BYLEX;
  const reverse = dir === 'reverse';
  let minArg = args[argStart + 1]!;
  let maxArg = args[argStart + 2]!;
  if (reverse && type !== 'rank') [minArg, maxArg] = [maxArg, minArg];
  let select: (z: ZSetValue) => ZEntry[];
  if (type === 'rank') {
    const start = parseInteger(minArg);
    const end = start === undefined ? undefined : parseInteger(maxArg);
    if (start === undefined || end === undefined) return NOT_INTEGER;
    select = (z) => {
      const r = sanitizeRanks(start, end, z.size);
      if (!r) return [];
      if (!reverse) return z.range(r[0], r[1]);
      return z.range(z.size - 1 - r[1], z.size - 1 - r[0]).reverse();
    };
  } else if (type === 'score') {
    const range = parseScoreRange(minArg, maxArg);
    if (!range) return MINMAX_NOT_FLOAT;
    select = (z) => {
      if (offset > 0 && offset >= z.size) return [];
      const [a, b] = scoreRankSpan(z, range);
      return spanEntries(z, a, b, offset, limit, reverse);
    };
  } else {
    const range = parseLexRange(minArg, maxArg);
    if (!range) return MINMAX_NOT_LEX;
    select = (z) => lexWalk(z, range, reverse, offset, limit).map((rank) => z.at(rank)!);
  }
  const z = lookupReadTyped(ctx, args[argStart]!, 'zset');
  if (z instanceof ErrorReply) return z;
  return { entries: z === undefined ? undefined : select(z), withScores, rank: type === 'rank' };
}

/** ZRANGE-family reply to the client (flat RESP2 array). */
function rangeCommand(type: RangeType, dir: Direction) {
  return (ctx: CommandContext, args: string[]): Reply => {
    const r = selectRange(ctx, args, 1, false, type, dir);
    if (r instanceof ErrorReply) return r;
    if (r.entries === undefined) return [];
    return pushEntries([], r.entries, r.withScores);
  };
}

/** ZRANGESTORE dst src min max [BYSCORE|BYLEX] [REV] [LIMIT offset count] */
function zrangestore(ctx: CommandContext, args: string[]): Reply {
  const dst = args[1]!;
  const r = selectRange(ctx, args, 2, true, 'auto', 'auto');
  if (r instanceof ErrorReply) return r;
  const entries = r.entries ?? [];
  if (entries.length === 0) {
    if (ctx.keyspace.delete(ctx.db, dst)) ctx.markDirty(1);
    return 0;
  }
  // zrangeResultBeginStore: a rank range knows its length up front; score/lex ranges start as listpack.
  const limits = zsetLimits(ctx);
  const z = new ZSetValue(r.rank && entries.length > limits.entries ? 'skiplist' : 'listpack');
  for (const e of entries) addWithConversion(z, e.member, e.score, limits);
  ctx.keyspace.set(ctx.db, dst, z);
  ctx.markDirty(1);
  return entries.length;
}

/** ZREMRANGEBYRANK / ZREMRANGEBYSCORE / ZREMRANGEBYLEX key min max */
function zremrange(type: 'rank' | 'score' | 'lex') {
  return (ctx: CommandContext, args: string[]): Reply => {
    const key = args[1]!;
    let span: (z: ZSetValue) => [number, number];
    if (type === 'rank') {
      const start = parseInteger(args[2]!);
      const end = start === undefined ? undefined : parseInteger(args[3]!);
      if (start === undefined || end === undefined) return NOT_INTEGER;
      span = (z) => {
        const r = sanitizeRanks(start, end, z.size);
        return r ? [r[0], r[1] + 1] : [0, 0];
      };
    } else if (type === 'score') {
      const range = parseScoreRange(args[2]!, args[3]!);
      if (!range) return MINMAX_NOT_FLOAT;
      span = (z) => scoreRankSpan(z, range);
    } else {
      const range = parseLexRange(args[2]!, args[3]!);
      if (!range) return MINMAX_NOT_LEX;
      span = (z) => lexRankSpan(z, range);
    }
    const z = lookupWriteTyped(ctx, key, 'zset');
    if (z === undefined) return 0;
    if (z instanceof ErrorReply) return z;
    const [a, b] = span(z);
    if (a >= b) return 0;
    const doomed = z.range(a, b - 1);
    if (doomed.length === z.size) z.clear();
    else for (const e of doomed) z.remove(e.member);
    if (z.size === 0) ctx.keyspace.delete(ctx.db, key);
    else ctx.keyspace.modified(ctx.db, key);
    ctx.markDirty(doomed.length);
    return doomed.length;
  };
}

const READ = { flags: ['readonly'], acl: ['read', 'sortedset', 'slow'], firstKey: 1, lastKey: 1, keyStep: 1 } as const;
const WRITE = { flags: ['write'], acl: ['write', 'sortedset', 'slow'], firstKey: 1, lastKey: 1, keyStep: 1 } as const;

/** The range commands of the sorted-set family. */
export const zsetRangeCommands: CommandSpec[] = [
  { name: 'zrange', arity: -4, ...READ, handler: rangeCommand('auto', 'auto') },
  { name: 'zrevrange', arity: -4, ...READ, handler: rangeCommand('rank', 'reverse') },
  { name: 'zrangebyscore', arity: -4, ...READ, handler: rangeCommand('score', 'forward') },
  { name: 'zrevrangebyscore', arity: -4, ...READ, handler: rangeCommand('score', 'reverse') },
  { name: 'zrangebylex', arity: -4, ...READ, handler: rangeCommand('lex', 'forward') },
  { name: 'zrevrangebylex', arity: -4, ...READ, handler: rangeCommand('lex', 'reverse') },
  {
    name: 'zrangestore', arity: -5, flags: ['write', 'denyoom'], acl: ['write', 'sortedset', 'slow'], firstKey: 1, lastKey: 2, keyStep: 1,
    handler: zrangestore,
  },
  { name: 'zremrangebyrank', arity: 4, ...WRITE, handler: zremrange('rank') },
  { name: 'zremrangebyscore', arity: 4, ...WRITE, handler: zremrange('score') },
  { name: 'zremrangebylex', arity: 4, ...WRITE, handler: zremrange('lex') },
];
