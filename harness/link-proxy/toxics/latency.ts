// `latency`: every piece waits latencyMs plus a seeded uniform jitter in [-jitterMs, +jitterMs]
// (never below 0). Order is kept: a piece never overtakes the one before it.

import { requireNumber, type ToxicBehaviour, type ToxicSpec } from '../toxic.js';

type Spec = Extract<ToxicSpec, { type: 'latency' }>;

export const latency: ToxicBehaviour<Spec> = {
  validate(spec) {
    requireNumber(spec, 'latencyMs', spec.latencyMs, 0);
    if (spec.jitterMs !== undefined) requireNumber(spec, 'jitterMs', spec.jitterMs, 0);
  },
  attach(spec, link) {
    const jitter = spec.jitterMs ?? 0;
    return {
      pipe(piece, now) {
        const delay = Math.max(0, spec.latencyMs + (jitter > 0 ? (link.random() * 2 - 1) * jitter : 0));
        return [{ ...piece, notBefore: Math.max(piece.notBefore, now + delay) }];
      },
    };
  },
};
