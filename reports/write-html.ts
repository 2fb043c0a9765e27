// The HTML report: ONE self-contained file (inline CSS, charts as inline SVG rendered by vega at
// report time, no script, no network). Order: title and run metadata, the verdict matrix
// (implementation x guarantee), every result, charts, then each counterexample with its timeline.

import { writeFile } from 'node:fs/promises';
import { convergenceChart, lossWindowMsChart, lossWindowOpsChart, recoveryChart, throughputChart, timelineChart } from './charts.js';
import { htmlEscape as e } from './html-escape.js';
import { REPORT_CSS, VERDICT_COLOURS } from './html-style.js';
import { opText, opsPerSec, sortResults, targetLabel, VERDICT_LABEL } from './labels.js';
import { verdictCounts, verdictMatrix, type MatrixCell } from './matrix.js';
import type { Counterexample, Distribution, Report, Result, Verdict } from './model.js';
import { runFacts } from './run-summary.js';

/** The inline style of a verdict-coloured element. */
export function verdictStyle(v: Verdict): string {
  const [bg, fg] = VERDICT_COLOURS[v];
  return `background:${bg};color:${fg}`;
}

/** A complete HTML page around `body`. */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** One matrix cell: verdict, violations/cases. `extra` adds classes (compare marks differences). */
export function matrixCellHtml(cell: MatrixCell | undefined, extra = ''): string {
  if (cell === undefined) return `<td class="missing ${extra}">not run</td>`;
  return `<td class="cell ${extra}" data-verdict="${cell.verdict}" style="${verdictStyle(cell.verdict)}">${e(VERDICT_LABEL[cell.verdict])}<small>${cell.violations} / ${cell.cases} violated</small></td>`;
}

function matrixHtml(report: Report): string {
  const m = verdictMatrix(report);
  const head = `<tr><th class="guarantee">guarantee</th>${m.targets.map((t) => `<th>${e(targetLabel(t))}<br><small>${e(t.name)}</small></th>`).join('')}</tr>`;
  const rows = m.rows.map((row) => `<tr><td class="guarantee">${e(row.guarantee)}<small>${e(row.configs.join(', '))} · ${e(row.scenarios.join(', '))}</small></td>${m.targets.map((t) => matrixCellHtml(row.cells.get(t.name))).join('')}</tr>`);
  return `<table class="matrix" id="verdict-matrix"><thead>${head}</thead><tbody>${rows.join('\n')}</tbody></table>
<p class="legend">Each cell shows the worst verdict of that implementation's results for the guarantee: ${(['pass', 'violated', 'known-divergence', 'error'] as const).map((v) => `<span class="badge" style="${verdictStyle(v)}">${VERDICT_LABEL[v]}</span>`).join(' ')}</p>`;
}

/** Known divergences and errors with their messages, under the results table. */
function notesHtml(report: Report): string {
  const noted = sortResults(report.results, report.targets).filter((r) => r.message !== undefined);
  if (noted.length === 0) return '';
  const items = noted.map((r) => `<li><span class="badge" style="${verdictStyle(r.verdict)}">${e(VERDICT_LABEL[r.verdict])}</span> <strong>${e(`${r.target} · ${r.config} · ${r.scenario} · ${r.fault}`)}</strong>: ${e(r.message!)}</li>`);
  return `<h3>Known divergences and errors</h3><ul class="notes">${items.join('\n')}</ul>`;
}

function resultsHtml(report: Report): string {
  const rows = sortResults(report.results, report.targets).map((r) => {
    const mpm = (d: Distribution | undefined, f: (v: number) => string) => (d === undefined ? '' : `${f(d.median)} / ${f(d.p95)} / ${f(d.max)}`);
    const n = (v: number) => String(v >= 10 ? Math.round(v) : Math.round(v * 10) / 10);
    return `<tr><td>${e(r.target)}</td><td>${e(r.config)}</td><td class="run">${e(r.scenario)} · ${e(r.fault)}<small>${e(r.guarantee)}</small></td><td class="cell" style="${verdictStyle(r.verdict)}">${e(VERDICT_LABEL[r.verdict])}</td><td class="num">${r.violations} / ${r.cases}</td><td class="num">${mpm(r.lossWindow?.ops, n)}</td><td class="num">${mpm(r.lossWindow?.ms, n)}</td><td class="num">${mpm(r.recoveryMs, n)}</td><td class="num">${e(opsPerSec(r.throughputOpsPerSec))}</td><td class="num">${mpm(r.convergenceMs, n)}</td></tr>`;
  });
  return `<div class="scroll"><table class="results"><thead><tr><th>target</th><th>config</th><th>scenario · fault, guarantee</th><th>verdict</th><th>violated / cases</th><th>lost ops</th><th>loss window ms</th><th>recovery ms</th><th>throughput</th><th>convergence ms</th></tr></thead><tbody>${rows.join('\n')}</tbody></table></div>
<p class="legend">Lost ops, loss window, recovery and convergence: median / p95 / max over the cases.</p>${notesHtml(report)}`;
}

