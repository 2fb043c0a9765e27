// `slice`: splits each piece into slices of averageSize bytes (+- a seeded sizeVariation), each
// delayMs after the one before: small TCP segments, as a slow or fragmenting network gives.

import { requireNumber, ToxicSpecError, type Piece, type ToxicBehaviour, type ToxicSpec } from '../toxic.js';

type Spec = Extract<ToxicSpec, { type: 'slice' }>;

export const slice: ToxicBehaviour<Spec> = {
  validate(spec) {
    requireNumber(spec, 'averageSize', spec.averageSize, 1);
    if (spec.sizeVariation !== undefined) requireNumber(spec, 'sizeVariation', spec.sizeVariation, 0);
    if ((spec.sizeVariation ?? 0) >= spec.averageSize) throw new ToxicSpecError(`toxic slice: sizeVariation (${spec.sizeVariation}) must be smaller than averageSize (${spec.averageSize})`);
    if (spec.delayMs !== undefined) requireNumber(spec, 'delayMs', spec.delayMs, 0);
  },
  attach(spec, link) {
    const variation = spec.sizeVariation ?? 0;
    const delay = spec.delayMs ?? 0;
    return {
      pipe(piece) {
        const out: Piece[] = [];
        let at = piece.notBefore;
        for (let off = 0; off < piece.data.length; ) {
          const size = Math.max(1, Math.round(spec.averageSize + (link.random() * 2 - 1) * variation));
          const data = piece.data.subarray(off, off + size);
          off += data.length;
          const last = off >= piece.data.length;
          out.push({ data, notBefore: at, ...(last && piece.closeAfter ? { closeAfter: true } : {}) });
          at += delay;
        }
        return out;
      },
    };
  },
};
