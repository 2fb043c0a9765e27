// The Markdown summary of a report, for CI logs and pull requests: the run, the verdict matrix
// (implementation x guarantee), each violation with its replay command and shrunk history, known
// divergences and errors, then loss windows, recovery, throughput and convergence per result.

import { writeFile } from 'node:fs/promises';
import { historyLines } from './counterexample-text.js';
import { msSummary, opsPerSec, sortResults, targetLabel, VERDICT_MARK } from './labels.js';
import { verdictCounts, verdictMatrix } from './matrix.js';
import type { Counterexample, Report, Result } from './model.js';
import { runFacts } from './run-summary.js';

/** Text made safe for one Markdown table cell. */
export function mdCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** A fenced code block that no backtick run in `text` can close early. */
function fenced(text: string, lang = ''): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((s) => s.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${text}\n${fence}`;
}

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.map(mdCell).join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

/** Where a result sits: `reference · everysec · power-loss · crash:power`. */
export function resultTitle(r: Result): string {
  return `${r.target} · ${r.config} · ${r.scenario} · ${r.fault}`;
}

/** A counterexample as Markdown lines. */
function counterexampleLines(c: Counterexample): string[] {
  const lines = [`#### Case \`${c.id}\``, '', mdCell(c.summary), '', `seed ${c.seed}, path \`${c.path || '(none)'}\`.${c.plan ? ` Plan: \`${c.plan.replace(/`/g, "'")}\`.` : ''} Replay:`, '', fenced(c.replay, 'sh'), ''];
  lines.push('Shrunk history (op, invoke..complete, outcome, command -> reply) and faults:', '', fenced(historyLines(c).join('\n')), '');
  const diff = Object.entries(c.keyspaceDiff);
  if (diff.length > 0) {
    lines.push(...table(['key', 'expected', 'actual'], diff.map(([k, d]) => [mdCell(`\`${k}\``), mdCell(JSON.stringify(d.expected)), mdCell(JSON.stringify(d.actual))])), '');
  }
  return lines;
}

/** Renders the Markdown summary of `report`. */
export function renderMarkdown(report: Report): string {
  const counts = verdictCounts(report);
  const totalCases = report.results.reduce((s, r) => s + r.cases, 0);
  const lines: string[] = ['# durability-lab report', ''];
  for (const [k, v] of runFacts(report)) lines.push(`- **${k}**: ${mdCell(v)}`);
  lines.push(
    '',
    `**${counts.violated} violated, ${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts['known-divergence']} known divergence${counts['known-divergence'] === 1 ? '' : 's'}, ${counts.pass} passed** (${report.results.length} results, ${totalCases} cases)`,
    '',
    '## Verdict matrix',
    '',
  );
  const matrix = verdictMatrix(report);
  lines.push(
    ...table(
      ['guarantee', ...matrix.targets.map(targetLabel)],
      matrix.rows.map((row) => [
        mdCell(row.guarantee),
        ...matrix.targets.map((t) => {
          const cell = row.cells.get(t.name);
          return cell === undefined ? '—' : `${VERDICT_MARK[cell.verdict]} (${cell.violations}/${cell.cases})`;
        }),
      ]),
    ),
    '',
    'A cell shows the worst verdict of its results and violations/cases.',
    '',
  );

  const sorted = sortResults(report.results, report.targets);
  const violated = sorted.filter((r) => r.verdict === 'violated');
  lines.push('## Violations', '');
  if (violated.length === 0) lines.push('None: every checked guarantee held.', '');
  for (const r of violated) {
    lines.push(`### ${mdCell(resultTitle(r))}`, '', `Guarantee: ${mdCell(r.guarantee)}`, '', `${r.violations} of ${r.cases} cases violated it.`, '');
    if (r.counterexamples.length === 0) lines.push('No counterexample was recorded.', '');
    for (const c of r.counterexamples) lines.push(...counterexampleLines(c));
  }

  const others = sorted.filter((r) => r.verdict === 'known-divergence' || r.verdict === 'error');
  if (others.length > 0) {
    lines.push('## Known divergences and errors', '');
    for (const r of others) lines.push(`- ${VERDICT_MARK[r.verdict]} **${mdCell(resultTitle(r))}**: ${mdCell(r.message ?? r.guarantee)}`);
    lines.push('');
  }

  lines.push('## Loss windows, recovery, throughput, convergence', '');
  lines.push(
    ...table(
      ['target', 'config', 'scenario', 'fault', 'verdict', 'cases', 'lost ops (median / p95 / max)', 'loss window', 'recovery', 'throughput', 'convergence', 'guarantee'],
      sorted.map((r) => [
        mdCell(r.target),
        mdCell(r.config),
        mdCell(r.scenario),
        mdCell(r.fault),
        VERDICT_MARK[r.verdict],
        String(r.cases),
        r.lossWindow ? `${r.lossWindow.ops.median} / ${r.lossWindow.ops.p95} / ${r.lossWindow.ops.max}` : '',
        mdCell(msSummary(r.lossWindow?.ms)),
        mdCell(msSummary(r.recoveryMs)),
        opsPerSec(r.throughputOpsPerSec),
        mdCell(msSummary(r.convergenceMs)),
        mdCell(r.guarantee),
      ]),
    ),
    '',
  );
  return lines.join('\n');
}

/** Writes the Markdown summary of `report` to `file`. */
export async function writeMarkdown(report: Report, file: string): Promise<void> {
  await writeFile(file, renderMarkdown(report), 'utf8');
}
