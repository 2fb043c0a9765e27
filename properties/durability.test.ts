// The durability contract of each appendfsync mode (DESIGN.md), as a fast-check property run on
// redis-server (fault-preload.so) and on the reference server (in-process, simulated disk) through
// the same code: a random single-writer workload with unique values, a crash (process or power) at a
// random point, restart, then the prefix checker and the loss bound of the mode.

import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InProcessReferenceTarget, redisServerTarget, type Target } from '../harness/index.js';
import { HistoryRecorder } from '../harness/history/history.js';
import { checkPrefix } from '../harness/checkers/prefix-checker.js';
import { checkLossBound, type Persistence } from '../harness/checkers/loss-bound.js';

const RUNS = Number(process.env.FC_NUM_RUNS ?? 8);

/** Writes whose values identify them, so a lost write is visible in the recovered state. */
const write = fc.oneof(
  fc.tuple(fc.constantFrom('SET'), fc.integer({ min: 0, max: 4 })).map(([c, k]) => [c, `k${k}`]),
  fc.tuple(fc.constantFrom('RPUSH'), fc.integer({ min: 0, max: 2 })).map(([c, k]) => [c, `l${k}`]),
  fc.constant(['INCR', 'counter']),
);
const workload = fc.array(write, { minLength: 1, maxLength: 60 }).map((ops) => ops.map((o, i) => (o[0] === 'INCR' ? o : [...o, `v${i}`])));

type Kind = 'process' | 'power';

/** Every implementation through the same Target interface: no adapters. */
const factories: Record<string, () => Target> = {
  'redis-server': () => redisServerTarget(),
  reference: () => new InProcessReferenceTarget(),
};

const live: Target[] = [];
afterAll(async () => {
  await Promise.all(live.map((t) => t.stop()));
});

async function runCase(target: string, mode: Persistence, ops: string[][], crashAfter: number, kind: Kind) {
  const t = factories[target]!();
  live.push(t);
  try {
    await t.start({ appendonly: 'yes', appendfsync: mode, 'auto-aof-rewrite-percentage': '0' }, { diskFaults: true });
    const client = t.client();
    const rec = new HistoryRecorder();
    for (const args of ops.slice(0, crashAfter)) {
      const op = rec.invoke(0, args);
      try {
        const reply = await client.call(args[0]!, ...args.slice(1));
        rec.complete(op, 'ok', String(reply));
      } catch (e) {
        rec.complete(op, 'info', (e as Error).message);
      }
    }
    const faultAt = performance.now();
    rec.nemesis(`crash:${kind}`);
    await t.crash(kind, 'data-only');
    await t.restart();
    const digest = String(await t.client().call('DEBUG', 'DIGEST'));
    const prefix = checkPrefix(rec.history.ops, digest);
    const loss = checkLossBound(mode, `crash:${kind}`, faultAt, prefix.lostAcked);
    return { prefix, loss, history: rec.history };
  } finally {
    await t.stop();
    live.splice(live.indexOf(t), 1);
  }
}

describe.each(['reference', 'redis-server'])('durability contract on %s', (target) => {
  it.each(['always', 'everysec', 'no'] as const)('appendfsync %s: recovered state is a prefix within the loss bound', async (mode) => {
    await fc.assert(
      fc.asyncProperty(workload, fc.nat(), fc.constantFrom<Kind>('process', 'power'), async (ops, cut, kind) => {
        const crashAfter = ops.length === 0 ? 0 : cut % (ops.length + 1);
        const { prefix, loss, history } = await runCase(target, mode, ops, crashAfter, kind);
        const context = `target ${target}, appendfsync ${mode}, crash:${kind} after ${crashAfter} ops\nhistory: ${history.ops.map((o) => `${o.args.join(' ')} -> ${o.outcome}`).join('; ')}`;
        expect(prefix.ok, `${prefix.explanation}\n${context}`).toBe(true);
        expect(loss.ok, `${loss.guarantee}: ${loss.reason}\n${context}`).toBe(true);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
