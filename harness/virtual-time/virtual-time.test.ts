// VirtualTime: timers fire at their own instants, in order, only as time is advanced; intervals
// re-arm like Node's; a block jumps the clock and lets the overdue timers fire once.

import { describe, expect, it } from 'vitest';
import { VirtualTime } from './virtual-time.js';

describe('VirtualTime', () => {
  it('fires nothing until advanced, then each timer at its due instant, ties in creation order', async () => {
    const vt = new VirtualTime(1_000_000);
    const seen: string[] = [];
    vt.after(30, () => seen.push(`b@${vt.monotonic()}`));
    vt.after(10, () => seen.push(`a@${vt.monotonic()}`));
    vt.after(30, () => seen.push(`c@${vt.monotonic()}`));
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual([]);
    await vt.advance(29);
    expect(seen).toEqual(['a@10']);
    expect(vt.now()).toBe(1_000_029);
    await vt.advance(1);
    expect(seen).toEqual(['a@10', 'b@30', 'c@30']);
    expect(vt.pending).toBe(0);
  });

  it('runs intervals once per period and stops them when cancelled', async () => {
    const vt = new VirtualTime(0);
    const at: number[] = [];
    const h = vt.every(100, () => at.push(vt.monotonic()));
    await vt.advance(350);
    expect(at).toEqual([100, 200, 300]);
    h.cancel();
    await vt.advance(1000);
    expect(at).toEqual([100, 200, 300]);
  });

  it('lets a timer set by a timer fire within the same advance, at its own instant', async () => {
    const vt = new VirtualTime(0);
    const at: number[] = [];
    vt.after(10, () => vt.after(15, () => at.push(vt.monotonic())));
    await vt.advance(100);
    expect(at).toEqual([25]);
    expect(vt.monotonic()).toBe(100);
  });

  it('after a block, the overdue interval fires once and re-arms from then', async () => {
    const vt = new VirtualTime(0);
    const at: number[] = [];
    vt.every(100, () => at.push(vt.monotonic()));
    vt.block(3500);
    expect(vt.monotonic()).toBe(3500);
    await vt.advance(0);
    expect(at).toEqual([3500]);
    await vt.advance(100);
    expect(at).toEqual([3500, 3600]);
  });

  it('runs a timer due now without an advance, and no later one', async () => {
    const vt = new VirtualTime(0);
    const seen: string[] = [];
    vt.after(0, () => seen.push('now'));
    vt.after(1, () => seen.push('later'));
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual(['now']);
    expect(vt.monotonic()).toBe(0);
  });

  it('serializes overlapping advances and refuses a negative one', async () => {
    const vt = new VirtualTime(0);
    const at: number[] = [];
    vt.after(50, () => at.push(vt.monotonic()));
    await Promise.all([vt.advance(30), vt.advance(30)]);
    expect(at).toEqual([50]);
    expect(vt.monotonic()).toBe(60);
    expect(() => vt.advance(-1)).toThrow(RangeError);
  });
});
