// `durability-lab conformance`: runs the shared conformance property outside vitest, prints
// progress and a summary, and returns exit code 1 on a divergence.

import { formatSummary, runConformance } from '../properties/conformance/index.js';
import { intOption, parseOptions } from './parse-args.js';

const OPTIONS = { runs: true, 'max-commands': true, seed: true, path: true, 'redis-server': true, commands: true, 'self-check': false };

/** Runs the subcommand; resolves with the process exit code. */
export async function conformanceCommand(args: readonly string[], out: (line: string) => void = (l) => process.stdout.write(l + '\n')): Promise<number> {
  const options = parseOptions(args, OPTIONS);
  const numRuns = intOption(options, 'runs') ?? 200;
  const summary = await runConformance({
    numRuns,
    maxCommands: intOption(options, 'max-commands') ?? 50,
    seed: intOption(options, 'seed'),
    path: options.get('path'),
    redisServer: options.get('redis-server'),
    commands: options.get('commands')?.split(',').map((c) => c.trim()).filter((c) => c !== ''),
    selfCheck: options.has('self-check'),
    onRun: (run) => {
      if (run % 20 === 0) out(`  ${run} runs...`);
    },
  });
  out(formatSummary(summary));
  return summary.failure ? 1 : 0;
}
