// disk:full: writes under the data directory fail with ENOSPC (with partialBytes, a longer write
// first writes that many bytes: a short write). Heal: the disk has room again.

import { FaultSpecError, type Fault, type FaultContext, type FaultSpec } from './fault.js';

export function diskFull(spec: Extract<FaultSpec, { fault: 'disk:full' }>, ctx: FaultContext): Fault {
  const partial = spec.partialBytes ?? 0;
  if (!Number.isInteger(partial) || partial < 0) throw new FaultSpecError(`disk:full: partialBytes must be an integer >= 0, got ${JSON.stringify(spec.partialBytes)}`);
  return {
    spec,
    inject: async () => ctx.target.faults.set({ enospc: true, partialBytes: partial }),
    heal: async () => ctx.target.faults.set({ enospc: false, partialBytes: 0 }),
    describe: () => `disk:full${partial > 0 ? ` after ${partial} bytes of a write` : ''} (${ctx.target.name})`,
  };
}
