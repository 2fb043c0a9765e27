// MISCONF discipline (DESIGN.md contract): with stop-writes-on-bgsave-error yes, no write is
// acknowledged from a failed save until a save succeeds, while reads go on; under AOF write
// errors, refused writes are errors and no acknowledged write is lost once the disk recovers.

import type { History, Op } from '../history/history.js';
import type { PrefixVerdict } from './prefix-checker.js';
import { saveAttempts } from './rdb-snapshot.js';
import { isWriteCommand } from './write-commands.js';
import { checkLossBound, lossWindowOf, type FaultKind, type LossBoundOptions } from './loss-bound.js';
import type { Verdict } from './verdict.js';

const isMisconf = (o: Op) => o.outcome === 'fail' && /^MISCONF/.test(o.reply ?? '');

function field(info: string, name: string): string | undefined {
  return new RegExp(`(?:^|\\r?\\n)${name}:([^\\r\\n]*)`).exec(info)?.[1];
}

/** A stretch of time in which a failed save was known and no save had succeeded since. */
export interface MisconfWindow {
  /** Completion of the INFO op that showed the failure. */
  from: number;
  /** Invocation of the save that then succeeded (Infinity when none did). */
  to: number;
}

/** The windows in which writes must be refused, read from INFO persistence replies and saves. */
export function bgsaveErrorWindows(history: History): MisconfWindow[] {
  const saves = saveAttempts(history);
  const windows: MisconfWindow[] = [];
  for (const o of history.ops) {
    if (o.outcome !== 'ok' || o.args[0]?.toUpperCase() !== 'INFO') continue;
    const reply = o.reply ?? '';
    if (field(reply, 'rdb_last_bgsave_status') !== 'err' || field(reply, 'rdb_bgsave_in_progress') !== '0') continue;
    if (windows.some((w) => o.completedAt >= w.from && o.completedAt <= w.to)) continue;
    const next = saves.find((s) => s.result === 'ok' && s.op.invokedAt > o.completedAt);
    windows.push({ from: o.completedAt, to: next?.op.invokedAt ?? Infinity });
  }
  return windows;
}

/**
 * stop-writes-on-bgsave-error: with `yes` (and save points set), no write may be acknowledged
 * inside a window from bgsaveErrorWindows and reads there must be served; with `no`, no write
 * may be refused with MISCONF.
 */
export function checkBgsaveErrorDiscipline(history: History, stopWritesOnBgsaveError: boolean): Verdict {
  const windows = bgsaveErrorWindows(history);
  const inWindow = (o: Op) => windows.some((w) => o.invokedAt >= w.from && o.completedAt <= w.to);
  const details = { windows: windows.map((w) => ({ from: w.from, to: Number.isFinite(w.to) ? w.to : null })) };
  if (!stopWritesOnBgsaveError) {
    const refused = history.ops.filter((o) => isWriteCommand(o.args) && isMisconf(o));
    return {
      guarantee: 'stop-writes-on-bgsave-error no: writes go on after a failed save',
      ok: refused.length === 0,
      explanation: refused.length === 0 ? `${windows.length} failed save(s) observed; no write refused` : `${refused.length} write(s) refused with MISCONF, first op ${refused[0]!.index} ${refused[0]!.args.join(' ')}`,
      details,
    };
  }
  const guarantee = 'stop-writes-on-bgsave-error yes, disk:full during BGSAVE: no write acknowledged from the failed save until a save succeeds; reads go on';
  const ackedWrites = history.ops.filter((o) => o.outcome === 'ok' && isWriteCommand(o.args) && inWindow(o));
  const refusedReads = history.ops.filter((o) => !isWriteCommand(o.args) && o.args[0]?.toUpperCase() !== 'PING' && isMisconf(o) && inWindow(o));
  const refusedWrites = history.ops.filter((o) => isWriteCommand(o.args) && isMisconf(o)).length;
  if (ackedWrites.length > 0) {
    const f = ackedWrites[0]!;
    return { guarantee, ok: false, explanation: `${ackedWrites.length} write(s) acknowledged after a failed save and before a successful one, first op ${f.index} ${f.args.join(' ')} -> ${f.reply ?? ''}`, details };
  }
  if (refusedReads.length > 0) {
    const f = refusedReads[0]!;
    return { guarantee, ok: false, explanation: `a read was refused while saving failed: op ${f.index} ${f.args.join(' ')} -> ${f.reply ?? ''}`, details };
  }
  return { guarantee, ok: true, explanation: `${windows.length} failed-save window(s); ${refusedWrites} write(s) refused with MISCONF, none acknowledged inside a window`, details };
}

/**
 * AOF under disk:full / disk:eio: refused writes are errors, and no acknowledged write is lost
 * once the disk recovers. `prefix` is the verdict on the dataset read after the disk healed
 * (and after `fault`, when the run crashed the target too; everysec's stall allowance applies).
 */
export function checkAofDiskErrors(history: History, prefix: PrefixVerdict, faultAt: number, mode: 'always' | 'everysec' | 'no', fault: FaultKind = 'crash:process', options: LossBoundOptions = {}): Verdict {
  const guarantee = `AOF (appendfsync ${mode}), disk:full / disk:eio: refused writes are errors, and no acknowledged write is lost once the disk recovers`;
  const refused = history.ops.filter(isMisconf).length;
  if (!prefix.ok) return { guarantee, ok: false, explanation: `recovered state is no prefix: ${prefix.explanation}`, lossWindow: lossWindowOf(faultAt, []) };
  const loss = checkLossBound(mode, fault, faultAt, prefix.lostAcked, options);
  const diskEvents = history.nemesis.filter((e) => /^disk:/.test(e.what));
  const lastDisk = diskEvents[diskEvents.length - 1];
  const healed = !lastDisk || / off$/.test(lastDisk.what);
  return {
    guarantee,
    ok: loss.ok,
    lossWindow: loss.lossWindow!,
    explanation: `${refused} write(s) refused with MISCONF; ${loss.explanation}${healed ? '' : ' (note: the disk fault was still on at the end)'}`,
    details: { refused, diskEvents: diskEvents.map((e) => e.what) },
  };
}
