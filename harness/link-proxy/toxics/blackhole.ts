// `blackhole`: stops forwarding in its direction while the sockets stay open (a partition). The
// proxy stops reading the source, so the sender's kernel buffers fill as in a real partition;
// what was held goes through, in order, once the toxic is removed (TCP retransmits after healing).

import type { ToxicBehaviour, ToxicSpec } from '../toxic.js';

export const blackhole: ToxicBehaviour<Extract<ToxicSpec, { type: 'blackhole' }>> = {
  validate() {},
  attach() {
    return { holds: true };
  },
};
