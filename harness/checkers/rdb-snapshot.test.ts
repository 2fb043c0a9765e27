// The RDB-only row with hand-made histories: the state at the start of the last successful save
// passes; a newer or older state, or one after a failed save, fails; the window is reported.

import { describe, expect, it } from 'vitest';
import { CommandEngine } from '../../reference-server/engine.js';
import { ManualClock } from '../../reference-server/ports/clock.js';
import { datasetDigest, digestHex } from '../../reference-server/keyspace/digest.js';
import type { History, Op } from '../history/history.js';
import { checkPrefix } from './prefix-checker.js';
import { checkRdbSnapshot, saveAttempts } from './rdb-snapshot.js';

let t = 0;
function op(args: string[], reply = 'OK', outcome: Op['outcome'] = 'ok'): Op {
  t += 10;
  return { index: -1, client: 0, args, invokedAt: t, completedAt: t + 1, outcome, reply };
}
const info = (status: 'ok' | 'err', inProgress = 0) => op(['INFO', 'persistence'], `# Persistence\r\nrdb_bgsave_in_progress:${inProgress}\r\nrdb_last_bgsave_status:${status}\r\n`);

function history(ops: Op[]): History {
  ops.forEach((o, i) => (o.index = i));
  return { ops, nemesis: [] };
}

function digestOf(cmds: string[][]): string {
  const e = new CommandEngine({ clock: new ManualClock(1_700_000_000_000), seed: 1 });
  const c = e.createClient();
  for (const args of cmds) e.execute(c, args);
  return digestHex(datasetDigest(e.keyspace.dbs));
}

const w = (n: number) => ['SET', `k${n % 2}`, `v${n}`];

describe('RDB-only row', () => {
  it('the state at the start of the last successful BGSAVE passes, with the later writes as the window', () => {
    const h = history([op(w(0)), op(['BGSAVE'], 'Background saving started'), op(w(1)), info('ok'), op(w(2)), op(w(3))]);
    const v = checkRdbSnapshot(h, checkPrefix(h.ops, digestOf([w(0)])), 100);
    expect(v.ok, v.explanation).toBe(true);
    expect(v.lossWindow?.ops).toBe(3);
    expect(v.lossWindow?.ms).toBe(100 - h.ops[2]!.completedAt);
  });

  it('a state newer than the save (a prefix, but not what the save wrote) fails', () => {
    const h = history([op(w(0)), op(['BGSAVE'], 'Background saving started'), op(w(1)), info('ok'), op(w(2))]);
    const v = checkRdbSnapshot(h, checkPrefix(h.ops, digestOf([w(0), w(1)])), 100);
    expect(v.ok).toBe(false);
    expect(v.explanation).toMatch(/a save wrote only/);
  });

  it('a failed BGSAVE does not count: the older successful save or the empty start must be found', () => {
    const h = history([op(w(0)), op(['SAVE']), op(w(1)), op(['BGSAVE'], 'Background saving started'), info('err'), op(w(2))]);
    expect(saveAttempts(h).map((a) => a.result)).toEqual(['ok', 'err']);
    expect(checkRdbSnapshot(h, checkPrefix(h.ops, digestOf([w(0)])), 100).ok).toBe(true);
    expect(checkRdbSnapshot(h, checkPrefix(h.ops, digestOf([w(0), w(1)])), 100).ok).toBe(false);
    expect(checkRdbSnapshot(h, checkPrefix(h.ops, digestOf([])), 100).ok).toBe(false);
  });

  it('a BGSAVE still in flight at the crash may or may not have landed', () => {
    const h = history([op(w(0)), op(['SAVE']), op(w(1)), op(['BGSAVE'], 'Background saving started'), info('ok', 1), op(w(2))]);
    expect(checkRdbSnapshot(h, checkPrefix(h.ops, digestOf([w(0)])), 100).ok).toBe(true);
    expect(checkRdbSnapshot(h, checkPrefix(h.ops, digestOf([w(0), w(1)])), 100).ok).toBe(true);
    expect(checkRdbSnapshot(h, checkPrefix(h.ops, digestOf([w(0), w(1), w(2)])), 100).ok).toBe(false);
  });

  it('with no save at all only the empty start passes', () => {
    const h = history([op(w(0)), op(w(1))]);
    expect(checkRdbSnapshot(h, checkPrefix(h.ops, digestOf([])), 100).ok).toBe(true);
    expect(checkRdbSnapshot(h, checkPrefix(h.ops, digestOf([w(0)])), 100).ok).toBe(false);
  });
});
