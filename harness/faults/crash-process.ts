// crash:process: SIGKILL (in-process: the server halts at once). What write() returned for stays,
// as the OS page cache survives a process crash. Heal restarts on the same data directory.

import type { Fault, FaultContext, FaultSpec } from './fault.js';

export function crashProcess(spec: Extract<FaultSpec, { fault: 'crash:process' }>, ctx: FaultContext): Fault {
  return {
    spec,
    inject: () => ctx.target.crash('process'),
    heal: async () => {
      if (ctx.target.exited) await ctx.target.restart();
    },
    describe: () => `crash:process (${ctx.target.name})`,
  };
}
