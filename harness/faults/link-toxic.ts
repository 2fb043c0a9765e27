// link: a toxic on the replication link's proxy (drop, reset, blackhole, latency, bandwidth,
// slice, limit_data, per direction). Heal removes it; held data then flows again.

import { FaultSpecError, type Fault, type FaultContext, type FaultSpec } from './fault.js';

export function linkToxic(spec: Extract<FaultSpec, { fault: 'link' }>, ctx: FaultContext): Fault {
  const proxy = ctx.link;
  if (!proxy) throw new FaultSpecError(`link fault ${spec.toxic?.type}: no link proxy in the fault context (start a LinkProxy and pass it as link)`);
  let name: string | undefined;
  return {
    spec,
    inject: async () => {
      name = proxy.addToxic(spec.toxic);
    },
    heal: async () => {
      if (name !== undefined && proxy.toxics().some((t) => t.name === name)) proxy.removeToxic(name);
      name = undefined;
    },
    describe: () => `link:${spec.toxic.type}${spec.toxic.direction && spec.toxic.direction !== 'both' ? ` ${spec.toxic.direction}` : ''} (${proxy.name})`,
  };
}
