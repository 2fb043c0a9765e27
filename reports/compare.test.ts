import { describe, expect, it } from 'vitest';
import { compareReports, renderCompareHtml, renderCompareMarkdown } from './compare.js';
import { knownDivergenceReport, passingReport, violationReport } from './testing/fixtures.js';

describe('compareReports', () => {
  it('puts a column per report x target and marks the one cell that changed', () => {
    const c = compareReports([{ label: 'main', report: passingReport() }, { label: 'branch', report: violationReport() }]);
    expect(c.columns.map((col) => `${col.label}/${col.target.name}`)).toEqual(['main/redis', 'main/reference', 'branch/redis', 'branch/reference']);
    expect(c.rows).toHaveLength(5);
    const changed = c.rows.filter((r) => r.changed);
    expect(changed.map((r) => r.guarantee)).toEqual(['appendfsync everysec: every write acknowledged more than 2000 ms before crash:power survives']);
    expect(changed[0]!.differs).toEqual([false, false, false, true]);
    expect(changed[0]!.cells[3]!.verdict).toBe('violated');
  });

  it('counts a missing cell and a different verdict as differences', () => {
    const fewer = passingReport();
    fewer.results = fewer.results.filter((r) => r.scenario !== 'replica-link-flap');
    const c = compareReports([{ label: 'a', report: fewer }, { label: 'b', report: knownDivergenceReport() }]);
    const replication = c.rows.find((r) => r.guarantee.startsWith('replication'))!;
    // a has no replication results: the baseline is b/redis (pass), b/reference errored.
    expect(replication.differs).toEqual([true, true, false, true]);
    const always = c.rows.find((r) => r.guarantee.startsWith('appendfsync always'))!;
    expect(always.differs).toEqual([false, false, true, false]);
    expect(c.rows.filter((r) => r.changed)).toHaveLength(2);
  });

  it('renders Markdown with the differing cells in bold and changed rows marked', () => {
    const md = renderCompareMarkdown(compareReports([{ label: 'main', report: passingReport() }, { label: 'branch', report: violationReport() }]));
    expect(md).toContain('1 of 5 guarantee(s) differ.');
    expect(md).toContain('| guarantee | main: redis-server 7.0.15 | main: durability-lab reference server 0.1.0 | branch: redis-server 7.0.15 |');
    const row = md.split('\n').find((l) => l.includes('more than 2000 ms before crash:power'))!;
    expect(row.startsWith('| ≠ |')).toBe(true);
    expect(row).toMatch(/\| \*\*◆ ❌ VIOLATED \(1\/8\), loss p95 2600 ms\*\* \|$/);
    expect(md.split('\n').filter((l) => l.includes('◆'))).toHaveLength(2); // the legend line and the cell
  });

  it('renders HTML with the difference outlined and the row flagged', () => {
    const html = renderCompareHtml(compareReports([{ label: 'main <1>', report: passingReport() }, { label: 'branch', report: violationReport() }]));
    expect(html.match(/<td class="cell diff"/g)).toHaveLength(1);
    expect(html.match(/<tr class="diff">/g)).toHaveLength(1);
    expect(html).toContain('main &lt;1&gt;');
    expect(html).toContain('<strong>1 of 5</strong>');
  });

  it('needs two reports', () => {
    expect(() => compareReports([{ label: 'a', report: passingReport() }])).toThrow('compare needs two or more reports, got 1');
  });
});
