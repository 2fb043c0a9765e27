// Combines the JSON reports of a run split across machines (`durability-lab run --shard i/n`)
// into one report: results merged by target x config x scenario x fault x guarantee, targets and seeds
// united, metadata combined with one entry per shard. Refuses what cannot belong to one run.

import { distribution } from './distribution.js';
import { MergeError } from './errors.js';
import { resultKey, worstVerdict, type Distribution, type MergedShard, type Report, type Result, type TargetInfo } from './model.js';
import { validateReport } from './validate.js';

function concat(a: Distribution | undefined, b: Distribution | undefined): Distribution | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return distribution([...a.values, ...b.values]);
}

/** The shards a report stands for: itself if it is a shard, or the shards it was merged from. */
function shardsOf(r: Report, source: string): MergedShard[] {
  const m = r.metadata;
  if (m.mergedFrom) return m.mergedFrom;
  if (m.shard) return [{ ...m.shard, startedAt: m.startedAt, finishedAt: m.finishedAt, machine: m.machine, ...(m.gitCommit ? { gitCommit: m.gitCommit } : {}) }];
  throw new MergeError(`${source} is not a shard (no metadata.shard): merge combines the reports of one run split with --shard i/n`);
}

/** Two results of the same key (a key split across shards): counts summed, per-case values joined. */
function mergeResult(a: Result, b: Result, source: string): Result {
  const where = `target ${a.target}, config ${a.config}, scenario ${a.scenario}, fault ${a.fault}, guarantee "${a.guarantee}"`;
  if (JSON.stringify(a.directives ?? {}) !== JSON.stringify(b.directives ?? {})) throw new MergeError(`${source}: ${where} has directives ${JSON.stringify(b.directives ?? {})}, an earlier shard ${JSON.stringify(a.directives ?? {})}`);
  const out: Result = {
    ...a,
    verdict: worstVerdict([a.verdict, b.verdict])!,
    cases: a.cases + b.cases,
    violations: a.violations + b.violations,
    counterexamples: [...a.counterexamples, ...b.counterexamples],
  };
  const messages = [...new Set([a.message, b.message].filter((m): m is string => m !== undefined))];
  if (messages.length > 0) out.message = messages.join('; ');
  if (a.durationMs !== undefined || b.durationMs !== undefined) out.durationMs = (a.durationMs ?? 0) + (b.durationMs ?? 0);
  if (a.lossWindow && b.lossWindow) out.lossWindow = { ops: concat(a.lossWindow.ops, b.lossWindow.ops)!, ms: concat(a.lossWindow.ms, b.lossWindow.ms)! };
  else if (b.lossWindow) out.lossWindow = b.lossWindow;
  const recovery = concat(a.recoveryMs, b.recoveryMs);
  if (recovery) out.recoveryMs = recovery;
  const convergence = concat(a.convergenceMs, b.convergenceMs);
  if (convergence) out.convergenceMs = convergence;
  if (a.throughputOpsPerSec !== undefined && b.throughputOpsPerSec !== undefined) {
    // Weighted by cases, so the mean stays the mean over every case of both shards.
    const wa = Math.max(a.cases, 1);
    const wb = Math.max(b.cases, 1);
    out.throughputOpsPerSec = (a.throughputOpsPerSec * wa + b.throughputOpsPerSec * wb) / (wa + wb);
  } else if (b.throughputOpsPerSec !== undefined) out.throughputOpsPerSec = b.throughputOpsPerSec;
  return out;
}

/**
 * Merges shard reports (or already merged partial reports) of one run. `sources` name the inputs
 * in errors (file paths; default "report 1", "report 2"...). Throws MergeError for reports of
 * different schemaVersion, tool version or git commit, a shard given twice, shards of different
 * counts, a target name meaning two implementations, or one result key with two directive sets; each
 * input is validated first (SchemaVersionError, ReportSchemaError). Missing shards are allowed
 * and recorded: metadata.mergedFrom lists the shards present.
 */
