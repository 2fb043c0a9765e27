// The durability section of `npm run bench` (BENCH_SECTIONS=durability): property cases per
// minute for each family and target, and the time-to-detect of each broken reference-server
// variant (median over seeds). Prints numbers only; nothing asserts a speed.

import type { TargetName } from '../properties/support/case-target.js';
import { runFamily, type Family, type FamilyConfig } from '../properties/support/family.js';
import { MUTATION_PLANS, runMutation } from '../properties/support/mutation-check.js';
import { durabilityFamily } from '../properties/families/durability.js';
import { rewriteFamily } from '../properties/families/rewrite.js';
import { bgsaveErrorFamily } from '../properties/families/bgsave-error.js';
import { diskErrorsFamily } from '../properties/families/disk-errors.js';
import { replicationConvergenceFamily } from '../properties/families/replication-convergence.js';
import { replicaReadOnlyFamily } from '../properties/families/replica-read-only.js';

// Families differ in config and case types; the bench only passes them through.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogeneous family table
const FAMILIES: ReadonlyArray<Family<any, any>> = [durabilityFamily, rewriteFamily, bgsaveErrorFamily, diskErrorsFamily, replicationConvergenceFamily, replicaReadOnlyFamily];
const TARGETS: readonly TargetName[] = ['reference', 'redis-server'];

/** Median of a non-empty list. */
function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Cases per minute for every family and target: each config in turn, `runsPerConfig` cases each, seeded. */
async function casesPerMinute(runsPerConfig: number, seed: number): Promise<void> {
  console.log(`\n## Durability property cases per minute (${runsPerConfig} case(s) per config, seed ${seed})\n`);
  console.log('| family | target | configs | cases | seconds | cases/min | failures |');
  console.log('|---|---|---|---|---|---|---|');
  for (const family of FAMILIES) {
    for (const target of TARGETS) {
      let cases = 0;
      let ms = 0;
      const failures: string[] = [];
      for (const config of family.configs as readonly FamilyConfig[]) {
        const o = await runFamily(family, target, config, { numRuns: runsPerConfig, noShrink: true, seed });
        cases += o.runs;
        ms += o.ms;
        if (o.failed) failures.push(family.knownDivergences?.[target]?.[config.label] ? `${config.label} (known divergence)` : config.label);
      }
      console.log(`| ${family.name} | ${target} | ${family.configs.length} | ${cases} | ${(ms / 1000).toFixed(1)} | ${((cases / ms) * 60_000).toFixed(0)} | ${failures.length ? failures.join('; ') : '-'} |`);
    }
  }
}

/** Time to detect each mutation (first failing case, no shrinking), median over `seeds` seeds. */
async function timeToDetect(seeds: number): Promise<void> {
  console.log(`\n## Mutation check: time to detect (reference in-process, median over ${seeds} seeds)\n`);
  console.log('| mutation | family (config) | caught | median runs | median ms | per seed (runs/ms) |');
  console.log('|---|---|---|---|---|---|');
  for (const plan of MUTATION_PLANS) {
    const runs: number[] = [];
    const ms: number[] = [];
    const cells: string[] = [];
    for (let seed = 1; seed <= seeds; seed++) {
      const o = await runMutation(plan, { seed });
      if (o.failed) {
        runs.push(o.runsToFailure ?? o.runs);
        ms.push(o.msToFailure ?? o.ms);
      }
      cells.push(o.failed ? `${o.runsToFailure}/${(o.msToFailure ?? 0).toFixed(0)}` : `missed in ${o.runs}`);
    }
    console.log(`| ${plan.mutation} | ${plan.family.name} (${plan.config}) | ${runs.length}/${seeds} | ${runs.length ? median(runs) : '-'} | ${ms.length ? median(ms).toFixed(0) : '-'} | ${cells.join(', ')} |`);
  }
}

/** The section: BENCH_DURABILITY_RUNS cases per config (default 3), BENCH_SEEDS seeds (default 3). */
export async function durabilityBench(): Promise<void> {
  await casesPerMinute(Number(process.env.BENCH_DURABILITY_RUNS ?? 3), Number(process.env.BENCH_SEED ?? 1));
  await timeToDetect(Number(process.env.BENCH_SEEDS ?? 3));
}
