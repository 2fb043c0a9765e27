// JUnit XML for CI systems: one <testsuite> per target, one <testcase> per target x scenario x
// mode (config) x fault, holding every guarantee that run checked. The worst verdict decides: a
// violation is a <failure> carrying the counterexample text, an error an <error>. A known
// divergence is <skipped message="known divergence: ...">: it does not fail the build (the CLI
// gates on violations only), yet CI shows it apart from the passing cases instead of hiding it
// among them. Every case carries its guarantees and measurements in <system-out>.

import { writeFile } from 'node:fs/promises';
import { counterexampleText } from './counterexample-text.js';
import { msSummary, opsPerSec, sortResults } from './labels.js';
import { runKey, worstVerdict, type Report, type Result, type TargetInfo } from './model.js';

/**
 * Text made safe for XML 1.0 content and attribute values: the five special characters become
 * entities, and characters XML 1.0 forbids (C0 controls but tab/newline/return, lone surrogates,
 * U+FFFE, U+FFFF) become a visible \uXXXX, since no entity can carry them.
 */
export function xmlEscape(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function attrs(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');
}

/** "appendfsync everysec" for the three appendfsync modes, the config label otherwise. */
function modeName(config: string): string {
  return config === 'always' || config === 'everysec' || config === 'no' ? `appendfsync ${config}` : config;
}

/** The test case name: `power-loss [appendfsync everysec] crash:power`. */
export function junitCaseName(r: Result): string {
  return `${r.scenario} [${modeName(r.config)}]${r.fault === 'none' ? '' : ` ${r.fault}`}`;
}

function measurements(r: Result): string {
  const lines = [`guarantee: ${r.guarantee}`, `  verdict: ${r.verdict}, ${r.violations} of ${r.cases} cases violated`];
  if (r.message) lines.push(`  note: ${r.message}`);
  if (r.directives) lines.push(`  directives: ${Object.entries(r.directives).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (r.lossWindow) lines.push(`  lost ops: median ${r.lossWindow.ops.median}, p95 ${r.lossWindow.ops.p95}, max ${r.lossWindow.ops.max}`, `  loss window: ${msSummary(r.lossWindow.ms)}`);
  if (r.recoveryMs) lines.push(`  recovery: ${msSummary(r.recoveryMs)}`);
  if (r.throughputOpsPerSec !== undefined) lines.push(`  throughput: ${opsPerSec(r.throughputOpsPerSec)}`);
  if (r.convergenceMs) lines.push(`  convergence: ${msSummary(r.convergenceMs)}`);
  return lines.join('\n');
}

/** The results of one run (same target, config, scenario, fault), one per guarantee, in report order. */
function groupRuns(results: readonly Result[]): Result[][] {
  const runs = new Map<string, Result[]>();
  for (const r of results) runs.set(runKey(r), [...(runs.get(runKey(r)) ?? []), r]);
  return [...runs.values()];
}

function testcase(run: Result[]): string {
  const first = run[0]!;
  const verdict = worstVerdict(run.map((r) => r.verdict))!;
  // Guarantees of one run usually share its duration; the longest stands for the run.
  const time = Math.max(0, ...run.map((r) => r.durationMs ?? 0)) / 1000;
  const head = `    <testcase${attrs({ classname: `durability-lab.${first.target}.${first.scenario}`, name: junitCaseName(first), time: time.toFixed(3) })}>`;
  const body: string[] = [];
  const violated = run.filter((r) => r.verdict === 'violated');
  const errors = run.filter((r) => r.verdict === 'error');
  if (verdict === 'violated') {
    const text = violated.flatMap((r) => [`${r.violations} of ${r.cases} cases violated: ${r.guarantee}`, ...r.counterexamples.map(counterexampleText)]).join('\n\n');
    const message = violated[0]!.counterexamples[0]?.summary ?? `${violated[0]!.violations} of ${violated[0]!.cases} cases violated: ${violated[0]!.guarantee}`;
    body.push(`      <failure${attrs({ type: 'violated', message: violated.length > 1 ? `${violated.length} guarantees violated; first: ${message}` : message })}>${xmlEscape(text)}</failure>`);
  } else if (verdict === 'error') {
    const text = errors.map((r) => `${r.guarantee}: ${r.message ?? 'the run failed'}`).join('\n');
    body.push(`      <error${attrs({ type: 'error', message: errors[0]!.message ?? 'the run failed' })}>${xmlEscape(text)}</error>`);
  } else if (verdict === 'known-divergence') {
    const kd = run.filter((r) => r.verdict === 'known-divergence');
    body.push(`      <skipped${attrs({ message: `known divergence: ${kd.map((r) => r.message ?? r.guarantee).join('; ')}` })}/>`);
  }
  body.push(`      <system-out>${xmlEscape(run.map(measurements).join('\n'))}</system-out>`);
  return [head, ...body, '    </testcase>'].join('\n');
}

/** Test cases of `runs` whose worst verdict is `v`. */
function countRuns(runs: readonly Result[][], v: Result['verdict']): number {
  return runs.filter((run) => worstVerdict(run.map((r) => r.verdict)) === v).length;
}

function runSeconds(runs: readonly Result[][]): number {
  return runs.reduce((s, run) => s + Math.max(0, ...run.map((r) => r.durationMs ?? 0)), 0) / 1000;
}

function testsuite(report: Report, t: TargetInfo, results: Result[]): string {
  const runs = groupRuns(results);
  const count = (v: Result['verdict']) => countRuns(runs, v);
  const time = runSeconds(runs);
  const m = report.metadata;
  const props: Record<string, string> = { implementation: t.implementation, version: t.version, 'tool.version': m.tool.version, seeds: m.seeds.join(',') };
  if (m.gitCommit) props['git.commit'] = m.gitCommit;
  return [
    `  <testsuite${attrs({ name: `${t.name} (${t.implementation} ${t.version})`, tests: runs.length, failures: count('violated'), errors: count('error'), skipped: count('known-divergence'), time: time.toFixed(3), timestamp: m.startedAt.replace(/Z$/, ''), hostname: m.machine.hostname })}>`,
    '    <properties>',
    ...Object.entries(props).map(([name, value]) => `      <property${attrs({ name, value })}/>`),
    '    </properties>',
    ...runs.map(testcase),
    '  </testsuite>',
  ].join('\n');
}

/** Renders `report` as JUnit XML. */
export function renderJunit(report: Report): string {
  const sorted = sortResults(report.results, report.targets);
  const runs = groupRuns(sorted);
  const count = (v: Result['verdict']) => countRuns(runs, v);
  const time = runSeconds(runs);
  const suites = report.targets.map((t) => testsuite(report, t, sorted.filter((r) => r.target === t.name)));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'durability-lab', tests: runs.length, failures: count('violated'), errors: count('error'), skipped: count('known-divergence'), time: time.toFixed(3) })}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

/** Writes the JUnit XML of `report` to `file`. */
export async function writeJunit(report: Report, file: string): Promise<void> {
  await writeFile(file, renderJunit(report), 'utf8');
}
