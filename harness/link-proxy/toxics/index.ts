// The explicit map of toxic types to behaviours (no registration by import side effects).

import type { ToxicBehaviour, ToxicSpec, ToxicType } from '../toxic.js';
import { bandwidth } from './bandwidth.js';
import { blackhole } from './blackhole.js';
import { drop } from './drop.js';
import { latency } from './latency.js';
import { limitData } from './limit-data.js';
import { reset } from './reset.js';
import { slice } from './slice.js';

/** Every toxic the link proxy knows, by its `type`. */
export const TOXICS: { readonly [T in ToxicType]: ToxicBehaviour<Extract<ToxicSpec, { type: T }>> } = {
  drop,
  reset,
  blackhole,
  latency,
  bandwidth,
  slice,
  limit_data: limitData,
};