export function mergeReports(reports: readonly unknown[], sources: readonly string[] = []): Report {
  if (reports.length === 0) throw new MergeError('nothing to merge: give at least one report');
  const name = (i: number) => sources[i] ?? `report ${i + 1}`;
  const versions = reports.map((r) => (typeof r === 'object' && r !== null ? (r as { schemaVersion?: unknown }).schemaVersion : undefined));
  if (new Set(versions.map((v) => JSON.stringify(v))).size > 1) {
    throw new MergeError(`cannot merge reports of different schemaVersion: ${versions.map((v, i) => `${name(i)} has ${JSON.stringify(v)}`).join(', ')}`);
  }
  const valid = reports.map((r, i) => validateReport(r, name(i)));
  const first = valid[0]!;

  const shards: MergedShard[] = [];
  const shardSource = new Map<number, string>();
  valid.forEach((r, i) => {
    if (r.metadata.tool.name !== first.metadata.tool.name || r.metadata.tool.version !== first.metadata.tool.version) {
      throw new MergeError(`cannot merge runs of different tools: ${name(0)} is ${first.metadata.tool.name} ${first.metadata.tool.version}, ${name(i)} is ${r.metadata.tool.name} ${r.metadata.tool.version}`);
    }
    if ((r.metadata.gitCommit ?? '') !== (first.metadata.gitCommit ?? '')) {
      throw new MergeError(`cannot merge runs of different commits: ${name(0)} is ${first.metadata.gitCommit ?? 'unknown'}, ${name(i)} is ${r.metadata.gitCommit ?? 'unknown'}`);
    }
    for (const s of shardsOf(r, name(i))) {
      if (s.count !== (shards[0]?.count ?? s.count)) throw new MergeError(`${name(i)} is shard ${s.index}/${s.count} but ${shardSource.get(shards[0]!.index)} is shard ${shards[0]!.index}/${shards[0]!.count}: shards of one run share n`);
      if (shardSource.has(s.index)) throw new MergeError(`shard ${s.index}/${s.count} is in both ${shardSource.get(s.index)} and ${name(i)}`);
      shardSource.set(s.index, name(i));
      shards.push(s);
    }
  });
  shards.sort((a, b) => a.index - b.index);

  const targets = new Map<string, TargetInfo>();
  valid.forEach((r, i) => {
    for (const t of r.targets) {
      const known = targets.get(t.name);
      if (known === undefined) targets.set(t.name, t);
      else if (known.implementation !== t.implementation || known.version !== t.version) {
        throw new MergeError(`target '${t.name}' is ${known.implementation} ${known.version} in an earlier shard but ${t.implementation} ${t.version} in ${name(i)}`);
      }
    }
  });

  const results = new Map<string, Result>();
  valid.forEach((r, i) => {
    for (const res of r.results) {
      const key = resultKey(res);
      const known = results.get(key);
      results.set(key, known === undefined ? res : mergeResult(known, res, name(i)));
    }
  });

  const seeds = [...new Set(valid.flatMap((r) => r.metadata.seeds))];
  const merged: Report = {
    schemaVersion: first.schemaVersion,
    metadata: {
      tool: first.metadata.tool,
      startedAt: valid.map((r) => r.metadata.startedAt).sort((a, b) => Date.parse(a) - Date.parse(b))[0]!,
      finishedAt: valid.map((r) => r.metadata.finishedAt).sort((a, b) => Date.parse(b) - Date.parse(a))[0]!,
      machine: shards[0]!.machine,
      seeds,
      ...(first.metadata.gitCommit ? { gitCommit: first.metadata.gitCommit } : {}),
      ...(first.metadata.command ? { command: first.metadata.command.replace(/\s--shard\s+\S+/, '') } : {}),
      mergedFrom: shards,
    },
    targets: [...targets.values()],
    results: [...results.values()],
  };
  return validateReport(merged, 'the merged report');
}
