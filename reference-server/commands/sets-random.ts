// SPOP and SRANDMEMBER (Redis 7.0 src/t_set.c spopCommand, spopWithCountCommand,
// srandmemberWithCountCommand), including how SPOP propagates: one SREM, a DEL when the whole set
// goes, or one SREM per popped member otherwise. Randomness comes from ctx.random().

import { ErrorReply, type Reply } from '../resp/reply.js';
import type { CommandContext } from './command.js';
import { lookupReadTyped, lookupWriteTyped, parseBigInteger } from './args.js';
import { NOT_INTEGER, SYNTAX, err } from './errors.js';
import { SetValue, createSetFor, popRandomMember, randomMember, setAddMember } from '../keyspace/set-value.js';
import { maxIntsetEntries, sunionDiffGeneric } from './sets-setops.js';

const LONG_MAX = 9223372036854775807n;
const NOT_POSITIVE = err('value is out of range, must be positive');
/** SPOP_MOVE_STRATEGY_MUL: when few members would remain, pick those to keep instead. */
const SPOP_MOVE_STRATEGY_MUL = 5;
/** SRANDMEMBER_SUB_STRATEGY_MUL: below this ratio of size to count, remove from a copy. */
const SRANDMEMBER_SUB_STRATEGY_MUL = 3;

/** A uniformly random index below `n`. */
function pick(ctx: CommandContext, n: number): number {
  return Math.floor(ctx.random() * n);
}

/** Removes and returns a random element of `arr` (order of the rest is not kept). */
function takeRandom(ctx: CommandContext, arr: string[]): string {
  const t = pick(ctx, arr.length);
  const m = arr[t]!;
  arr[t] = arr[arr.length - 1]!;
  arr.pop();
  return m;
}

/** SPOP key [count]: without a count, one member, propagated as SREM key member. */
export function spop(ctx: CommandContext, args: string[]): Reply {
  if (args.length === 3) return spopWithCount(ctx, args);
  if (args.length > 3) return SYNTAX;
  const key = args[1]!;
  const s = lookupWriteTyped(ctx, key, 'set');
  if (s === undefined) return null;
  if (s instanceof ErrorReply) return s;
  const m = popRandomMember(s, () => ctx.random());
  ctx.replaceArgv(['SREM', key, m]);
  if (s.members.size === 0) ctx.keyspace.delete(ctx.db, key);
  else ctx.keyspace.modified(ctx.db, key);
  ctx.markDirty();
  return m;
}

/** spopWithCountCommand's three cases; the count is checked before the key. */
function spopWithCount(ctx: CommandContext, args: string[]): Reply {
  const l = parseBigInteger(args[2]!);
  if (l === undefined || l < 0n) return NOT_POSITIVE;
  const key = args[1]!;
  const s = lookupWriteTyped(ctx, key, 'set');
  if (s === undefined) return [];
  if (s instanceof ErrorReply) return s;
  if (l === 0n) return [];
  const size = s.members.size;
  // CASE 1: the whole set goes: reply as SUNION of it would, delete, propagate as DEL.
  if (l >= BigInt(size)) {
    const all = sunionDiffGeneric(ctx, [key], 'union') as SetValue;
    ctx.keyspace.delete(ctx.db, key);
    ctx.markDirty(size);
    ctx.replaceArgv(['DEL', key]);
    return all.ordered();
  }
  const count = Number(l);
  const remaining = size - count;
  let popped: string[];
  if (remaining * SPOP_MOVE_STRATEGY_MUL > count) {
    // CASE 2: pop `count` random members one by one.
    popped = [];
    for (let k = 0; k < count; k++) popped.push(popRandomMember(s, () => ctx.random()));
    ctx.keyspace.modified(ctx.db, key);
  } else {
    // CASE 3: draw the members that stay into a new set (its encoding chosen afresh by
    // setTypeCreate / setTypeAdd), reply with what is left of the old one in its order, and store
    // the new set in place, TTL kept (dbOverwrite).
    const pool = [...s.members];
    const max = maxIntsetEntries(ctx);
    let kept: SetValue | undefined;
    for (let k = 0; k < remaining; k++) {
      const m = takeRandom(ctx, pool);
      kept ??= createSetFor(m);
      setAddMember(kept, m, max);
      s.members.delete(m);
    }
    popped = s.ordered();
    ctx.keyspace.set(ctx.db, key, kept!, true);
  }
  ctx.markDirty(count);
  ctx.preventPropagation();
  for (const m of popped) ctx.alsoPropagate(['SREM', key, m]);
  return popped;
}

/** SRANDMEMBER key [count]: the count is checked before the key. */
export function srandmember(ctx: CommandContext, args: string[]): Reply {
  if (args.length > 3) return SYNTAX;
  if (args.length === 2) {
    const s = lookupReadTyped(ctx, args[1]!, 'set');
    if (s === undefined) return null;
    if (s instanceof ErrorReply) return s;
    return randomMember(s, () => ctx.random());
  }
  const l = parseBigInteger(args[2]!);
  if (l === undefined) return NOT_INTEGER;
  if (l < -LONG_MAX || l > LONG_MAX) {
    return err(`value is out of range, value must between -${LONG_MAX} and ${LONG_MAX}`);
  }
  const s = lookupReadTyped(ctx, args[1]!, 'set');
  if (s === undefined) return [];
  if (s instanceof ErrorReply) return s;
  const uniq = l >= 0n;
  const count = Number(uniq ? l : -l);
  if (count === 0) return [];
  const members = s.ordered();
  const size = members.length;
  // CASE 1: a negative count (or 1) samples with repetition.
  if (!uniq || count === 1) {
    const out: string[] = [];
    for (let k = 0; k < count; k++) out.push(members[pick(ctx, size)]!);
    return out;
  }
  // CASE 2: the whole set, in its iteration order.
  if (count >= size) return members;
  // CASE 3: count close to size: remove random members from a copy.
  if (count * SRANDMEMBER_SUB_STRATEGY_MUL > size) {
    const kept = new Set(members);
    const live = members.slice();
    while (live.length > count) kept.delete(takeRandom(ctx, live));
    return [...kept];
  }
  // CASE 4: distinct random picks, in the order drawn.
  const chosen = new Set<string>();
  while (chosen.size < count) chosen.add(members[pick(ctx, size)]!);
  return [...chosen];
}
