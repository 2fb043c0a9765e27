// Turns a scenario into the fast-check arbitrary of one case: every range resolved, every write
// step a concrete list of commands whose values identify the write (so a lost write is visible).
// A case plan is what shrinks and what a seed and path replay.

import fc from 'fast-check';
import type { Amount, Scenario, Step } from './scenario.js';

/** One workload write: the command and whether it is pipelined with the write before it. */
export interface PlannedWrite {
  argv: string[];
  /** Sent in the same pipeline as the previous write (a burst). */
  burst: boolean;
}

/** A step with its ranges resolved; write steps carry their commands. */
export type PlannedStep =
  | { do: 'write' | 'replica-write'; writes: PlannedWrite[] }
  | (Exclude<Step, { do: 'write' } | { do: 'replica-write' } | { do: 'wait' } | { do: 'truncate-aof' }>)
  | { do: 'wait'; ms: number }
  | { do: 'truncate-aof'; bytes: number };

export type CasePlan = PlannedStep[];

type WriteShape = { type: Scenario['workload']['types'][number]; key: number; burst: boolean };

function amountArb(a: Amount): fc.Arbitrary<number> {
  return typeof a === 'number' ? fc.constant(a) : fc.integer({ min: a[0], max: a[1] });
}

/** The command of write number `i` (unique values: `v<i>`, members `m<i>`, score `i`). */
function writeArgv(w: WriteShape, i: number, valueBytes: number): string[] {
  const v = `v${i}`.padEnd(valueBytes, '.');
  switch (w.type) {
    case 'string':
      return ['SET', `s${w.key}`, v];
    case 'list':
      return ['RPUSH', `l${w.key}`, v];
    case 'hash':
      return ['HSET', `h${w.key}`, `f${i % 7}`, v];
    case 'set':
      return ['SADD', `set${w.key}`, `m${i}`];
    case 'zset':
      return ['ZADD', `z${w.key}`, String(i), `m${i}`];
    case 'counter':
      return ['INCR', `c${w.key}`];
    case 'stream':
      // An explicit ID from the write number: increasing, so always accepted, and replayed by the model.
      return ['XADD', `x${w.key}`, `${i + 1}-1`, 'f', v];
  }
}

/** The arbitrary of one case of `scenario`: shrinking removes writes and shortens waits. */
export function casePlanArbitrary(scenario: Scenario): fc.Arbitrary<CasePlan> {
  const shape: fc.Arbitrary<WriteShape> = fc.record({
    type: fc.constantFrom(...scenario.workload.types),
    key: fc.integer({ min: 0, max: 3 }),
    burst: scenario.workload.pipeline > 1 ? fc.boolean() : fc.constant(false),
  });
  const steps = scenario.steps.map((s): fc.Arbitrary<PlannedStep | { to: 'write' | 'replica-write'; shapes: WriteShape[] }> => {
    if (s.do === 'write' || s.do === 'replica-write') {
      const [min, max] = typeof s.ops === 'number' ? [s.ops, s.ops] : s.ops;
      return fc.array(shape, { minLength: min, maxLength: max }).map((shapes) => ({ to: s.do, shapes }));
    }
    if (s.do === 'wait') return amountArb(s.ms).map((ms) => ({ do: 'wait' as const, ms }));
    if (s.do === 'truncate-aof') return amountArb(s.bytes).map((bytes) => ({ do: 'truncate-aof' as const, bytes }));
    return fc.constant(s);
  });
  return fc.tuple(...steps).map((resolved) => {
    let n = 0;
    let burstLen = 0;
    const valueBytes = scenario.workload.valueBytes ?? 0;
    return resolved.map((r): PlannedStep => {
      if (!('shapes' in r)) return r;
      const writes = r.shapes.map((w) => {
        // A burst never exceeds the scenario's pipeline depth.
        const burst = w.burst && burstLen > 0 && burstLen < scenario.workload.pipeline;
        burstLen = burst ? burstLen + 1 : 1;
        return { argv: writeArgv(w, n++, valueBytes), burst };
      });
      burstLen = 0;
      return { do: r.to, writes };
    });
  });
}

/** The plan as a plain sequence a person can read: `SET s0 v0 | CRASH(power) | RESTART`. */
export function describePlan(plan: CasePlan): string {
  return plan
    .map((s) => {
      switch (s.do) {
        case 'write':
          return s.writes.map((w) => (w.burst ? '+ ' : '') + w.argv.join(' ')).join('; ') || '(no writes)';
        case 'replica-write':
          return `ON REPLICA: ${s.writes.map((w) => w.argv.join(' ')).join('; ') || '(no writes)'}`;
        case 'link':
          return `LINK(${JSON.stringify(s.toxic)})`;
        case 'settle':
          return 'SETTLE';
        case 'fault':
          return `FAULT(${s.fault}${s.ms ? ` ${s.ms}ms` : ''})`;
        case 'crash':
          return `CRASH(${s.kind}${s.level === 'strict' ? ', strict' : ''})`;
        case 'command':
          return s.argv.join(' ');
        case 'await-info':
          return `AWAIT(${s.field}:${s.value})`;
        case 'wait':
          return `WAIT(${s.ms}ms)`;
        case 'truncate-aof':
          return `TRUNCATE-AOF(${s.bytes} bytes)`;
        default:
          return s.do.toUpperCase();
      }
    })
    .join(' | ');
}
