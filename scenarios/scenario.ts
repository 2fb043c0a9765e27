// A named chaos scenario as plain data: the server configuration, the workload, the phases (write,
// fault, heal, crash, restart, settle...) and the expectation (which checkers judge the outcome).
// parseScenario turns untrusted JSON into a Scenario or an error naming the field that is wrong.

import { TOXICS, type ToxicSpec, type ToxicType } from '../harness/index.js';
import type { ToxicBehaviour } from '../harness/link-proxy/toxic.js';

/** A number, or an inclusive [min, max] range the case's seed picks from. */
export type Amount = number | readonly [number, number];

/** The faults a scenario can switch on (the harness's vocabulary). */
export type DiskFault = 'disk:full' | 'disk:eio' | 'disk:eio-fsync' | 'fsync:delay';

/** One phase of a scenario, run in order. */
export type Step =
  /** Workload writes, one writer at a time over the scenario's connections. */
  | { do: 'write'; ops: Amount }
  /** Switch a disk fault on (`ms` is the fsync delay for fsync:delay). */
  | { do: 'fault'; fault: DiskFault; ms?: number }
  /** Switch every disk fault off. */
  | { do: 'heal' }
  /** A command the harness sends itself (BGSAVE, BGREWRITEAOF, CONFIG SET ...); its reply is logged, not checked. */
  | { do: 'command'; argv: readonly string[] }
  /** Wait until `INFO persistence` shows `field:value`, at most `timeoutMs`. */
  | { do: 'await-info'; field: string; value: string; timeoutMs?: number }
  /** Sleep (a range gives the seed a choice). */
  | { do: 'wait'; ms: Amount }
  /** SIGKILL (page cache kept) or a power cut (only fsynced data kept). The server stays down. */
  | { do: 'crash'; kind: 'process' | 'power'; level?: 'data-only' | 'strict' }
  /** Cut bytes off the end of the newest AOF file while the server is down. */
  | { do: 'truncate-aof'; bytes: Amount }
  /** Start the server again on its data directory; recovery time is measured here. */
  | { do: 'restart' }
  /** Replication: make the replica a replica of the master, through the link proxy (settle waits for the sync). */
  | { do: 'attach' }
  /** Replication: put a toxic on the link (harness/link-proxy: drop, reset, blackhole, latency, bandwidth, slice, limit_data). */
  | { do: 'link'; toxic: ToxicSpec }
  /** Replication: take every toxic off the link. */
  | { do: 'link-heal' }
  /** Replication: wait (at most `timeoutMs`) until the link is up and the replica's offset equals the master's. */
  | { do: 'settle'; timeoutMs?: number }
  /** Replication: writes sent to the replica (to check replica-read-only). */
  | { do: 'replica-write'; ops: Amount };

/** A checker the scenario's outcome is judged by (harness/checkers and scenarios/expectations.ts). */
export type Expectation =
  /** The recovered dataset is the model state after a prefix of the history. */
  | 'prefix'
  /** The loss bound of the persistence mode (always / everysec / no / rdb) for the crash that happened. */
  | 'loss-bound'
  /** No write acknowledged between a failed BGSAVE and the next successful save. */
  | 'no-ack-after-failed-bgsave'
  /** Writes keep being acknowledged after a failed BGSAVE (stop-writes-on-bgsave-error no). */
  | 'writes-continue-after-failed-bgsave'
  /** Refused writes are error replies (MISCONF), never acknowledgements; nothing acknowledged lost after the disk heals. */
  | 'aof-error-discipline'
  /** Replication: after the last settle the replica's dataset and offset equal the master's. */
  | 'convergence'
  /** Replication: a link gap that fitted the backlog (same master history) resumed with a partial resync. */
  | 'partial-resync'
  /** Replication: writes to the replica got -READONLY and changed nothing. */
  | 'read-only';

export type Persistence = 'always' | 'everysec' | 'no' | 'rdb';

export interface Scenario {
  name: string;
  description: string;
  /** The suite it belongs to (`durability-lab run --suite`). */
  suite: 'durability' | 'replication';
  /** `single` (default) or `replica`: a master and one replica of the same implementation, linked through the link proxy. */
  topology: 'single' | 'replica';
  /** Persistence modes it runs in; `appendfsync` is set from the mode (rdb: appendonly no). */
  modes: readonly Persistence[];
  /** Extra redis.conf directives on top of the mode's. */
  config: Readonly<Record<string, string>>;
  workload: {
    /** Connections the writer takes turns on. */
    clients: number;
    /** Largest pipelined burst (1: one command at a time). */
    pipeline: number;
    /** Key types written (values identify each write). */
    types: readonly ('string' | 'list' | 'hash' | 'set' | 'zset' | 'counter' | 'stream')[];
    /** Values padded to this many bytes (default: just the identifying `v<i>`). */
    valueBytes?: number;
  };
  steps: readonly Step[];
  expect: readonly Expectation[];
}

