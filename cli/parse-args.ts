// Parses `--name value` and `--flag` options of a CLI subcommand into a map, rejecting unknown ones.

/** Thrown for a bad command line; the CLI prints the message and the usage. */
export class UsageError extends Error {}

/** Parses `args` against the allowed options (`true` = takes a value, `false` = a flag). */
export function parseOptions(args: readonly string[], allowed: Readonly<Record<string, boolean>>): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') ? arg.slice(2, eq === -1 ? undefined : eq) : undefined;
    if (name === undefined || !(name in allowed)) throw new UsageError(`unknown option '${arg}'`);
    if (!allowed[name]) {
      out.set(name, 'true');
      continue;
    }
    const value = eq !== -1 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) throw new UsageError(`option --${name} needs a value`);
    out.set(name, value);
  }
  return out;
}

/** An integer option value. */
export function intOption(options: Map<string, string>, name: string): number | undefined {
  const raw = options.get(name);
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw)) throw new UsageError(`--${name} must be an integer, got '${raw}'`);
  return Number(raw);
}
