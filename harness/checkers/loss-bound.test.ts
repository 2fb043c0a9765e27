// Hand-made verdicts for each appendfsync row of the contract table: losses that must fail,
// losses allowed, and the loss window reported in both cases.

import { describe, expect, it } from 'vitest';
import type { History, Op } from '../history/history.js';
import { checkDurability, checkLossBound } from './loss-bound.js';
import { fsyncStallIntervals } from './fsync-stalls.js';
import { checkPrefix } from './prefix-checker.js';
import { CommandEngine } from '../../reference-server/engine.js';
import { ManualClock } from '../../reference-server/ports/clock.js';
import { datasetDigest, digestHex } from '../../reference-server/keyspace/digest.js';

const ack = (index: number, completedAt: number): Op => ({ index, client: 0, args: ['SET', `k${index}`, 'v'], invokedAt: completedAt - 1, completedAt, outcome: 'ok' });

describe('loss bounds', () => {
  it('always: any lost acknowledged write is a violation, after either crash', () => {
    expect(checkLossBound('always', 'crash:power', 10_000, []).ok).toBe(true);
    for (const fault of ['crash:process', 'crash:power'] as const) {
      const v = checkLossBound('always', fault, 10_000, [ack(7, 9_990)]);
      expect(v.ok).toBe(false);
      expect(v.lossWindow).toEqual({ ops: 1, ms: 10 });
      expect(v.reason).toContain('SET k7 v');
      expect(v.explanation).toContain('op 7');
    }
  });

  it('everysec, crash:power: losing the last 2 s is allowed, anything older is not', () => {
    const ok = checkLossBound('everysec', 'crash:power', 10_000, [ack(8, 8_500), ack(9, 9_900)]);
    expect(ok.ok).toBe(true);
    expect(ok.lossWindow).toEqual({ ops: 2, ms: 1_500 });
    const v = checkLossBound('everysec', 'crash:power', 10_000, [ack(5, 7_000), ack(9, 9_900)]);
    expect(v.ok).toBe(false);
    expect(v.lossWindowMs).toBe(3_000);
    expect(v.reason).toContain('op 5');
  });

  it('everysec, crash:process: nothing lost unless an fsync stalled, and then at most 2 s', () => {
    // No stall: a process crash keeps the page cache; only a write held back by an ordinary
    // fsync in flight (acknowledged within the slack of the crash) may go.
    expect(checkLossBound('everysec', 'crash:process', 10_000, [ack(1, 9_000)]).ok).toBe(false);
    expect(checkLossBound('everysec', 'crash:process', 10_000, [ack(1, 9_999)]).ok).toBe(true);
    const stalls = fsyncStallIntervals([{ at: 9_000, what: 'fsync:delay 500' }]);
    expect(stalls).toEqual([{ from: 9_000, to: Infinity, delayMs: 500 }]);
    const held = checkLossBound('everysec', 'crash:process', 10_000, [ack(1, 9_200), ack(2, 9_999)], { fsyncStalls: stalls });
    expect(held.ok).toBe(true);
    expect(held.lossWindow).toEqual({ ops: 2, ms: 800 });
    // Held back longer than 2 s (plus the tolerance): a violation even with a stall.
    const old = fsyncStallIntervals([{ at: 5_000, what: 'fsync:delay 500' }]);
    expect(checkLossBound('everysec', 'crash:process', 10_000, [ack(1, 7_000)], { fsyncStalls: old }).ok).toBe(false);
    // A stall that ended (plus its delay) before the write was acknowledged excuses nothing.
    const healed = fsyncStallIntervals([{ at: 8_000, what: 'fsync:delay 300' }, { at: 8_200, what: 'fsync:delay 0' }]);
    expect(healed).toEqual([{ from: 8_000, to: 8_500, delayMs: 300 }]);
    expect(checkLossBound('everysec', 'crash:process', 10_000, [ack(1, 9_500)], { fsyncStalls: healed }).ok).toBe(false);
  });

  it('no: nothing may be lost to a process crash; a power cut only reports its window', () => {
    expect(checkLossBound('no', 'crash:process', 10_000, [ack(1, 9_999)]).ok).toBe(false);
    const v = checkLossBound('no', 'crash:power', 10_000, [ack(1, 1_000), ack(2, 2_000)]);
    expect(v.ok).toBe(true);
    expect(v.lossWindow).toEqual({ ops: 2, ms: 9_000 });
  });

  it('rdb: checkLossBound refuses to guess without the saves', () => {
    expect(() => checkLossBound('rdb', 'crash:power', 1, [])).toThrow(/checkRdbSnapshot/);
  });

  it('checkDurability reads the stalls from the nemesis events', () => {
    const ops = [ack(0, 9_300)];
    const history: History = { ops, nemesis: [{ at: 9_000, what: 'fsync:delay 500' }] };
    // The recovered state is empty: op 0 lost.
    const empty = digestHex(datasetDigest(new CommandEngine({ clock: new ManualClock(0), seed: 1 }).keyspace.dbs));
    const prefix = checkPrefix(ops, empty);
    expect(prefix.lostAcked.length).toBe(1);
    expect(checkDurability({ mode: 'everysec', fault: 'crash:process', faultAt: 10_000, history, prefix }).ok).toBe(true);
    expect(checkDurability({ mode: 'everysec', fault: 'crash:process', faultAt: 10_000, history: { ops, nemesis: [] }, prefix }).ok).toBe(false);
  });
});
