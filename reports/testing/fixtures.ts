// Hand-made reports for the tests of reports/ (and for trying the writers by hand): a passing run,
// a run with a violation and its counterexample, and a run with a known divergence. Measurements
// come from a fixed-seed generator, so every fixture is the same on every call.

import { distribution } from '../distribution.js';
import type { Counterexample, Report, Result, TargetInfo } from '../model.js';
import { SCHEMA_VERSION } from '../model.js';

/** A tiny seeded generator (mulberry32) for plausible, repeatable measurements. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const REDIS_TARGET: TargetInfo = { name: 'redis', implementation: 'redis-server', version: '7.0.15', details: '/usr/bin/redis-server' };
export const REFERENCE_TARGET: TargetInfo = { name: 'reference', implementation: 'durability-lab reference server', version: '0.1.0' };

const GUARANTEES: Record<string, string> = {
  'always/crash:power': 'appendfsync always: every acknowledged write survives crash:power',
  'everysec/crash:power': 'appendfsync everysec: every write acknowledged more than 2000 ms before crash:power survives',
  'everysec/crash:process': 'appendfsync everysec: every acknowledged write survives crash:process, except writes held back by a stalled fsync (at most 2000 ms)',
  'no/crash:power': 'appendfsync no: crash:power leaves a prefix (window reported)',
  'everysec/link:flap': 'replication: replica dataset = master dataset after heal',
};

/** One result with generated measurements; `lossScale` sets the typical loss window in ms. */
function result(rand: () => number, target: string, config: string, scenario: string, fault: string, lossScale: number, cases = 8): Result {
  const n = (scale: number) => Array.from({ length: cases }, () => Math.round(rand() * scale));
  const replication = fault.startsWith('link:');
  const lossMs = n(lossScale);
  return {
    target,
    config,
    scenario,
    fault,
    guarantee: GUARANTEES[`${config}/${fault}`] ?? `${config} under ${fault}`,
    verdict: 'pass',
    cases,
    violations: 0,
    durationMs: 1000 + Math.round(rand() * 4000),
    ...(replication ? { convergenceMs: distribution(n(400).map((v) => v + 50)) } : {
      lossWindow: { ops: distribution(lossMs.map((ms) => Math.round(ms / 7))), ms: distribution(lossMs) },
      recoveryMs: distribution(n(300).map((v) => v + 20)),
    }),
    throughputOpsPerSec: Math.round((config === 'always' ? 2500 : 9000) * (0.7 + rand() * 0.6)),
    counterexamples: [],
  };
}

function baseReport(results: Result[], seeds: number[]): Report {
  return {
    schemaVersion: SCHEMA_VERSION,
    metadata: {
      tool: { name: 'durability-lab', version: '0.1.0' },
      startedAt: '2026-12-01T21:00:00.000Z',
      finishedAt: '2026-12-01T21:04:10.500Z',
      machine: { cpus: 2, cpuModel: 'Test CPU @ 2.0GHz', memBytes: 4 * 1024 ** 3, os: 'Linux 6.1.0 x64', node: 'v20.20.2', hostname: 'ci-1' },
      seeds,
      gitCommit: 'f381c7e0d1a2b3c4d5e6f708192a3b4c5d6e7f80',
      command: 'durability-lab run --suite durability --runs 8',
    },
    targets: [REDIS_TARGET, REFERENCE_TARGET],
    results,
  };
}

/** The standard matrix: both targets x power loss per appendfsync mode, kill -9, a link flap. */
function standardResults(seed: number): Result[] {
  const rand = seeded(seed);
  const out: Result[] = [];
  for (const target of ['redis', 'reference']) {
    out.push(result(rand, target, 'always', 'power-loss', 'crash:power', 0));
    out.push(result(rand, target, 'everysec', 'power-loss', 'crash:power', 1900));
    out.push(result(rand, target, 'no', 'power-loss', 'crash:power', 6000));
    out.push(result(rand, target, 'everysec', 'kill-9-stalled-fsync', 'crash:process', 1500));
    out.push(result(rand, target, 'everysec', 'replica-link-flap', 'link:flap', 0, 5));
  }
  return out;
}

/** A run where every guarantee held. */
export function passingReport(): Report {
  return baseReport(standardResults(1), [1]);
}

/** The counterexample of violationReport: the reference server lost a write acked 2.6 s before power loss. */
export function counterexample(): Counterexample {
  return {
    id: 'reference/everysec/power-loss/crash:power#3',
    seed: 1234567,
    path: '3:1:0',
    plan: 'SET k1 a; SET k<2> "b&c"; INCR k1; fsync:delay 2500 at op 1; SET k3 c; SET k4 d; crash:power',
    summary: 'lost 1 write(s) acknowledged more than 2000 ms before the fault, first SET k<2> "b&c" (op 1, acknowledged 2600 ms before the fault)',
    history: [
      { index: 0, client: 0, args: ['SET', 'k1', 'a'], invokedAt: 0, completedAt: 3, outcome: 'ok', reply: 'OK' },
      { index: 1, client: 0, args: ['SET', 'k<2>', '"b&c"'], invokedAt: 400, completedAt: 404, outcome: 'ok', reply: 'OK' },
      { index: 2, client: 0, args: ['INCR', 'k1'], invokedAt: 900, completedAt: 902, outcome: 'fail', reply: 'ERR value is not an integer or out of range' },
      { index: 3, client: 0, args: ['SET', 'k3', 'c'], invokedAt: 2500, completedAt: 2950, outcome: 'ok', reply: 'OK' },
      { index: 4, client: 0, args: ['SET', 'k4', 'd'], invokedAt: 2990, completedAt: 3004, outcome: 'info', reply: 'connection lost' },
    ],
    faults: [
      { what: 'fsync:delay 2500', start: 500, end: 3000 },
      { what: 'crash:power', start: 3004, end: 3004 },
    ],
    keyspaceDiff: { 'k<2>': { expected: '"b&c"', actual: null }, k3: { expected: 'c', actual: null } },
    replay: "durability-lab replay report.json --case 'reference/everysec/power-loss/crash:power#3'",
  };
}

/** A run where the reference server violated everysec's bound under power loss (one counterexample). */
export function violationReport(): Report {
  const report = baseReport(standardResults(2), [2, 1234567]);
  const r = report.results.find((x) => x.target === 'reference' && x.config === 'everysec' && x.fault === 'crash:power')!;
  r.verdict = 'violated';
  r.violations = 1;
  r.lossWindow = { ops: distribution([0, 1, 0, 2, 0, 1, 0, 1]), ms: distribution([0, 900, 0, 2600, 0, 1200, 0, 300]) };
  r.counterexamples = [counterexample()];
  return report;
}

/** A run where redis-server shows the documented appendonlydir divergence, and one result errored. */
export function knownDivergenceReport(): Report {
  const report = baseReport(standardResults(3), [3]);
  const r = report.results.find((x) => x.target === 'redis' && x.config === 'always' && x.fault === 'crash:power')!;
  r.verdict = 'known-divergence';
  r.violations = 1;
  r.message = 'KNOWN-DIVERGENCES.md: redis-server 7.0.15 does not fsync the parent of a new appendonlydir (strict power loss)';
  const e = report.results.find((x) => x.target === 'reference' && x.scenario === 'replica-link-flap')!;
  e.verdict = 'error';
  e.cases = 0;
  delete e.convergenceMs;
  delete e.throughputOpsPerSec;
  e.message = 'target reference did not start: port 127.0.0.1:40001 refused connections for 10 s';
  return report;
}
