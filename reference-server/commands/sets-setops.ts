// SINTER, SINTERCARD, SUNION, SDIFF and their STORE forms (Redis 7.0 src/t_set.c
// sinterGenericCommand, sunionDiffGenericCommand). Results are built with setTypeAdd's rules, so a
// stored result (and the reply order of SUNION / SDIFF) follows the encoding Redis would pick.

import { ErrorReply, type Reply } from '../resp/reply.js';
import type { CommandContext, CommandSpec } from './command.js';
import { is, lookupReadTyped, parseBigInteger } from './args.js';
import { SYNTAX, err } from './errors.js';
import { SetValue, setAddMember } from '../keyspace/set-value.js';

const LONG_MAX = 9223372036854775807n;
const NUMKEYS = err('numkeys should be greater than 0');
const TOO_MANY_KEYS = err("Number of keys can't be greater than number of args");
const LIMIT_NEGATIVE = err("LIMIT can't be negative");

/** set-max-intset-entries as configured. */
export function maxIntsetEntries(ctx: CommandContext): number {
  return ctx.config.getNumber('set-max-intset-entries');
}

/** The sets at `keys` (undefined for a missing key), or WRONGTYPE if any key holds another type. */
function lookupSets(ctx: CommandContext, keys: readonly string[]): Array<SetValue | undefined> | ErrorReply {
  const sets: Array<SetValue | undefined> = [];
  for (const key of keys) {
    const s = lookupReadTyped(ctx, key, 'set');
    if (s instanceof ErrorReply) return s;
    sets.push(s);
  }
  return sets;
}

/**
 * A STORE command's ending: `result` replaces `dst` (TTL dropped, as setKey does), or an empty
 * result deletes `dst`. Replies with the stored cardinality.
 */
function storeResult(ctx: CommandContext, dst: string, result: SetValue): Reply {
  if (result.members.size > 0) {
    ctx.keyspace.set(ctx.db, dst, result);
    ctx.markDirty();
    return result.members.size;
  }
  if (ctx.keyspace.delete(ctx.db, dst)) ctx.markDirty();
  return 0;
}

/**
 * sinterGenericCommand: walks the smallest set (ties keep argument order, as glibc's merge-sort
 * qsort does) and keeps members found in every other set. The reply follows that set's
 * iteration order; a stored result is a fresh set grown from an intset.
 */
function sinterGeneric(ctx: CommandContext, keys: readonly string[], dst: string | undefined, cardOnly: boolean, limit: number): Reply {
  const found = lookupSets(ctx, keys);
  if (found instanceof ErrorReply) return found;
  if (found.includes(undefined)) {
    if (dst !== undefined) return storeResult(ctx, dst, new SetValue());
    return cardOnly ? 0 : [];
  }
  const sets = (found as SetValue[]).slice().sort((a, b) => a.members.size - b.members.size);
  const first = sets[0]!;
  const out: string[] = [];
  for (const m of first.ordered()) {
    let inAll = true;
    for (let j = 1; j < sets.length; j++) {
      if (sets[j] !== first && !sets[j]!.members.has(m)) {
        inAll = false;
        break;
      }
    }
    if (!inAll) continue;
    out.push(m);
    if (cardOnly && limit > 0 && out.length >= limit) break;
  }
  if (cardOnly) return out.length;
  if (dst === undefined) return out;
  const result = new SetValue();
  const max = maxIntsetEntries(ctx);
  for (const m of out) setAddMember(result, m, max);
  return storeResult(ctx, dst, result);
}

