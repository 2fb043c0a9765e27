// The explicit map of fault names to constructors, and makeFault, which checks a spec (plain
// data, e.g. from a scenario file) and builds its Fault. No registration by import side effects.

import { crashPower } from './crash-power.js';
import { crashProcess } from './crash-process.js';
import { diskEio } from './disk-eio.js';
import { diskFull } from './disk-full.js';
import { FaultSpecError, type Fault, type FaultContext, type FaultName, type FaultSpec } from './fault.js';
import { fsyncDelay } from './fsync-delay.js';
import { linkToxic } from './link-toxic.js';
import { pause } from './pause.js';

/** Every fault, by name. */
export const FAULTS: { readonly [N in FaultName]: (spec: Extract<FaultSpec, { fault: N }>, ctx: FaultContext) => Fault } = {
  'crash:process': crashProcess,
  'crash:power': crashPower,
  pause,
  'disk:full': diskFull,
  'disk:eio': diskEio,
  'fsync:delay': fsyncDelay,
  link: linkToxic,
};

/** Builds the fault a spec names; throws FaultSpecError naming the problem for bad data. */
export function makeFault(spec: FaultSpec, ctx: FaultContext): Fault {
  if (typeof spec !== 'object' || spec === null) throw new FaultSpecError(`a fault spec must be an object, got ${JSON.stringify(spec)}`);
  const make = (FAULTS as Record<string, ((s: FaultSpec, c: FaultContext) => Fault) | undefined>)[spec.fault];
  if (!make) throw new FaultSpecError(`unknown fault ${JSON.stringify(spec.fault)}; known: ${Object.keys(FAULTS).join(', ')}`);
  return make(spec, ctx);
}
