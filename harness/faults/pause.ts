// pause: the server freezes (SIGSTOP; in-process it stops serving) with its connections open, as
// a long GC pause or a stopped VM looks from outside. Heal: SIGCONT.

import type { Fault, FaultContext, FaultSpec } from './fault.js';

export function pause(spec: Extract<FaultSpec, { fault: 'pause' }>, ctx: FaultContext): Fault {
  return {
    spec,
    inject: () => ctx.target.pause(),
    heal: async () => {
      if (ctx.target.paused) await ctx.target.resume();
    },
    describe: () => `pause (${ctx.target.name})`,
  };
}
