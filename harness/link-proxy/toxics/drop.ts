// `drop`: closes both sides of every connection of the link at the moment it is added (FIN), as a
// crashed middlebox would. Connections made afterwards pass untouched; remove it to add it again.

import type { ToxicBehaviour, ToxicSpec } from '../toxic.js';

export const drop: ToxicBehaviour<Extract<ToxicSpec, { type: 'drop' }>> = {
  validate() {},
  attach(_spec, link, when) {
    if (when === 'added') link.close();
    return undefined;
  },
};
