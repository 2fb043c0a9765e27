// The durability report model: one run of durability-lab as plain JSON data (schemaVersion 1),
// described for tools by reports/schema/report.schema.json. Writers, compare and merge read it;
// nothing here runs a target (DESIGN.md: reports render verdicts, no layer reaches back up).

/** The report format version; a reader refuses any other (see validate.ts, merge.ts). */
export const SCHEMA_VERSION = 1;

/**
 * What a result concluded. `known-divergence`: the guarantee was violated in a way recorded in
 * KNOWN-DIVERGENCES.md (reported apart, configurable in the gate); `error`: the run itself broke
 * (target would not start, harness error), so nothing is known about the guarantee.
 */
export type Verdict = 'pass' | 'violated' | 'known-divergence' | 'error';

/** Every verdict, worst first: the order a matrix cell uses to summarise several results. */
export const VERDICTS_WORST_FIRST: readonly Verdict[] = ['violated', 'error', 'known-divergence', 'pass'];

/** How a completed operation ended, in Jepsen's words: ok, fail (did not happen), info (unknown). */
export type Outcome = 'ok' | 'fail' | 'info';

/** A JSON value, for dataset values in a keyspace diff (strings, lists, hashes as objects...). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A set of measurements, one per case, with its summary. Built by `distribution()`. */
export interface Distribution {
  /** One value per case, in case order. Never empty. */
  values: number[];
  min: number;
  median: number;
  /** Nearest-rank 95th percentile. */
  p95: number;
  max: number;
}

/** The machine the run happened on. */
export interface Machine {
  cpus: number;
  cpuModel?: string;
  memBytes: number;
  /** e.g. "Linux 6.1.0-18-amd64 x64". */
  os: string;
  /** process.version, e.g. "v20.20.2". */
  node: string;
  hostname?: string;
}

/** One shard of a run split with `--shard i/n` (index is 1-based). */
export interface ShardInfo {
  index: number;
  count: number;
}

/** What a merged report keeps of each shard it was made from. */
export interface MergedShard extends ShardInfo {
  startedAt: string;
  finishedAt: string;
  machine: Machine;
  gitCommit?: string;
}

/** Who ran what, where and when. Times are ISO 8601 (UTC, `new Date().toISOString()`). */
export interface RunMetadata {
  tool: { name: string; version: string };
  startedAt: string;
  finishedAt: string;
  machine: Machine;
  /** Every seed the run used (fast-check seeds, scenario seeds). */
  seeds: number[];
  gitCommit?: string;
  /** The command line, e.g. "durability-lab run --suite durability --runs 5". */
  command?: string;
  /** Set on a shard's report; absent on a whole run. */
  shard?: ShardInfo;
  /** Set by mergeReports: the shards this report combines, in index order. */
  mergedFrom?: MergedShard[];
}

/** One implementation under test. `name` is the key results refer to. */
export interface TargetInfo {
  /** e.g. "redis", "reference", or a target file's name. */
  name: string;
  /** e.g. "redis-server", "durability-lab reference server". */
  implementation: string;
  /** e.g. redis_version from INFO server: "7.0.15". */
  version: string;
  /** Optional details, e.g. the executable path. */
  details?: string;
}

/** One operation of a (shrunk) history, the same shape as harness/history's Op. Times in ms. */
export interface HistoryOp {
  index: number;
  client?: number;
  args: string[];
  invokedAt: number;
  completedAt: number;
  outcome: Outcome;
  reply?: string;
}

/** A nemesis fault on the history's timeline; an instantaneous fault (crash) has end = start. */
export interface FaultPeriod {
  /** The fault in the harness's vocabulary: "crash:power", "disk:full", "link:blackhole"... */
  what: string;
  start: number;
  end: number;
}

/** What a key held in the model (expected) and after recovery (actual); null when absent. */
export interface KeyDiff {
  expected: JsonValue;
  actual: JsonValue;
}

/** A failing case, shrunk, with everything needed to read it and to replay it. */
export interface Counterexample {
  /** Unique within the report: `durability-lab replay report.json --case ID`. */
  id: string;
  seed: number;
  /** fast-check's replay path, e.g. "12:3:0". */
  path: string;
  /** The checker's reason, e.g. "lost 3 acknowledged write(s), first SET k1 a (op 4...)". */
  summary: string;
  /** The shrunk plan (workload and fault schedule) as one readable line, when the runner has one. */
  plan?: string;
  history: HistoryOp[];
  faults: FaultPeriod[];
  keyspaceDiff: Record<string, KeyDiff>;
  /** A command line that replays this case. */
  replay: string;
}

/** Loss window: acknowledged writes lost per case, in operations and in ms before the fault. */
export interface LossWindow {
  ops: Distribution;
  ms: Distribution;
}

/**
 * The outcome of one guarantee checked on one target x config x scenario x fault. A scenario that
 * checks several guarantees gives one Result per guarantee (same target, config, scenario, fault).
 */
export interface Result {
  /** TargetInfo.name. */
  target: string;
  /** Persistence config: "always", "everysec", "no" (appendfsync), "rdb", or a scenario's own label. */
  config: string;
  /** Directives that define the config beyond its label, e.g. {"stop-writes-on-bgsave-error": "no"}. */
  directives?: Record<string, string>;
  scenario: string;
  /** The fault injected, e.g. "crash:power"; "none" when the scenario injects none. */
  fault: string;
  /** The guarantee checked, as the checker words it (a row of the verdict matrix). */
  guarantee: string;
  verdict: Verdict;
  cases: number;
  violations: number;
  /** For error and known-divergence verdicts: the error, or which known divergence it is. */
  message?: string;
  durationMs?: number;
  lossWindow?: LossWindow;
  recoveryMs?: Distribution;
  throughputOpsPerSec?: number;
  /** Replication scenarios: time for replicas to converge after heal. */
  convergenceMs?: Distribution;
  counterexamples: Counterexample[];
}

/** One run of durability-lab: the document report.json holds. */
export interface Report {
  schemaVersion: typeof SCHEMA_VERSION;
  metadata: RunMetadata;
  targets: TargetInfo[];
  results: Result[];
}

/** The key a result is unique, merged and compared by: target, config, scenario, fault, guarantee. */
export function resultKey(r: Pick<Result, 'target' | 'config' | 'scenario' | 'fault' | 'guarantee'>): string {
  return [r.target, r.config, r.scenario, r.fault, r.guarantee].join('\u0000');
}

/** The key of a run of a scenario (one JUnit test case): target, config, scenario and fault. */
export function runKey(r: Pick<Result, 'target' | 'config' | 'scenario' | 'fault'>): string {
  return [r.target, r.config, r.scenario, r.fault].join('\u0000');
}

/** The worse of verdicts (violated > error > known-divergence > pass); undefined for none. */
export function worstVerdict(verdicts: Iterable<Verdict>): Verdict | undefined {
  let worst: Verdict | undefined;
  for (const v of verdicts) if (worst === undefined || VERDICTS_WORST_FIRST.indexOf(v) < VERDICTS_WORST_FIRST.indexOf(worst)) worst = v;
  return worst;
}
