// Renders a conformance summary for humans: counts, and for a failure the seed and path to replay
// it, the shrunk sequence as redis-cli lines, and the first differing reply of each side.

import { formatCommand } from './redis-cli-format.js';
import type { ConformanceSummary } from './run-conformance.js';

const MAX_REPLY_CHARS = 2000;

function clip(text: string): string {
  return text.length <= MAX_REPLY_CHARS ? text : `${text.slice(0, MAX_REPLY_CHARS)}... (${text.length} chars)`;
}

/** A multi-line text report. */
export function formatSummary(summary: ConformanceSummary): string {
  const lines = [
    `conformance: ${summary.runs} runs, ${summary.commandsSent} commands sent to each server, seed ${summary.seed}, ${(summary.durationMs / 1000).toFixed(1)} s`,
  ];
  const f = summary.failure;
  if (!f) {
    lines.push('no divergence');
    return lines.join('\n');
  }
  lines.push(
    `DIVERGENCE (seed ${summary.seed}, path "${f.path}")`,
    `replay: FC_SEED=${summary.seed} FC_PATH="${f.path}" npx vitest run properties/conformance.test.ts`,
    `    or: durability-lab conformance --seed ${summary.seed} --path "${f.path}"`,
    '',
    'shrunk sequence (paste into redis-cli):',
  );
  const transcript = f.transcript ?? f.shrunk;
  for (const entry of transcript) lines.push(typeof entry === 'string' ? `  ${entry}` : `  ${formatCommand(entry)}`);
  if (f.divergence) {
    const d = f.divergence;
    lines.push(
      '',
      `first differing reply: command #${d.index + 1}: ${formatCommand(d.argv)}`,
      `  redis-server: ${clip(d.redis)}`,
      `  reference:    ${clip(d.reference)}`,
      `  why: ${d.why}`,
    );
  } else {
    lines.push('', `error: ${f.error}`);
  }
  return lines.join('\n');
}
