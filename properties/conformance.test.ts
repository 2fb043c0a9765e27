// Differential conformance: random command sequences (issue 2's list) run on the reference server
// and on a real redis-server; every reply and the final DEBUG DIGEST must agree byte for byte.
// Env: FC_NUM_RUNS, FC_SEED, FC_PATH, FC_MAX_COMMANDS, FC_COMMANDS (comma-separated subset), REDIS_SERVER.

import { describe, expect, it } from 'vitest';
import { resolveRedisServer } from '../harness/index.js';
import { formatSummary, runConformance } from './conformance/index.js';

function envInt(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error(`${name} must be an integer, got '${raw}'`);
  return n;
}

describe('differential conformance (reference server vs redis-server)', () => {
  it('gives the same replies and the same dataset for random command sequences', async () => {
    // Never skipped: a missing redis-server fails here with install instructions.
    resolveRedisServer();
    const summary = await runConformance({
      numRuns: envInt('FC_NUM_RUNS') ?? 200,
      maxCommands: envInt('FC_MAX_COMMANDS') ?? 50,
      seed: envInt('FC_SEED'),
      path: process.env.FC_PATH || undefined,
      commands: process.env.FC_COMMANDS ? process.env.FC_COMMANDS.split(',').map((c) => c.trim()).filter((c) => c !== '') : undefined,
    });
    const report = formatSummary(summary);
    console.log(report);
    if (summary.failure) expect.fail(report);
    expect(summary.runs).toBeGreaterThanOrEqual(envInt('FC_NUM_RUNS') ?? 200);
  }, 30 * 60_000);

  it('finds no divergence between two redis-servers (the canonicalisations admit no false alarm)', async () => {
    const summary = await runConformance({ numRuns: envInt('FC_SELF_CHECK_RUNS') ?? 25, selfCheck: true, seed: envInt('FC_SEED') });
    const report = formatSummary(summary);
    if (summary.failure) expect.fail(report);
  }, 10 * 60_000);
});
