// The RDB-only row of the durability contract: after any crash the dataset is the state at the
// start of the last successful save (SAVE, or a BGSAVE whose success the history observed through
// INFO persistence), or of a later save still in flight when the fault hit. Loss window reported.

import type { History, Op } from '../history/history.js';
import { prefixLengthBefore, type PrefixVerdict } from './prefix-checker.js';
import { ackedWrites } from './write-commands.js';
import type { LossVerdict } from './loss-bound.js';
import { lossWindowOf } from './loss-bound.js';

export const RDB_GUARANTEE = 'RDB only, any crash: the recovered dataset is the state at the start of the last successful save';

/** One save attempt in the history and what the history knows of its result. */
export interface SaveAttempt {
  op: Op;
  /** ok: a SAVE replied OK or INFO showed the BGSAVE finished ok; err: it showed it failed. */
  result: 'ok' | 'err' | 'unknown';
  /** S(prefix) is the dataset the save wrote. */
  prefix: number;
}

function field(info: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\r?\\n)${name}:([^\\r\\n]*)`).exec(info);
  return m?.[1];
}

/** The save attempts of a history, in order, with their observed result. */
export function saveAttempts(history: History): SaveAttempt[] {
  const ops = history.ops;
  const out: SaveAttempt[] = [];
  for (const op of ops) {
    const cmd = op.args[0]?.toUpperCase();
    if (op.outcome !== 'ok') continue;
    if (cmd === 'SAVE') out.push({ op, result: 'ok', prefix: prefixLengthBefore(ops, op.index) });
    if (cmd === 'BGSAVE' && /started/i.test(op.reply ?? 'started')) out.push({ op, result: 'unknown', prefix: prefixLengthBefore(ops, op.index) });
  }
  // A BGSAVE's result is the first INFO after it (and before the next save) that shows no save in progress.
  for (let i = 0; i < out.length; i++) {
    const a = out[i]!;
    if (a.result !== 'unknown') continue;
    const until = out[i + 1]?.op.invokedAt ?? Infinity;
    for (const o of ops) {
      if (o.invokedAt <= a.op.completedAt || o.invokedAt >= until || o.outcome !== 'ok' || o.args[0]?.toUpperCase() !== 'INFO') continue;
      if (field(o.reply ?? '', 'rdb_bgsave_in_progress') !== '0') continue;
      const status = field(o.reply ?? '', 'rdb_last_bgsave_status');
      if (status === 'ok' || status === 'err') {
        a.result = status;
        break;
      }
    }
  }
  return out;
}

/**
 * Checks the RDB-only row: the recovered state (prefix verdict) must equal S(k) for k the start
 * of the last save known to succeed (the empty start when none did), or of a later save whose
 * result is unknown. `faultAt` is the crash time, for the loss window.
 */
export function checkRdbSnapshot(history: History, prefix: PrefixVerdict, faultAt: number): LossVerdict {
  const attempts = saveAttempts(history);
  const lastOk = attempts.map((a) => a.result).lastIndexOf('ok');
  const allowed: Array<{ prefix: number; op: Op | undefined; label: string }> = [
    lastOk >= 0 ? { prefix: attempts[lastOk]!.prefix, op: attempts[lastOk]!.op, label: `${attempts[lastOk]!.op.args[0]} op ${attempts[lastOk]!.op.index} (succeeded)` } : { prefix: 0, op: undefined, label: 'the empty start (no save succeeded)' },
    ...attempts.slice(lastOk + 1).filter((a) => a.result === 'unknown').map((a) => ({ prefix: a.prefix, op: a.op, label: `${a.op.args[0]} op ${a.op.index} (in flight)` })),
  ];
  const matched = [...allowed].reverse().find((a) => prefix.matchingPrefixes.includes(a.prefix));
  if (!prefix.ok || !matched) {
    const lossWindow = lossWindowOf(faultAt, prefix.lostAcked);
    const explanation = prefix.ok
      ? `recovered state = S(${prefix.matchingPrefixes.join('|')}), but a save wrote only S(${allowed.map((a) => `${a.prefix}) at ${a.label}`).join(', S(')}`
      : `recovered state is no prefix at all: ${prefix.explanation}`;
    return { guarantee: RDB_GUARANTEE, ok: false, explanation, reason: explanation, lossWindow, lostOps: lossWindow.ops, lossWindowMs: lossWindow.ms };
  }
  const lost = ackedWrites(history.ops.filter((o) => o.index > (matched.op?.index ?? -1)));
  const lossWindow = lossWindowOf(faultAt, lost);
  return {
    guarantee: RDB_GUARANTEE, ok: true, lossWindow, lostOps: lossWindow.ops, lossWindowMs: lossWindow.ms,
    explanation: `recovered state = S(${matched.prefix}), written by ${matched.label}; ${lost.length} later acknowledged write(s) lost as RDB allows`,
    details: { saves: attempts.map((a) => ({ op: a.op.index, result: a.result, prefix: a.prefix })) },
  };
}
