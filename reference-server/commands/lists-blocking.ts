// The blocking list commands BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP (Redis 7.0 src/t_list.c
// blockingPopGenericCommand, blmoveGenericCommand, serveClientBlockedOnList): serve at once when a
// list has elements, otherwise hand the engine a BlockRequest whose retry serves the client later.

import { BlockRequest, type CommandContext, type CommandSpec } from './command.js';
import { ErrorReply, NULL_ARRAY, type Reply } from '../resp/reply.js';
import { lookupWriteTyped, parseDouble } from './args.js';
import { err } from './errors.js';
import type { ListValue } from '../keyspace/list-value.js';
import { afterRemoval, parseWhere, popCommandName, popItem, whereWord, type Where } from './lists-shared.js';
import { firstList, moveFrom, mpopFrom, parseMpop } from './lists-move.js';

const TIMEOUT_NOT_FLOAT = err('timeout is not a float or out of range');
const TIMEOUT_NEGATIVE = err('timeout is negative');

/** string2ld's buffer (MAX_LONG_DOUBLE_CHARS): longer arguments are refused outright. */
const MAX_LONG_DOUBLE_CHARS = 5 * 1024;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INFINITY = /^[+-]?(inf|infinity)$/i;
const HEX = /^[+-]?0[xX]/;
const LLONG_LIMIT = 2 ** 63;

/**
 * Decimal exponent of the leading significant digit of a decimal literal (`1.5e3` -> 3,
 * `0.002` -> -3); -Infinity when every digit is zero.
 */
function decimalMagnitude(s: string): number {
  const m = /^[+-]?(\d*)\.?(\d*)(?:[eE]([+-]?\d+))?$/.exec(s)!;
  const intPart = m[1]!;
  const frac = m[2]!;
  const exp = m[3] === undefined ? 0 : Number(m[3]);
  const firstInt = intPart.search(/[1-9]/);
  if (firstInt >= 0) return exp + (intPart.length - firstInt - 1);
  const firstFrac = frac.search(/[1-9]/);
  return firstFrac >= 0 ? exp - firstFrac - 1 : -Infinity;
}

/**
 * A blocking timeout in seconds as Redis 7.0 reads it (timeout.c getTimeoutFromObjectOrReply): a
 * long double (strtold; range about 1e-4951..1e4932, wider than a JS double), times 1000, rounded
 * up, converted to long long (an out-of-range value, inf included, becomes LLONG_MIN on x86-64,
 * hence "timeout is negative"). Returns milliseconds (0 = forever) or the error reply.
 */
export function parseTimeoutMs(arg: string): number | ErrorReply {
  if (arg.length === 0 || arg.length >= MAX_LONG_DOUBLE_CHARS) return TIMEOUT_NOT_FLOAT;
  let seconds: number;
  if (INFINITY.test(arg)) {
    return TIMEOUT_NEGATIVE;
  } else if (DECIMAL.test(arg)) {
    seconds = Number(arg);
    const magnitude = decimalMagnitude(arg);
    if (!Number.isFinite(seconds)) {
      // Past a double but within a long double: a finite value far beyond LLONG_MAX ms.
      return magnitude > 4932 ? TIMEOUT_NOT_FLOAT : TIMEOUT_NEGATIVE;
    }
    if (seconds === 0 && magnitude !== -Infinity) {
      // Below a double but maybe not below a long double (whose smallest subnormal is ~3.6e-4951).
      if (magnitude < -4951) return TIMEOUT_NOT_FLOAT;
      seconds = arg.startsWith('-') ? -Number.MIN_VALUE : Number.MIN_VALUE;
    }
  } else if (HEX.test(arg)) {
    const v = parseDouble(arg);
    if (v === undefined) return TIMEOUT_NOT_FLOAT;
    seconds = v;
  } else {
    return TIMEOUT_NOT_FLOAT;
  }
  const ms = Math.ceil(seconds * 1000);
  if (!(Math.abs(ms) < LLONG_LIMIT)) return TIMEOUT_NEGATIVE;
  if (ms < 0) return TIMEOUT_NEGATIVE;
  return ms === 0 ? 0 : ms; // ceil(-0.1) is -0: that is "no timeout" in Redis
}

/** The absolute deadline of a timeout (0 stays 0: block forever). */
function deadline(ctx: CommandContext, ms: number): number {
  return ms === 0 ? 0 : ctx.now + ms;
}

/** Keys without repetitions, first occurrence first (blocked.c blockForKeys skips duplicates). */
function distinct(keys: string[]): string[] {
  return keys.length === 1 ? keys : [...new Set(keys)];
}

/**
 * The list a served client pops from: the key that became ready when the engine names it, else
 * the first non-empty list among `keys`. Values of other types are skipped (the client keeps waiting).
 */
function readyList(ctx: CommandContext, keys: string[], readyKey: string | undefined): { key: string; list: ListValue } | undefined {
  for (const key of readyKey !== undefined ? [readyKey] : keys) {
    const v = ctx.keyspace.lookupWrite(ctx.db, key);
    if (v !== undefined && v.type === 'list' && v.items.length > 0) return { key, list: v };
  }
  return undefined;
}

