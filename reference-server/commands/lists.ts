// The LIST command family (Redis 7.0 src/t_list.c): push, pop, index and range commands here;
// LMOVE / RPOPLPUSH / LMPOP in lists-move.ts, the blocking variants in lists-blocking.ts.

import { ListValue } from '../keyspace/list-value.js';
import { ErrorReply, NULL_ARRAY, OK, type Reply } from '../resp/reply.js';
import type { CommandContext, CommandSpec } from './command.js';
import { is, lookupReadTyped, lookupWriteTyped, parseBigInteger, parseInteger, LLONG_MIN } from './args.js';
import { NOT_INTEGER, NO_SUCH_KEY, OUT_OF_RANGE, SYNTAX, err, wrongArity } from './errors.js';
import { afterRemoval, popItem, popMany, pushItem, type Where } from './lists-shared.js';
import { listMoveCommands } from './lists-move.js';
import { listBlockingCommands } from './lists-blocking.js';

/** `ERR value is out of range, must be positive` (object.c getPositiveLongFromObjectOrReply). */
const NOT_POSITIVE = err('value is out of range, must be positive');
const RANK_ZERO = err(
  "RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list",
);
const COUNT_NEGATIVE = err("COUNT can't be negative");
const MAXLEN_NEGATIVE = err("MAXLEN can't be negative");

const ONE_KEY = { firstKey: 1, lastKey: 1, keyStep: 1 } as const;

/**
 * A non-negative long as getPositiveLongFromObjectOrReply reads it: a non-integer gets the same
 * message as a negative value when a message is given.
 */
function parseNonNegative(arg: string): number | undefined {
  const n = parseInteger(arg);
  return n === undefined || n < 0 ? undefined : n;
}

/** LPUSH / RPUSH / LPUSHX / RPUSHX (t_list.c pushGenericCommand). */
function push(where: Where, onlyIfExists: boolean) {
  return (ctx: CommandContext, args: string[]): Reply => {
    const key = args[1]!;
    let list = lookupWriteTyped(ctx, key, 'list');
    if (list instanceof ErrorReply) return list;
    if (list === undefined) {
      if (onlyIfExists) return 0;
      list = new ListValue();
      for (let i = 2; i < args.length; i++) pushItem(list, args[i]!, where);
      ctx.keyspace.add(ctx.db, key, list);
    } else {
      for (let i = 2; i < args.length; i++) pushItem(list, args[i]!, where);
      ctx.keyspace.modified(ctx.db, key);
    }
    ctx.markDirty(args.length - 2);
    return list.items.length;
  };
}

/** LPOP / RPOP key [count] (t_list.c popGenericCommand). */
function pop(where: Where) {
  return (ctx: CommandContext, args: string[]): Reply => {
    if (args.length > 3) return wrongArity(args[0]!.toLowerCase());
    const hasCount = args.length === 3;
    let count = 0;
    if (hasCount) {
      const n = parseNonNegative(args[2]!);
      if (n === undefined) return NOT_POSITIVE;
      count = n;
    }
    const key = args[1]!;
    const list = lookupWriteTyped(ctx, key, 'list');
    if (list === undefined) return hasCount ? NULL_ARRAY : null;
    if (list instanceof ErrorReply) return list;
    if (hasCount && count === 0) return [];
    if (!hasCount) {
      const value = popItem(list, where);
      afterRemoval(ctx, key, list);
      ctx.markDirty(1);
      return value;
    }
    const values = popMany(list, where, count);
    afterRemoval(ctx, key, list);
    ctx.markDirty(values.length);
    return values;
  };
}

/** LLEN key */
function llen(ctx: CommandContext, args: string[]): Reply {
  const list = lookupReadTyped(ctx, args[1]!, 'list');
  if (list === undefined) return 0;
  if (list instanceof ErrorReply) return list;
  return list.items.length;
}

/**
 * Normalises an inclusive [start, end] range against `length` as Redis does for LRANGE/LTRIM
 * (negative indexes from the end, clamped); undefined when the range is empty.
 */
function listRange(start: number, end: number, length: number): [number, number] | undefined {
  if (start < 0) start = length + start;
  if (end < 0) end = length + end;
  if (start < 0) start = 0;
  if (start > end || start >= length) return undefined;
  if (end >= length) end = length - 1;
  return [start, end];
}

