// The verdict matrix, like a compatibility matrix: one row per guarantee, one column per target;
// a cell sums the results of that target for that guarantee and shows the worst verdict.
// Markdown, HTML and compare all draw from this one computation.

import { compareConfigs } from './labels.js';
import { worstVerdict, type Report, type Result, type TargetInfo, type Verdict } from './model.js';

/** One cell: the results of one target for one guarantee. */
export interface MatrixCell {
  verdict: Verdict;
  results: Result[];
  cases: number;
  violations: number;
}

export interface MatrixRow {
  guarantee: string;
  /** The configs and scenarios whose results the row holds, for a subtitle. */
  configs: string[];
  scenarios: string[];
  /** By target name; absent when the target did not run anything for this guarantee. */
  cells: Map<string, MatrixCell>;
}

export interface VerdictMatrix {
  targets: TargetInfo[];
  rows: MatrixRow[];
}

/** Builds the matrix of `report`; rows in config order, then by guarantee. */
export function verdictMatrix(report: Report): VerdictMatrix {
  const byGuarantee = new Map<string, Result[]>();
  for (const r of report.results) {
    const list = byGuarantee.get(r.guarantee) ?? [];
    list.push(r);
    byGuarantee.set(r.guarantee, list);
  }
  const rows: MatrixRow[] = [];
  for (const [guarantee, results] of byGuarantee) {
    const cells = new Map<string, MatrixCell>();
    for (const t of report.targets) {
      const mine = results.filter((r) => r.target === t.name);
      if (mine.length === 0) continue;
      cells.set(t.name, {
        verdict: worstVerdict(mine.map((r) => r.verdict))!,
        results: mine,
        cases: mine.reduce((s, r) => s + r.cases, 0),
        violations: mine.reduce((s, r) => s + r.violations, 0),
      });
    }
    rows.push({
      guarantee,
      configs: [...new Set(results.map((r) => r.config))].sort(compareConfigs),
      scenarios: [...new Set(results.map((r) => r.scenario))].sort(),
      cells,
    });
  }
  rows.sort((a, b) => compareConfigs(a.configs[0]!, b.configs[0]!) || a.guarantee.localeCompare(b.guarantee));
  return { targets: report.targets, rows };
}

/** Counts of results by verdict, for a headline. */
export function verdictCounts(report: Report): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { pass: 0, violated: 0, 'known-divergence': 0, error: 0 };
  for (const r of report.results) counts[r.verdict]++;
  return counts;
}
