// Argument arbitraries for conformance sequences: a small key space (so types collide), binary
// values, and edge-case integers and floats as Redis parses them (string2ll, strtold).

import fc from 'fast-check';

/** Six keys, one of them binary, so commands of different types keep hitting the same keys. */
export const KEYS = ['a', 'b', 'c', 'k:1', '{t}x', 'bin\x00\r\n\xff'] as const;

/** A key from the small key space. */
export const key = fc.constantFrom(...KEYS);

/** 1 to 3 keys (repeats allowed, as Redis allows them). */
export const keys = fc.array(key, { minLength: 1, maxLength: 3 });

/** Integers at the edges of string2ll and around them, plus strings Redis must reject. */
export const edgeInt = fc.constantFrom(
  '0', '1', '-1', '2', '3', '10', '-5', '100',
  '9223372036854775807', '-9223372036854775808', '9223372036854775808', '-9223372036854775809',
  '007', ' 1', '+1', '1.5', 'abc', '', '-0', '1e3',
);

/** Floats as strtold sees them, including inf/nan and out-of-range. */
export const edgeFloat = fc.constantFrom(
  '0', '1', '-1', '1.5', '-2.5', '0.1', '3', '10', 'inf', '-inf', '+inf', 'nan', '1e308', '-1e308', '1e400',
  '5e-324', '17', 'abc', '', ' 1', '1.0', '0x10', '1e3',
);

const shortText = fc.constantFrom('', 'x', 'hello', 'a b', 'é', 'foo', 'bar', 'v1', 'v2', 'zz');
const binary = fc.constantFrom('\x00', '\r\n', '\xff\xfe', 'a\x00b', '\r', '\n', '$3\r\nabc', '*1\r\n');
const longText = fc.constantFrom('y'.repeat(44), 'y'.repeat(45), 'z'.repeat(64), 'z'.repeat(65), 'w'.repeat(100));
const smallIntString = fc.integer({ min: -20, max: 20 }).map(String);

/** A value: text, binary bytes, numbers-as-strings, or values around encoding thresholds (44, 64 bytes). */
export const value = fc.oneof(
  { weight: 4, arbitrary: shortText },
  { weight: 2, arbitrary: binary },
  { weight: 3, arbitrary: smallIntString },
  { weight: 2, arbitrary: edgeInt },
  { weight: 1, arbitrary: edgeFloat },
  { weight: 1, arbitrary: longText },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 8 }).map((b) => Buffer.from(b).toString('latin1')) },
);

/** A set/hash/zset member: mostly a small vocabulary so members collide, sometimes integers (intset). */
export const member = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('m1', 'm2', 'm3', 'a', 'b', 'c', '\x00', 'z'.repeat(65)) },
  { weight: 3, arbitrary: fc.integer({ min: -3, max: 12 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('9223372036854775807', '-9223372036854775808', '007', '1.5') },
);

/** 1 to 4 members. */
export const members = fc.array(member, { minLength: 1, maxLength: 4 });

/** A small count argument (positive, zero, negative, invalid). */
export const count = fc.oneof(fc.integer({ min: -4, max: 6 }).map(String), fc.constantFrom('abc', '9223372036854775807', '-9223372036854775808'));

/** A count safe for commands that allocate |count| replies (SRANDMEMBER -N returns N elements). */
export const randomCount = fc.oneof(fc.integer({ min: -6, max: 8 }).map(String), fc.constantFrom('abc', '1000', '-1000'));

/** A list/string index. */
export const index = fc.oneof(fc.integer({ min: -6, max: 6 }).map(String), edgeInt);

/** A relative TTL in seconds that never expires during a run, or deletes immediately, or errors. */
export const ttlSeconds = fc.constantFrom('100000', '1000000', '0', '-1', '-100', '9223372036854775807', '9223372036854775', 'abc', '1.5', ' 1');

/** A relative TTL in milliseconds (same rules). */
export const ttlMillis = fc.constantFrom('100000000', '0', '-1', '9223372036854775807', 'abc', '1.5');

/** An absolute Unix time in seconds: far future, past, or invalid. */
export const unixSeconds = fc.constantFrom('4102444800', '4102444801', '1', '0', '-1', '9223372036854775807', 'abc');

/** An absolute Unix time in milliseconds. */
export const unixMillis = fc.constantFrom('4102444800000', '4102444800500', '1', '0', '-1', '9223372036854775807', 'abc');

/** A score range bound for ZRANGEBYSCORE-like commands. */
export const scoreBound = fc.oneof(edgeFloat, fc.constantFrom('(1', '(0', '(-inf', '(inf', '-inf', '+inf', '(abc', '((1', '2'));

/** A lex range bound for ZRANGEBYLEX-like commands. */
export const lexBound = fc.constantFrom('-', '+', '[a', '(a', '[m1', '(m2', '[', '(', 'a', '[\x00', '[z');

/** A glob pattern for KEYS / SCAN MATCH. */
export const pattern = fc.constantFrom('*', 'a', '?', 'k*', '[ab]', '[^a]*', '*\\x*', 'bin*', '{t}*', 'nomatch', '[a-c]', '\\*');

/** An optional tail of extra arguments (for wrong-arity and syntax-error cases). */
export const junk = fc.constantFrom('junk', 'NX', 'XX', 'COUNT', 'WITHSCORES', '1');
