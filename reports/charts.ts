// The report's charts as vega-lite specs, rendered to SVG strings at report time with vega's
// headless view (renderer 'none' + toSVG), so the HTML needs no script and no network. One
// function per chart; each returns undefined when the report holds nothing to draw.

import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { compareConfigs } from './labels.js';
import type { Counterexample, Distribution, Report, Result } from './model.js';

/** A chart that vega or vega-lite could not draw. */
export class ChartError extends Error {
  override readonly name = 'ChartError';
}

/**
 * Renders a vega-lite spec to a standalone SVG string. vega's and vega-lite's own log goes to a
 * private logger, not the console (their layout warnings are noise in a CLI); an error they log
 * fails the render with ChartError.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const errors: string[] = [];
  const logger = vega.logger(vega.Warn, 'log', (_method, level, args) => {
    if (level === 'ERROR') errors.push(args.map(String).join(' '));
  });
  const fail = () => {
    if (errors.length > 0) throw new ChartError(`chart "${typeof spec.title === 'string' ? spec.title : 'untitled'}" failed: ${errors.join('; ')}`);
  };
  const compiled = compile(spec, { logger }).spec;
  fail();
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger });
  try {
    const svg = await view.toSVG();
    fail();
    return svg;
  } finally {
    view.finalize();
  }
}

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';

/** Shared look: readable fonts, no chart border, the same colours for the same target everywhere. */
function config(report: Report): TopLevelSpec['config'] {
  return {
    font: FONT,
    view: { stroke: null },
    axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#e6e8eb' },
    header: { labelFontSize: 12, titleFontSize: 12 },
    legend: { labelFontSize: 11, titleFontSize: 12, orient: 'bottom' },
    range: { category: report.targets.length <= 10 ? ['#4c78a8', '#f58518', '#54a24b', '#b279a2', '#e45756', '#72b7b2', '#eeca3b', '#ff9da6', '#9d755d', '#bab0ac'] : { scheme: 'tableau20' } },
  };
}

interface Point {
  target: string;
  config: string;
  fault: string;
  scenario: string;
  value: number;
}

function points(report: Report, pick: (r: Result) => Distribution | undefined): Point[] {
  return report.results.flatMap((r) => {
    const d = pick(r);
    return d === undefined ? [] : d.values.map((value) => ({ target: r.target, config: r.config, fault: r.fault, scenario: r.scenario, value }));
  });
}

function sortedConfigs(data: Array<{ config: string }>): string[] {
  return [...new Set(data.map((p) => p.config))].sort(compareConfigs);
}

/** Box plots (min-max whiskers) of per-case values by config, one box per target, one panel per `facet`. */
async function boxplot(report: Report, data: Point[], title: string, yTitle: string, x: 'config' | 'scenario', facet: 'fault' | undefined): Promise<string | undefined> {
  if (data.length === 0) return undefined;
  const targets = report.targets.map((t) => t.name).filter((n) => data.some((p) => p.target === n));
  const xSort = x === 'config' ? sortedConfigs(data) : [...new Set(data.map((p) => p.scenario))].sort();
  const inner = {
    width: { step: 26 * Math.max(1, targets.length) },
    height: 220,
    mark: { type: 'boxplot' as const, extent: 'min-max' as const, size: 18, median: { color: '#1b1e23' } },
    encoding: {
      x: { field: x, type: 'nominal' as const, sort: xSort, title: x === 'config' ? 'appendfsync / persistence' : 'scenario', axis: { labelAngle: 0 } },
      xOffset: { field: 'target', type: 'nominal' as const, sort: targets },
      y: { field: 'value', type: 'quantitative' as const, title: yTitle },
      color: { field: 'target', type: 'nominal' as const, sort: targets, title: 'target' },
    },
  };
  const spec: TopLevelSpec = facet
    ? { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title, data: { values: data }, facet: { column: { field: facet, type: 'nominal', title: null, header: { labelFontWeight: 'bold' } } }, spec: inner, resolve: { scale: { x: 'independent', y: 'independent' } }, config: config(report) }
    : { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title, data: { values: data }, ...inner, config: config(report) };
  return renderSvg(spec);
}

/** Loss window in ms per appendfsync mode and fault (per-case values). */
export function lossWindowMsChart(report: Report): Promise<string | undefined> {
  return boxplot(report, points(report, (r) => r.lossWindow?.ms), 'Loss window (ms before the fault) per mode and fault', 'loss window (ms)', 'config', 'fault');
}

/** Loss window in acknowledged operations lost, per appendfsync mode and fault. */
export function lossWindowOpsChart(report: Report): Promise<string | undefined> {
  return boxplot(report, points(report, (r) => r.lossWindow?.ops), 'Acknowledged writes lost per mode and fault', 'lost writes (ops)', 'config', 'fault');
}

