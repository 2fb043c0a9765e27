// The differential conformance property, shared by the vitest file and the CLI: fast-check
// sequences run on redis-server and on the reference server, replies and DEBUG DIGEST compared.

import fc from 'fast-check';
import type { Argv } from '../../harness/index.js';
import { ConformanceServers } from './conformance-servers.js';
import { formatRaw } from './redis-cli-format.js';
import { runSequence, type Divergence, type SequenceOutcome } from './run-sequence.js';
import { sequenceArbitrary } from './sequence.js';

/** Knobs of a conformance run (defaults: 200 runs of up to 50 commands). */
export interface ConformanceOptions {
  numRuns?: number;
  maxCommands?: number;
  seed?: number;
  path?: string;
  redisServer?: string;
  /** Compare redis-server with a second redis-server (validates the harness: must never diverge). */
  selfCheck?: boolean;
  /** Restrict the generator to these commands (upper-case names). */
  commands?: readonly string[];
  /** Called after each run (progress). */
  onRun?: (run: number, outcome: SequenceOutcome) => void;
}

/** A run's failure, carried through fast-check so the shrunk case keeps its details. */
export class DivergenceError extends Error {
  constructor(readonly outcome: SequenceOutcome, readonly divergence: Divergence) {
    super(`${divergence.why} at command #${divergence.index + 1}`);
  }
}

/** The summary of a whole property run. */
export interface ConformanceSummary {
  runs: number;
  commandsSent: number;
  seed: number;
  durationMs: number;
  failure?: {
    path: string;
    shrunk: readonly Argv[];
    /** Set when the failure is a divergence; otherwise `error` explains (setup error, harness bug). */
    divergence?: Divergence;
    transcript?: readonly (Argv | string)[];
    error: string;
  };
}

/** Runs one sequence from a clean state and checks replies and the final DEBUG DIGEST. */
async function checkOne(servers: ConformanceServers, sequence: readonly Argv[]): Promise<SequenceOutcome> {
  const resetConfig = true;
  await servers.reset(resetConfig);
  const clients = await servers.connect();
  let outcome: SequenceOutcome;
  try {
    outcome = await runSequence(clients, sequence);
  } finally {
    clients.redis.close();
    clients.reference.close();
  }
  if (!outcome.divergence) {
    const d = await servers.digests();
    if (!d.redis.equals(d.reference)) {
      outcome.divergence = { index: outcome.transcript.length, argv: ['DEBUG', 'DIGEST'], redis: formatRaw(d.redis), reference: formatRaw(d.reference), why: 'datasets differ after the sequence (DEBUG DIGEST)' };
    }
  }
  return outcome;
}

/** Runs the property; never throws for a divergence (it is in the summary), only for setup failures. */
export async function runConformance(options: ConformanceOptions = {}): Promise<ConformanceSummary> {
  const started = Date.now();
  const servers = await ConformanceServers.start({ redisServer: options.redisServer, selfCheck: options.selfCheck });
  let runs = 0;
  let commandsSent = 0;
  try {
    const property = fc.asyncProperty(sequenceArbitrary({ maxCommands: options.maxCommands ?? 50, commands: options.commands }), async (sequence) => {
      const outcome = await checkOne(servers, sequence);
      runs++;
      commandsSent += outcome.sent;
      options.onRun?.(runs, outcome);
      if (outcome.divergence) throw new DivergenceError(outcome, outcome.divergence);
    });
    const details = await fc.check(property, {
      numRuns: options.numRuns ?? 200,
      seed: options.seed,
      path: options.path,
    });
    const summary: ConformanceSummary = { runs, commandsSent, seed: details.seed, durationMs: Date.now() - started };
    if (details.failed) {
      const error = details.errorInstance;
      summary.failure = {
        path: details.counterexamplePath ?? '',
        shrunk: details.counterexample?.[0] ?? [],
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        ...(error instanceof DivergenceError ? { divergence: error.divergence, transcript: error.outcome.transcript } : {}),
      };
    }
    return summary;
  } finally {
    await servers.stop();
  }
}
