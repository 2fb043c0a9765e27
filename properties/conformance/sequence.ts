// The sequence arbitrary: up to N commands drawn from the issue-2 command list, with occasional
// wrong arities (a dropped or an extra argument), lower-case names, and MULTI/EXEC blocks.

import fc from 'fast-check';
import { COMMAND_ARBITRARIES, junk } from './families.js';
import { key } from './values.js';

/** Options of the sequence arbitrary. */
export interface SequenceOptions {
  /** Most commands per sequence. */
  maxCommands: number;
  /** Restrict to these command names (upper case); default: all of COMMAND_ARBITRARIES. */
  commands?: readonly string[];
}

/** Thrown when a requested command is not in the generator's table. */
export class UnknownCommandError extends Error {}

function pickCommands(names: readonly string[] | undefined): fc.Arbitrary<string[]> {
  const chosen = names ?? Object.keys(COMMAND_ARBITRARIES);
  const arbs = chosen.map((n) => {
    const arb = COMMAND_ARBITRARIES[n.toUpperCase()];
    if (!arb) throw new UnknownCommandError(`no generator for command '${n}'`);
    return arb;
  });
  return fc.oneof(...arbs);
}

/** A command, sometimes with a wrong number of arguments or a lower-case name. */
function mutated(base: fc.Arbitrary<string[]>): fc.Arbitrary<string[]> {
  const how = fc.oneof(
    { weight: 20, arbitrary: fc.constant('keep' as const) },
    { weight: 1, arbitrary: fc.constant('drop' as const) },
    { weight: 1, arbitrary: fc.constant('extra' as const) },
    { weight: 2, arbitrary: fc.constant('lower' as const) },
  );
  return fc.tuple(base, how, junk).map(([argv, mode, extra]) => {
    if (mode === 'drop' && argv.length > 1) return argv.slice(0, -1);
    if (mode === 'extra') return [...argv, extra];
    if (mode === 'lower') return [argv[0]!.toLowerCase(), ...argv.slice(1)];
    return argv;
  });
}

/** The sequences the conformance property sends to both servers. */
export function sequenceArbitrary(options: SequenceOptions): fc.Arbitrary<string[][]> {
  const single = mutated(pickCommands(options.commands));
  const block = fc
    .tuple(
      fc.option(fc.array(key, { minLength: 1, maxLength: 2 }), { nil: undefined }),
      // OBJECT REFCOUNT inside MULTI included: the reference server counts the queued argv's
      // reference as Redis does (commands/refcount.ts).
      fc.array(single, { maxLength: 5 }),
      fc.constantFrom('EXEC', 'EXEC', 'EXEC', 'DISCARD'),
    )
    .map(([watched, body, end]) => [...(watched ? [['WATCH', ...watched]] : []), ['MULTI'], ...body, [end]]);
  const group = fc.oneof({ weight: 8, arbitrary: single.map((c) => [c]) }, { weight: 1, arbitrary: block });
  return fc.array(group, { maxLength: options.maxCommands, size: 'max' }).map((groups) => groups.flat().slice(0, options.maxCommands));
}
