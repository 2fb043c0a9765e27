// The throughput section of `npm run bench`: redis-benchmark against redis-server and the
// reference server, one after the other in the same run, at -P 1 and -P 16; requests/s and ratios.

import { cpus } from 'node:os';
import { execa } from 'execa';
import type { Target } from '../harness/index.js';

export interface ThroughputRow {
  test: string;
  pipeline: number;
  /** Median requests/s per target. */
  rps: Record<string, number>;
  /** Median over rounds of (second target / first target) measured in the same round. */
  ratio?: number;
}

/** Parses redis-benchmark --csv output: "test","rps",... lines. */
export function parseCsv(out: string): Map<string, number> {
  const rows = new Map<string, number>();
  for (const line of out.split('\n')) {
    const m = /^"([^"]+)","([\d.]+)"/.exec(line.trim());
    if (m) rows.set(m[1]!, Number(m[2]));
  }
  return rows;
}

/** Rounds per measurement (BENCH_ROUNDS); the median is kept. */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/**
 * On a machine with 2 or more cores, the server under test (all its threads) runs on core 0 and
 * redis-benchmark on core 1, the same for both servers, so that neither competes with its own
 * load generator for a core (as Redis's benchmarking notes advise). BENCH_PIN=0 turns it off.
 */
const PIN = process.env.BENCH_PIN !== '0' && cpus().length >= 2;

async function pin(t: Target): Promise<void> {
  if (!PIN || t.pid === undefined) return;
  await execa('taskset', ['-a', '-p', '-c', '0', String(t.pid)]).catch(() => undefined);
}

async function runOnce(t: Target, tests: string, requests: number, pipeline: number, extraArgs: string[]): Promise<Map<string, number>> {
  await t.client().flushall();
  await pin(t);
  const args = ['-h', '127.0.0.1', '-p', String(t.address.port), '-q', '--csv', '-t', tests, '-c', '50', '-n', String(requests), '-P', String(pipeline), ...extraArgs];
  const r = PIN ? await execa('taskset', ['-c', '1', 'redis-benchmark', ...args]) : await execa('redis-benchmark', args);
  return parseCsv(r.stdout);
}

/**
 * Runs redis-benchmark `tests` at each pipeline depth against each target. Pipelined runs send
 * `requests` x depth / 4 requests, so that each lasts long enough to measure (100k requests at
 * -P 16 take about 0.1 s on redis-server). One untimed warm-up pass per target first (the
 * reference server is a JIT-compiled process; a real deployment runs warm), then ROUNDS rounds
 * alternating the targets and their order, so a burst of noise on the shared machine hits both; the medians are
 * kept, and the ratio is the median of the per-round ratios (each from runs seconds apart).
 */
export async function throughput(targets: Target[], tests: string, requests: number, pipelines: number[], extraArgs: string[] = [], rounds = ROUNDS): Promise<ThroughputRow[]> {
  const rows: ThroughputRow[] = [];
  for (const t of targets) await runOnce(t, tests, Math.min(requests, 50_000), Math.max(...pipelines), extraArgs);
  for (const pipeline of pipelines) {
    const n = pipeline > 1 ? Math.round((requests * pipeline) / 4) : requests;
    const samples = new Map<string, Map<string, number[]>>();
    for (let round = 0; round < rounds; round++) {
      // Odd rounds run the targets in reverse, so neither always runs on a warmer machine.
      for (const t of round % 2 === 0 ? targets : [...targets].reverse()) {
        for (const [test, rps] of await runOnce(t, tests, n, pipeline, extraArgs)) {
          const byTarget = samples.get(test) ?? new Map<string, number[]>();
          byTarget.set(t.name, [...(byTarget.get(t.name) ?? []), rps]);
          samples.set(test, byTarget);
        }
      }
    }
    for (const [test, byTarget] of samples) {
      const rps: Record<string, number> = {};
      for (const [name, xs] of byTarget) rps[name] = median(xs);
      const first = byTarget.get(targets[0]!.name);
      const second = targets[1] ? byTarget.get(targets[1].name) : undefined;
      const ratio = first && second && first.length === second.length ? median(second.map((x, i) => x / first[i]!)) : undefined;
      rows.push({ test, pipeline, rps, ...(ratio !== undefined ? { ratio } : {}) });
    }
  }
  return rows;
}
