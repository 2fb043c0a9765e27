// Hand-made verdicts for each row of the contract table: losses that must fail, losses allowed.

import { describe, expect, it } from 'vitest';
import type { Op } from '../history/history.js';
import { checkLossBound } from './loss-bound.js';

const ack = (index: number, completedAt: number): Op => ({ index, client: 0, args: ['SET', `k${index}`, 'v'], invokedAt: completedAt - 1, completedAt, outcome: 'ok' });

describe('loss bounds', () => {
  it('always: any lost acknowledged write is a violation, after either crash', () => {
    expect(checkLossBound('always', 'crash:power', 10_000, []).ok).toBe(true);
    for (const fault of ['crash:process', 'crash:power'] as const) {
      const v = checkLossBound('always', fault, 10_000, [ack(7, 9_990)]);
      expect(v.ok).toBe(false);
      expect(v.lostOps).toBe(1);
      expect(v.lossWindowMs).toBe(10);
      expect(v.reason).toContain('SET k7 v');
    }
  });

  it('everysec: losing the last 2 s is allowed, anything older is not', () => {
    expect(checkLossBound('everysec', 'crash:power', 10_000, [ack(8, 8_500), ack(9, 9_900)]).ok).toBe(true);
    const v = checkLossBound('everysec', 'crash:power', 10_000, [ack(5, 7_000), ack(9, 9_900)]);
    expect(v.ok).toBe(false);
    expect(v.lossWindowMs).toBe(3_000);
    expect(checkLossBound('everysec', 'crash:process', 10_000, [ack(1, 5_000)]).ok).toBe(false);
  });

  it('no: nothing may be lost to a process crash; a power cut only reports its window', () => {
    expect(checkLossBound('no', 'crash:process', 10_000, [ack(1, 9_999)]).ok).toBe(false);
    const v = checkLossBound('no', 'crash:power', 10_000, [ack(1, 1_000), ack(2, 2_000)]);
    expect(v.ok).toBe(true);
    expect(v.lossWindowMs).toBe(9_000);
    expect(v.lostOps).toBe(2);
  });
});
