// MISCONF discipline with hand-made histories: acknowledged writes inside a failed-save window
// fail the check, refused ones pass; AOF disk errors: lost acknowledged writes fail, refusals pass.

import { describe, expect, it } from 'vitest';
import { CommandEngine } from '../../reference-server/engine.js';
import { ManualClock } from '../../reference-server/ports/clock.js';
import { datasetDigest, digestHex } from '../../reference-server/keyspace/digest.js';
import type { History, Op } from '../history/history.js';
import { bgsaveErrorWindows, checkAofDiskErrors, checkBgsaveErrorDiscipline } from './misconf.js';
import { checkPrefix } from './prefix-checker.js';

const MISCONF = "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk.";
let t = 0;
function op(args: string[], outcome: Op['outcome'] = 'ok', reply = 'OK'): Op {
  t += 10;
  return { index: -1, client: 0, args, invokedAt: t, completedAt: t + 1, outcome, reply };
}
const info = (status: 'ok' | 'err') => op(['INFO', 'persistence'], 'ok', `rdb_bgsave_in_progress:0\r\nrdb_last_bgsave_status:${status}\r\n`);
const bgsave = () => op(['BGSAVE'], 'ok', 'Background saving started');
function history(ops: Op[], nemesis: History['nemesis'] = []): History {
  ops.forEach((o, i) => (o.index = i));
  return { ops, nemesis };
}

describe('stop-writes-on-bgsave-error', () => {
  const good = () => history([op(['SET', 'a', '1']), bgsave(), info('err'), op(['SET', 'a', '2'], 'fail', MISCONF), op(['GET', 'a'], 'ok', '1'), bgsave(), info('ok'), op(['SET', 'a', '3'])]);

  it('passes when every write between the failed save and the next good one was refused', () => {
    const h = good();
    expect(bgsaveErrorWindows(h)).toEqual([{ from: h.ops[2]!.completedAt, to: h.ops[5]!.invokedAt }]);
    const v = checkBgsaveErrorDiscipline(h, true);
    expect(v.ok, v.explanation).toBe(true);
    expect(v.explanation).toContain('1 write(s) refused');
  });

  it('fails when a write is acknowledged inside the window', () => {
    const h = history([op(['SET', 'a', '1']), bgsave(), info('err'), op(['SET', 'a', '2']), bgsave(), info('ok')]);
    const v = checkBgsaveErrorDiscipline(h, true);
    expect(v.ok).toBe(false);
    expect(v.explanation).toContain('op 3 SET a 2');
  });

  it('fails when no later save succeeded and writes are still acknowledged', () => {
    expect(checkBgsaveErrorDiscipline(history([bgsave(), info('err'), op(['RPUSH', 'l', 'x'])]), true).ok).toBe(false);
  });

  it('fails when reads are refused while saving fails', () => {
    expect(checkBgsaveErrorDiscipline(history([bgsave(), info('err'), op(['GET', 'a'], 'fail', MISCONF)]), true).ok).toBe(false);
  });

  it('with `no`, writes must go on: a MISCONF refusal fails', () => {
    expect(checkBgsaveErrorDiscipline(history([bgsave(), info('err'), op(['SET', 'a', '2'])]), false).ok).toBe(true);
    expect(checkBgsaveErrorDiscipline(good(), false).ok).toBe(false);
  });
});

function digestOf(cmds: string[][]): string {
  const e = new CommandEngine({ clock: new ManualClock(1_700_000_000_000), seed: 1 });
  const c = e.createClient();
  for (const args of cmds) e.execute(c, args);
  return digestHex(datasetDigest(e.keyspace.dbs));
}

describe('AOF disk errors', () => {
  const AOF_MISCONF = 'MISCONF Errors writing to the AOF file: No space left on device';
  const ops = () => [op(['SET', 'a', '1']), op(['SET', 'b', '1'], 'fail', AOF_MISCONF), op(['SET', 'c', '1'])];
  const nemesis = [{ at: 15, what: 'disk:full on' }, { at: 25, what: 'disk:full off' }];

  it('passes when refused writes are absent and acknowledged ones survive', () => {
    const h = history(ops(), nemesis);
    const v = checkAofDiskErrors(h, checkPrefix(h.ops, digestOf([['SET', 'a', '1'], ['SET', 'c', '1']])), 100, 'everysec');
    expect(v.ok, v.explanation).toBe(true);
    expect(v.lossWindow).toEqual({ ops: 0, ms: 0 });
    expect(v.explanation).toContain('1 write(s) refused');
  });

  it('fails when an acknowledged write is lost after the disk recovered', () => {
    const h = history(ops(), nemesis);
    const v = checkAofDiskErrors(h, checkPrefix(h.ops, digestOf([['SET', 'a', '1']])), 100, 'no');
    expect(v.ok).toBe(false);
    expect(v.lossWindow?.ops).toBe(1);
  });

  it('fails when a refused write took effect', () => {
    const h = history(ops(), nemesis);
    expect(checkAofDiskErrors(h, checkPrefix(h.ops, digestOf([['SET', 'a', '1'], ['SET', 'b', '1'], ['SET', 'c', '1']])), 100, 'everysec').ok).toBe(false);
  });
});