/** Recovery time (restart to first reply with the dataset loaded) per mode and fault. */
export function recoveryChart(report: Report): Promise<string | undefined> {
  return boxplot(report, points(report, (r) => r.recoveryMs), 'Recovery time per mode and fault', 'recovery (ms)', 'config', 'fault');
}

/** Replica convergence time after heal, per scenario. */
export function convergenceChart(report: Report): Promise<string | undefined> {
  return boxplot(report, points(report, (r) => r.convergenceMs), 'Replica convergence time after heal', 'convergence (ms)', 'scenario', undefined);
}

/** Throughput per mode: mean over the scenarios of each target x config, one bar per target. */
export async function throughputChart(report: Report): Promise<string | undefined> {
  const data = report.results.flatMap((r) => (r.throughputOpsPerSec === undefined ? [] : [{ target: r.target, config: r.config, scenario: r.scenario, value: r.throughputOpsPerSec }]));
  if (data.length === 0) return undefined;
  const targets = report.targets.map((t) => t.name).filter((n) => data.some((p) => p.target === n));
  return renderSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Throughput per mode (mean over scenarios)',
    data: { values: data },
    width: { step: 30 * Math.max(1, targets.length) },
    height: 220,
    mark: { type: 'bar', cornerRadiusEnd: 2 },
    encoding: {
      x: { field: 'config', type: 'nominal', sort: sortedConfigs(data), title: 'appendfsync / persistence', axis: { labelAngle: 0 } },
      xOffset: { field: 'target', type: 'nominal', sort: targets },
      y: { aggregate: 'mean', field: 'value', type: 'quantitative', title: 'throughput (ops/s)' },
      color: { field: 'target', type: 'nominal', sort: targets, title: 'target' },
    },
    config: config(report),
  });
}

const OUTCOME_COLOURS = { domain: ['ok', 'fail', 'info'], range: ['#2e8540', '#d62728', '#e69500'] };

/**
 * A counterexample's timeline: one row per op from invocation to completion (colour = outcome,
 * a dot at completion so short ops show), fault periods shaded across all rows, instantaneous
 * faults (crashes) as vertical rules.
 */
export function timelineChart(report: Report, c: Counterexample): Promise<string> {
  const ops = c.history.map((o) => ({ row: `${o.index}: ${o.args.join(' ')}`.slice(0, 48), start: o.invokedAt, end: o.completedAt, outcome: o.outcome }));
  const rows = ops.map((o) => o.row);
  const periods = c.faults.filter((f) => f.end > f.start).map((f) => ({ what: f.what, start: f.start, end: f.end }));
  const instants = c.faults.filter((f) => f.end <= f.start).map((f) => ({ what: f.what, at: f.start }));
  const layers: NonNullable<Extract<TopLevelSpec, { layer: unknown }>['layer']> = [];
  if (periods.length > 0) {
    layers.push({
      data: { values: periods },
      mark: { type: 'rect', opacity: 0.18, color: '#d62728' },
      encoding: { x: { field: 'start', type: 'quantitative' }, x2: { field: 'end' } },
    });
    layers.push({
      data: { values: periods },
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, dy: 3, fontSize: 10, color: '#9b1c1c' },
      encoding: { x: { field: 'start', type: 'quantitative' }, y: { value: 0 }, text: { field: 'what' } },
    });
  }
  if (instants.length > 0) {
    layers.push({ data: { values: instants }, mark: { type: 'rule', color: '#d62728', strokeWidth: 2, strokeDash: [4, 3] }, encoding: { x: { field: 'at', type: 'quantitative' } } });
    layers.push({
      data: { values: instants },
      mark: { type: 'text', align: 'right', baseline: 'top', dx: -4, dy: 3, fontSize: 10, fontWeight: 'bold', color: '#9b1c1c' },
      encoding: { x: { field: 'at', type: 'quantitative' }, y: { value: 0 }, text: { field: 'what' } },
    });
  }
  if (ops.length > 0) {
    const y = { field: 'row', type: 'ordinal' as const, sort: rows, title: null, axis: { labelLimit: 260 } };
    const color = { field: 'outcome', type: 'nominal' as const, scale: OUTCOME_COLOURS, title: 'outcome' };
    layers.push({ data: { values: ops }, mark: { type: 'bar', height: 8, cornerRadius: 2 }, encoding: { x: { field: 'start', type: 'quantitative', title: 'time (ms)' }, x2: { field: 'end' }, y, color } });
    layers.push({ data: { values: ops }, mark: { type: 'point', filled: true, size: 45, opacity: 1 }, encoding: { x: { field: 'end', type: 'quantitative' }, y, color } });
  }
  return renderSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 640,
    // Shrunk histories are short; a long one (shrinking cut short) gets thinner rows.
    height: { step: rows.length > 40 ? 10 : 22 },
    layer: layers,
    config: config(report),
  });
}
