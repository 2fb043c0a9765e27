// Turns what the runners produced (scenario results, a conformance summary) into results of the
// report model: one Result per target x mode x scenario x guarantee, counterexamples with their
// history, fault periods, key-level diff and the command that replays them.

import { diffDatasets, dumpDatabases, type KeyDump } from '../harness/checkers/dataset-diff.js';
import type { History } from '../harness/history/history.js';
import { buildResult, errorResult, faultPeriods, type CaseMeasurement, type Counterexample, type JsonValue, type KeyDiff, type Result } from '../reports/index.js';
import { CommandEngine } from '../reference-server/engine.js';
import { ManualClock } from '../reference-server/ports/clock.js';
import type { ConformanceSummary } from '../properties/conformance/index.js';
import type { ScenarioResult } from '../scenarios/run-scenario.js';
import type { Scenario } from '../scenarios/scenario.js';

/** A known divergence: a guarantee a target is known to break, with where the evidence is. */
export interface KnownDivergence {
  target: string;
  scenario: string;
  modes?: readonly string[];
  expectation: string;
  note: string;
}

/** The faults a scenario injects, as one label: `fsync:delay+crash:process`. */
export function faultLabel(scenario: Scenario): string {
  const words = scenario.steps.flatMap((s) => {
    if (s.do === 'fault') return [s.fault];
    if (s.do === 'crash') return [`crash:${s.kind}`];
    if (s.do === 'truncate-aof') return ['aof:truncated-tail'];
    return [];
  });
  return words.length === 0 ? 'none' : [...new Set(words)].join('+');
}

/** The model state after every operation that may have applied (ok and info), key by key. */
function expectedDump(history: History): KeyDump {
  const engine = new CommandEngine({ clock: new ManualClock(1_700_000_000_000), seed: 1 });
  engine.keyspace.expiryPaused = true;
  const client = engine.createClient();
  for (const op of history.ops) if (op.outcome !== 'fail') engine.execute(client, op.args);
  return dumpDatabases(engine.keyspace.dbs);
}

function parsed(json: string | undefined): JsonValue {
  return json === undefined ? null : (JSON.parse(json) as JsonValue);
}

/** The counterexample of `r` in the report's form; `replay` is the command line that re-runs it. */
function counterexampleOf(r: ScenarioResult, id: string, replay: string): Counterexample {
  const ce = r.counterexample!;
  const keyspaceDiff: Record<string, KeyDiff> = {};
  if (ce.finalDump) {
    const expected = expectedDump(ce.history);
    const diff = diffDatasets(expected, ce.finalDump);
    for (const k of diff.missing) keyspaceDiff[k] = { expected: parsed(expected[k]), actual: null };
    for (const k of diff.extra) keyspaceDiff[k] = { expected: null, actual: parsed(ce.finalDump[k]) };
    for (const c of diff.changed) keyspaceDiff[c.key] = { expected: parsed(c.expected), actual: parsed(c.actual) };
  }
  const t0 = Math.min(...ce.history.ops.map((o) => o.invokedAt), ...ce.history.nemesis.map((e) => e.at));
  const shift = (v: number) => Math.round((v - t0) * 1000) / 1000;
  return {
    id, seed: ce.seed, path: ce.path,
    summary: ce.verdicts.filter((v) => !v.ok).map((v) => `${v.guarantee}: ${v.explanation}`).join('\n'),
    plan: ce.plan,
    history: ce.history.ops.map((o) => ({ index: o.index, client: o.client, args: o.args, invokedAt: shift(o.invokedAt), completedAt: shift(o.completedAt), outcome: o.outcome, ...(o.reply !== undefined ? { reply: o.reply.slice(0, 200) } : {}) })),
    faults: faultPeriods(ce.history.nemesis, Math.max(0, ...ce.history.ops.map((o) => o.completedAt))).map((p) => ({ what: p.what, start: shift(p.start), end: shift(p.end) })),
    keyspaceDiff, replay,
  };
}

/** The replay command line of a scenario case. */
export function replayCommand(r: ScenarioResult, targetArg: string, scenarioArg: string): string {
  return `durability-lab run --target ${targetArg} --scenario ${scenarioArg} --appendfsync ${r.mode} --seed ${r.counterexample!.seed} --path ${r.counterexample!.path}`;
}

/** Results of one scenario run: one per guarantee it judged. */
export function scenarioResults(r: ScenarioResult, scenario: Scenario, targetArg: string, scenarioArg: string, known: readonly KnownDivergence[]): Result[] {
  const fault = faultLabel(scenario);
  const base = { target: targetArg, config: r.mode, scenario: scenario.name, fault, directives: r.directives };
  if (r.error !== undefined) return [errorResult({ ...base, guarantee: scenario.expect.join(', ') }, r.error, r.cases.length)];
  return scenario.expect.map((expectation, i) => {
    const guarantee = r.guarantees.find((g) => g.expectation === expectation)?.guarantee ?? expectation;
    const id = `${targetArg}/${scenario.name}/${r.mode}/${expectation}`;
    const cases: CaseMeasurement[] = r.cases.map((c) => ({
      violated: c.violated.includes(expectation),
      ...(expectation === 'loss-bound' || expectation === 'aof-error-discipline' ? { lostOps: c.lossOps, lossWindowMs: c.lossMs } : {}),
      ...(c.recoveryMs.length > 0 ? { recoveryMs: c.recoveryMs.reduce((a, b) => a + b, 0) } : {}),
      ops: c.acked, durationMs: c.writeMs,
    }));
    const failed = r.counterexample?.verdicts.some((v) => v.expectation === expectation && !v.ok);
    if (failed) {
      // The shrunk case stands for the violation; make sure it is counted even if found while shrinking.
      const ce = counterexampleOf(r, id, replayCommand(r, targetArg, scenarioArg));
      const first = cases.find((c) => c.violated);
      if (first) first.counterexample = ce;
      else cases.push({ violated: true, counterexample: ce });
    }
    const divergence = known.find((k) => k.target === targetArg && k.scenario === scenario.name && k.expectation === expectation && (!k.modes || k.modes.includes(r.mode)));
    const result = buildResult({ ...base, guarantee }, cases, divergence ? { knownDivergence: divergence.note } : {});
    return i === 0 ? { ...result, durationMs: r.durationMs } : result;
  });
}

/** The result of a conformance run (the reference server against redis-server). */
export function conformanceResult(summary: ConformanceSummary, replay: string): Result {
  const key = { target: 'reference', config: 'default', scenario: 'conformance', fault: 'none', guarantee: 'replies and datasets byte-identical to redis-server for random command sequences' };
  const f = summary.failure;
  if (f && !f.divergence) return errorResult(key, f.error, summary.runs);
  const cases: CaseMeasurement[] = Array.from({ length: Math.max(0, summary.runs - (f ? 1 : 0)) }, () => ({ violated: false }));
  if (f) {
    const ce: Counterexample = {
      id: 'reference/conformance', seed: summary.seed, path: f.path, summary: f.error,
      history: f.shrunk.map((argv, index) => ({ index, args: [...argv], invokedAt: index, completedAt: index, outcome: 'ok' as const })),
      faults: [], keyspaceDiff: {}, replay: `${replay} --seed ${summary.seed} --path ${f.path}`,
    };
    cases.push({ violated: true, counterexample: ce });
  }
  return { ...buildResult(key, cases), durationMs: summary.durationMs };
}
