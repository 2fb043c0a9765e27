// Runs a case's steps on a target and records the history (Jepsen's words: each op's invocation
// and completion, ok / fail / info) with nemesis events for the faults it switches. Steps run in
// order, one at a time, so the order the server applied them is the history's order.

import type { Redis } from 'ioredis';
import { HistoryRecorder, type History, type Op } from '../../harness/history/history.js';
import type { DiskFaultSwitches } from '../../harness/index.js';
import type { CaseTarget } from './case-target.js';
import type { Step } from './steps.js';
import { materialize } from './workload.js';

/** An op that got no reply in this long is recorded as info (unknown). */
const OP_TIMEOUT_MS = 15_000;
/** Bound on waits for a save or rewrite to finish. */
const WAIT_BOUND_MS = 8_000;

export interface RunState {
  target: CaseTarget;
  recorder: HistoryRecorder;
  clients: Redis[];
  counter: { n: number };
  disk: DiskFaultSwitches;
  /**
   * Set once an op's outcome is unknown (the connection broke: the target died or is gone).
   * Later workload steps are skipped: they would only add unknown ops to the history.
   */
  broken: boolean;
}

export class OpTimeout extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Waits `ms` of the target's time (virtual time advances at once). */
const targetSleep = (target: CaseTarget, ms: number): Promise<unknown> => (target.time ? target.time.sleep(ms) : sleep(ms));

function replyText(v: unknown): string {
  if (Buffer.isBuffer(v)) return v.toString('latin1');
  if (Array.isArray(v)) return `[${v.map(replyText).join(',')}]`;
  return String(v);
}

/** Whether an ioredis rejection is a definite error reply (fail) rather than a lost connection (info). */
function isErrorReply(e: unknown): boolean {
  return e instanceof Error && e.name === 'ReplyError';
}

/** Issues one command on one client and records it. */
export async function call(state: RunState, client: number, args: string[]): Promise<Op> {
  const op = state.recorder.invoke(client, args);
  const c = state.clients[client]!;
  let timer: NodeJS.Timeout | undefined;
  try {
    const reply = await Promise.race([
      c.call(args[0]!, ...args.slice(1)),
      new Promise<never>((_, rej) => {
        timer = setTimeout(() => rej(new OpTimeout(`no reply in ${OP_TIMEOUT_MS} ms`)), OP_TIMEOUT_MS);
      }),
    ]);
    state.recorder.complete(op, 'ok', replyText(reply));
  } catch (e) {
    state.recorder.complete(op, isErrorReply(e) ? 'fail' : 'info', (e as Error).message);
    if (op.outcome === 'info') state.broken = true;
  } finally {
    clearTimeout(timer);
  }
  return op;
}

/** A pipelined burst on one connection: all sent at once, each completion recorded. */
async function burst(state: RunState, client: number, cmds: string[][]): Promise<void> {
  const ops = cmds.map((args) => state.recorder.invoke(client, args));
  const p = state.clients[client]!.pipeline();
  for (const args of cmds) p.call(args[0]!, ...args.slice(1));
  try {
    const results = (await p.exec()) ?? [];
    ops.forEach((op, i) => {
      const r = results[i];
      if (!r) state.recorder.complete(op, 'info', 'no result');
      else if (r[0]) state.recorder.complete(op, isErrorReply(r[0]) ? 'fail' : 'info', r[0].message);
      else state.recorder.complete(op, 'ok', replyText(r[1]));
    });
  } catch (e) {
    for (const op of ops) if (op.completedAt === op.invokedAt) state.recorder.complete(op, 'info', (e as Error).message);
  }
  if (ops.some((o) => o.outcome === 'info')) state.broken = true;
}

function field(info: string, name: string): string | undefined {
  return new RegExp(`(?:^|\\r?\\n)${name}:([^\\r\\n]*)`).exec(info)?.[1];
}

/** Polls INFO persistence (each poll recorded) until `done` holds of it, within WAIT_BOUND_MS. */
export async function waitInfo(state: RunState, done: (info: string) => boolean): Promise<boolean> {
  const deadline = performance.now() + WAIT_BOUND_MS;
  while (performance.now() < deadline && !state.broken) {
    const op = await call(state, 0, ['INFO', 'persistence']);
    if (op.outcome !== 'ok') return false;
    if (done(op.reply ?? '')) return true;
    await targetSleep(state.target, 20);
  }
  return false;
}

function setDisk(state: RunState, what: string): void {
  state.target.setDiskFaults(state.disk);
  state.recorder.nemesis(what);
}

/** Runs one step. */
export async function runStep(state: RunState, s: Step): Promise<void> {
  if (state.broken && s.t !== 'disk' && s.t !== 'fsync-delay') return;
  switch (s.t) {
    case 'op':
      await call(state, s.client, materialize(s.args, state.counter));
      return;
    case 'burst':
      await burst(state, s.client, s.ops.map((o) => materialize(o, state.counter)));
      return;
    case 'read':
      await call(state, s.client, [...s.args]);
      return;
    case 'bgsave':
      await call(state, 0, ['BGSAVE']);
      return;
    case 'wait-save':
      await waitInfo(state, (i) => field(i, 'rdb_bgsave_in_progress') === '0');
      return;
    case 'bgrewriteaof':
      await call(state, 0, ['BGREWRITEAOF']);
      return;
    case 'wait-rewrite':
      await waitInfo(state, (i) => field(i, 'aof_rewrite_in_progress') === '0' && field(i, 'aof_rewrite_scheduled') === '0');
      return;
    case 'info':
      await call(state, 0, ['INFO', 'persistence']);
      return;
    case 'disk':
      if (s.fault === 'full') state.disk.enospc = s.on;
      else if (s.fault === 'eio') state.disk.eioWrite = s.on;
      else state.disk.eioFsync = s.on;
      setDisk(state, `disk:${s.fault} ${s.on ? 'on' : 'off'}`);
      return;
    case 'fsync-delay':
      state.disk.fsyncDelayMs = s.ms;
      setDisk(state, `fsync:delay ${s.ms}`);
      return;
    case 'sleep':
      await targetSleep(state.target, s.ms);
      return;
    case 'pause':
      // SIGSTOP / SIGCONT (in-process: stops serving): clients wait, nothing is lost.
      state.recorder.nemesis('pause');
      await state.target.pause();
      await targetSleep(state.target, s.ms);
      await state.target.resume();
      state.recorder.nemesis('resume');
      return;
  }
}

/** Opens `clients` connections to a started target and a fresh recorder. */
export function newRun(target: CaseTarget, clients: number): RunState {
  const time = target.time;
  return { target, recorder: new HistoryRecorder(time ? () => time.monotonic() : undefined), clients: Array.from({ length: clients }, () => target.client()), counter: { n: 0 }, disk: {}, broken: false };
}

/** Runs every step in order. */
export async function runSteps(state: RunState, steps: readonly Step[]): Promise<History> {
  for (const s of steps) await runStep(state, s);
  return state.recorder.history;
}

/** Switches every disk fault off (the heal phase), recording it. */
export function healDisk(state: RunState): void {
  const was = state.disk;
  state.disk = {};
  state.target.setDiskFaults({});
  for (const [k, name] of [['enospc', 'full'], ['eioWrite', 'eio'], ['eioFsync', 'eio-fsync']] as const) if (was[k]) state.recorder.nemesis(`disk:${name} off`);
  if (was.fsyncDelayMs) state.recorder.nemesis('fsync:delay 0');
}
