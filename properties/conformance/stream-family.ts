// The stream commands of issue 9 for the conformance generator: explicit IDs from a small
// vocabulary so replies are deterministic, and `*` only with MAXLEN 0 (the clock-made ID shows in
// replies, compared by shape, but never becomes an entry). Idle thresholds are 0 or an hour, so
// whether a NACK qualifies never depends on the milliseconds between the two servers.

import fc from 'fast-check';
import { cmd, oneOf, opt, options } from './command-builder.js';
import { count, edgeInt, key, keys, value } from './values.js';


/** Entry IDs as XADD and friends take them: valid, `<ms>-*`, edge and invalid forms. */
const ms = fc.integer({ min: 1, max: 40 });
const seq = fc.integer({ min: 0, max: 3 });
const entryId = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(ms, seq).map(([m, q]) => `${m}-${q}`) },
  { weight: 3, arbitrary: ms.map((m) => `${m}-*`) },
  { weight: 2, arbitrary: ms.map(String) },
  { weight: 1, arbitrary: fc.constantFrom('0-0', '0-1', '0-*', '99999999999999-*', '18446744073709551615-18446744073709551615', 'abc', '-', '+', '1-x', '007-1') },
);
/** IDs for ranges and thresholds (the special `-`, `+` and exclusive `(` forms included). */
const rangeId = fc.constantFrom('-', '+', '0', '1', '1-1', '(1-1', '(2', '2-0', '3', '(+', '(-', '5-5', '99999999999999', 'abc', '(0-0',
  '(18446744073709551615-18446744073709551615');
const plainId = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(ms, seq).map(([m, q]) => `${m}-${q}`) },
  { weight: 2, arbitrary: ms.map(String) },
  { weight: 1, arbitrary: fc.constantFrom('0', '0-0', '99999999999999-1', 'abc', '-', '+') },
);
const group = fc.oneof({ weight: 4, arbitrary: fc.constant('g1') }, { weight: 2, arbitrary: fc.constant('g2') }, { weight: 1, arbitrary: fc.constant('nog') });
const consumer = fc.constantFrom('c1', 'c2', 'c3');
/** Mostly one stream key (a group read needs the group on every key it names). */
const streamKeys = fc.oneof({ weight: 5, arbitrary: key.map((k) => [k]) }, { weight: 1, arbitrary: keys });
const field = fc.constantFrom('f', 'g', 'f2', '1', '');
const fieldValues = fc.array(fc.tuple(field, value), { minLength: 1, maxLength: 3 }).map((pairs) => pairs.flat());
const trimCount = fc.constantFrom('0', '1', '2', '5', '-1', 'abc');
const trim = oneOf(
  cmd('MAXLEN', opt(fc.constantFrom('~', '=')), trimCount),
  cmd('MINID', opt(fc.constantFrom('~', '=')), plainId),
);
const limit = cmd('LIMIT', fc.constantFrom('0', '1', '10', '-1', 'abc'));
const minIdle = fc.constantFrom('0', '3600000', '-1', 'abc');
const block = cmd('BLOCK', fc.constantFrom('10', '-1', 'abc'));
const streamsWithIds = (ids: fc.Arbitrary<string>) =>
  streamKeys.chain((ks) => fc.array(ids, { minLength: ks.length, maxLength: ks.length }).map((is) => ['STREAMS', ...ks, ...is]));

/** Every generated stream command, by upper-case name. */
export const streams: Record<string, fc.Arbitrary<string[]>> = {
  XADD: oneOf(
    cmd('XADD', key, options(cmd('NOMKSTREAM'), trim, limit), entryId, fieldValues),
    cmd('XADD', key, opt('NOMKSTREAM'), 'MAXLEN', fc.constantFrom('0', '= 0').map((s) => s.split(' ')), '*', fieldValues),
  ),
  XLEN: cmd('XLEN', key),
  XRANGE: cmd('XRANGE', key, rangeId, rangeId, opt('COUNT', count)),
  XREVRANGE: cmd('XREVRANGE', key, rangeId, rangeId, opt('COUNT', count)),
  XDEL: cmd('XDEL', key, fc.array(plainId, { minLength: 1, maxLength: 3 })),
  XTRIM: cmd('XTRIM', key, trim, opt(limit)),
  XSETID: cmd('XSETID', key, plainId, options(cmd('ENTRIESADDED', fc.constantFrom('0', '3', '100', '-1', 'abc')), cmd('MAXDELETEDID', plainId))),
  XGROUP: oneOf(
    cmd('XGROUP', 'CREATE', key, group, fc.constantFrom('0', '$', '0', '2-0'), opt('MKSTREAM')),
    cmd('XGROUP', 'CREATE', key, group, fc.oneof(plainId, fc.constant('$')), options(cmd('MKSTREAM'), cmd('ENTRIESREAD', fc.constantFrom('0', '2', '-1', '-2', 'abc')))),
    cmd('XGROUP', 'SETID', key, group, fc.oneof(plainId, fc.constant('$')), opt('ENTRIESREAD', fc.constantFrom('0', '2', '-1', '-2'))),
    cmd('XGROUP', 'DESTROY', key, group),
    cmd('XGROUP', 'CREATECONSUMER', key, group, consumer),
    cmd('XGROUP', 'DELCONSUMER', key, group, consumer),
    cmd('XGROUP', 'NOSUCH', key, group),
  ),
  XREADGROUP: cmd('XREADGROUP', 'GROUP', group, consumer, options(cmd('COUNT', count), cmd('NOACK'), block), streamsWithIds(fc.constantFrom('>', '>', '0', '1-1', '$', 'abc'))),
  XREAD: cmd('XREAD', options(cmd('COUNT', count), block), streamsWithIds(fc.constantFrom('$', '0', '0', '1-1', '2', '>', 'abc'))),
  XACK: cmd('XACK', key, group, fc.array(plainId, { minLength: 1, maxLength: 3 })),
  XPENDING: oneOf(
    cmd('XPENDING', key, group),
    cmd('XPENDING', key, group, opt('IDLE', minIdle), rangeId, rangeId, count, opt(consumer)),
  ),
  XCLAIM: cmd('XCLAIM', key, group, consumer, minIdle, fc.array(plainId, { minLength: 1, maxLength: 3 }), options(
    cmd('IDLE', fc.constantFrom('0', '100', '3600000000', 'abc')), cmd('TIME', fc.constantFrom('0', '1', '-1', '99999999999999', 'abc')),
    cmd('RETRYCOUNT', fc.oneof(edgeInt, fc.constantFrom('5'))), cmd('FORCE'), cmd('JUSTID'), cmd('LASTID', plainId), cmd('BOGUS'),
  )),
  XAUTOCLAIM: cmd('XAUTOCLAIM', key, group, consumer, minIdle, rangeId, options(cmd('COUNT', fc.constantFrom('1', '2', '100', '0', '-1', 'abc', '9223372036854775807')), cmd('JUSTID'))),
  XINFO: oneOf(
    cmd('XINFO', 'STREAM', key, opt('FULL', opt('COUNT', fc.constantFrom('0', '1', '2', '-1', 'abc')))),
    cmd('XINFO', 'GROUPS', key),
    cmd('XINFO', 'CONSUMERS', key, group),
    cmd('XINFO', 'NOSUCH', key),
  ),
};
