// `limit_data`: lets `bytes` bytes through on each connection (counted from when the toxic met
// it), then closes the connection on both sides: e.g. a cut in the middle of an RDB transfer.

import { requireNumber, type ToxicBehaviour, type ToxicSpec } from '../toxic.js';

type Spec = Extract<ToxicSpec, { type: 'limit_data' }>;

export const limitData: ToxicBehaviour<Spec> = {
  validate(spec) {
    requireNumber(spec, 'bytes', spec.bytes, 0);
  },
  attach(spec, link) {
    let passed = 0;
    if (spec.bytes === 0) link.close();
    return {
      pipe(piece) {
        if (passed >= spec.bytes) return [];
        const room = spec.bytes - passed;
        if (piece.data.length < room) {
          passed += piece.data.length;
          return [piece];
        }
        passed = spec.bytes;
        return [{ data: piece.data.subarray(0, room), notBefore: piece.notBefore, closeAfter: true }];
      },
    };
  },
};
