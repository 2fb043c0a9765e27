// HRANDFIELD and HSCAN (Redis 7.0 src/t_hash.c hrandfieldCommand / hrandfieldWithCountCommand,
// src/db.c scanGenericCommand): the hash reads whose shape depends on the encoding or on chance.
// Randomness comes from ctx.random(), so a seeded engine replays the same picks.

import { ErrorReply, type Reply } from '../resp/reply.js';
import type { CommandContext } from './command.js';
import { is, lookupReadTyped, parseBigInteger } from './args.js';
import { NOT_INTEGER, SYNTAX, err } from './errors.js';
import { globMatch } from '../keyspace/glob.js';
import { parseScanCursor, parseScanOptions } from './keys.js';
import { scanStep } from './scan-cursor.js';

const LONG_MAX = 9223372036854775807n;
const OUT_OF_RANGE = err('value is out of range');
/** HRANDFIELD_SUB_STRATEGY_MUL: below this ratio of size to count, pick by removing from a copy. */
const SUB_STRATEGY_MUL = 3;

/** HRANDFIELD key [count [WITHVALUES]]: the count is checked before the key is looked up. */
export function hrandfield(ctx: CommandContext, args: string[]): Reply {
  if (args.length < 3) {
    const h = lookupReadTyped(ctx, args[1]!, 'hash');
    if (h === undefined) return null;
    if (h instanceof ErrorReply) return h;
    return [...h.map.keys()][Math.floor(ctx.random() * h.map.size)]!;
  }
  const l = parseBigInteger(args[2]!);
  if (l === undefined) return NOT_INTEGER;
  if (l < -LONG_MAX || l > LONG_MAX) {
    return err(`value is out of range, value must between -${LONG_MAX} and ${LONG_MAX}`);
  }
  if (args.length > 4 || (args.length === 4 && !is(args[3]!, 'withvalues'))) return SYNTAX;
  const withValues = args.length === 4;
  // The reply would hold 2 * count bulks: refuse counts whose double overflows a long.
  if (withValues && (l < -LONG_MAX / 2n || l > LONG_MAX / 2n)) return OUT_OF_RANGE;
  const h = lookupReadTyped(ctx, args[1]!, 'hash');
  if (h === undefined) return [];
  if (h instanceof ErrorReply) return h;
  return randomFields(ctx, [...h.map], h.encoding === 'listpack', l, withValues);
}

/** hrandfieldWithCountCommand's four cases over the hash's entries in iteration order. */
function randomFields(ctx: CommandContext, entries: Array<[string, string]>, listpack: boolean, l: bigint, withValues: boolean): Reply {
  const size = entries.length;
  const uniq = l >= 0n;
  const count = Number(uniq ? l : -l);
  if (count === 0) return [];
  const out: string[] = [];
  const push = (e: [string, string]): void => {
    out.push(e[0]);
    if (withValues) out.push(e[1]);
  };
  const pick = (): number => Math.floor(ctx.random() * size);
  // CASE 1: a negative count (or 1) samples with repetition, in random order.
  if (!uniq || count === 1) {
    for (let k = 0; k < count; k++) push(entries[pick()]!);
    return out;
  }
  // CASE 2: asking for at least the whole hash returns the whole hash.
  if (count >= size) {
    for (const e of entries) push(e);
    return out;
  }
  // CASE 3: count close to size: drop random entries from a copy until `count` remain.
  if (count * SUB_STRATEGY_MUL > size) {
    const kept = new Set<number>(entries.keys());
    const live = [...kept];
    while (live.length > count) {
      const t = Math.floor(ctx.random() * live.length);
      kept.delete(live[t]!);
      live[t] = live[live.length - 1]!;
      live.pop();
    }
    for (const i of kept) push(entries[i]!);
    return out;
  }
  // CASE 4: count small against size. A listpack answers in its own order (lpRandomPairsUnique);
  // a hashtable answers in the order distinct picks were drawn.
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(pick());
  const order = listpack ? [...chosen].sort((a, b) => a - b) : [...chosen];
  for (const i of order) push(entries[i]!);
  return out;
}

/** HSCAN key cursor [MATCH pattern] [COUNT count]: a listpack is returned whole with cursor 0. */
export function hscan(ctx: CommandContext, args: string[]): Reply {
  const cursor = parseScanCursor(args[2]!);
  if (cursor instanceof ErrorReply) return cursor;
  const h = lookupReadTyped(ctx, args[1]!, 'hash');
  if (h === undefined) return ['0', []];
  if (h instanceof ErrorReply) return h;
  const opts = parseScanOptions(args, 3, false);
  if (opts instanceof ErrorReply) return opts;
  const out: string[] = [];
  if (h.encoding === 'listpack') {
    for (const [f, v] of h.map) {
      if (opts.pattern !== undefined && !globMatch(opts.pattern, f)) continue;
      out.push(f, v);
    }
    return ['0', out];
  }
  const { next, found } = scanStep(h.map.keys(), cursor, opts.count);
  for (const f of found) {
    if (opts.pattern !== undefined && !globMatch(opts.pattern, f)) continue;
    out.push(f, h.map.get(f)!);
  }
  return [String(next), out];
}
