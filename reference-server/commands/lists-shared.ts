// Helpers shared by the list commands (lists.ts, lists-move.ts, lists-blocking.ts): which end of a
// list, pushing into a possibly new key, popping ranges and deleting a list that became empty.

import { ListValue } from '../keyspace/list-value.js';
import type { Reply } from '../resp/reply.js';
import type { CommandContext } from './command.js';
import { is } from './args.js';
import { SYNTAX } from './errors.js';
import type { ErrorReply } from '../resp/reply.js';

/** Which end of a list: 'head' is LEFT (index 0), 'tail' is RIGHT. Redis's LIST_HEAD / LIST_TAIL. */
export type Where = 'head' | 'tail';

/** LEFT | RIGHT as an end of a list, or the syntax error (t_list.c getListPositionFromObjectOrReply). */
export function parseWhere(arg: string): Where | ErrorReply {
  if (is(arg, 'right')) return 'tail';
  if (is(arg, 'left')) return 'head';
  return SYNTAX;
}

/** The word Redis propagates for an end: lower-case, as server.c creates shared.left / shared.right. */
export function whereWord(where: Where): string {
  return where === 'head' ? 'left' : 'right';
}

/** The non-blocking pop command that stands for a pop at `where` in propagation. */
export function popCommandName(where: Where): string {
  return where === 'head' ? 'LPOP' : 'RPOP';
}

/**
 * Pushes `value` onto the list at `key` (creating it when `list` is undefined, which wakes clients
 * blocked on `key`), and signals the change (t_list.c lmoveHandlePush).
 */
export function pushOne(ctx: CommandContext, key: string, list: ListValue | undefined, value: string, where: Where): void {
  if (list === undefined) {
    list = new ListValue();
    pushItem(list, value, where);
    ctx.keyspace.add(ctx.db, key, list);
    return;
  }
  pushItem(list, value, where);
  ctx.keyspace.modified(ctx.db, key);
}

/** Pushes one element at an end of `list`. */
export function pushItem(list: ListValue, value: string, where: Where): void {
  if (where === 'head') list.items.pushHead(value);
  else list.items.pushTail(value);
}

/** Pops one element from an end of a non-empty list. */
export function popItem(list: ListValue, where: Where): string {
  return (where === 'head' ? list.items.popHead() : list.items.popTail()) as string;
}

/**
 * Pops up to `count` elements from an end, in pop order (t_list.c listPopRangeAndReplyWithKey:
 * from the tail they come last element first).
 */
export function popMany(list: ListValue, where: Where, count: number): Reply[] {
  const n = Math.min(count, list.items.length);
  const out: Reply[] = new Array<Reply>(n);
  for (let i = 0; i < n; i++) out[i] = popItem(list, where);
  return out;
}

/**
 * After elements were removed from `list` at `key`: deletes the key when the list is empty (Redis
 * never keeps an empty list), otherwise signals the in-place change (t_list.c listElementsRemoved).
 */
export function afterRemoval(ctx: CommandContext, key: string, list: ListValue): void {
  if (list.items.length === 0) ctx.keyspace.delete(ctx.db, key);
  else ctx.keyspace.modified(ctx.db, key);
}
