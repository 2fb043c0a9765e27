// The workload as fast-check data: writes over all six types whose values identify each write
// (`v<n>`, n unique in the run, so a lost write is visible), issued one by one on several client
// connections or as pipelined bursts; `materialize` numbers them once the shape is drawn.

import fc from 'fast-check';

/** A write before numbering: `$` in an argument becomes the run-unique value `v<n>`. */
export type WriteTemplate = readonly string[];

const key = (prefix: string, n: number) => fc.integer({ min: 0, max: n - 1 }).map((i) => `${prefix}${i}`);

/** One write of one of the six types (streams with explicit IDs and consumer groups). */
export const writeTemplate: fc.Arbitrary<WriteTemplate> = fc.oneof(
  key('s:', 4).map((k) => ['SET', k, '$']),
  key('s:', 4).map((k) => ['APPEND', k, '$']),
  key('c:', 2).map((k) => ['INCR', k]),
  key('l:', 3).map((k) => ['RPUSH', k, '$']),
  key('l:', 3).map((k) => ['LPUSH', k, '$']),
  key('l:', 3).map((k) => ['LPOP', k]),
  fc.tuple(key('h:', 2), key('f', 4)).map(([k, f]) => ['HSET', k, f, '$']),
  fc.tuple(key('h:', 2), key('f', 4)).map(([k, f]) => ['HDEL', k, f]),
  key('S:', 2).map((k) => ['SADD', k, '$']),
  fc.tuple(key('S:', 2), fc.integer({ min: 0, max: 30 })).map(([k, m]) => ['SREM', k, `v${m}`]),
  fc.tuple(key('z:', 2), fc.integer({ min: -5, max: 5 })).map(([k, s]) => ['ZADD', k, String(s), '$']),
  fc.tuple(key('z:', 2), fc.integer({ min: 0, max: 30 })).map(([k, m]) => ['ZINCRBY', k, '1', `v${m}`]),
  fc.oneof(key('s:', 4), key('l:', 3), key('S:', 2)).map((k) => ['DEL', k]),
  // Streams: explicit IDs from the run-unique counter (`#`), so the model replays the same IDs;
  // consumer-group writes (XREADGROUP is logged as XCLAIM) on the same keys.
  key('x:', 2).map((k) => ['XADD', k, '#', 'f', '$']),
  key('x:', 2).map((k) => ['XGROUP', 'CREATE', k, 'g', '0', 'MKSTREAM']),
  key('x:', 2).map((k) => ['XREADGROUP', 'GROUP', 'g', 'c1', 'COUNT', '2', 'STREAMS', k, '>']),
  fc.tuple(key('x:', 2), fc.integer({ min: 0, max: 30 })).map(([k, m]) => ['XACK', k, 'g', `${m}-1`]),
);

/** A workload step: one command on one connection, or a pipelined burst on one connection. */
export type WorkStep = { t: 'op'; client: number; args: WriteTemplate } | { t: 'burst'; client: number; ops: WriteTemplate[] };

/** Steps on up to `clients` connections. */
export function workStep(clients: number): fc.Arbitrary<WorkStep> {
  const client = fc.integer({ min: 0, max: clients - 1 });
  return fc.oneof(
    { weight: 4, arbitrary: fc.tuple(client, writeTemplate).map(([c, args]): WorkStep => ({ t: 'op', client: c, args })) },
    { weight: 1, arbitrary: fc.tuple(client, fc.array(writeTemplate, { minLength: 2, maxLength: 8 })).map(([c, ops]): WorkStep => ({ t: 'burst', client: c, ops })) },
  );
}

/** Replaces `$` with run-unique values and `#` with run-unique increasing stream IDs, counting from `counter.n`. */
export function materialize(args: WriteTemplate, counter: { n: number }): string[] {
  return args.map((a) => (a === '$' ? `v${counter.n++}` : a === '#' ? `${++counter.n}-1` : a));
}
