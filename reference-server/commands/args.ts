// Argument parsing shared by all commands, with Redis's strictness: integers as string2ll accepts
// them (src/util.c), doubles as getDoubleFromObject accepts them (src/object.c), and typed lookups.

import { isStrictInteger } from '../keyspace/string-value.js';
import type { RedisValue, ValueType } from '../keyspace/value.js';
import type { CommandContext } from './command.js';
import { WRONGTYPE } from './errors.js';
import type { ErrorReply } from '../resp/reply.js';

export const LLONG_MAX = 9223372036854775807n;
export const LLONG_MIN = -9223372036854775808n;

/**
 * A signed 64-bit integer argument as a JS number (exact up to 2^53; beyond that approximate but
 * in range), or undefined when Redis would answer "value is not an integer or out of range".
 */
export function parseInteger(s: string): number | undefined {
  if (!isStrictInteger(s)) return undefined;
  return Number(s);
}

/** A signed 64-bit integer argument, exact, or undefined. */
export function parseBigInteger(s: string): bigint | undefined {
  if (!isStrictInteger(s)) return undefined;
  return BigInt(s);
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SPECIAL = /^[+-]?(inf|infinity)$/i;
const HEX = /^[+-]?0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)([pP][+-]?\d+)?$/;

/**
 * A double argument as strtod parses it, refused like Redis's getDoubleFromObject: empty, leading
 * space, trailing bytes, NaN, overflow to infinity, or underflow to zero are all errors.
 */
export function parseDouble(s: string): number | undefined {
  if (s.length === 0) return undefined;
  if (SPECIAL.test(s)) return s[0] === '-' ? -Infinity : Infinity;
  if (DECIMAL.test(s)) {
    const v = Number(s);
    if (!Number.isFinite(v)) return undefined; // ERANGE overflow
    if (v === 0 && /[1-9]/.test(s.replace(/[eE].*$/, ''))) return undefined; // ERANGE underflow to zero
    return v;
  }
  if (HEX.test(s)) return parseHexFloat(s);
  return undefined;
}

function parseHexFloat(s: string): number | undefined {
  const m = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)(?:[pP]([+-]?\d+))?$/.exec(s);
  if (!m) return undefined;
  const [, sign, intPart, frac, exp] = m;
  let v = 0;
  for (const c of intPart! + frac!) v = v * 16 + parseInt(c, 16);
  v = v * Math.pow(2, Number(exp ?? 0) - 4 * frac!.length);
  if (!Number.isFinite(v)) return undefined;
  return sign === '-' ? -v : v;
}

/**
 * Looks up `key` for reading and checks its type: the value, undefined when absent, or the
 * WRONGTYPE error reply.
 */
export function lookupReadTyped<T extends ValueType>(
  ctx: CommandContext,
  key: string,
  type: T,
): Extract<RedisValue, { type: T }> | undefined | ErrorReply {
  const v = ctx.keyspace.lookupRead(ctx.db, key);
  if (v === undefined) return undefined;
  if (v.type !== type) return WRONGTYPE;
  return v as Extract<RedisValue, { type: T }>;
}

/** As lookupReadTyped, for a write command (no hit/miss statistics). */
export function lookupWriteTyped<T extends ValueType>(
  ctx: CommandContext,
  key: string,
  type: T,
): Extract<RedisValue, { type: T }> | undefined | ErrorReply {
  const v = ctx.keyspace.lookupWrite(ctx.db, key);
  if (v === undefined) return undefined;
  if (v.type !== type) return WRONGTYPE;
  return v as Extract<RedisValue, { type: T }>;
}

/** Case-insensitive comparison of an argument with an ASCII keyword (Redis strcasecmp). */
export function is(arg: string, keyword: string): boolean {
  return arg.length === keyword.length && arg.toLowerCase() === keyword;
}
