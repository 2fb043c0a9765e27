// Words and number formats shared by the writers: verdict labels, the order configs are shown in
// (appendfsync always, everysec, no, then rdb, then the rest by name), ms and ops/s formatting.

import type { Distribution, Result, TargetInfo, Verdict } from './model.js';

/** A verdict as the summaries print it. */
export const VERDICT_LABEL: Record<Verdict, string> = {
  pass: 'pass',
  violated: 'VIOLATED',
  'known-divergence': 'known divergence',
  error: 'error',
};

/** A verdict with a mark for Markdown (CI logs and pull requests render these). */
export const VERDICT_MARK: Record<Verdict, string> = {
  pass: '✅ pass',
  violated: '❌ VIOLATED',
  'known-divergence': '⚠️ known divergence',
  error: '💥 error',
};

const CONFIG_ORDER = ['always', 'everysec', 'no', 'rdb'];

/** Sort order for configs: appendfsync always, everysec, no, rdb, then the others by name. */
export function compareConfigs(a: string, b: string): number {
  const ia = CONFIG_ORDER.indexOf(a);
  const ib = CONFIG_ORDER.indexOf(b);
  if (ia >= 0 || ib >= 0) return (ia < 0 ? CONFIG_ORDER.length : ia) - (ib < 0 ? CONFIG_ORDER.length : ib);
  return a.localeCompare(b);
}

/** Results in reading order: by target (as listed), config, scenario, fault. */
export function sortResults(results: readonly Result[], targets: readonly TargetInfo[]): Result[] {
  const t = (name: string) => targets.findIndex((x) => x.name === name);
  return [...results].sort((a, b) => t(a.target) - t(b.target) || compareConfigs(a.config, b.config) || a.scenario.localeCompare(b.scenario) || a.fault.localeCompare(b.fault));
}

/** A target as a column heading: "redis-server 7.0.15". */
export function targetLabel(t: TargetInfo): string {
  return `${t.implementation} ${t.version}`;
}

/** Milliseconds, rounded sensibly: "0 ms", "12.5 ms", "2600 ms". */
export function ms(v: number): string {
  return `${v >= 100 ? Math.round(v) : Math.round(v * 10) / 10} ms`;
}

/** "median 12 ms, p95 40 ms, max 51 ms" for a distribution of milliseconds. */
export function msSummary(d: Distribution | undefined): string {
  return d === undefined ? '' : `median ${ms(d.median)}, p95 ${ms(d.p95)}, max ${ms(d.max)}`;
}

/** Operations/s with thousands separators. */
export function opsPerSec(v: number | undefined): string {
  return v === undefined ? '' : `${Math.round(v).toLocaleString('en-US')} ops/s`;
}

/** A history op as a plain line: `SET k1 a`. */
export function opText(args: readonly string[]): string {
  return args.map((a) => (a === '' || /[\s"]/.test(a) ? JSON.stringify(a) : a)).join(' ');
}
