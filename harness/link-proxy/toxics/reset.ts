// `reset`: resets both sides of every connection of the link at the moment it is added (TCP RST,
// ECONNRESET on both ends). Connections made afterwards pass untouched.

import type { ToxicBehaviour, ToxicSpec } from '../toxic.js';

export const reset: ToxicBehaviour<Extract<ToxicSpec, { type: 'reset' }>> = {
  validate() {},
  attach(_spec, link, when) {
    if (when === 'added') link.reset();
    return undefined;
  },
};
