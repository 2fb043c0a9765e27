// ZPOPMIN, ZPOPMAX, ZMPOP and their blocking forms BZPOPMIN, BZPOPMAX, BZMPOP (Redis 7.0
// src/t_zset.c genericZpopCommand, blockingGenericZpopCommand, zmpopGenericCommand; serving a
// blocked client as src/blocked.c serveClientsBlockedOnSortedSetKey does).

import { BlockRequest, type CommandContext, type CommandSpec } from './command.js';
import { ErrorReply, NULL_ARRAY, type Reply } from '../resp/reply.js';
import { is, lookupWriteTyped, parseBigInteger } from './args.js';
import { SYNTAX, err } from './errors.js';
import type { ZSetValue } from '../keyspace/zset-value.js';
import { formatDouble } from '../keyspace/format-double.js';
import { parseTimeoutMs } from './lists-blocking.js';

type Where = 'min' | 'max';

const NOT_POSITIVE = err('value is out of range, must be positive');
const NUMKEYS_ERROR = err('numkeys should be greater than 0');
const COUNT_ERROR = err('count should be greater than 0');
const LONG_MAX = 9223372036854775807n;

function popName(where: Where): string {
  return where === 'min' ? 'ZPOPMIN' : 'ZPOPMAX';
}

/** Pops up to `count` members from one end; deletes the key when emptied; counts each pop as dirty. */
function popFrom(ctx: CommandContext, key: string, z: ZSetValue, where: Where, count: number): Array<[string, string]> {
  const n = Math.min(count, z.size);
  const picked = where === 'min' ? z.range(0, n - 1) : z.range(z.size - n, z.size - 1).reverse();
  const out: Array<[string, string]> = [];
  for (const e of picked) {
    z.remove(e.member);
    out.push([e.member, formatDouble(e.score)]);
  }
  if (n > 0) {
    ctx.markDirty(n);
    if (z.size === 0) ctx.keyspace.delete(ctx.db, key);
    else ctx.keyspace.modified(ctx.db, key);
  }
  return out;
}

/** The first existing key among `keys`: its sorted set, or WRONGTYPE, or undefined when none exists. */
function firstZset(ctx: CommandContext, keys: string[]): { key: string; z: ZSetValue } | ErrorReply | undefined {
  for (const key of keys) {
    const z = lookupWriteTyped(ctx, key, 'zset');
    if (z === undefined) continue;
    if (z instanceof ErrorReply) return z;
    if (z.size > 0) return { key, z };
  }
  return undefined;
}

/** ZPOPMIN / ZPOPMAX key [count]: propagated as itself. */
function zpop(where: Where) {
  return (ctx: CommandContext, args: string[]): Reply => {
    if (args.length > 3) return SYNTAX;
    let count = -1;
    if (args.length === 3) {
      const c = parseBigInteger(args[2]!);
      // getPositiveLongFromObjectOrReply: its message answers a non-integer too.
      if (c === undefined || c < 0n) return NOT_POSITIVE;
      count = c > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(c);
    }
    const z = lookupWriteTyped(ctx, args[1]!, 'zset');
    if (z === undefined) return [];
    if (z instanceof ErrorReply) return z;
    if (count === 0) return [];
    return popFrom(ctx, args[1]!, z, where, count === -1 ? 1 : count).flat();
  };
}

/** A served pop's reply: flat `[key, member, score]` for BZPOP*, nested `[key, [[m, s]...]]` for [B]ZMPOP. */
function servedReply(key: string, popped: Array<[string, string]>, nested: boolean): Reply {
  return nested ? [key, popped] : [key, ...popped.flat()];
}

/**
 * The blocking pop shared by BZPOPMIN/BZPOPMAX (count -1) and BZMPOP: serve now from the first
 * non-empty key, else answer as on timeout inside EXEC, else block.
 */
function blockingPop(ctx: CommandContext, keys: string[], where: Where, ms: number, count: number, nested: boolean): Reply | BlockRequest {
  const found = firstZset(ctx, keys);
  if (found instanceof ErrorReply) return found;
  const n = count === -1 ? 1 : count;
  if (found !== undefined) {
    const llen = found.z.size;
    const popped = popFrom(ctx, found.key, found.z, where, n);
    ctx.replaceArgv(count === -1 ? [popName(where), found.key] : [popName(where), found.key, String(Math.min(count, llen))]);
    return servedReply(found.key, popped, nested);
  }
  if (ctx.inExec) return NULL_ARRAY;
  const retry = (rctx: CommandContext, readyKey?: string): Reply | undefined => {
    for (const key of readyKey !== undefined ? [readyKey] : keys) {
      const v = rctx.keyspace.lookupWrite(rctx.db, key);
      if (v === undefined || v.type !== 'zset' || v.size === 0) continue;
      const llen = v.size;
      const popped = popFrom(rctx, key, v, where, n);
      rctx.replaceArgv(count === -1 ? [popName(where), key] : [popName(where), key, String(Math.min(count, llen))]);
      return servedReply(key, popped, nested);
    }
    return undefined;
  };
  const distinct = keys.length === 1 ? keys : [...new Set(keys)];
  return new BlockRequest(distinct, ms === 0 ? 0 : ctx.now + ms, retry, NULL_ARRAY);
}

