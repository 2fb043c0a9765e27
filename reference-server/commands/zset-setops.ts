// ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD (Redis 7.0 src/t_zset.c
// zunionInterDiffGenericCommand). Plain sets are accepted as inputs, every member scoring 1.

import { ErrorReply, type Reply } from '../resp/reply.js';
import type { CommandContext, CommandSpec } from './command.js';
import { is, parseDouble, parseInteger } from './args.js';
import { NOT_INTEGER, SYNTAX, WRONGTYPE, err } from './errors.js';
import { ZSetValue } from '../keyspace/zset-value.js';
import { pushEntries, zsetLimits } from './zset-args.js';

type Op = 'union' | 'inter' | 'diff';
type Aggregate = 'sum' | 'min' | 'max';

const WEIGHT_NOT_FLOAT = err('weight value is not a float');
const LIMIT_NEGATIVE = err("LIMIT can't be negative");

/** One input: a sorted set, a set (scores 1), or a missing key (empty). */
interface Source {
  key: string;
  scores: Map<string, number> | undefined;
  members: Set<string> | undefined;
  weight: number;
}

function sourceSize(s: Source): number {
  return s.scores?.size ?? s.members?.size ?? 0;
}

function sourceScore(s: Source, member: string): number | undefined {
  if (s.scores) return s.scores.get(member);
  return s.members?.has(member) ? 1 : undefined;
}

function* sourceEntries(s: Source): Generator<[string, number]> {
  if (s.scores) yield* s.scores;
  else if (s.members) for (const m of s.members) yield [m, 1];
}

/** zunionInterAggregate: SUM turns inf + -inf (NaN) into 0. */
function aggregate(target: number, val: number, how: Aggregate): number {
  if (how === 'sum') {
    const r = target + val;
    return Number.isNaN(r) ? 0 : r;
  }
  if (how === 'min') return val < target ? val : target;
  return val > target ? val : target;
}

