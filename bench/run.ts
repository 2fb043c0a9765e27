// `npm run bench`: the reference server beside redis-server in one run. Prints measured numbers and
// ratios (reference / redis-server); nothing here asserts a speed. Sizes via BENCH_REQUESTS and
// BENCH_KEYS.

import { cpus, loadavg } from 'node:os';
import { redisServerTarget, referenceTarget, type ProcessTarget } from '../harness/index.js';
import { throughput, type ThroughputRow } from './redis-benchmark.js';
import { persistenceBench, type PersistenceRow } from './persistence-bench.js';
import { harnessBench } from './harness-bench.js';
import { replicationBench, type ReplicationRow } from './replication-bench.js';
import { durabilityBench } from './durability-bench.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100_000);
const KEYS = Number(process.env.BENCH_KEYS ?? 1_000_000);
/** Sections to run (comma-separated: throughput, persistence, replication, durability); default all. BENCH_REPEAT: full-sync runs kept best of. */
const SECTIONS = new Set((process.env.BENCH_SECTIONS ?? 'throughput,persistence,replication,durability').split(',').map((s) => s.trim()));

function fmt(n: number | undefined, digits = 0): string {
  return n === undefined ? '-' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function printThroughput(title: string, rows: ThroughputRow[]): void {
  console.log(`\n## ${title}\n`);
  console.log('| test | -P | redis-server req/s | reference req/s | ratio (median of rounds) |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.test} | ${r.pipeline} | ${fmt(r.rps['redis-server'])} | ${fmt(r.rps['reference'])} | ${r.ratio !== undefined ? r.ratio.toFixed(2) : '-'} |`);
  }
}

function printPersistence(rows: PersistenceRow[]): void {
  console.log('\n## Persistence\n');
  console.log('| operation | redis-server ms | reference ms | ratio (reference/redis) |');
  console.log('|---|---|---|---|');
  for (const r of rows) {
    const redis = r.ms['redis-server'];
    const ref = r.ms['reference'];
    console.log(`| ${r.what} | ${fmt(redis, 1)} | ${fmt(ref, 1)} | ${redis && ref ? (ref / redis).toFixed(2) : '-'} |`);
  }
}

function printReplication(rows: ReplicationRow[]): void {
  console.log('\n## Replication (master kind side by side)\n');
  console.log('| measure | unit | redis-server master | reference master | ratio (reference/redis) |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) {
    const redis = r.values['redis-server'];
    const ref = r.values['reference'];
    console.log(`| ${r.what} | ${r.unit} | ${fmt(redis, 1)} | ${fmt(ref, 1)} | ${redis && ref ? (ref / redis).toFixed(2) : '-'} |`);
  }
}

async function main(): Promise<void> {
  if (SECTIONS.has('throughput') || SECTIONS.has('persistence')) await throughputAndPersistence();
  if (SECTIONS.has('replication')) {
    console.log(`\n(load average before the replication section: ${loadavg().map((x) => x.toFixed(2)).join(' ')} on ${cpus().length} cores)`);
    printReplication(await replicationBench(KEYS, REQUESTS * 5, Number(process.env.BENCH_REPEAT ?? 2)));
  }
  if (SECTIONS.has('durability')) await durabilityBench();
}

async function throughputAndPersistence(): Promise<void> {
  const targets: ProcessTarget[] = [redisServerTarget({ name: 'redis-server' }), referenceTarget({ name: 'reference' })];
  try {
    for (const t of targets) await t.start({ save: '', appendonly: 'no' });
    console.log(`# durability-lab bench (redis-benchmark, 50 clients, ${REQUESTS} requests per test unpipelined, ${REQUESTS * 4} at -P 16; median of BENCH_ROUNDS=${process.env.BENCH_ROUNDS ?? 3} alternating rounds after a warm-up)`);
    if (SECTIONS.has('throughput')) printThroughput('Throughput, no persistence', await throughput(targets, 'set,get,incr,lpush,hset,zadd', REQUESTS, [1, 16]));
    for (const policy of SECTIONS.has('throughput') ? ['no', 'everysec', 'always'] : []) {
      for (const t of targets) {
        await t.client().config('SET', 'appendfsync', policy);
        await t.client().config('SET', 'appendonly', 'yes');
      }
      await new Promise((r) => setTimeout(r, 500));
      printThroughput(`Throughput, appendonly yes, appendfsync ${policy}`, await throughput(targets, 'set,incr,lpush', REQUESTS, [1, 16]));
      for (const t of targets) await t.client().config('SET', 'appendonly', 'no');
    }
    for (const t of targets) await t.stop();
    for (const t of targets) await t.start({ save: '', appendonly: 'no' });
    if (SECTIONS.has('persistence')) printPersistence(await persistenceBench(targets, KEYS));
  } finally {
    await Promise.all(targets.map((t) => t.stop()));
  }
}

await main();
// The harness's own costs: crash-restart cycles/s, fault-preload.so overhead (BENCH_SECTIONS=harness).
await harnessBench(REQUESTS);
