// LMOVE, RPOPLPUSH and LMPOP (Redis 7.0 src/t_list.c lmoveGenericCommand, mpopGenericCommand),
// with the parsing and moving helpers their blocking forms in lists-blocking.ts reuse.

import type { ListValue } from '../keyspace/list-value.js';
import { ErrorReply, NULL_ARRAY, type Reply } from '../resp/reply.js';
import type { CommandContext, CommandSpec } from './command.js';
import { is, lookupWriteTyped, parseInteger } from './args.js';
import { SYNTAX, err } from './errors.js';
import { afterRemoval, parseWhere, popCommandName, popItem, popMany, pushOne, type Where } from './lists-shared.js';

const NUMKEYS_ERROR = err('numkeys should be greater than 0');
const COUNT_ERROR = err('count should be greater than 0');

/**
 * Pops from `source` at `from` and pushes onto `destination` at `to`, both looked up now. Returns
 * the moved element, null when the source does not exist, or WRONGTYPE (the destination's type is
 * checked before anything is popped). Does not decide propagation.
 */
export function moveElement(ctx: CommandContext, source: string, destination: string, from: Where, to: Where): Reply {
  const src = lookupWriteTyped(ctx, source, 'list');
  if (src === undefined) return null;
  if (src instanceof ErrorReply) return src;
  return moveFrom(ctx, src, source, destination, from, to);
}

/** The move itself once the source list is known (also used when serving a blocked BLMOVE). */
export function moveFrom(ctx: CommandContext, src: ListValue, source: string, destination: string, from: Where, to: Where): Reply {
  const dst = lookupWriteTyped(ctx, destination, 'list');
  if (dst instanceof ErrorReply) return dst;
  const value = popItem(src, from);
  // Same order as Redis: push (creating the destination), then drop the source if now empty.
  pushOne(ctx, destination, dst, value, to);
  afterRemoval(ctx, source, src);
  return value;
}

/** LMOVE source destination LEFT|RIGHT LEFT|RIGHT */
function lmove(ctx: CommandContext, args: string[]): Reply {
  const from = parseWhere(args[3]!);
  if (from instanceof ErrorReply) return from;
  const to = parseWhere(args[4]!);
  if (to instanceof ErrorReply) return to;
  const r = moveElement(ctx, args[1]!, args[2]!, from, to);
  if (typeof r === 'string') ctx.markDirty(1);
  return r;
}

/** RPOPLPUSH source destination: LMOVE source destination RIGHT LEFT, propagated as itself. */
function rpoplpush(ctx: CommandContext, args: string[]): Reply {
  const r = moveElement(ctx, args[1]!, args[2]!, 'tail', 'head');
  if (typeof r === 'string') ctx.markDirty(1);
  return r;
}

/** The parsed arguments of LMPOP / BLMPOP. */
export interface MpopArgs {
  keys: string[];
  where: Where;
  count: number;
}

/**
 * Parses `numkeys key... LEFT|RIGHT [COUNT count]` starting at `numkeysIndex`
 * (t_list.c lmpopGenericCommand): numkeys and COUNT must be >= 1, a repeated COUNT is a syntax error.
 */
export function parseMpop(args: string[], numkeysIndex: number): MpopArgs | ErrorReply {
  const numkeys = parseInteger(args[numkeysIndex]!);
  if (numkeys === undefined || numkeys < 1) return NUMKEYS_ERROR;
  const whereIndex = numkeysIndex + numkeys + 1;
  if (whereIndex >= args.length) return SYNTAX;
  const where = parseWhere(args[whereIndex]!);
  if (where instanceof ErrorReply) return where;
  let count = -1;
  for (let j = whereIndex + 1; j < args.length; j++) {
    if (count === -1 && is(args[j]!, 'count') && j < args.length - 1) {
      const n = parseInteger(args[++j]!);
      if (n === undefined || n < 1) return COUNT_ERROR;
      count = n;
    } else {
      return SYNTAX;
    }
  }
  return { keys: args.slice(numkeysIndex + 1, whereIndex), where, count: count === -1 ? 1 : count };
}

/**
 * Pops up to `count` elements from `list` at `key` for LMPOP/BLMPOP: the `[key, [elements]]` reply.
 * Counts the change and returns the count actually popped through `popped` for propagation.
 */
export function mpopFrom(ctx: CommandContext, key: string, list: ListValue, where: Where, count: number): { reply: Reply; popped: number } {
  const values = popMany(list, where, count);
  afterRemoval(ctx, key, list);
  ctx.markDirty(values.length);
  return { reply: [key, values], popped: values.length };
}

/**
 * The first non-empty list among `keys`, or WRONGTYPE for a key of another type met first, or
 * undefined when every key is missing.
 */
export function firstList(ctx: CommandContext, keys: string[]): { key: string; list: ListValue } | ErrorReply | undefined {
  for (const key of keys) {
    const list = lookupWriteTyped(ctx, key, 'list');
    if (list === undefined) continue;
    if (list instanceof ErrorReply) return list;
    if (list.items.length === 0) continue;
    return { key, list };
  }
  return undefined;
}

/** LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]: propagated as LPOP/RPOP key count. */
function lmpop(ctx: CommandContext, args: string[]): Reply {
  const parsed = parseMpop(args, 1);
  if (parsed instanceof ErrorReply) return parsed;
  const found = firstList(ctx, parsed.keys);
  if (found === undefined) return NULL_ARRAY;
  if (found instanceof ErrorReply) return found;
  const { reply, popped } = mpopFrom(ctx, found.key, found.list, parsed.where, parsed.count);
  ctx.replaceArgv([popCommandName(parsed.where), found.key, String(popped)]);
  return reply;
}

const TWO_KEYS = { firstKey: 1, lastKey: 2, keyStep: 1 } as const;

/** LMOVE, RPOPLPUSH, LMPOP. */
export const listMoveCommands: CommandSpec[] = [
  { name: 'lmove', arity: 5, flags: ['write', 'denyoom'], acl: ['write', 'list', 'slow'], ...TWO_KEYS, handler: lmove },
  { name: 'rpoplpush', arity: 3, flags: ['write', 'denyoom'], acl: ['write', 'list', 'slow'], ...TWO_KEYS, handler: rpoplpush },
  { name: 'lmpop', arity: -4, flags: ['write', 'movablekeys'], acl: ['write', 'list', 'slow'], firstKey: 0, lastKey: 0, keyStep: 0, handler: lmpop },
];
