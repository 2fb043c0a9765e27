// The nemesis: runs a schedule of faults against a target while a workload runs. The workload
// calls beforeOp(n) before each op; time-based entries fire from timers. Every inject and heal
// is recorded in the history (same timeline as the ops); healAll() is the final phase that heals
// whatever is still active. Fault actions run one at a time, in order.

import type { HistoryRecorder } from '../history/history.js';
import type { Fault, FaultContext, FaultSpec } from './fault.js';
import { makeFault } from './index.js';
import type { NemesisSchedule, ScheduleEntry } from './schedule.js';
import { systemTimers, type TimerHandle, type Timers } from '../../reference-server/ports/timers.js';

/** The history words for a fault's inject and heal (the ones the checkers read, e.g. `fsync:delay 0`). */
export function nemesisWords(spec: FaultSpec): { inject: string; heal: string } {
  switch (spec.fault) {
    case 'crash:process':
      return { inject: 'crash:process', heal: 'restart' };
    case 'crash:power':
      return { inject: `crash:power${spec.level === 'strict' ? ' strict' : ''}`, heal: 'restart' };
    case 'pause':
      return { inject: 'pause', heal: 'resume' };
    case 'disk:full':
      return { inject: 'disk:full on', heal: 'disk:full off' };
    case 'disk:eio':
      return spec.on === 'fsync' ? { inject: 'disk:eio-fsync on', heal: 'disk:eio-fsync off' } : { inject: 'disk:eio on', heal: 'disk:eio off' };
    case 'fsync:delay':
      return { inject: `fsync:delay ${spec.ms}`, heal: 'fsync:delay 0' };
    case 'link':
      return { inject: `link:${spec.toxic.type} on`, heal: `link:${spec.toxic.type} off` };
  }
}

interface Active {
  entry: ScheduleEntry;
  fault: Fault;
  healAtOp?: number;
  timer?: TimerHandle;
}

/** Runs one schedule once. Not reusable: make a new Nemesis per run. */
export class Nemesis {
  private readonly pendingByOp: ScheduleEntry[];
  private readonly pendingByTime: ScheduleEntry[];
  private readonly active = new Set<Active>();
  private readonly timers = new Set<TimerHandle>();
  /** Timed entries run on the target's time: virtual on a virtual-time target. */
  private readonly clock: Pick<Timers, 'after'>;
  private chain: Promise<void> = Promise.resolve();
  private firstError: Error | undefined;
  private finished = false;
  /** The last op number seen by beforeOp (time-based entries with an ops duration count from it). */
  private currentOp = 0;

  constructor(
    schedule: NemesisSchedule,
    private readonly ctx: FaultContext,
    private readonly recorder: HistoryRecorder,
  ) {
    this.clock = ctx.target.time ?? systemTimers;
    // Build every fault up front so a bad spec fails before the run starts.
    for (const e of schedule) makeFault(e.fault, ctx);
    this.pendingByOp = schedule.filter((e) => 'op' in e.at).sort((a, b) => (a.at as { op: number }).op - (b.at as { op: number }).op);
    this.pendingByTime = schedule.filter((e) => 'ms' in e.at);
  }

  /** Arms the time-based entries (relative to now). */
  start(): void {
    for (const e of this.pendingByTime) {
      const t = this.clock.after((e.at as { ms: number }).ms, () => {
        this.timers.delete(t);
        void this.enqueue(() => this.inject(e, undefined));
      });
      this.timers.add(t);
    }
  }

  /** Call before the workload's op `n` (0-based): injects the entries due and heals those that ran their ops. */
  async beforeOp(n: number): Promise<void> {
    this.currentOp = n;
    for (const a of [...this.active]) if (a.healAtOp !== undefined && a.healAtOp <= n) await this.enqueue(() => this.heal(a));
    while (this.pendingByOp.length > 0 && (this.pendingByOp[0]!.at as { op: number }).op <= n) {
      const e = this.pendingByOp.shift()!;
      await this.enqueue(() => this.inject(e, n));
    }
    if (this.firstError) throw this.firstError;
  }

  /** The final phase: cancels what has not fired, heals what is active. Rethrows the first fault error. */
  async healAll(): Promise<void> {
    this.finished = true;
    for (const t of this.timers) t.cancel();
    this.timers.clear();
    await this.enqueue(async () => {
      for (const a of [...this.active]) await this.heal(a);
    });
    if (this.firstError) throw this.firstError;
  }

  /** Faults active now, described. */
  activeFaults(): string[] {
    return [...this.active].map((a) => a.fault.describe());
  }

  private enqueue(action: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(action).catch((e: unknown) => {
      this.firstError ??= e instanceof Error ? e : new Error(String(e));
    });
    return this.chain;
  }

  private async inject(entry: ScheduleEntry, op: number | undefined): Promise<void> {
    if (this.finished && op === undefined) return;
    const fault = makeFault(entry.fault, this.ctx);
    const words = nemesisWords(entry.fault);
    this.recorder.nemesis(words.inject, { phase: 'inject', fault: entry.fault });
    await fault.inject();
    const a: Active = { entry, fault };
    this.active.add(a);
    const d = entry.duration;
    if (d && 'ops' in d) a.healAtOp = (op ?? this.currentOp) + d.ops;
    if (d && 'ms' in d) {
      a.timer = this.clock.after(d.ms, () => {
        this.timers.delete(a.timer!);
        void this.enqueue(() => this.heal(a));
      });
      this.timers.add(a.timer);
    }
  }

  private async heal(a: Active): Promise<void> {
    if (!this.active.has(a)) return;
    this.active.delete(a);
    if (a.timer) {
      a.timer.cancel();
      this.timers.delete(a.timer);
    }
    await a.fault.heal();
    this.recorder.nemesis(nemesisWords(a.entry.fault).heal, { phase: 'heal', fault: a.entry.fault });
  }
}