/** BLPOP / BRPOP key [key ...] timeout */
function bpop(where: Where) {
  return (ctx: CommandContext, args: string[]): Reply | BlockRequest => {
    const ms = parseTimeoutMs(args[args.length - 1]!);
    if (ms instanceof ErrorReply) return ms;
    const keys = args.slice(1, -1);
    const found = firstList(ctx, keys);
    if (found instanceof ErrorReply) return found;
    if (found !== undefined) {
      const value = popItem(found.list, where);
      afterRemoval(ctx, found.key, found.list);
      ctx.markDirty(1);
      ctx.replaceArgv([popCommandName(where), found.key]);
      return [found.key, value];
    }
    if (ctx.inExec) return NULL_ARRAY;
    const retry = (rctx: CommandContext, readyKey?: string): Reply | undefined => {
      const ready = readyList(rctx, keys, readyKey);
      if (ready === undefined) return undefined;
      // serveClientBlockedOnList propagates [LR]POP key and, unlike the direct pop, leaves
      // server.dirty alone (the push that woke the client already counted).
      rctx.alsoPropagate([popCommandName(where), ready.key]);
      const value = popItem(ready.list, where);
      afterRemoval(rctx, ready.key, ready.list);
      return [ready.key, value];
    };
    return new BlockRequest(distinct(keys), deadline(ctx, ms), retry, NULL_ARRAY);
  };
}

/** BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count] */
function blmpop(ctx: CommandContext, args: string[]): Reply | BlockRequest {
  const parsed = parseMpop(args, 2);
  if (parsed instanceof ErrorReply) return parsed;
  const ms = parseTimeoutMs(args[1]!);
  if (ms instanceof ErrorReply) return ms;
  const { keys, where, count } = parsed;
  const found = firstList(ctx, keys);
  if (found instanceof ErrorReply) return found;
  if (found !== undefined) {
    const { reply, popped } = mpopFrom(ctx, found.key, found.list, where, count);
    ctx.replaceArgv([popCommandName(where), found.key, String(popped)]);
    return reply;
  }
  if (ctx.inExec) return NULL_ARRAY;
  const retry = (rctx: CommandContext, readyKey?: string): Reply | undefined => {
    const ready = readyList(rctx, keys, readyKey);
    if (ready === undefined) return undefined;
    rctx.alsoPropagate([popCommandName(where), ready.key, String(Math.min(count, ready.list.items.length))]);
    return mpopFrom(rctx, ready.key, ready.list, where, count).reply;
  };
  return new BlockRequest(distinct(keys), deadline(ctx, ms), retry, NULL_ARRAY);
}

/**
 * BLMOVE / BRPOPLPUSH once parsed (t_list.c blmoveGenericCommand): moves at once when the source
 * exists (propagated as LMOVE / RPOPLPUSH), else blocks on the source alone.
 */
function blockingMove(ctx: CommandContext, args: string[], from: Where, to: Where, ms: number, asRpoplpush: boolean): Reply | BlockRequest {
  const source = args[1]!;
  const destination = args[2]!;
  const src = lookupWriteTyped(ctx, source, 'list');
  if (src instanceof ErrorReply) return src;
  if (src !== undefined) {
    const r = moveFrom(ctx, src, source, destination, from, to);
    if (typeof r === 'string') {
      ctx.markDirty(1);
      ctx.replaceArgv(asRpoplpush ? ['RPOPLPUSH', source, destination] : ['LMOVE', source, destination, args[3]!, args[4]!]);
    }
    return r;
  }
  // Not allowed to block (inside MULTI/EXEC): a null bulk here, not the null array of a timeout.
  if (ctx.inExec) return null;
  const retry = (rctx: CommandContext): Reply | undefined => {
    const ready = readyList(rctx, [source], undefined);
    if (ready === undefined) return undefined;
    // A destination of the wrong type unblocks the client with WRONGTYPE, nothing moved.
    const r = moveFrom(rctx, ready.list, source, destination, from, to);
    if (typeof r === 'string') {
      rctx.alsoPropagate(
        asRpoplpush ? ['RPOPLPUSH', source, destination] : ['LMOVE', source, destination, whereWord(from), whereWord(to)],
      );
    }
    return r;
  };
  return new BlockRequest([source], deadline(ctx, ms), retry, NULL_ARRAY);
}

/** BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout */
function blmove(ctx: CommandContext, args: string[]): Reply | BlockRequest {
  const from = parseWhere(args[3]!);
  if (from instanceof ErrorReply) return from;
  const to = parseWhere(args[4]!);
  if (to instanceof ErrorReply) return to;
  const ms = parseTimeoutMs(args[5]!);
  if (ms instanceof ErrorReply) return ms;
  return blockingMove(ctx, args, from, to, ms, false);
}

/** BRPOPLPUSH source destination timeout */
function brpoplpush(ctx: CommandContext, args: string[]): Reply | BlockRequest {
  const ms = parseTimeoutMs(args[3]!);
  if (ms instanceof ErrorReply) return ms;
  return blockingMove(ctx, args, 'tail', 'head', ms, true);
}

const BLOCKING_ACL = ['write', 'list', 'slow', 'blocking'] as const;

/** BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP. */
export const listBlockingCommands: CommandSpec[] = [
  { name: 'blpop', arity: -3, flags: ['write', 'noscript', 'blocking'], acl: BLOCKING_ACL, firstKey: 1, lastKey: -2, keyStep: 1, handler: bpop('head') },
  { name: 'brpop', arity: -3, flags: ['write', 'noscript', 'blocking'], acl: BLOCKING_ACL, firstKey: 1, lastKey: -2, keyStep: 1, handler: bpop('tail') },
  { name: 'blmove', arity: 6, flags: ['write', 'denyoom', 'noscript', 'blocking'], acl: BLOCKING_ACL, firstKey: 1, lastKey: 2, keyStep: 1, handler: blmove },
  { name: 'brpoplpush', arity: 4, flags: ['write', 'denyoom', 'noscript', 'blocking'], acl: BLOCKING_ACL, firstKey: 1, lastKey: 2, keyStep: 1, handler: brpoplpush },
  { name: 'blmpop', arity: -5, flags: ['write', 'blocking', 'movablekeys'], acl: BLOCKING_ACL, firstKey: 0, lastKey: 0, keyStep: 0, handler: blmpop },
];
