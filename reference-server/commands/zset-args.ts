// Parsing and reply helpers shared by the sorted-set commands (src/t_zset.c): score ranges as
// zslParseRange reads them, lex ranges as zslParseLexRange does, encoding limits, and the
// double replies addReplyDouble sends.

import { ErrorReply } from '../resp/reply.js';
import type { CommandContext } from './command.js';
import { err } from './errors.js';
import { formatDouble } from '../keyspace/format-double.js';
import { ZSetValue, type ZEntry } from '../keyspace/zset-value.js';

export const MINMAX_NOT_FLOAT = err('min or max is not a float');
export const MINMAX_NOT_LEX = err('min or max not valid string range item');

/** A score interval; bounds may be infinite. */
export interface ScoreRange {
  min: number;
  max: number;
  minex: boolean;
  maxex: boolean;
}

/** A lex interval: `min`/`max` undefined mean '-' / '+' (smallest / greatest string). */
export interface LexRange {
  min: string | undefined;
  max: string | undefined;
  minex: boolean;
  maxex: boolean;
  /** '+' as min or '-' as max: nothing can match. */
  empty: boolean;
}

const STRTOD_DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const STRTOD_SPECIAL = /^[+-]?(inf|infinity)$/i;
const STRTOD_HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)(?:[pP]([+-]?\d+))?$/;
const LEADING_SPACE = /^[ \t\n\v\f\r]+/;

/**
 * strtod over the whole C string (a NUL ends it, as in zslParseRange): leading white space is
 * skipped, overflow gives +-inf, "nan" and trailing bytes are refused. An empty string is 0
 * (strtod consumes nothing and the end pointer is at the terminator). Returns undefined on error.
 */
export function strtodWhole(raw: string): number | undefined {
  const nul = raw.indexOf('\0');
  let s = nul >= 0 ? raw.slice(0, nul) : raw;
  if (s.length === 0) return 0;
  s = s.replace(LEADING_SPACE, '');
  if (STRTOD_DECIMAL.test(s)) return Number(s);
  if (STRTOD_SPECIAL.test(s)) return s[0] === '-' ? -Infinity : Infinity;
  const m = STRTOD_HEX.exec(s);
  if (m && (m[2]!.length > 0 || m[3]!.length > 0)) {
    let v = 0;
    for (const c of m[2]! + m[3]!) v = v * 16 + parseInt(c, 16);
    v = v * Math.pow(2, Number(m[4] ?? 0) - 4 * m[3]!.length);
    return m[1] === '-' ? -v : v;
  }
  return undefined;
}

function parseBound(raw: string): { v: number; ex: boolean } | undefined {
  const ex = raw.charCodeAt(0) === 0x28; /* '(' */
  const v = strtodWhole(ex ? raw.slice(1) : raw);
  return v === undefined ? undefined : { v, ex };
}

/** zslParseRange: `[(]number` twice; undefined on error ("min or max is not a float"). */
export function parseScoreRange(minArg: string, maxArg: string): ScoreRange | undefined {
  const min = parseBound(minArg);
  const max = parseBound(maxArg);
  if (!min || !max) return undefined;
  return { min: min.v, max: max.v, minex: min.ex, maxex: max.ex };
}

function parseLexItem(raw: string): { v: string | undefined; ex: boolean; sign: 0 | 1 | -1 } | undefined {
  switch (raw.charCodeAt(0)) {
    case 0x2b: // '+': a C string, so anything after a NUL is ignored
      return raw.length === 1 || raw.charCodeAt(1) === 0 ? { v: undefined, ex: true, sign: 1 } : undefined;
    case 0x2d: // '-'
      return raw.length === 1 || raw.charCodeAt(1) === 0 ? { v: undefined, ex: true, sign: -1 } : undefined;
    case 0x28: // '('
      return { v: raw.slice(1), ex: true, sign: 0 };
    case 0x5b: // '['
      return { v: raw.slice(1), ex: false, sign: 0 };
    default:
      return undefined;
  }
}

/** zslParseLexRange; undefined on error ("min or max not valid string range item"). */
export function parseLexRange(minArg: string, maxArg: string): LexRange | undefined {
  const min = parseLexItem(minArg);
  const max = parseLexItem(maxArg);
  if (!min || !max) return undefined;
  return { min: min.v, max: max.v, minex: min.ex, maxex: max.ex, empty: min.sign === 1 || max.sign === -1 };
}

/** Whether `score` is at or above the range's lower bound (zslValueGteMin). */
export function scoreGteMin(score: number, r: ScoreRange): boolean {
  return r.minex ? score > r.min : score >= r.min;
}

/** Whether `score` is at or below the range's upper bound (zslValueLteMax). */
export function scoreLteMax(score: number, r: ScoreRange): boolean {
  return r.maxex ? score < r.max : score <= r.max;
}

/** Whether `member` is at or above the lex range's lower bound. */
export function lexGteMin(member: string, r: LexRange): boolean {
  if (r.min === undefined) return true;
  return r.minex ? member > r.min : member >= r.min;
}

