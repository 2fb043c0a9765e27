// Entry of the `durability-lab` CLI: dispatches subcommands (run, replay, report, compare,
// conformance, rdb, aof), prints usage for --help and unknown subcommands. Returns an exit code
// instead of calling process.exit itself.

import { conformanceCommand } from './conformance-command.js';
import { aofCommand, rdbCommand } from './file-tools-command.js';
import { compareCommand, replayCommand, reportCommand } from './report-commands.js';
import { runCommand } from './run-command.js';
import { UsageError } from './parse-args.js';
import { USAGE } from './usage.js';

/** Runs the CLI with `argv` (without node and script); resolves with the exit code. */
export async function main(argv: readonly string[], io: { out(line: string): void; err(line: string): void } = {
  out: (l) => process.stdout.write(l + '\n'),
  err: (l) => process.stderr.write(l + '\n'),
}): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.out(USAGE);
    return command === undefined ? 2 : 0;
  }
  try {
    if (rest.includes('--help')) {
      io.out(USAGE);
      return 0;
    }
    if (command === 'conformance') return await conformanceCommand(rest, io.out);
    if (command === 'run') return await runCommand(rest, io.out);
    if (command === 'replay') return await replayCommand(rest, io.out);
    if (command === 'report') return await reportCommand(rest, io.out);
    if (command === 'compare') return await compareCommand(rest, io.out);
    if (command === 'rdb') return rdbCommand(rest, io.out);
    if (command === 'aof') return aofCommand(rest, io.out);
    io.err(`durability-lab: unknown command '${command}'`);
    io.err(USAGE);
    return 2;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`durability-lab: ${e.message}`);
      io.err(USAGE);
      return 2;
    }
    io.err(`durability-lab ${command}: ${(e as Error).message}`);
    return 1;
  }
}
