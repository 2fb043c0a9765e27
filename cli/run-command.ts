// `durability-lab run`: runs scenarios (and the conformance suite) on the chosen targets and
// modes, prints progress, writes the report directory (index.html, report.json, summary.md,
// junit.xml) and exits 0 only when no guarantee was violated.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { findExecutable } from '../harness/targets/find-executable.js';
import { repoRoot } from '../harness/targets/repo-root.js';
import { runConformance } from '../properties/conformance/index.js';
import { gitCommit, machineInfo, SCHEMA_VERSION, writeAll, writeJunit, type Report, type Result, type TargetInfo } from '../reports/index.js';
import { loadScenario, suiteScenarios } from '../scenarios/registry.js';
import { runScenario } from '../scenarios/run-scenario.js';
import type { Persistence, Scenario } from '../scenarios/scenario.js';
import { scenarioTarget } from '../scenarios/scenario-target.js';
import { intOption, parseOptions, UsageError } from './parse-args.js';
import { conformanceResult, scenarioResults, type KnownDivergence } from './scenario-report.js';

const OPTIONS = {
  target: true, scenario: true, suite: true, appendfsync: true, runs: true, seed: true, path: true, out: true, junit: true,
  shard: true, 'redis-server': true, 'known-divergences': true, 'fail-on-known-divergence': false, 'max-shrinks': true,
};
const MODES: readonly Persistence[] = ['always', 'everysec', 'no', 'rdb'];

/** One unit of work: a scenario in a mode on a target. */
interface Job {
  scenario: Scenario;
  scenarioArg: string;
  mode: Persistence;
  target: string;
}

function list(value: string | undefined): string[] | undefined {
  return value?.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** `--shard i/n` as [i, n] (1-based), or undefined. */
export function parseShard(value: string | undefined): [number, number] | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(value);
  if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new UsageError(`--shard takes i/n with 1 <= i <= n, got '${value}'`);
  return [Number(m[1]), Number(m[2])];
}

function loadKnownDivergences(path: string): KnownDivergence[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`--known-divergences ${path}: ${(e as Error).message}`);
  }
  if (!Array.isArray(json) || !json.every((k) => typeof k === 'object' && k !== null && typeof k.target === 'string' && typeof k.scenario === 'string' && typeof k.expectation === 'string' && typeof k.note === 'string')) {
    throw new UsageError(`--known-divergences ${path}: expected a list of {target, scenario, expectation, note, modes?}`);
  }
  return json as KnownDivergence[];
}

