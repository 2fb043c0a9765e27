// Virtual time for the in-process target: a Clock and Timers that move only when the harness
// advances them or a simulated blocking fsync consumes time, so a run does not wait and repeats.

import type { Clock } from '../../reference-server/ports/clock.js';
import type { TimerHandle, Timers } from '../../reference-server/ports/timers.js';

interface Timer {
  id: number;
  due: number;
  period: number | undefined;
  fn: () => void;
}

/** How time passes on a target: the harness sleeps and stamps its history with it. */
export interface TargetTime {
  /** Monotonic milliseconds (the history's timeline). */
  monotonic(): number;
  /** Lets `ms` of the target's time pass. */
  sleep(ms: number): Promise<void>;
  /** Runs `fn` once `ms` of the target's time has passed (the nemesis's timed faults). */
  after(ms: number, fn: () => void): TimerHandle;
}

/** Timer firings one advance may make before it is taken for a runaway loop. */
const MAX_FIRINGS_PER_ADVANCE = 1_000_000;

/** One real event-loop turn: I/O and setImmediate work a timer caused run before the next timer. */
function turn(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

export class VirtualTime implements Clock, Timers, TargetTime {
  private mono = 0;
  private readonly timers = new Map<number, Timer>();
  private nextId = 1;
  private chain: Promise<void> = Promise.resolve();

  /**
   * `epochMs` is the Unix time at virtual instant 0 (TTLs and LASTSAVE read it). The default is the
   * current time rounded down to a whole second: Redis counts many things in whole seconds of
   * unixtime (everysec's fsync and its 2 s postponement), so the phase within the second must not
   * vary from run to run.
   */
  constructor(private readonly epochMs: number = Math.floor(Date.now() / 1000) * 1000) {}

  now(): number {
    return this.epochMs + Math.floor(this.mono);
  }

  monotonic(): number {
    return this.mono;
  }

  after(ms: number, fn: () => void): TimerHandle {
    return this.add(ms, undefined, fn);
  }

  every(ms: number, fn: () => void): TimerHandle {
    return this.add(ms, Math.max(1, ms), fn);
  }

  /** Timers waiting to fire. */
  get pending(): number {
    return this.timers.size;
  }

  /**
   * Moves time forward by `ms`. Each timer due on the way fires at its own instant, in order of
   * due time then of creation; the real event loop turns between firings. Advances queue up.
   */
  advance(ms: number): Promise<void> {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`cannot advance virtual time by ${ms} ms`);
    const run = this.chain.then(() => this.runUntil(this.mono + ms));
    this.chain = run.catch(() => undefined);
    return run;
  }

  sleep(ms: number): Promise<void> {
    return this.advance(ms);
  }

  /**
   * Time passes with the process blocked (a synchronous fsync stall): the clock jumps at once, and
   * the timers that came due meanwhile fire on the next turns, as they would after a real block.
   */
  block(ms: number): void {
    if (ms <= 0) return;
    this.mono += ms;
    setImmediate(() => void this.advance(0));
  }

  private add(ms: number, period: number | undefined, fn: () => void): TimerHandle {
    const t: Timer = { id: this.nextId++, due: this.mono + Math.max(0, ms), period, fn };
    this.timers.set(t.id, t);
    // Due now (an fsync with no stall): no time needs to pass, so it runs on the next turns without
    // waiting for an advance, as a 0 ms setTimeout would.
    if (!(ms > 0)) setImmediate(() => void this.advance(0));
    return { cancel: () => void this.timers.delete(t.id) };
  }

  private earliestDueBy(limit: number): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers.values()) {
      if (t.due > limit) continue;
      if (!best || t.due < best.due || (t.due === best.due && t.id < best.id)) best = t;
    }
    return best;
  }

  private async runUntil(target: number): Promise<void> {
    for (let fired = 0; ; fired++) {
      if (fired >= MAX_FIRINGS_PER_ADVANCE) throw new Error(`virtual time: more than ${MAX_FIRINGS_PER_ADVANCE} timer firings in one advance (a timer re-arming itself at 0 ms?)`);
      await turn();
      const t = this.earliestDueBy(Math.max(target, this.mono));
      if (!t) break;
      this.mono = Math.max(this.mono, t.due);
      // Node re-arms an interval from when its callback runs: after a block it fires once, not
      // once per missed period.
      if (t.period !== undefined) t.due = this.mono + t.period;
      else this.timers.delete(t.id);
      t.fn();
    }
    this.mono = Math.max(this.mono, target);
    await turn();
  }
}
