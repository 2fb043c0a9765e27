// `bandwidth`: at most rateKBps kilobytes (1024 bytes) per second in its direction: each piece
// goes out when the bytes before it have had their time on the wire.

import { requireNumber, type ToxicBehaviour, type ToxicSpec } from '../toxic.js';

type Spec = Extract<ToxicSpec, { type: 'bandwidth' }>;

export const bandwidth: ToxicBehaviour<Spec> = {
  validate(spec) {
    requireNumber(spec, 'rateKBps', spec.rateKBps, 1);
  },
  attach(spec) {
    const bytesPerMs = (spec.rateKBps * 1024) / 1000;
    let wireFreeAt = 0;
    return {
      pipe(piece, now) {
        const start = Math.max(wireFreeAt, piece.notBefore, now);
        wireFreeAt = start + piece.data.length / bytesPerMs;
        return [{ ...piece, notBefore: wireFreeAt }];
      },
    };
  },
};
