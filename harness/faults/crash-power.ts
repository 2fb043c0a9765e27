// crash:power: the machine loses power. File data not made durable by fsync/fdatasync is lost
// (and in strict mode, creates, renames and unlinks not made durable by a directory fsync).
// Heal restarts on what survived. Process targets need start(..., { diskFaults: true }).

import { FaultSpecError, type Fault, type FaultContext, type FaultSpec } from './fault.js';

export function crashPower(spec: Extract<FaultSpec, { fault: 'crash:power' }>, ctx: FaultContext): Fault {
  const level = spec.level ?? 'data-only';
  if (level !== 'data-only' && level !== 'strict') throw new FaultSpecError(`crash:power: level must be data-only or strict, got ${JSON.stringify(level)}`);
  return {
    spec,
    inject: () => ctx.target.crash('power', level),
    heal: async () => {
      if (ctx.target.exited) await ctx.target.restart();
    },
    describe: () => `crash:power ${level} (${ctx.target.name})`,
  };
}
