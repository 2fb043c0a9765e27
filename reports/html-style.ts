// The stylesheet the HTML report and the HTML comparison share, inlined into each page (no
// network): a quiet layout, the verdict colours of the matrix, tables, code and charts.

/** Verdict colours: background and text of a matrix cell, like a compatibility matrix. */
export const VERDICT_COLOURS = {
  pass: ['#dcf3e1', '#14532d'],
  violated: ['#fbd5d5', '#8b1010'],
  'known-divergence': ['#fdefc3', '#6b4a00'],
  error: ['#e4e1f5', '#3b2a80'],
} as const;

/** The CSS of every report page. */
export const REPORT_CSS = `
:root { color-scheme: light; --fg: #1b1e23; --muted: #5b6470; --line: #d9dde3; --bg-soft: #f5f7f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--fg); background: #fff; }
main { max-width: 1260px; margin: 0 auto; padding: 28px 32px 64px; }
h1 { font-size: 26px; margin: 0 0 4px; letter-spacing: -0.01em; }
h2 { font-size: 19px; margin: 40px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 22px 0 8px; }
.subtitle { color: var(--muted); margin: 0 0 16px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0 0 18px; font-size: 13px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.badges { display: flex; gap: 10px; flex-wrap: wrap; margin: 8px 0 0; }
.badge { border-radius: 999px; padding: 3px 12px; font-weight: 600; font-size: 13px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 6px 9px; text-align: left; vertical-align: top; }
thead th { background: var(--bg-soft); font-weight: 600; }
table.matrix td.cell { text-align: center; font-weight: 600; white-space: nowrap; min-width: 130px; }
table.matrix td.cell small { display: block; font-weight: 400; opacity: 0.85; }
table.matrix td.missing { color: var(--muted); background: #fafbfc; text-align: center; }
table.matrix th.guarantee, table.matrix td.guarantee { min-width: 340px; }
td.guarantee small { display: block; color: var(--muted); }
td.diff, th.diff { outline: 3px solid #c2410c; outline-offset: -3px; }
tr.diff td.guarantee { border-left: 5px solid #c2410c; }
div.scroll { overflow-x: auto; }
table.results td { white-space: nowrap; }
table.results th, table.results td { padding: 5px 7px; }
table.results { font-size: 12.5px; }
table.results td.run { white-space: normal; min-width: 250px; }
table.results td.run small { display: block; color: var(--muted); font-size: 11.5px; line-height: 1.35; }
ul.notes { padding-left: 18px; } ul.notes li { margin: 6px 0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.legend { color: var(--muted); font-size: 12px; margin: 6px 0 0; }
.charts { display: flex; flex-wrap: wrap; gap: 18px; }
figure.chart { margin: 0; padding: 12px; border: 1px solid var(--line); border-radius: 8px; background: #fff; max-width: 100%; overflow-x: auto; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
p.none { color: var(--muted); }
article.counterexample { border: 1px solid var(--line); border-left: 5px solid #d62728; border-radius: 8px; padding: 4px 18px 14px; margin: 16px 0; }
pre, code { font-family: ui-monospace, "SFMono-Regular", Menlo, "DejaVu Sans Mono", monospace; font-size: 12.5px; }
pre { background: var(--bg-soft); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
details summary { cursor: pointer; color: var(--muted); margin: 8px 0; }
`;
