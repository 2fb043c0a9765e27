// `durability-lab report DIR`, `report --merge OUT A.json B.json...`, `compare A.json B.json...`
// and `replay REPORT.json --case ID`: everything the CLI does with reports after a run.

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { compareReportFiles, mergeReportFiles, readReport, renderReport } from '../reports/index.js';
import { loadScenario } from '../scenarios/registry.js';
import { runScenario } from '../scenarios/run-scenario.js';
import type { Persistence } from '../scenarios/scenario.js';
import { scenarioTarget } from '../scenarios/scenario-target.js';
import { parseOptions, UsageError } from './parse-args.js';

type Out = (line: string) => void;

/** Splits positional arguments from `--name value` options. */
function split(args: readonly string[], withValue: readonly string[]): { positional: string[]; options: string[] } {
  const positional: string[] = [];
  const options: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--')) {
      options.push(a);
      if (withValue.includes(a.slice(2)) && !a.includes('=') && i + 1 < args.length) options.push(args[++i]!);
    } else positional.push(a);
  }
  return { positional, options };
}

/** `report DIR` re-renders DIR from its report.json; `report --merge OUT A.json B.json ...` merges shards. */
export async function reportCommand(args: readonly string[], out: Out): Promise<number> {
  const { positional, options } = split(args, ['merge']);
  const opts = parseOptions(options, { merge: true });
  if (opts.has('merge')) {
    if (positional.length === 0) throw new UsageError('report --merge OUT_DIR needs the shard reports (report.json files) to merge');
    const files = await mergeReportFiles(positional, opts.get('merge')!);
    out(`merged ${positional.length} report(s) into ${files.html}`);
    return 0;
  }
  if (positional.length !== 1) throw new UsageError('report takes one report directory (the one holding report.json)');
  const files = await renderReport(positional[0]!);
  out(`re-rendered ${files.html}, ${files.markdown}, ${files.junit}`);
  return 0;
}

/** `compare A.json B.json ... [--out DIR]`: the verdict matrices side by side, differences marked. */
export async function compareCommand(args: readonly string[], out: Out): Promise<number> {
  const { positional, options } = split(args, ['out']);
  const opts = parseOptions(options, { out: true });
  if (positional.length < 2) throw new UsageError('compare needs at least two report.json files');
  const dir = opts.get('out') ?? join(process.cwd(), 'reports', 'compare');
  await mkdir(dir, { recursive: true });
  const comparison = await compareReportFiles(positional, { markdown: join(dir, 'compare.md'), html: join(dir, 'compare.html') });
  const differing = comparison.rows.filter((r) => r.changed).length;
  out(`compared ${positional.length} reports: ${comparison.rows.length} rows, ${differing} differ; ${join(dir, 'compare.html')}, ${join(dir, 'compare.md')}`);
  return 0;
}

/** The value of `--name` in a replay command line. */
function flag(command: string, name: string): string | undefined {
  return new RegExp(`--${name} (\\S+)`).exec(command)?.[1];
}

/** `replay REPORT.json --case ID`: re-runs one counterexample from its seed and path, step by step. */
export async function replayCommand(args: readonly string[], out: Out): Promise<number> {
  const { positional, options } = split(args, ['case', 'redis-server']);
  const opts = parseOptions(options, { case: true, 'redis-server': true });
  if (positional.length !== 1 || !opts.has('case')) throw new UsageError('replay takes REPORT.json --case ID');
  const report = await readReport(positional[0]!);
  const id = opts.get('case')!;
  const result = report.results.find((r) => r.counterexamples.some((c) => c.id === id));
  const ce = result?.counterexamples.find((c) => c.id === id);
  if (!result || !ce) {
    const ids = report.results.flatMap((r) => r.counterexamples.map((c) => c.id));
    throw new UsageError(`no counterexample '${id}' in ${positional[0]} (there are: ${ids.length ? ids.join(', ') : 'none'})`);
  }
  if (result.scenario === 'conformance') {
    out(`conformance counterexample: replay with\n  ${ce.replay}`);
    return 0;
  }
  const scenarioArg = flag(ce.replay, 'scenario') ?? result.scenario;
  const scenario = loadScenario(scenarioArg);
  out(`replaying ${id}: ${scenario.name} (${result.config}) on ${result.target}, seed ${ce.seed}, path ${ce.path}`);
  const make = scenarioTarget(result.target);
  const redisServer = opts.get('redis-server');
  const r = await runScenario(scenario, result.config as Persistence, () => make({ redisServer }), { runs: 1, seed: ce.seed, path: ce.path });
  if (r.error) {
    out(`the harness failed: ${r.error}`);
    return 1;
  }
  const again = r.counterexample;
  if (!again) {
    out('the case passed this time: the violation did not reproduce (timing-dependent?)');
    return 0;
  }
  out(`plan: ${again.plan}`);
  const t0 = Math.min(...again.history.ops.map((o) => o.invokedAt), ...again.history.nemesis.map((e) => e.at));
  const events = [
    ...again.history.ops.map((o) => ({ at: o.invokedAt, text: `c${o.client} ${o.args.join(' ')} -> ${o.outcome}${o.reply !== undefined ? ` ${o.reply.split('\r\n')[0]!.slice(0, 60)}` : ''}` })),
    ...again.history.nemesis.map((e) => ({ at: e.at, text: `** ${e.what}` })),
  ].sort((a, b) => a.at - b.at);
  for (const e of events) out(`  ${(e.at - t0).toFixed(1).padStart(9)} ms  ${e.text}`);
  for (const v of again.verdicts) out(`${v.ok ? 'ok  ' : 'FAIL'} ${v.guarantee}${v.ok ? '' : `: ${v.explanation}`}`);
  return 1;
}
