// The harness's own costs in `npm run bench`: crash-restart cycles per second (start, 50 writes,
// pipelined, crash, rebuild, restart, read back, stop) against redis-server with and without fault-preload.so
// and against the in-process reference target; and the library's overhead on redis-benchmark
// throughput. Prints numbers; asserts nothing. BENCH_CYCLES sets the cycles per row.

import { InProcessReferenceTarget, redisServerTarget, referenceTarget, type CrashKind, type Target } from '../harness/index.js';
import { median, throughput } from './redis-benchmark.js';

const CYCLES = Number(process.env.BENCH_CYCLES ?? 40);
/** Alternating redis-benchmark rounds per overhead row (BENCH_ROUNDS). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

/** Whether BENCH_SECTIONS (comma-separated; unset: all) asks for `name`. */
function wanted(name: string): boolean {
  const s = process.env.BENCH_SECTIONS;
  return s === undefined || s.split(',').map((x) => x.trim()).includes(name);
}

interface CycleRow {
  what: string;
  cycles: number;
  perSecond: number;
  /** Median ms of one whole cycle. */
  cycleMedianMs: number;
  /** Median ms of crash + rebuild + restart (the part a crash-point search repeats). */
  crashRestartMedianMs: number;
}

/** `cycles` full cycles on fresh targets; every read-back is checked (a lost acknowledged write throws). */
async function cycles(what: string, make: () => Target, diskFaults: boolean, kind: CrashKind, n: number): Promise<CycleRow> {
  const inner: number[] = [];
  const whole: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const w0 = performance.now();
    const t = make();
    try {
      await t.start({ appendonly: 'yes', appendfsync: 'always', 'auto-aof-rewrite-percentage': '0' }, { diskFaults });
      const c = t.client();
      // One pipelined batch: the 50 writes are acknowledged together (one fsync under always).
      const p = c.pipeline();
      for (let k = 0; k < 50; k++) p.set(`k${k}`, `v${i}:${k}`);
      const replies = await p.exec();
      if (!replies || replies.some(([e]) => e !== null)) throw new Error(`${what}: a write failed: ${JSON.stringify(replies)}`);
      const c0 = performance.now();
      await t.crash(kind);
      await t.restart();
      inner.push(performance.now() - c0);
      const back = await t.client().mget(...Array.from({ length: 50 }, (_, k) => `k${k}`));
      const lost = back.filter((v, k) => v !== `v${i}:${k}`).length;
      if (lost > 0) throw new Error(`${what}: ${lost} acknowledged writes lost under appendfsync always (cycle ${i})`);
    } finally {
      await t.stop();
    }
    whole.push(performance.now() - w0);
  }
  const s = (performance.now() - t0) / 1000;
  return { what, cycles: n, perSecond: n / s, cycleMedianMs: median(whole), crashRestartMedianMs: median(inner) };
}

/** Prints the harness section. */
export async function harnessBench(requests: number): Promise<void> {
  if (!wanted('harness')) return;
  console.log(`\n## Harness: crash-restart cycles (start, 50 pipelined writes under appendfsync always, crash, rebuild, restart, read back, stop)\n`);
  console.log('| target | crash | cycles | cycles/s | median cycle ms | median crash+restart ms |');
  console.log('|---|---|---|---|---|---|');
  const rows: Array<[string, () => Target, boolean, CrashKind, number]> = [
    ['redis-server + fault-preload.so', () => redisServerTarget(), true, 'power', CYCLES],
    ['redis-server, no preload', () => redisServerTarget(), false, 'process', CYCLES],
    ['reference process + fault-preload.so', () => referenceTarget(), true, 'power', Math.max(5, Math.floor(CYCLES / 4))],
    ['reference in-process (simulated disk, virtual time)', () => new InProcessReferenceTarget(), true, 'power', CYCLES * 5],
  ];
  for (const [what, make, faults, kind, n] of rows) {
    const r = await cycles(what, make, faults, kind, n);
    console.log(`| ${r.what} | ${kind} | ${r.cycles} | ${r.perSecond.toFixed(1)} | ${r.cycleMedianMs.toFixed(1)} | ${r.crashRestartMedianMs.toFixed(1)} |`);
  }

  console.log(`\n## Harness: fault-preload.so overhead on redis-benchmark (50 clients, ${requests} requests, ${ROUNDS} alternating rounds, no fault switched on)\n`);
  console.log('| appendfsync | test | -P | without req/s (median) | with req/s (median) | with/without (median of rounds) |');
  console.log('|---|---|---|---|---|---|');
  for (const policy of ['everysec', 'always']) {
    const plain = redisServerTarget({ name: 'without' });
    const shimmed = redisServerTarget({ name: 'with' });
    try {
      const directives = { appendonly: 'yes', appendfsync: policy, 'auto-aof-rewrite-percentage': '0' };
      await plain.start(directives);
      await shimmed.start(directives, { diskFaults: true });
      // throughput() alternates the order of the two in its rounds and keeps medians (the machine is shared and noisy).
      for (const row of await throughput([plain, shimmed], 'set,incr', requests, [1, 16], [], ROUNDS)) {
        console.log(`| ${policy} | ${row.test} | ${row.pipeline} | ${Math.round(row.rps.without!)} | ${Math.round(row.rps.with!)} | ${row.ratio!.toFixed(2)} |`);
      }
    } finally {
      await plain.stop();
      await shimmed.stop();
    }
  }
}
