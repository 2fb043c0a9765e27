// A nemesis schedule as plain data: which fault to inject when (before op N of the workload, or
// T ms after the run starts) and for how long (ms or ops; absent: until the final heal).
// parseSchedule checks a JSON value and names the bad entry and field.

import { FaultSpecError, type FaultSpec } from './fault.js';
import { FAULTS } from './index.js';

/** When an entry fires: before the workload's op number `op` (0-based), or `ms` after the start. */
export type ScheduleAt = { op: number } | { ms: number };

/** How long a fault stays: `ms`, or `ops` more operations; absent: until healAll(). */
export type ScheduleDuration = { ms: number } | { ops: number };

/** One entry of a schedule. */
export interface ScheduleEntry {
  at: ScheduleAt;
  fault: FaultSpec;
  duration?: ScheduleDuration;
}

/** A nemesis schedule: entries in any order; the runner sorts them. */
export type NemesisSchedule = readonly ScheduleEntry[];

function count(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new FaultSpecError(`${where}: expected an integer >= 0, got ${JSON.stringify(v)}`);
  return v;
}

function oneOf(v: unknown, where: string, a: 'op' | 'ops', b: 'ms'): { [k: string]: number } {
  if (typeof v !== 'object' || v === null) throw new FaultSpecError(`${where}: expected { ${a}: N } or { ${b}: N }, got ${JSON.stringify(v)}`);
  const keys = Object.keys(v);
  if (keys.length !== 1 || (keys[0] !== a && keys[0] !== b)) throw new FaultSpecError(`${where}: expected exactly one of ${a} or ${b}, got ${JSON.stringify(v)}`);
  return { [keys[0]!]: count((v as Record<string, unknown>)[keys[0]!], `${where}.${keys[0]}`) };
}

/** Checks a schedule given as data (e.g. parsed JSON); returns it typed. */
export function parseSchedule(value: unknown): NemesisSchedule {
  if (!Array.isArray(value)) throw new FaultSpecError(`schedule: expected an array of entries, got ${JSON.stringify(value)}`);
  return value.map((e: unknown, i): ScheduleEntry => {
    const where = `schedule[${i}]`;
    if (typeof e !== 'object' || e === null) throw new FaultSpecError(`${where}: expected an object`);
    const entry = e as Record<string, unknown>;
    const at = oneOf(entry.at, `${where}.at`, 'op', 'ms') as ScheduleAt;
    const fault = entry.fault as FaultSpec;
    if (typeof fault !== 'object' || fault === null || typeof fault.fault !== 'string' || !(fault.fault in FAULTS)) {
      throw new FaultSpecError(`${where}.fault: expected { fault: one of ${Object.keys(FAULTS).join(', ')} }, got ${JSON.stringify(entry.fault)}`);
    }
    const out: ScheduleEntry = { at, fault };
    if (entry.duration !== undefined) out.duration = oneOf(entry.duration, `${where}.duration`, 'ops', 'ms') as ScheduleDuration;
    return out;
  });
}
