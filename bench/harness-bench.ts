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
  /** Untimed warm-up cycles before, and the rate they ran at (a cold process's JIT included). */
  warmup: number;
  warmupPerSecond: number;
  /** Median ms of one whole cycle. */
  cycleMedianMs: number;
  /** Median ms of crash + rebuild + restart (the part a crash-point search repeats). */
  crashRestartMedianMs: number;
}

/** Untimed cycles before the timed ones: at least `cycles`, and more until `ms` have passed (at most 20 times `cycles`). */
interface Warmup {
  cycles: number;
  ms?: number;
}

/**
 * `n` timed full cycles on fresh targets, after `warmup` untimed ones (so an in-process row measures
 * the JIT-compiled steady state, as the process rows measure warm binaries); every read-back is
 * checked (a lost acknowledged write throws).
 */
async function cycles(what: string, make: () => Target, diskFaults: boolean, kind: CrashKind, n: number, warmup: Warmup): Promise<CycleRow> {
  const w = performance.now();
  let done = 0;
  while (done < warmup.cycles || (warmup.ms !== undefined && performance.now() - w < warmup.ms && done < warmup.cycles * 20)) {
    await cycle(what, make, diskFaults, kind, -1 - done);
    done++;
  }
  const warmupPerSecond = done / ((performance.now() - w) / 1000);
  const inner: number[] = [];
  const whole: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const w0 = performance.now();
    inner.push(await cycle(what, make, diskFaults, kind, i));
    whole.push(performance.now() - w0);
  }
  const s = (performance.now() - t0) / 1000;
  return { what, cycles: n, perSecond: n / s, warmup: done, warmupPerSecond, cycleMedianMs: median(whole), crashRestartMedianMs: median(inner) };
}

/** One cycle; answers the ms of crash + rebuild + restart. */
async function cycle(what: string, make: () => Target, diskFaults: boolean, kind: CrashKind, i: number): Promise<number> {
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
    const crashRestartMs = performance.now() - c0;
    const back = await t.client().mget(...Array.from({ length: 50 }, (_, k) => `k${k}`));
    const lost = back.filter((v, k) => v !== `v${i}:${k}`).length;
    if (lost > 0) throw new Error(`${what}: ${lost} acknowledged writes lost under appendfsync always (cycle ${i})`);
    return crashRestartMs;
  } finally {
    await t.stop();
  }
}

/** Prints the harness section. */
export async function harnessBench(requests: number): Promise<void> {
  if (!wanted('harness')) return;
  console.log(`\n## Harness: crash-restart cycles (start, 50 pipelined writes under appendfsync always, crash, rebuild, restart, read back, stop; timed after untimed warm-up cycles)\n`);
  console.log('| target | crash | cycles | cycles/s | median cycle ms | median crash+restart ms | warm-up cycles | warm-up cycles/s |');
  console.log('|---|---|---|---|---|---|---|---|');
  // Rows: [what, target, fault-preload.so or simulated disk faults, crash, timed cycles, untimed warm-up].
  // The in-process row warms up for 3 s: its rate climbs over the first few thousand cycles in one
  // process (seen here: about 400/s over the first 500, 650-740/s after 2,500; each cycle runs
  // the boot path only twice, so it is slow to get hot), and a crash-point search runs far more.
  const rows: Array<[string, () => Target, boolean, CrashKind, number, Warmup]> = [
    ['redis-server + fault-preload.so', () => redisServerTarget(), true, 'power', CYCLES, { cycles: 3 }],
    ['redis-server, no preload', () => redisServerTarget(), false, 'process', CYCLES, { cycles: 3 }],
    ['reference process + fault-preload.so', () => referenceTarget(), true, 'power', Math.max(5, Math.floor(CYCLES / 4)), { cycles: 1 }],
    ['reference in-process (simulated disk, virtual time)', () => new InProcessReferenceTarget(), true, 'power', CYCLES * 25, { cycles: CYCLES * 10, ms: 3000 }],
  ];
  for (const [what, make, faults, kind, n, warmup] of rows) {
    const r = await cycles(what, make, faults, kind, n, warmup);
    console.log(`| ${r.what} | ${kind} | ${r.cycles} | ${r.perSecond.toFixed(1)} | ${r.cycleMedianMs.toFixed(1)} | ${r.crashRestartMedianMs.toFixed(1)} | ${r.warmup} | ${r.warmupPerSecond.toFixed(1)} |`);
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