/** Thrown for a scenario file that is not a valid scenario; the message names the field. */
export class ScenarioError extends Error {}

const STEP_KINDS = new Set(['write', 'fault', 'heal', 'command', 'await-info', 'wait', 'crash', 'truncate-aof', 'restart', 'attach', 'link', 'link-heal', 'settle', 'replica-write']);
const REPLICATION_STEPS = new Set(['attach', 'link', 'link-heal', 'settle', 'replica-write']);
const REPLICATION_EXPECTATIONS = new Set(['convergence', 'partial-resync', 'read-only']);
const FAULTS = new Set(['disk:full', 'disk:eio', 'disk:eio-fsync', 'fsync:delay']);
const EXPECTATIONS = new Set(['prefix', 'loss-bound', 'no-ack-after-failed-bgsave', 'writes-continue-after-failed-bgsave', 'aof-error-discipline', 'convergence', 'partial-resync', 'read-only']);
const MODES = new Set(['always', 'everysec', 'no', 'rdb']);
const TYPES = new Set(['string', 'list', 'hash', 'set', 'zset', 'counter', 'stream']);

function fail(where: string, what: string): never {
  throw new ScenarioError(`${where}: ${what}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function amount(v: unknown, where: string): Amount {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0) && v[0] <= v[1]) {
    return [v[0] as number, v[1] as number];
  }
  return fail(where, `expected a non-negative integer or [min, max], got ${JSON.stringify(v)}`);
}

function stringList(v: unknown, where: string, allowed?: Set<string>): string[] {
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string')) fail(where, 'expected a non-empty list of strings');
  for (const x of v as string[]) if (allowed && !allowed.has(x)) fail(where, `unknown value '${x}' (one of ${[...allowed].join(', ')})`);
  return v as string[];
}

function parseStep(v: unknown, where: string): Step {
  if (!isObject(v) || typeof v.do !== 'string' || !STEP_KINDS.has(v.do)) {
    return fail(where, `a step needs "do": one of ${[...STEP_KINDS].join(', ')}`);
  }
  switch (v.do) {
    case 'write':
      return { do: 'write', ops: amount(v.ops, `${where}.ops`) };
    case 'fault': {
      if (typeof v.fault !== 'string' || !FAULTS.has(v.fault)) fail(`${where}.fault`, `one of ${[...FAULTS].join(', ')}`);
      const fault = v.fault as DiskFault;
      if (fault === 'fsync:delay' && (typeof v.ms !== 'number' || v.ms <= 0)) fail(`${where}.ms`, 'fsync:delay needs a positive ms');
      return fault === 'fsync:delay' ? { do: 'fault', fault, ms: v.ms as number } : { do: 'fault', fault };
    }
    case 'heal':
      return { do: 'heal' };
    case 'command':
      return { do: 'command', argv: stringList(v.argv, `${where}.argv`) };
    case 'await-info':
      if (typeof v.field !== 'string' || typeof v.value !== 'string') fail(where, 'await-info needs "field" and "value" strings');
      if (v.timeoutMs !== undefined && typeof v.timeoutMs !== 'number') fail(`${where}.timeoutMs`, 'expected a number');
      return { do: 'await-info', field: v.field as string, value: v.value as string, timeoutMs: v.timeoutMs as number | undefined };
    case 'wait':
      return { do: 'wait', ms: amount(v.ms, `${where}.ms`) };
    case 'crash':
      if (v.kind !== 'process' && v.kind !== 'power') fail(`${where}.kind`, "'process' or 'power'");
      if (v.level !== undefined && v.level !== 'data-only' && v.level !== 'strict') fail(`${where}.level`, "'data-only' or 'strict'");
      return { do: 'crash', kind: v.kind as 'process' | 'power', level: v.level as 'data-only' | 'strict' | undefined };
    case 'truncate-aof':
      return { do: 'truncate-aof', bytes: amount(v.bytes, `${where}.bytes`) };
    case 'link':
      if (!isObject(v.toxic) || typeof v.toxic.type !== 'string' || !(v.toxic.type in TOXICS)) fail(`${where}.toxic`, `a toxic with "type": one of ${Object.keys(TOXICS).join(', ')}`);
      try {
        (TOXICS[v.toxic.type as ToxicType] as ToxicBehaviour<ToxicSpec>).validate(v.toxic as ToxicSpec);
      } catch (e) {
        fail(`${where}.toxic`, (e as Error).message);
      }
      return { do: 'link', toxic: v.toxic as ToxicSpec };
    case 'settle':
      if (v.timeoutMs !== undefined && typeof v.timeoutMs !== 'number') fail(`${where}.timeoutMs`, 'expected a number');
      return { do: 'settle', timeoutMs: v.timeoutMs as number | undefined };
    case 'replica-write':
      return { do: 'replica-write', ops: amount(v.ops, `${where}.ops`) };
    case 'attach':
    case 'link-heal':
    case 'restart':
      return { do: v.do };
    default:
      return fail(where, `unhandled step '${String(v.do)}'`);
  }
}

/** Validates untrusted JSON as a Scenario; `source` names the file in errors. */
export function parseScenario(json: unknown, source: string): Scenario {
  if (!isObject(json)) fail(source, 'a scenario is a JSON object');
  const name = json.name;
  if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(name)) fail(`${source}.name`, 'lower-case words joined by dashes');
  if (typeof json.description !== 'string' || json.description.length === 0) fail(`${source}.description`, 'a sentence saying what it checks');
  if (json.suite !== 'durability' && json.suite !== 'replication') fail(`${source}.suite`, "'durability' or 'replication'");
  const modes = stringList(json.modes, `${source}.modes`, MODES) as Persistence[];
  const config = json.config ?? {};
  if (!isObject(config) || !Object.values(config).every((x) => typeof x === 'string')) fail(`${source}.config`, 'an object of directive -> string value');
  const w = json.workload;
  if (!isObject(w)) fail(`${source}.workload`, 'an object with clients, pipeline, types');
  const clients = w.clients ?? 1;
  const pipeline = w.pipeline ?? 1;
  if (typeof clients !== 'number' || !Number.isInteger(clients) || clients < 1 || clients > 16) fail(`${source}.workload.clients`, 'an integer from 1 to 16');
  if (typeof pipeline !== 'number' || !Number.isInteger(pipeline) || pipeline < 1 || pipeline > 64) fail(`${source}.workload.pipeline`, 'an integer from 1 to 64');
  const types = stringList(w.types, `${source}.workload.types`, TYPES) as Scenario['workload']['types'][number][];
  if (!Array.isArray(json.steps) || json.steps.length === 0) fail(`${source}.steps`, 'a non-empty list of steps');
  const steps = (json.steps as unknown[]).map((s, i) => parseStep(s, `${source}.steps[${i}]`));
  const expect = stringList(json.expect, `${source}.expect`, EXPECTATIONS) as Expectation[];
  const topology = json.topology ?? 'single';
  if (topology !== 'single' && topology !== 'replica') fail(`${source}.topology`, "'single' or 'replica'");
  const replicationStep = steps.findIndex((s) => REPLICATION_STEPS.has(s.do));
  if (topology === 'single' && replicationStep >= 0) fail(`${source}.steps[${replicationStep}]`, `'${steps[replicationStep]!.do}' needs "topology": "replica"`);
  const replicationExpectation = expect.find((e) => REPLICATION_EXPECTATIONS.has(e));
  if (topology === 'single' && replicationExpectation) fail(`${source}.expect`, `'${replicationExpectation}' needs "topology": "replica"`);
  const valueBytes = w.valueBytes;
  if (valueBytes !== undefined && (typeof valueBytes !== 'number' || !Number.isInteger(valueBytes) || valueBytes < 1 || valueBytes > 65536)) fail(`${source}.workload.valueBytes`, 'an integer from 1 to 65536');
  const crashes = steps.filter((s) => s.do === 'crash').length;
  if (expect.includes('loss-bound') && crashes !== 1) fail(`${source}.expect`, "'loss-bound' needs exactly one crash step");
  return {
    name, description: json.description as string, suite: json.suite, topology, modes, config: config as Record<string, string>,
    workload: { clients, pipeline, types, ...(valueBytes !== undefined ? { valueBytes } : {}) }, steps, expect,
  };
}
