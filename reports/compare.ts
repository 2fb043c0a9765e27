// Compares two or more reports (implementations or configs) side by side: the verdict matrix with
// one column per report x target, a row per guarantee. The first column of a row is the baseline;
// a cell whose verdict differs from it (or that is missing where it is present) is a difference,
// and a row with a difference is highlighted. Rendered as Markdown and as self-contained HTML.

import { writeFile } from 'node:fs/promises';
import { htmlEscape as e } from './html-escape.js';
import { compareConfigs, ms, targetLabel, VERDICT_MARK } from './labels.js';
import { verdictMatrix, type MatrixCell } from './matrix.js';
import type { Report, TargetInfo } from './model.js';
import { htmlPage, matrixCellHtml } from './write-html.js';
import { mdCell } from './write-markdown.js';

/** A report with the name its columns carry (a file name, a config, a branch). */
export interface LabelledReport {
  label: string;
  report: Report;
}

export interface ComparisonColumn {
  label: string;
  target: TargetInfo;
}

export interface ComparisonRow {
  guarantee: string;
  configs: string[];
  /** One per column; undefined where that report's target did not check the guarantee. */
  cells: Array<MatrixCell | undefined>;
  /** Per column: differs from the row's baseline (its first column with a cell). */
  differs: boolean[];
  /** Any cell differs. */
  changed: boolean;
}

export interface Comparison {
  columns: ComparisonColumn[];
  rows: ComparisonRow[];
}

/** The largest p95 loss window (ms) among a cell's results, if any measured one. */
function lossP95(cell: MatrixCell | undefined): number | undefined {
  const p95s = (cell?.results ?? []).flatMap((r) => (r.lossWindow ? [r.lossWindow.ms.p95] : []));
  return p95s.length === 0 ? undefined : Math.max(...p95s);
}

/** Builds the side-by-side matrix of `inputs` (at least two reports). */
export function compareReports(inputs: readonly LabelledReport[]): Comparison {
  if (inputs.length < 2) throw new Error(`compare needs two or more reports, got ${inputs.length}`);
  const matrices = inputs.map((i) => ({ label: i.label, matrix: verdictMatrix(i.report) }));
  const columns = matrices.flatMap((m) => m.matrix.targets.map((target) => ({ label: m.label, target })));
  const guarantees = new Map<string, Set<string>>();
  for (const m of matrices) for (const row of m.matrix.rows) guarantees.set(row.guarantee, new Set([...(guarantees.get(row.guarantee) ?? []), ...row.configs]));
  const rows = [...guarantees].map(([guarantee, configs]): ComparisonRow => {
    const cells = matrices.flatMap((m) => {
      const row = m.matrix.rows.find((r) => r.guarantee === guarantee);
      return m.matrix.targets.map((t) => row?.cells.get(t.name));
    });
    const baseline = cells.find((c) => c !== undefined);
    const differs = cells.map((c) => c?.verdict !== baseline?.verdict);
    return { guarantee, configs: [...configs].sort(compareConfigs), cells, differs, changed: differs.some(Boolean) };
  });
  rows.sort((a, b) => compareConfigs(a.configs[0]!, b.configs[0]!) || a.guarantee.localeCompare(b.guarantee));
  return { columns, rows };
}

/** The comparison as Markdown: differing cells in bold with a ◆, changed rows marked. */
export function renderCompareMarkdown(c: Comparison): string {
  const changed = c.rows.filter((r) => r.changed).length;
  const header = ['', 'guarantee', ...c.columns.map((col) => `${col.label}: ${targetLabel(col.target)}`)];
  const lines = [
    '# durability-lab comparison',
    '',
    `${changed} of ${c.rows.length} guarantee(s) differ. The first column with a result is each row's baseline; ◆ marks a cell that differs from it.`,
    '',
    `| ${header.map(mdCell).join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...c.rows.map((row) => {
      const cells = row.cells.map((cell, i) => {
        const p95 = lossP95(cell);
        const text = cell === undefined ? 'not run' : `${VERDICT_MARK[cell.verdict]} (${cell.violations}/${cell.cases})${p95 === undefined ? '' : `, loss p95 ${ms(p95)}`}`;
        return row.differs[i] ? `**◆ ${text}**` : text;
      });
      return `| ${row.changed ? '≠' : ''} | ${mdCell(row.guarantee)} | ${cells.join(' | ')} |`;
    }),
    '',
  ];
  return lines.join('\n');
}

/** The comparison as one self-contained HTML page (the report's colours, differences outlined). */
export function renderCompareHtml(c: Comparison): string {
  const changed = c.rows.filter((r) => r.changed).length;
  const head = `<tr><th class="guarantee">guarantee</th>${c.columns.map((col) => `<th>${e(col.label)}<br>${e(targetLabel(col.target))}<br><small>${e(col.target.name)}</small></th>`).join('')}</tr>`;
  const rows = c.rows.map((row) => {
    const cells = row.cells.map((cell, i) => {
      const p95 = lossP95(cell);
      const html = matrixCellHtml(cell, row.differs[i] ? 'diff' : '');
      return p95 === undefined ? html : html.replace(/<\/td>$/, `<small>loss p95 ${e(ms(p95))}</small></td>`);
    });
    return `<tr class="${row.changed ? 'diff' : ''}"><td class="guarantee">${e(row.guarantee)}<small>${e(row.configs.join(', '))}</small></td>${cells.join('')}</tr>`;
  });
  const body = `<header><h1>durability-lab comparison</h1>
<p class="subtitle">${e(c.columns.map((col) => `${col.label}: ${targetLabel(col.target)}`).join(' · '))}</p>
<p><strong>${changed} of ${c.rows.length}</strong> guarantee(s) differ. The first column with a result is each row's baseline; an outlined cell differs from it, and a changed row has a bar at its left.</p></header>
<section><h2>Verdict matrix</h2>
<table class="matrix" id="verdict-matrix"><thead>${head}</thead><tbody>${rows.join('\n')}</tbody></table></section>`;
  return htmlPage('durability-lab comparison', body);
}

/** Compares `inputs` and writes the Markdown and/or HTML comparison to the files given. */
export async function writeCompare(inputs: readonly LabelledReport[], files: { markdown?: string; html?: string }): Promise<Comparison> {
  const c = compareReports(inputs);
  if (files.markdown) await writeFile(files.markdown, renderCompareMarkdown(c), 'utf8');
  if (files.html) await writeFile(files.html, renderCompareHtml(c), 'utf8');
  return c;
}