/** durability-lab's own version (package.json). */
function toolVersion(): string {
  return (JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

async function targetInfo(name: string, redisServer: string | undefined): Promise<TargetInfo> {
  if (name === 'redis') {
    const binary = redisServer ?? process.env.REDIS_SERVER ?? 'redis-server';
    const out = await execa(binary, ['--version'], { reject: false });
    return { name, implementation: 'redis-server', version: /v=(\S+)/.exec(out.stdout)?.[1] ?? 'unknown', details: findExecutable(binary) ?? binary };
  }
  const referenceKinds: Record<string, string> = {
    reference: 'in-process, simulated disk, virtual time',
    'reference-realtime': 'in-process, simulated disk, real time',
    'reference-process': 'process',
  };
  if (referenceKinds[name]) return { name, implementation: `durability-lab reference server (${referenceKinds[name]})`, version: toolVersion() };
  return { name, implementation: 'generic RESP server (target file)', version: 'unknown', details: name };
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Runs the subcommand; resolves with the exit code (0: no violation; 1: violations or errors). */
export async function runCommand(args: readonly string[], out: (line: string) => void = (l) => process.stdout.write(l + '\n')): Promise<number> {
  const options = parseOptions(args, OPTIONS);
  const redisServer = options.get('redis-server');
  const redisAvailable = findExecutable(redisServer ?? process.env.REDIS_SERVER ?? 'redis-server') !== undefined;
  const targets = list(options.get('target')) ?? (redisAvailable ? ['reference', 'redis'] : ['reference']);
  // Fail fast on an unknown target, a bad target file or a binary that is not there: each target
  // is made once (not started) before any scenario runs.
  for (const t of targets) scenarioTarget(t)({ redisServer });
  const suite = options.get('suite') ?? 'all';
  if (!['durability', 'replication', 'conformance', 'all'].includes(suite)) throw new UsageError(`--suite must be durability, replication, conformance or all, got '${suite}'`);
  const modes = list(options.get('appendfsync'));
  for (const m of modes ?? []) if (!MODES.includes(m as Persistence)) throw new UsageError(`--appendfsync takes always, everysec, no (and rdb for RDB-only scenarios), got '${m}'`);
  const runs = intOption(options, 'runs') ?? 3;
  if (runs < 1) throw new UsageError('--runs must be at least 1');
  const seed = intOption(options, 'seed') ?? (Date.now() ^ (process.pid << 10)) % 2_147_483_647;
  const path = options.get('path');
  const shard = parseShard(options.get('shard'));
  const outDir = options.get('out') ?? join(process.cwd(), 'reports', 'latest');
  const known = options.has('known-divergences') ? loadKnownDivergences(options.get('known-divergences')!) : loadKnownDivergences(join(repoRoot(), 'scenarios', 'known-divergences.json'));
  const maxShrinks = intOption(options, 'max-shrinks');

  const scenarioArgs = list(options.get('scenario'));
  const scenarios = scenarioArgs
    ? scenarioArgs.map((a) => ({ scenario: loadScenario(a), arg: a }))
    : suite === 'conformance' ? [] : suiteScenarios(suite === 'all' ? 'all' : (suite as 'durability' | 'replication')).map((s) => ({ scenario: s, arg: s.name }));
  let jobs: Job[] = [];
  for (const { scenario, arg } of scenarios) {
    for (const mode of scenario.modes) {
      if (modes && !modes.includes(mode)) continue;
      for (const target of targets) jobs.push({ scenario, scenarioArg: arg, mode, target });
    }
  }
  const withConformance = !scenarioArgs && (suite === 'conformance' || suite === 'all') && redisAvailable;
  if (shard) jobs = jobs.filter((_, i) => i % shard[1] === shard[0] - 1);
  if (path && jobs.length !== 1) throw new UsageError(`--path replays one case: name one scenario, one target and one mode (this selects ${jobs.length} runs)`);
  if (jobs.length === 0 && !withConformance) throw new UsageError('nothing to run: no scenario matches the targets, suite and modes given');

  const startedAt = new Date();
  out(`durability-lab run: ${jobs.length} scenario runs (${runs} case${runs === 1 ? '' : 's'} each) on ${targets.join(', ')}${withConformance ? ', plus conformance' : ''}; seed ${seed}${shard ? `; shard ${shard[0]}/${shard[1]}` : ''}`);
  const results: Result[] = [];
  let violations = 0;
  const t0 = performance.now();
  for (const [i, job] of jobs.entries()) {
    const label = `[${i + 1}/${jobs.length}] ${job.scenario.name} (${job.mode}) on ${job.target}`;
    const make = scenarioTarget(job.target);
    const r = await runScenario(job.scenario, job.mode, () => make({ redisServer }), {
      runs, seed, ...(path ? { path } : {}), ...(maxShrinks !== undefined ? { maxShrinks } : {}),
      onCase: (done, ok) => {
        if (!ok) out(`${label}: case ${done} violated a guarantee, shrinking...`);
      },
    });
    const produced = scenarioResults(r, job.scenario, job.target, job.scenarioArg, known);
    results.push(...produced);
    const bad = produced.filter((p) => p.verdict === 'violated' || p.verdict === 'error');
    violations += bad.length;
    const elapsed = performance.now() - t0;
    const left = (elapsed / (i + 1)) * (jobs.length - i - 1);
    const loss = produced.find((p) => p.lossWindow)?.lossWindow;
    const knownHere = produced.filter((p) => p.verdict === 'known-divergence');
    const status = bad.length > 0 ? bad.map((b) => (b.verdict === 'error' ? `ERROR ${b.message}` : `VIOLATED ${b.guarantee}`)).join('; ')
      : knownHere.length > 0 ? `known divergence (${knownHere.map((k) => k.guarantee).join('; ')})` : 'ok';
    out(`${label}: ${r.cases.length} cases, ${status}${loss ? `, loss window max ${loss.ops.max} ops / ${formatDuration(loss.ms.max)}` : ''} — ${violations} violation(s) so far, ~${formatDuration(left)} left`);
    if (r.counterexample) out(`    replay: ${produced.find((p) => p.counterexamples.length > 0)?.counterexamples[0]?.replay ?? ''}`);
  }
  if (withConformance) {
    out(`conformance: ${runs * 50} random command sequences on the reference server and redis-server...`);
    const summary = await runConformance({ numRuns: runs * 50, seed, ...(path ? { path } : {}), redisServer });
    const r = conformanceResult(summary, `durability-lab conformance${redisServer ? ` --redis-server ${redisServer}` : ''}`);
    results.push(r);
    if (r.verdict !== 'pass') violations++;
    out(`conformance: ${summary.runs} sequences, ${r.verdict === 'pass' ? 'ok' : `${r.verdict.toUpperCase()}: ${summary.failure?.error}`}`);
  }

  const commit = gitCommit(repoRoot());
  const usedTargets = [...new Set([...jobs.map((j) => j.target), ...(withConformance ? ['reference', 'redis'] : [])])];
  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    metadata: {
      tool: { name: 'durability-lab', version: toolVersion() },
      startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), machine: machineInfo(), seeds: [seed],
      ...(commit ? { gitCommit: commit } : {}),
      command: ['durability-lab', 'run', ...args].join(' '),
      ...(shard ? { shard: { index: shard[0], count: shard[1] } } : {}),
    },
    targets: await Promise.all(usedTargets.map((t) => targetInfo(t, redisServer))),
    results,
  };
  const files = await writeAll(report, outDir);
  if (options.has('junit')) await writeJunit(report, options.get('junit')!);
  const knownCount = results.filter((r) => r.verdict === 'known-divergence').length;
  out(`report: ${files.html}`);
  out(`        ${files.json}, ${files.markdown}, ${files.junit}${options.has('junit') ? `, ${options.get('junit')}` : ''}`);
  out(`${results.length} results: ${violations} violated or broken, ${knownCount} known divergence(s), ${results.length - violations - knownCount} passed`);
  const failOnKnown = options.has('fail-on-known-divergence') && knownCount > 0;
  return violations > 0 || failOnKnown ? 1 : 0;
}
