// A history to and from JSON, for reports and replay. Parsing checks the shape and says which
// field is wrong, so a hand-edited or truncated file fails clearly instead of misleading a checker.

import type { History, NemesisEvent, Op } from './history.js';

/** Thrown when a JSON document is not a history; the message names the bad field. */
export class HistoryFormatError extends Error {}

/** The history as a JSON string (stable field order; numbers as they are). */
export function historyToJson(history: History): string {
  return JSON.stringify({ ops: history.ops, nemesis: history.nemesis });
}

function fail(where: string, what: string): never {
  throw new HistoryFormatError(`history JSON: ${where}: ${what}`);
}

function num(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(where, `expected a finite number, got ${JSON.stringify(v)}`);
  return v;
}

/** Parses and checks a history written by historyToJson. */
export function historyFromJson(text: string): History {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new HistoryFormatError(`history JSON: not JSON (${(e as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null) fail('top level', 'expected an object with ops and nemesis');
  const { ops, nemesis } = raw as { ops?: unknown; nemesis?: unknown };
  if (!Array.isArray(ops)) fail('ops', 'expected an array');
  if (!Array.isArray(nemesis)) fail('nemesis', 'expected an array');
  const outOps: Op[] = ops.map((o: unknown, i): Op => {
    const w = `ops[${i}]`;
    if (typeof o !== 'object' || o === null) fail(w, 'expected an object');
    const op = o as Record<string, unknown>;
    if (op.index !== i) fail(`${w}.index`, `expected ${i}, got ${JSON.stringify(op.index)}`);
    num(op.client, `${w}.client`);
    if (!Array.isArray(op.args) || !op.args.every((a) => typeof a === 'string')) fail(`${w}.args`, 'expected an array of strings');
    num(op.invokedAt, `${w}.invokedAt`);
    num(op.completedAt, `${w}.completedAt`);
    if ((op.completedAt as number) < (op.invokedAt as number)) fail(`${w}.completedAt`, 'earlier than invokedAt');
    if (op.outcome !== 'ok' && op.outcome !== 'fail' && op.outcome !== 'info') fail(`${w}.outcome`, `expected ok, fail or info, got ${JSON.stringify(op.outcome)}`);
    if (op.reply !== undefined && typeof op.reply !== 'string') fail(`${w}.reply`, 'expected a string');
    return op as unknown as Op;
  });
  const outNemesis: NemesisEvent[] = nemesis.map((e: unknown, i): NemesisEvent => {
    const w = `nemesis[${i}]`;
    if (typeof e !== 'object' || e === null) fail(w, 'expected an object');
    const ev = e as Record<string, unknown>;
    num(ev.at, `${w}.at`);
    if (typeof ev.what !== 'string') fail(`${w}.what`, 'expected a string');
    if (ev.phase !== undefined && ev.phase !== 'inject' && ev.phase !== 'heal') fail(`${w}.phase`, `expected inject or heal, got ${JSON.stringify(ev.phase)}`);
    return ev as unknown as NemesisEvent;
  });
  return { ops: outOps, nemesis: outNemesis };
}
