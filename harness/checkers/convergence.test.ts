// Convergence, partial-resync and read-only checkers with hand-made states: equal datasets and
// offsets pass, a differing key or offset fails with a key-level diff; a full sync for a gap
// that fitted the backlog fails; an accepted write on a replica fails.

import { describe, expect, it } from 'vitest';
import type { Op } from '../history/history.js';
import { checkConvergence, checkPartialResync } from './convergence.js';
import { checkReadOnly } from './read-only.js';
import { diffDatasets } from './dataset-diff.js';

const dump = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [`db0:${k}`, JSON.stringify({ type: 'string', value: v })]));

describe('convergence', () => {
  it('passes on equal digests and offsets', () => {
    const v = checkConvergence({ master: { name: 'm', digest: 'aa', offset: 100 }, replicas: [{ name: 'r', digest: 'aa', offset: 100 }], offsetBound: 0, waitedMs: 10 });
    expect(v.ok, v.explanation).toBe(true);
  });

  it('fails on a digest mismatch and names the differing keys', () => {
    const v = checkConvergence({
      master: { name: 'm', digest: 'aa', offset: 100, dump: dump({ a: '1', b: '2' }) },
      replicas: [{ name: 'r', digest: 'bb', offset: 100, dump: dump({ a: '1', b: '3', c: '4' }) }],
      offsetBound: 0,
      waitedMs: 10,
    });
    expect(v.ok).toBe(false);
    expect(v.explanation).toContain('changed db0:b');
    expect(v.explanation).toContain('extra db0:c');
  });

  it('fails when offsets differ beyond the bound', () => {
    const v = checkConvergence({ master: { name: 'm', digest: 'aa', offset: 150 }, replicas: [{ name: 'r', digest: 'aa', offset: 100 }], offsetBound: 14, waitedMs: 10 });
    expect(v.ok).toBe(false);
    expect(v.explanation).toContain('50 bytes');
  });

  it('diffDatasets: missing, extra, changed', () => {
    expect(diffDatasets(dump({ a: '1', b: '1' }), dump({ b: '2', c: '1' }))).toEqual({
      missing: ['db0:a'], extra: ['db0:c'], changed: [{ key: 'db0:b', expected: JSON.stringify({ type: 'string', value: '1' }), actual: JSON.stringify({ type: 'string', value: '2' }) }],
    });
  });
});

describe('partial resync expectation', () => {
  it('a gap within the backlog must resume with a partial resync', () => {
    expect(checkPartialResync({ gapBytes: 500, backlogSize: 1 << 20, sameHistory: true, fullSyncs: 0, partialOk: 1 }).ok).toBe(true);
    const v = checkPartialResync({ gapBytes: 500, backlogSize: 1 << 20, sameHistory: true, fullSyncs: 1, partialOk: 0 });
    expect(v.ok).toBe(false);
    expect(v.explanation).toContain('1 full sync');
  });

  it('a gap beyond the backlog or a new master history expects nothing', () => {
    expect(checkPartialResync({ gapBytes: 2 << 20, backlogSize: 1 << 20, sameHistory: true, fullSyncs: 1, partialOk: 0 }).ok).toBe(true);
    expect(checkPartialResync({ gapBytes: 5, backlogSize: 1 << 20, sameHistory: false, fullSyncs: 1, partialOk: 0 }).ok).toBe(true);
  });
});

describe('read-only replica', () => {
  const op = (outcome: Op['outcome'], reply: string): Op => ({ index: 0, client: 0, args: ['SET', 'a', '1'], invokedAt: 0, completedAt: 1, outcome, reply });
  const READONLY = "READONLY You can't write against a read only replica.";

  it('passes when every write got READONLY and the digest held', () => {
    expect(checkReadOnly([op('fail', READONLY)], { digest: 'aa' }, { digest: 'aa' }).ok).toBe(true);
  });

  it('fails on an accepted write, another error, or a changed dataset', () => {
    expect(checkReadOnly([op('ok', 'OK')], { digest: 'aa' }, { digest: 'aa' }).ok).toBe(false);
    expect(checkReadOnly([op('fail', 'ERR something')], { digest: 'aa' }, { digest: 'aa' }).ok).toBe(false);
    const v = checkReadOnly([op('fail', READONLY)], { digest: 'aa', dump: dump({}) }, { digest: 'bb', dump: dump({ a: '1' }) });
    expect(v.ok).toBe(false);
    expect(v.explanation).toContain('extra db0:a');
  });
});
