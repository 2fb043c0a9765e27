// The prefix checker accepts recovered states that are prefixes of the history (with or without
// ops of unknown outcome) and refuses holes and invented writes. Hand-made histories.

import { describe, expect, it } from 'vitest';
import { CommandEngine } from '../../reference-server/engine.js';
import { ManualClock } from '../../reference-server/ports/clock.js';
import { datasetDigest, digestHex } from '../../reference-server/keyspace/digest.js';
import type { Op, Outcome } from '../history/history.js';
import { checkPrefix } from './prefix-checker.js';

function op(index: number, args: string[], outcome: Outcome = 'ok'): Op {
  return { index, client: 0, args, invokedAt: index, completedAt: index + 0.5, outcome };
}

/** The digest of the state after running `cmds` on a fresh model. */
function digestOf(cmds: string[][]): string {
  const e = new CommandEngine({ clock: new ManualClock(1_700_000_000_000), seed: 1 });
  const c = e.createClient();
  for (const args of cmds) e.execute(c, args);
  return digestHex(datasetDigest(e.keyspace.dbs));
}

const writes = [['SET', 'a', '1'], ['RPUSH', 'l', 'x'], ['SET', 'a', '2'], ['LPUSH', 'm', 'y'], ['INCR', 'n']];
const history = writes.map((w, i) => op(i, w));

describe('prefix checker', () => {
  it('finds the prefix a recovered state corresponds to, and the acknowledged writes it lost', () => {
    for (let k = 0; k <= writes.length; k++) {
      const v = checkPrefix(history, digestOf(writes.slice(0, k)));
      expect(v.ok).toBe(true);
      expect(v.prefixLength).toBe(k);
      expect(v.lostAcked.map((o) => o.index)).toEqual(history.slice(k).map((o) => o.index));
    }
  });

  it('refuses a hole (a later write present, an earlier one missing)', () => {
    // RPUSH l x is missing while the later LPUSH m y is present.
    const v = checkPrefix(history, digestOf([writes[0]!, writes[2]!, writes[3]!]));
    expect(v.ok).toBe(false);
    expect(v.explanation).toMatch(/matches no prefix/);
    expect(checkPrefix(history, digestOf([writes[0]!, writes[3]!])).ok).toBe(false);
  });

  it('refuses an invented write', () => {
    expect(checkPrefix(history, digestOf([...writes, ['SET', 'ghost', 'x']])).ok).toBe(false);
  });

  it('lets an op of unknown outcome be in or out, but never a failed one', () => {
    const h = [op(0, ['SET', 'a', '1']), op(1, ['SET', 'b', '1'], 'info'), op(2, ['SET', 'c', '1'], 'fail'), op(3, ['SET', 'd', '1'])];
    expect(checkPrefix(h, digestOf([['SET', 'a', '1'], ['SET', 'd', '1']])).ok).toBe(true);
    expect(checkPrefix(h, digestOf([['SET', 'a', '1'], ['SET', 'b', '1'], ['SET', 'd', '1']])).infoApplied).toEqual([1]);
    expect(checkPrefix(h, digestOf([['SET', 'a', '1'], ['SET', 'c', '1']])).ok).toBe(false);
  });

  it('counts writes that leave the state unchanged as present, not lost', () => {
    const h = [op(0, ['SET', 'a', '1']), op(1, ['SET', 'a', '1'])];
    const v = checkPrefix(h, digestOf([['SET', 'a', '1']]));
    expect(v.prefixLength).toBe(2);
    expect(v.lostAcked).toEqual([]);
  });
});

describe('prefix checker diagnosis', () => {
  it('names the nearest prefixes and the key-level diff when nothing matches', async () => {
    const { dumpDatabases } = await import('./dataset-diff.js');
    const e = new CommandEngine({ clock: new ManualClock(1_700_000_000_000), seed: 1 });
    const c = e.createClient();
    for (const args of [writes[0]!, writes[2]!, writes[3]!]) e.execute(c, args);
    const dump = dumpDatabases(e.keyspace.dbs);
    const v = checkPrefix(history, digestHex(datasetDigest(e.keyspace.dbs)), undefined, dump);
    expect(v.ok).toBe(false);
    // S(4) has the same keys plus l: exactly one key missing from the recovered state.
    expect(v.nearest?.[0]?.prefixLength).toBe(4);
    expect(v.nearest?.[0]?.diff.extra).toEqual([]);
    expect(v.nearest?.[0]?.diff.missing).toEqual(['db0:l']);
    expect(v.explanation).toContain('missing db0:l');
  });
});

describe('prefix checker: lost writes', () => {
  it('does not count a lost write that changed nothing (LPOP of an empty list)', () => {
    const h = [op(0, ['SET', 'a', '1']), op(1, ['LPOP', 'nolist']), op(2, ['SET', 'b', '1'])];
    const v = checkPrefix(h, digestOf([]));
    expect(v.ok).toBe(true);
    expect(v.lostAcked.map((o) => o.index)).toEqual([0, 2]);
  });
});
