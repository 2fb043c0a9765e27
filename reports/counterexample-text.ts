// A counterexample as plain text: the checker's reason, seed, path, replay command, the shrunk
// history one op a line with the nemesis faults, and the keyspace diff. Used by the Markdown
// summary (inside a code block) and by JUnit failures (CI systems show it as is).

import { opText } from './labels.js';
import type { Counterexample } from './model.js';

/** The shrunk history and faults, one line each: index, invoke..complete, outcome, command -> reply. */
export function historyLines(c: Counterexample): string[] {
  const t = (v: number) => v.toFixed(0).padStart(6);
  return [
    ...c.history.map((o) => `${String(o.index).padStart(3)} ${t(o.invokedAt)}..${t(o.completedAt)} ms  ${o.outcome.padEnd(4)} ${opText(o.args)}${o.reply !== undefined ? `  -> ${o.reply}` : ''}`),
    ...c.faults.map((f) => `    ${t(f.start)}..${t(f.end)} ms  nemesis ${f.what}`),
  ];
}

/** The keyspace diff, one key a line: `k1: expected "a", actual null`. */
export function diffLines(c: Counterexample): string[] {
  return Object.entries(c.keyspaceDiff).map(([k, d]) => `${k}: expected ${JSON.stringify(d.expected)}, actual ${JSON.stringify(d.actual)}`);
}

/** The whole counterexample as text. */
export function counterexampleText(c: Counterexample): string {
  return [
    `case ${c.id}: ${c.summary}`,
    `seed ${c.seed}, path ${c.path || '(none)'}`,
    ...(c.plan ? [`plan: ${c.plan}`] : []),
    `replay: ${c.replay}`,
    'history (op, invoke..complete, outcome, command -> reply) and faults:',
    ...historyLines(c),
    ...(Object.keys(c.keyspaceDiff).length > 0 ? ['keyspace diff:', ...diffLines(c).map((l) => '  ' + l)] : []),
  ].join('\n');
}
