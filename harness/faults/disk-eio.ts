// disk:eio: EIO on writes, or on fsync/fdatasync, under the data directory. Heal: the disk works
// again (what the server makes of a past error is its own business: Redis keeps MISCONF after a
// failed fdatasync under everysec).

import { FaultSpecError, type Fault, type FaultContext, type FaultSpec } from './fault.js';

export function diskEio(spec: Extract<FaultSpec, { fault: 'disk:eio' }>, ctx: FaultContext): Fault {
  const on = spec.on ?? 'write';
  if (on !== 'write' && on !== 'fsync') throw new FaultSpecError(`disk:eio: on must be write or fsync, got ${JSON.stringify(spec.on)}`);
  const field = on === 'write' ? 'eioWrite' : 'eioFsync';
  return {
    spec,
    inject: async () => ctx.target.faults.set({ [field]: true }),
    heal: async () => ctx.target.faults.set({ [field]: false }),
    describe: () => `disk:eio on ${on} (${ctx.target.name})`,
  };
}
