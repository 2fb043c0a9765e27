// The throughput section of `npm run bench`: redis-benchmark against redis-server and the
// reference server, one after the other in the same run, at -P 1 and -P 16; requests/s and ratios.

import { execa } from 'execa';
import type { Target } from '../harness/index.js';

export interface ThroughputRow {
  test: string;
  pipeline: number;
  rps: Record<string, number>;
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

/** Runs redis-benchmark `tests` at each pipeline depth against each target. */
export async function throughput(targets: Target[], tests: string, requests: number, pipelines: number[], extraArgs: string[] = []): Promise<ThroughputRow[]> {
  const rows: ThroughputRow[] = [];
  for (const pipeline of pipelines) {
    const byTest = new Map<string, ThroughputRow>();
    for (const t of targets) {
      await t.client().flushall();
      const r = await execa('redis-benchmark', ['-h', '127.0.0.1', '-p', String(t.address.port), '-q', '--csv', '-t', tests, '-c', '50', '-n', String(requests), '-P', String(pipeline), ...extraArgs]);
      for (const [test, rps] of parseCsv(r.stdout)) {
        const row = byTest.get(test) ?? { test, pipeline, rps: {} };
        row.rps[t.name] = rps;
        byTest.set(test, row);
      }
    }
    rows.push(...byTest.values());
  }
  return rows;
}
