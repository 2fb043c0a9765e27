import { describe, expect, it } from 'vitest';
import { ChartError, renderSvg } from './charts.js';
import { knownDivergenceReport, passingReport, violationReport } from './testing/fixtures.js';
import { renderHtml } from './write-html.js';

describe('renderHtml', () => {
  it('is one self-contained page: no script, no stylesheet link, no remote URL', async () => {
    const html = await renderHtml(violationReport());
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?https?:/i);
  });

  it('orders title and metadata, matrix, results, charts, counterexamples', async () => {
    const html = await renderHtml(violationReport());
    const at = (s: string) => html.indexOf(s);
    expect(at('<h1>durability-lab report</h1>')).toBeGreaterThan(0);
    expect(at('commit f381c7e0d1a2')).toBeGreaterThan(at('<h1>'));
    expect(at('<h2>Verdict matrix</h2>')).toBeGreaterThan(at('commit f381c7e0d1a2'));
    expect(at('<h2>Results</h2>')).toBeGreaterThan(at('<h2>Verdict matrix</h2>'));
    expect(at('<h2>Charts</h2>')).toBeGreaterThan(at('<h2>Results</h2>'));
    expect(at('<h2>Counterexamples</h2>')).toBeGreaterThan(at('<h2>Charts</h2>'));
  });

  it('colours the matrix by verdict and draws every chart as vega SVG', async () => {
    const html = await renderHtml(violationReport());
    expect(html.match(/<td class="cell " data-verdict="violated"/g)).toHaveLength(1);
    expect(html.match(/<td class="cell " data-verdict="pass"/g)).toHaveLength(9);
    for (const chart of ['loss-window-ms', 'loss-window-ops', 'throughput', 'recovery', 'convergence', 'timeline']) {
      expect(html).toMatch(new RegExp(`data-chart="${chart}"><svg [^>]*class="marks"`));
    }
  });

  it('escapes what the run recorded, in the tables and in the charts', async () => {
    const html = await renderHtml(violationReport());
    expect(html).toContain('<code>k&lt;2&gt;</code>');
    expect(html).not.toContain('k<2>');
    expect(html).toContain('SET k&lt;2&gt; &quot;\\&quot;b&amp;c\\&quot;&quot;');
  });

  it('says which charts had nothing to draw and that there is no counterexample', async () => {
    const report = passingReport();
    report.results = report.results.filter((r) => r.scenario !== 'replica-link-flap');
    const html = await renderHtml(report);
    expect(html).toContain('No measurements in this run for: convergence.');
    expect(html).toContain('No counterexamples: no guarantee was violated.');
    const kd = await renderHtml(knownDivergenceReport());
    expect(kd).toContain('<h3>Known divergences and errors</h3>');
  });

  it('renders a report with no results, and a counterexample with a long history and no faults', async () => {
    const empty = passingReport();
    empty.results = [];
    const html = await renderHtml(empty);
    expect(html).toContain('No measurements in this run for: loss-window-ms, loss-window-ops, throughput, recovery, convergence.');
    const long = violationReport();
    const ce = long.results.find((r) => r.verdict === 'violated')!.counterexamples[0]!;
    ce.history = Array.from({ length: 120 }, (_, i) => ({ index: i, args: ['INCR', `k${i % 7}`], invokedAt: i * 10, completedAt: i * 10 + 4, outcome: 'ok' as const }));
    ce.faults = [];
    ce.keyspaceDiff = {};
    const longHtml = await renderHtml(long);
    expect(longHtml).toMatch(/data-chart="timeline"><svg [^>]*height="(\d+)"/);
    expect(Number(/data-chart="timeline"><svg [^>]*height="(\d+)"/.exec(longHtml)![1])).toBeLessThan(1500);
    expect(longHtml).toContain('The keyspace matched the model');
  });

  it('renders a vega-lite spec to SVG', async () => {
    const svg = await renderSvg({ data: { values: [{ a: 'x', b: 2 }] }, mark: 'bar', encoding: { x: { field: 'a', type: 'nominal' }, y: { field: 'b', type: 'quantitative' } } });
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('<path');
  });

  it('fails with ChartError when vega logs an error, instead of drawing an empty chart', async () => {
    const broken = renderSvg({ title: 'broken', data: { values: [{ a: 1 }] }, transform: [{ calculate: 'datum.a.b.c', as: 'x' }], mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' } } });
    await expect(broken).rejects.toThrow(ChartError);
    await expect(renderSvg({ title: 'broken', data: { values: [{ a: 1 }] }, transform: [{ calculate: 'datum.a.b.c', as: 'x' }], mark: 'point' })).rejects.toThrow(/chart "broken" failed: TypeError: Cannot read properties of undefined/);
  });
});
