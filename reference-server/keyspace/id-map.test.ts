// IdMap against a plain model (a Map plus sorting): random inserts, replaces, deletes and
// iterations from random IDs, deletions during iteration included, across tombstone compactions.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IdMap } from './id-map.js';
import { compareIds, type StreamId } from './stream-id.js';

const id = fc.record({ ms: fc.bigInt({ min: 0n, max: 40n }), seq: fc.bigInt({ min: 0n, max: 3n }) }) as fc.Arbitrary<StreamId>;
const op = fc.oneof(
  fc.record({ t: fc.constant('set' as const), id, v: fc.integer() }),
  fc.record({ t: fc.constant('del' as const), id }),
  fc.record({ t: fc.constant('iter' as const), id, deleteEvery: fc.integer({ min: 0, max: 3 }) }),
);
const key = (i: StreamId) => `${i.ms}-${i.seq}`;

describe('IdMap', () => {
  it('behaves like a sorted map', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
      const m = new IdMap<number>();
      const model = new Map<string, [StreamId, number]>();
      const sorted = () => [...model.values()].sort((a, b) => compareIds(a[0], b[0]));
      for (const o of ops) {
        if (o.t === 'set') {
          m.set(o.id, o.v);
          model.set(key(o.id), [o.id, o.v]);
        } else if (o.t === 'del') {
          expect(m.delete(o.id)).toBe(model.delete(key(o.id)));
        } else {
          const want = sorted().filter(([i]) => compareIds(i, o.id) >= 0);
          const got: Array<[StreamId, number]> = [];
          let n = 0;
          for (const e of m.from(o.id)) {
            got.push(e);
            if (o.deleteEvery && ++n % o.deleteEvery === 0) {
              m.delete(e[0]);
              model.delete(key(e[0]));
            }
          }
          expect(got.map(([i, v]) => [key(i), v])).toEqual(want.map(([i, v]) => [key(i), v]));
        }
        expect(m.size).toBe(model.size);
        const all = sorted();
        expect(m.first() && key(m.first()!)).toBe(all[0] && key(all[0][0]));
        expect(m.last() && key(m.last()!)).toBe(all[all.length - 1] && key(all[all.length - 1]![0]));
      }
    }), { numRuns: Number(process.env.FC_NUM_RUNS ?? 100) });
  });
});