/** LRANGE key start stop (indexes parsed before the lookup, as Redis does). */
function lrange(ctx: CommandContext, args: string[]): Reply {
  const start = parseInteger(args[2]!);
  const end = parseInteger(args[3]!);
  if (start === undefined || end === undefined) return NOT_INTEGER;
  const list = lookupReadTyped(ctx, args[1]!, 'list');
  if (list === undefined) return [];
  if (list instanceof ErrorReply) return list;
  const range = listRange(start, end, list.items.length);
  if (range === undefined) return [];
  return list.items.slice(range[0], range[1]);
}

/** LINDEX key index (the key is looked up before the index is parsed). */
function lindex(ctx: CommandContext, args: string[]): Reply {
  const list = lookupReadTyped(ctx, args[1]!, 'list');
  if (list === undefined) return null;
  if (list instanceof ErrorReply) return list;
  const index = parseInteger(args[2]!);
  if (index === undefined) return NOT_INTEGER;
  const value = list.items.at(index < 0 ? list.items.length + index : index);
  return value ?? null;
}

/** LSET key index element */
function lset(ctx: CommandContext, args: string[]): Reply {
  const key = args[1]!;
  const list = lookupWriteTyped(ctx, key, 'list');
  if (list === undefined) return NO_SUCH_KEY;
  if (list instanceof ErrorReply) return list;
  let index = parseInteger(args[2]!);
  if (index === undefined) return NOT_INTEGER;
  if (index < 0) index = list.items.length + index;
  if (index < 0 || index >= list.items.length) return OUT_OF_RANGE;
  list.items.set(index, args[3]!);
  ctx.keyspace.modified(ctx.db, key);
  ctx.markDirty(1);
  return OK;
}

/** LREM key count element: count > 0 from the head, < 0 from the tail, 0 all. */
function lrem(ctx: CommandContext, args: string[]): Reply {
  let toRemove = parseInteger(args[2]!);
  if (toRemove === undefined) return NOT_INTEGER;
  const key = args[1]!;
  const list = lookupWriteTyped(ctx, key, 'list');
  if (list === undefined) return 0;
  if (list instanceof ErrorReply) return list;
  const element = args[3]!;
  const fromTail = toRemove < 0;
  if (fromTail) toRemove = -toRemove;
  const items = list.items.toArray();
  const kept: string[] = [];
  let removed = 0;
  if (!fromTail) {
    for (const item of items) {
      if (item === element && (toRemove === 0 || removed < toRemove)) removed++;
      else kept.push(item);
    }
  } else {
    for (let i = items.length - 1; i >= 0; i--) {
      const item = items[i]!;
      if (item === element && removed < toRemove) removed++;
      else kept.push(item);
    }
    kept.reverse();
  }
  if (removed > 0) {
    list.items.replaceAll(kept);
    afterRemoval(ctx, key, list);
    ctx.markDirty(removed);
  }
  return removed;
}

/** LTRIM key start stop */
function ltrim(ctx: CommandContext, args: string[]): Reply {
  const start = parseInteger(args[2]!);
  const end = parseInteger(args[3]!);
  if (start === undefined || end === undefined) return NOT_INTEGER;
  const key = args[1]!;
  const list = lookupWriteTyped(ctx, key, 'list');
  if (list === undefined) return OK;
  if (list instanceof ErrorReply) return list;
  const length = list.items.length;
  const range = listRange(start, end, length);
  const fromHead = range === undefined ? length : range[0];
  const fromTail = range === undefined ? 0 : length - range[1] - 1;
  for (let i = 0; i < fromHead; i++) list.items.popHead();
  for (let i = 0; i < fromTail; i++) list.items.popTail();
  // Redis signals and counts even a trim that removed nothing (t_list.c ltrimCommand).
  afterRemoval(ctx, key, list);
  ctx.markDirty(fromHead + fromTail);
  return OK;
}

/** LINSERT key BEFORE|AFTER pivot element: the new length, -1 without the pivot, 0 without the key. */
function linsert(ctx: CommandContext, args: string[]): Reply {
  let after: boolean;
  if (is(args[2]!, 'after')) after = true;
  else if (is(args[2]!, 'before')) after = false;
  else return SYNTAX;
  const key = args[1]!;
  const list = lookupWriteTyped(ctx, key, 'list');
  if (list === undefined) return 0;
  if (list instanceof ErrorReply) return list;
  const items = list.items.toArray();
  const at = items.indexOf(args[3]!);
  if (at < 0) return -1;
  items.splice(after ? at + 1 : at, 0, args[4]!);
  list.items.replaceAll(items);
  ctx.keyspace.modified(ctx.db, key);
  ctx.markDirty(1);
  return list.items.length;
}

/** LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len] (t_list.c lposCommand). */
function lpos(ctx: CommandContext, args: string[]): Reply {
  let rank = 1;
  let count = -1;
  let maxlen = 0;
  // RANK LLONG_MIN cannot be negated in C: it stays negative, so every match qualifies and the
  // COUNT test overflows and never stops the scan. Reproduced here with `everyMatch`.
  let everyMatch = false;
  for (let j = 3; j < args.length; j++) {
    const more = args.length - 1 - j;
    const opt = args[j]!;
    if (is(opt, 'rank') && more > 0) {
      const r = parseBigInteger(args[++j]!);
      if (r === undefined) return NOT_INTEGER;
      if (r === 0n) return RANK_ZERO;
      everyMatch = r === LLONG_MIN;
      rank = Number(r);
    } else if (is(opt, 'count') && more > 0) {
      const n = parseNonNegative(args[++j]!);
      if (n === undefined) return COUNT_NEGATIVE;
      count = n;
    } else if (is(opt, 'maxlen') && more > 0) {
      const n = parseNonNegative(args[++j]!);
      if (n === undefined) return MAXLEN_NEGATIVE;
      maxlen = n;
    } else {
      return SYNTAX;
    }
  }
  const fromTail = rank < 0;
  if (fromTail) rank = -rank;
  const list = lookupReadTyped(ctx, args[1]!, 'list');
  if (list === undefined) return count !== -1 ? [] : null;
  if (list instanceof ErrorReply) return list;
  const element = args[2]!;
  const items = list.items;
  const length = items.length;
  const limit = maxlen === 0 ? length : Math.min(maxlen, length);
  const found: Reply[] = [];
  let matches = 0;
  for (let scanned = 0; scanned < limit; scanned++) {
    const index = fromTail ? length - 1 - scanned : scanned;
    if (items.at(index) !== element) continue;
    matches++;
    if (!everyMatch && matches < rank) continue;
    if (count === -1) return index;
    found.push(index);
    if (!everyMatch && count !== 0 && matches - rank + 1 >= count) break;
  }
  return count === -1 ? null : found;
}

const basicCommands: CommandSpec[] = [
  { name: 'lpush', arity: -3, flags: ['write', 'denyoom', 'fast'], acl: ['write', 'list', 'fast'], ...ONE_KEY, handler: push('head', false) },
  { name: 'rpush', arity: -3, flags: ['write', 'denyoom', 'fast'], acl: ['write', 'list', 'fast'], ...ONE_KEY, handler: push('tail', false) },
  { name: 'lpushx', arity: -3, flags: ['write', 'denyoom', 'fast'], acl: ['write', 'list', 'fast'], ...ONE_KEY, handler: push('head', true) },
  { name: 'rpushx', arity: -3, flags: ['write', 'denyoom', 'fast'], acl: ['write', 'list', 'fast'], ...ONE_KEY, handler: push('tail', true) },
  { name: 'lpop', arity: -2, flags: ['write', 'fast'], acl: ['write', 'list', 'fast'], ...ONE_KEY, handler: pop('head') },
  { name: 'rpop', arity: -2, flags: ['write', 'fast'], acl: ['write', 'list', 'fast'], ...ONE_KEY, handler: pop('tail') },
  { name: 'llen', arity: 2, flags: ['readonly', 'fast'], acl: ['read', 'list', 'fast'], ...ONE_KEY, handler: llen },
  { name: 'lrange', arity: 4, flags: ['readonly'], acl: ['read', 'list', 'slow'], ...ONE_KEY, handler: lrange },
  { name: 'lindex', arity: 3, flags: ['readonly'], acl: ['read', 'list', 'slow'], ...ONE_KEY, handler: lindex },
  { name: 'lset', arity: 4, flags: ['write', 'denyoom'], acl: ['write', 'list', 'slow'], ...ONE_KEY, handler: lset },
  { name: 'lrem', arity: 4, flags: ['write'], acl: ['write', 'list', 'slow'], ...ONE_KEY, handler: lrem },
  { name: 'ltrim', arity: 4, flags: ['write'], acl: ['write', 'list', 'slow'], ...ONE_KEY, handler: ltrim },
  { name: 'linsert', arity: 5, flags: ['write', 'denyoom'], acl: ['write', 'list', 'slow'], ...ONE_KEY, handler: linsert },
  { name: 'lpos', arity: -3, flags: ['readonly'], acl: ['read', 'list', 'slow'], ...ONE_KEY, handler: lpos },
];

/** Every list command, as the command table registers them. */
export const listsCommands: CommandSpec[] = [...basicCommands, ...listMoveCommands, ...listBlockingCommands];
