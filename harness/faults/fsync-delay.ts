// fsync:delay: every fsync/fdatasync under the data directory first takes `ms` (a busy or slow
// disk). Under everysec Redis postpones writes and counts aof_delayed_fsync. Heal: fast again.

import { FaultSpecError, type Fault, type FaultContext, type FaultSpec } from './fault.js';

export function fsyncDelay(spec: Extract<FaultSpec, { fault: 'fsync:delay' }>, ctx: FaultContext): Fault {
  if (!Number.isInteger(spec.ms) || spec.ms <= 0) throw new FaultSpecError(`fsync:delay: ms must be an integer > 0, got ${JSON.stringify(spec.ms)}`);
  return {
    spec,
    inject: async () => ctx.target.faults.set({ fsyncDelayMs: spec.ms }),
    heal: async () => ctx.target.faults.set({ fsyncDelayMs: 0 }),
    describe: () => `fsync:delay ${spec.ms} ms (${ctx.target.name})`,
  };
}