/** The generic command; `dst` set for the STORE forms, `cardOnly` for ZINTERCARD. */
function setOp(ctx: CommandContext, args: string[], dst: string | undefined, numkeysIndex: number, op: Op, cardOnly: boolean, name: string): Reply {
  const setnum = parseInteger(args[numkeysIndex]!);
  if (setnum === undefined) return NOT_INTEGER;
  if (setnum < 1) return err(`at least 1 input key is needed for '${name}' command`);
  if (setnum > args.length - (numkeysIndex + 1)) return SYNTAX;
  const src: Source[] = [];
  let j = numkeysIndex + 1;
  for (let i = 0; i < setnum; i++, j++) {
    const key = args[j]!;
    const v = ctx.keyspace.lookupRead(ctx.db, key);
    if (v !== undefined && v.type !== 'zset' && v.type !== 'set') return WRONGTYPE;
    src.push({
      key,
      scores: v?.type === 'zset' ? v.scores : undefined,
      members: v?.type === 'set' ? v.members : undefined,
      weight: 1,
    });
  }
  let how: Aggregate = 'sum';
  let withScores = false;
  let limit = 0;
  while (j < args.length) {
    const remaining = args.length - j;
    const a = args[j]!;
    if (op !== 'diff' && !cardOnly && remaining >= setnum + 1 && is(a, 'weights')) {
      j++;
      for (let i = 0; i < setnum; i++, j++) {
        const w = parseDouble(args[j]!);
        if (w === undefined) return WEIGHT_NOT_FLOAT;
        src[i]!.weight = w;
      }
    } else if (op !== 'diff' && !cardOnly && remaining >= 2 && is(a, 'aggregate')) {
      const h = args[j + 1]!.toLowerCase();
      if (h !== 'sum' && h !== 'min' && h !== 'max') return SYNTAX;
      how = h;
      j += 2;
    } else if (dst === undefined && !cardOnly && is(a, 'withscores')) {
      withScores = true;
      j++;
    } else if (cardOnly && remaining >= 2 && is(a, 'limit')) {
      const l = parseInteger(args[j + 1]!);
      if (l === undefined || l < 0) return LIMIT_NEGATIVE; // the message serves both failures
      limit = l;
      j += 2;
    } else {
      return SYNTAX;
    }
  }
  // qsort by cardinality, smallest first (glibc's qsort is a stable merge sort here).
  if (op !== 'diff') src.sort((x, y) => sourceSize(x) - sourceSize(y));
  const result = new Map<string, number>();
  let cardinality = 0;
  if (op === 'inter') {
    if (sourceSize(src[0]!) > 0) {
      for (const [member, s0] of sourceEntries(src[0]!)) {
        let score = src[0]!.weight * s0;
        if (Number.isNaN(score)) score = 0;
        let k = 1;
        for (; k < setnum; k++) {
          const other = src[k]!;
          const v = other.key === src[0]!.key && sameSubject(other, src[0]!) ? s0 : sourceScore(other, member);
          if (v === undefined) break;
          score = aggregate(score, v * other.weight, how);
        }
        if (k < setnum) continue;
        if (cardOnly) {
          cardinality++;
          if (limit && cardinality >= limit) break;
        } else {
          result.set(member, score);
        }
      }
    }
  } else if (op === 'union') {
    for (const s of src) {
      for (const [member, raw] of sourceEntries(s)) {
        let score = s.weight * raw;
        if (Number.isNaN(score)) score = 0;
        const cur = result.get(member);
        result.set(member, cur === undefined ? score : aggregate(cur, score, how));
      }
    }
  } else {
    const first = src[0]!;
    outer: for (const [member, score] of sourceEntries(first)) {
      for (let k = 1; k < setnum; k++) if (sourceScore(src[k]!, member) !== undefined) continue outer;
      result.set(member, score);
    }
  }
  if (cardOnly) return cardinality;
  const z = new ZSetValue('skiplist');
  let maxLen = 0;
  for (const [m, s] of result) {
    z.add(m, s);
    if (m.length > maxLen) maxLen = m.length;
  }
  if (dst === undefined) return pushEntries([], z.entries(), withScores);
  if (z.size === 0) {
    if (ctx.keyspace.delete(ctx.db, dst)) ctx.markDirty(1);
    return 0;
  }
  // zsetConvertToListpackIfNeeded on the built destination.
  const limits = zsetLimits(ctx);
  if (z.size <= limits.entries && maxLen <= limits.value) z.convertToListpack();
  ctx.keyspace.set(ctx.db, dst, z);
  ctx.markDirty(1);
  return z.size;
}

/** Whether two sources read the very same object (the same key given twice). */
function sameSubject(a: Source, b: Source): boolean {
  return (a.scores !== undefined && a.scores === b.scores) || (a.members !== undefined && a.members === b.members);
}

const STORE = { arity: -4, flags: ['write', 'denyoom', 'movablekeys'], acl: ['write', 'sortedset', 'slow'], firstKey: 1, lastKey: 1, keyStep: 1 } as const;
const READ = { arity: -3, flags: ['readonly', 'movablekeys'], acl: ['read', 'sortedset', 'slow'], firstKey: 0, lastKey: 0, keyStep: 0 } as const;

/** The set-operation commands of the sorted-set family. */
export const zsetSetOpCommands: CommandSpec[] = [
  { name: 'zunionstore', ...STORE, handler: (ctx, args) => setOp(ctx, args, args[1]!, 2, 'union', false, 'zunionstore') },
  { name: 'zinterstore', ...STORE, handler: (ctx, args) => setOp(ctx, args, args[1]!, 2, 'inter', false, 'zinterstore') },
  { name: 'zdiffstore', ...STORE, handler: (ctx, args) => setOp(ctx, args, args[1]!, 2, 'diff', false, 'zdiffstore') },
  { name: 'zunion', ...READ, handler: (ctx, args) => setOp(ctx, args, undefined, 1, 'union', false, 'zunion') },
  { name: 'zinter', ...READ, handler: (ctx, args) => setOp(ctx, args, undefined, 1, 'inter', false, 'zinter') },
  { name: 'zintercard', ...READ, handler: (ctx, args) => setOp(ctx, args, undefined, 1, 'inter', true, 'zintercard') },
  { name: 'zdiff', ...READ, handler: (ctx, args) => setOp(ctx, args, undefined, 1, 'diff', false, 'zdiff') },
];