/** BZPOPMIN / BZPOPMAX key [key ...] timeout */
function bzpop(where: Where) {
  return (ctx: CommandContext, args: string[]): Reply | BlockRequest => {
    const ms = parseTimeoutMs(args[args.length - 1]!);
    if (ms instanceof ErrorReply) return ms;
    return blockingPop(ctx, args.slice(1, -1), where, ms, -1, false);
  };
}

/** A long in [1, LONG_MAX] whose every failure answers with `error` (getRangeLongFromObjectOrReply with a message). */
function positiveLong(arg: string, error: ErrorReply): number | ErrorReply {
  const v = parseBigInteger(arg);
  if (v === undefined || v < 1n || v > LONG_MAX) return error;
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
}

/** Parses `numkeys key... MIN|MAX [COUNT count]` from `numkeysIndex` (zmpopGenericCommand). */
function parseZmpop(args: string[], numkeysIndex: number): { keys: string[]; where: Where; count: number } | ErrorReply {
  const numkeys = positiveLong(args[numkeysIndex]!, NUMKEYS_ERROR);
  if (numkeys instanceof ErrorReply) return numkeys;
  const whereIndex = numkeysIndex + numkeys + 1;
  if (whereIndex >= args.length) return SYNTAX;
  let where: Where;
  if (is(args[whereIndex]!, 'min')) where = 'min';
  else if (is(args[whereIndex]!, 'max')) where = 'max';
  else return SYNTAX;
  let count = -1;
  for (let j = whereIndex + 1; j < args.length; j++) {
    if (count === -1 && is(args[j]!, 'count') && j < args.length - 1) {
      const c = positiveLong(args[++j]!, COUNT_ERROR);
      if (c instanceof ErrorReply) return c;
      count = c;
    } else {
      return SYNTAX;
    }
  }
  return { keys: args.slice(numkeysIndex + 1, whereIndex), where, count: count === -1 ? 1 : count };
}

/** ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]: propagated as ZPOPMIN/ZPOPMAX key count. */
function zmpop(ctx: CommandContext, args: string[]): Reply {
  const p = parseZmpop(args, 1);
  if (p instanceof ErrorReply) return p;
  const found = firstZset(ctx, p.keys);
  if (found === undefined) return NULL_ARRAY;
  if (found instanceof ErrorReply) return found;
  const llen = found.z.size;
  const popped = popFrom(ctx, found.key, found.z, p.where, p.count);
  ctx.replaceArgv([popName(p.where), found.key, String(Math.min(p.count, llen))]);
  return servedReply(found.key, popped, true);
}

/** BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]: the timeout is checked after the rest. */
function bzmpop(ctx: CommandContext, args: string[]): Reply | BlockRequest {
  const p = parseZmpop(args, 2);
  if (p instanceof ErrorReply) return p;
  const ms = parseTimeoutMs(args[1]!);
  if (ms instanceof ErrorReply) return ms;
  return blockingPop(ctx, p.keys, p.where, ms, p.count, true);
}

const POP = { arity: -2, flags: ['write', 'fast'], acl: ['write', 'sortedset', 'fast'], firstKey: 1, lastKey: 1, keyStep: 1 } as const;
const BPOP = {
  arity: -3, flags: ['write', 'noscript', 'blocking', 'fast'], acl: ['write', 'sortedset', 'fast', 'blocking'], firstKey: 1, lastKey: -2, keyStep: 1,
} as const;

/** The pop commands of the sorted-set family. */
export const zsetPopCommands: CommandSpec[] = [
  { name: 'zpopmin', ...POP, handler: zpop('min') },
  { name: 'zpopmax', ...POP, handler: zpop('max') },
  { name: 'bzpopmin', ...BPOP, handler: bzpop('min') },
  { name: 'bzpopmax', ...BPOP, handler: bzpop('max') },
  { name: 'zmpop', arity: -4, flags: ['write', 'movablekeys'], acl: ['write', 'sortedset', 'slow'], firstKey: 0, lastKey: 0, keyStep: 0, handler: zmpop },
  {
    name: 'bzmpop', arity: -5, flags: ['write', 'blocking', 'movablekeys'], acl: ['write', 'sortedset', 'slow', 'blocking'], firstKey: 0, lastKey: 0, keyStep: 0,
    handler: bzmpop,
  },
];