/** Whether `member` is at or below the lex range's upper bound. */
export function lexLteMax(member: string, r: LexRange): boolean {
  if (r.max === undefined) return true;
  return r.maxex ? member < r.max : member <= r.max;
}

/** Ascending ranks [first, last) of the entries within a score range (zslFirstInRange / zslLastInRange). */
export function scoreRankSpan(z: ZSetValue, r: ScoreRange): [number, number] {
  if (r.min > r.max || (r.min === r.max && (r.minex || r.maxex))) return [0, 0];
  const first = z.rankOfScore(r.min, r.minex);
  const end = z.rankOfScore(r.max, !r.maxex);
  return first < end ? [first, end] : [0, 0];
}

/**
 * Whether a lex range can hold anything at all (zslIsInLexRange / zzlIsInLexRange in t_zset.c):
 * a sane range whose minimum is not above the last member and whose maximum is not below the first.
 */
function lexRangeMayMatch(z: ZSetValue, r: LexRange): boolean {
  if (r.empty || z.size === 0) return false;
  if (r.min !== undefined && r.max !== undefined && (r.min > r.max || (r.min === r.max && (r.minex || r.maxex)))) return false;
  return lexGteMin(z.at(z.size - 1)!.member, r) && lexLteMax(z.at(0)!.member, r);
}

/**
 * The ascending ranks a lex range walk visits, exactly as Redis walks it. All scores equal (the
 * only case Redis defines), this is the span of members inside the range. With mixed scores a
 * listpack is walked linearly (zzlFirstInLexRange / zzlLastInLexRange then genericZrangebylexCommand):
 * find the first member from the start side that passes the near bound, give up unless it also
 * passes the far bound, skip `offset` members unchecked, then take members while they pass the far
 * bound. A skiplist is searched by level in Redis, so mixed scores give no defined answer there and a
 * binary search (the same O(log n)) stands in.
 */
export function lexWalk(z: ZSetValue, r: LexRange, reverse: boolean, offset = 0, limit = -1): number[] {
  if (!lexRangeMayMatch(z, r) || offset < 0 || limit === 0) return [];
  const near = reverse ? (m: string) => lexLteMax(m, r) : (m: string) => lexGteMin(m, r);
  const far = reverse ? (m: string) => lexGteMin(m, r) : (m: string) => lexLteMax(m, r);
  const step = reverse ? -1 : 1;
  let i: number;
  if (z.encoding === 'listpack') {
    i = reverse ? z.size - 1 : 0;
    while (i >= 0 && i < z.size && !near(z.at(i)!.member)) i += step;
  } else if (reverse) {
    i = (r.max === undefined ? z.size : z.rankOfLex(r.max, !r.maxex)) - 1;
  } else {
    i = r.min === undefined ? 0 : z.rankOfLex(r.min, r.minex);
  }
  if (i < 0 || i >= z.size || !far(z.at(i)!.member)) return [];
  i += step * offset;
  const ranks: number[] = [];
  for (; i >= 0 && i < z.size && limit !== 0; i += step, limit--) {
    if (!far(z.at(i)!.member)) break;
    ranks.push(i);
  }
  return ranks;
}

/** Ascending ranks [first, last) that ZLEXCOUNT counts and ZREMRANGEBYLEX removes (a forward lexWalk). */
export function lexRankSpan(z: ZSetValue, r: LexRange): [number, number] {
  const ranks = lexWalk(z, r, false);
  return ranks.length === 0 ? [0, 0] : [ranks[0]!, ranks[ranks.length - 1]! + 1];
}

/** addReplyDouble in RESP2: a bulk string of "%.17g" ("inf"/"-inf" for infinities). */
export function doubleReply(v: number): string {
  return formatDouble(v);
}

/** Appends member (and score when `withScores`) of each entry to `out`, the flat RESP2 shape. */
export function pushEntries(out: string[], entries: Iterable<ZEntry>, withScores: boolean): string[] {
  for (const e of entries) {
    out.push(e.member);
    if (withScores) out.push(formatDouble(e.score));
  }
  return out;
}

/** zset-max-listpack-entries and zset-max-listpack-value. */
export interface ZsetLimits {
  entries: number;
  value: number;
}

/** The configured listpack limits for sorted sets. */
export function zsetLimits(ctx: CommandContext): ZsetLimits {
  return { entries: ctx.config.getNumber('zset-max-listpack-entries'), value: ctx.config.getNumber('zset-max-listpack-value') };
}

/**
 * Adds a member to a set being built or updated, converting listpack -> skiplist before the
 * insert that would exceed a limit, as zsetAdd does (t_zset.c). Never converts back.
 */
export function addWithConversion(z: ZSetValue, member: string, score: number, limits: ZsetLimits): void {
  if (z.encoding === 'listpack' && !z.scores.has(member) && (z.size + 1 > limits.entries || member.length > limits.value)) {
    z.encoding = 'skiplist';
  }
  z.add(member, score);
}

/** The `-WRONGTYPE` / value split used by the lookup helpers. */
export function isErr(v: unknown): v is ErrorReply {
  return v instanceof ErrorReply;
}