async function chartsHtml(report: Report): Promise<string> {
  const charts: Array<[string, Promise<string | undefined>]> = [
    ['loss-window-ms', lossWindowMsChart(report)],
    ['loss-window-ops', lossWindowOpsChart(report)],
    ['throughput', throughputChart(report)],
    ['recovery', recoveryChart(report)],
    ['convergence', convergenceChart(report)],
  ];
  const figures: string[] = [];
  const absent: string[] = [];
  for (const [name, svg] of charts) {
    const s = await svg;
    if (s === undefined) absent.push(name);
    else figures.push(`<figure class="chart" data-chart="${name}">${s}</figure>`);
  }
  return `<div class="charts">${figures.join('\n')}</div>${absent.length ? `<p class="none">No measurements in this run for: ${absent.map(e).join(', ')}.</p>` : ''}`;
}

async function counterexampleHtml(report: Report, r: Result, c: Counterexample): Promise<string> {
  const diff = Object.entries(c.keyspaceDiff);
  const diffTable = diff.length === 0 ? '<p class="none">The keyspace matched the model (the violation is in the replies or the timing).</p>'
    : `<table class="keyspace-diff"><thead><tr><th>key</th><th>expected (model)</th><th>actual (after recovery)</th></tr></thead><tbody>${diff.map(([k, d]) => `<tr><td><code>${e(k)}</code></td><td><code>${e(JSON.stringify(d.expected))}</code></td><td><code>${e(JSON.stringify(d.actual))}</code></td></tr>`).join('')}</tbody></table>`;
  const history = c.history.map((o) => `<tr><td class="num">${o.index}</td><td class="num">${o.client ?? ''}</td><td class="num">${o.invokedAt.toFixed(1)}</td><td class="num">${o.completedAt.toFixed(1)}</td><td>${e(o.outcome)}</td><td><code>${e(opText(o.args))}</code></td><td><code>${e(o.reply ?? '')}</code></td></tr>`);
  const faults = c.faults.map((f) => `<tr><td colspan="2">nemesis</td><td class="num">${f.start.toFixed(1)}</td><td class="num">${f.end.toFixed(1)}</td><td colspan="3">${e(f.what)}</td></tr>`);
  return `<article class="counterexample" id="case-${e(c.id.replace(/\s+/g, '-'))}">
<h3>${e(r.target)} · ${e(r.config)} · ${e(r.scenario)} · ${e(r.fault)} <small>case ${e(c.id)}</small></h3>
<p>${e(c.summary)}</p>
<dl class="facts"><dt>guarantee</dt><dd>${e(r.guarantee)}</dd><dt>seed</dt><dd>${c.seed}</dd><dt>path</dt><dd><code>${e(c.path || '(none)')}</code></dd>${c.plan ? `<dt>plan</dt><dd><code>${e(c.plan)}</code></dd>` : ''}</dl>
<pre class="replay">${e(c.replay)}</pre>
<figure class="chart timeline" data-chart="timeline">${await timelineChart(report, c)}</figure>
${diffTable}
<details><summary>Shrunk history: ${c.history.length} ops, ${c.faults.length} fault(s)</summary>
<table class="history"><thead><tr><th>op</th><th>client</th><th>invoked (ms)</th><th>completed (ms)</th><th>outcome</th><th>command</th><th>reply</th></tr></thead><tbody>${[...history, ...faults].join('\n')}</tbody></table>
</details>
</article>`;
}

/** Renders `report` as one self-contained HTML page. */
export async function renderHtml(report: Report): Promise<string> {
  const counts = verdictCounts(report);
  const badges = (['violated', 'error', 'known-divergence', 'pass'] as const).map((v) => `<span class="badge" style="${verdictStyle(v)}">${counts[v]} ${VERDICT_LABEL[v]}</span>`).join('');
  const withCounterexamples = sortResults(report.results, report.targets).flatMap((r) => r.counterexamples.map((c) => [r, c] as const));
  const cases = await Promise.all(withCounterexamples.map(([r, c]) => counterexampleHtml(report, r, c)));
  const violatedWithout = report.results.filter((r) => r.verdict === 'violated' && r.counterexamples.length === 0).length;
  const body = `<header>
<h1>durability-lab report</h1>
<p class="subtitle">${e(report.targets.map(targetLabel).join(' vs ') || 'no targets')} · ${e(report.metadata.startedAt)}</p>
<dl class="facts">${runFacts(report).map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join('')}</dl>
<div class="badges">${badges}</div>
</header>
<section><h2>Verdict matrix</h2>
${matrixHtml(report)}
</section>
<section><h2>Results</h2>
${resultsHtml(report)}
</section>
<section><h2>Charts</h2>
${await chartsHtml(report)}
</section>
<section><h2>Counterexamples</h2>
${cases.length === 0 ? '<p class="none">No counterexamples: no guarantee was violated.</p>' : cases.join('\n')}
${violatedWithout > 0 ? `<p class="none">${violatedWithout} violated result(s) recorded no counterexample.</p>` : ''}
</section>`;
  return htmlPage(`durability-lab report ${report.metadata.startedAt}`, body);
}

/** Writes the HTML report of `report` to `file`. */
export async function writeHtml(report: Report, file: string): Promise<void> {
  await writeFile(file, await renderHtml(report), 'utf8');
}