/** SINTERCARD numkeys key [key ...] [LIMIT limit] */
function sintercard(ctx: CommandContext, args: string[]): Reply {
  const numkeys = parseBigInteger(args[1]!);
  if (numkeys === undefined || numkeys < 1n || numkeys > LONG_MAX) return NUMKEYS;
  if (numkeys > BigInt(args.length - 2)) return TOO_MANY_KEYS;
  const n = Number(numkeys);
  let limit = 0;
  for (let j = 2 + n; j < args.length; j++) {
    if (is(args[j]!, 'limit') && j < args.length - 1) {
      const l = parseBigInteger(args[++j]!);
      if (l === undefined || l < 0n) return LIMIT_NEGATIVE;
      limit = Number(l);
    } else {
      return SYNTAX;
    }
  }
  return sinterGeneric(ctx, args.slice(2, 2 + n), undefined, true, limit);
}

/**
 * sunionDiffGenericCommand. The result is grown from an empty intset. SDIFF picks one of Redis's
 * two algorithms by estimated work, and that choice shows: algorithm 2 first adds all of the
 * first set, so the result may already have become a hashtable before members are removed.
 */
export function sunionDiffGeneric(ctx: CommandContext, keys: readonly string[], op: 'union' | 'diff'): SetValue | ErrorReply {
  const sets = lookupSets(ctx, keys);
  if (sets instanceof ErrorReply) return sets;
  const result = new SetValue();
  const max = maxIntsetEntries(ctx);
  if (op === 'union') {
    for (const s of sets) if (s) for (const m of s.ordered()) setAddMember(result, m, max);
    return result;
  }
  const head = sets[0];
  if (head === undefined) return result;
  // The same key again among the subtrahends empties the result.
  if (sets.some((s, j) => j > 0 && s === head)) return result;
  let algoOne = 0;
  let algoTwo = 0;
  for (const s of sets) {
    if (s === undefined) continue;
    algoOne += head.members.size;
    algoTwo += s.members.size;
  }
  algoOne = Math.floor(algoOne / 2);
  if (algoOne <= algoTwo) {
    for (const m of head.ordered()) {
      if (!sets.some((s, j) => j > 0 && s !== undefined && s.members.has(m))) setAddMember(result, m, max);
    }
    return result;
  }
  for (const m of head.ordered()) setAddMember(result, m, max);
  for (let j = 1; j < sets.length && result.members.size > 0; j++) {
    const s = sets[j];
    if (s) for (const m of s.members) result.members.delete(m);
  }
  return result;
}

function unionDiff(op: 'union' | 'diff', store: boolean) {
  return (ctx: CommandContext, args: string[]): Reply => {
    const result = sunionDiffGeneric(ctx, args.slice(store ? 2 : 1), op);
    if (result instanceof ErrorReply) return result;
    return store ? storeResult(ctx, args[1]!, result) : result.ordered();
  };
}

const READ = { arity: -2, flags: ['readonly'], acl: ['read', 'set', 'slow'], firstKey: 1, lastKey: -1, keyStep: 1 } as const;
const STORE = { arity: -3, flags: ['write', 'denyoom'], acl: ['write', 'set', 'slow'], firstKey: 1, lastKey: -1, keyStep: 1 } as const;

/** The set-algebra commands, as COMMAND INFO in Redis 7.0.15 describes them. */
export const setAlgebraCommands: CommandSpec[] = [
  { name: 'sinter', ...READ, handler: (ctx, args) => sinterGeneric(ctx, args.slice(1), undefined, false, 0) },
  { name: 'sinterstore', ...STORE, handler: (ctx, args) => sinterGeneric(ctx, args.slice(2), args[1]!, false, 0) },
  {
    name: 'sintercard', arity: -3, flags: ['readonly', 'movablekeys'], acl: ['read', 'set', 'slow'], firstKey: 0, lastKey: 0, keyStep: 0,
    handler: sintercard,
  },
  { name: 'sunion', ...READ, handler: unionDiff('union', false) },
  { name: 'sunionstore', ...STORE, handler: unionDiff('union', true) },
  { name: 'sdiff', ...READ, handler: unionDiff('diff', false) },
  { name: 'sdiffstore', ...STORE, handler: unionDiff('diff', true) },
];
