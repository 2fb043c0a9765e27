// COMMAND (src/server.c commandCommand and its subcommands COUNT, INFO, DOCS, LIST, GETKEYS,
// GETKEYSANDFLAGS, HELP) over the engine's command table, plus the DEBUG entry. Read-only.
// Ordering: Redis walks dicts seeded at random per process; we use table order instead.

import type { CommandContext, CommandSpec } from './command.js';
import { commandDocsReply, commandInfoReply, hasKeys, infoFor, keyPositions, legacyPositions } from './command-info.js';
import { COMMAND_HELP, helpReply } from './help-text.js';
import { stringMatch } from './config-glob.js';
import { debugCommand } from './debug-command.js';
import { SYNTAX } from './errors.js';
import { is } from './args.js';
import { variableKeyFlags } from './variable-key-flags.js';
import { ErrorReply, SimpleReply, type Reply } from '../resp/reply.js';

const COMMAND_FLAGS = ['loading', 'stale'] as const;
const COMMAND_ACL = ['slow', 'connection'] as const;


/** lookupCommandBySds: 'name' or 'container|sub', case-insensitive; undefined when unknown. */
function lookupByName(ctx: CommandContext, name: string): { spec: CommandSpec; fullname: string } | undefined {
  const parts = name.toLowerCase().split('|');
  if (parts.length > 2) return undefined;
  const base = ctx.engine.commands.get(parts[0]!);
  if (!base) return undefined;
  if (parts.length === 1) return { spec: base, fullname: base.name };
  const sub = base.subcommands?.[parts[1]!];
  return sub ? { spec: sub, fullname: `${base.name}|${sub.name}` } : undefined;
}

/** lookupCommand over an argv: a container with at least one more argument resolves to its subcommand. */
function lookupByArgv(ctx: CommandContext, argv: string[]): { spec: CommandSpec; fullname: string } | undefined {
  const base = ctx.engine.commands.get(argv[0]!.toLowerCase());
  if (!base) return undefined;
  if (!base.subcommands || argv.length === 1) return { spec: base, fullname: base.name };
  const sub = base.subcommands[argv[1]!.toLowerCase()];
  return sub ? { spec: sub, fullname: `${base.name}|${sub.name}` } : undefined;
}

function allInfo(ctx: CommandContext): Reply {
  return [...ctx.engine.commands.values()].map((s) => commandInfoReply(s, s.name));
}

function listNames(spec: CommandSpec, fullname: string, keep: (s: CommandSpec, full: string) => boolean, out: string[]): void {
  if (keep(spec, fullname)) out.push(fullname);
  for (const sub of Object.values(spec.subcommands ?? {})) listNames(sub, `${fullname}|${sub.name}`, keep, out);
}

/** COMMAND LIST [FILTERBY MODULE m | ACLCAT c | PATTERN p]. */
function commandList(ctx: CommandContext, args: string[]): Reply {
  let keep: (s: CommandSpec, full: string) => boolean = () => true;
  for (let i = 2; i < args.length; i++) {
    const more = args.length - 1 - i;
    if (!is(args[i]!, 'filterby') || more !== 2) return SYNTAX;
    const type = args[i + 1]!;
    const arg = args[i + 2]!;
    if (is(type, 'module')) keep = () => false; // no modules are ever loaded
    else if (is(type, 'aclcat')) {
      const cat = arg.toLowerCase();
      keep = (s, full) => infoFor(s, full).acl.includes(cat);
    } else if (is(type, 'pattern')) keep = (_s, full) => stringMatch(arg, full, true);
    else return SYNTAX;
    i += 2;
  }
  const out: string[] = [];
  for (const spec of ctx.engine.commands.values()) listNames(spec, spec.name, keep, out);
  return out;
}

/** COMMAND GETKEYS / GETKEYSANDFLAGS (src/server.c getKeysSubcommandImpl). */
function getKeys(ctx: CommandContext, args: string[], withFlags: boolean): Reply {
  const argv = args.slice(2);
  const found = lookupByArgv(ctx, argv);
  if (!found) return new ErrorReply('ERR Invalid command specified');
  const d = infoFor(found.spec, found.fullname);
  if (!hasKeys(d)) return new ErrorReply('ERR The command has no key arguments');
  if ((d.arity > 0 && d.arity !== argv.length) || argv.length < -d.arity) {
    return new ErrorReply('ERR Invalid number of arguments specified for command');
  }
  const varFlags = d.keySpecs.some((k) => k.flags.includes('variable_flags'));
  // Key specs first; where Redis would call the command's getkeys procedure (variable flags, or a
  // spec that cannot be applied) we use the legacy first/last/step range instead.
  let positions = varFlags ? undefined : keyPositions(d, argv);
  if (positions === undefined && d.firstKey > 0) positions = legacyPositions(d, argv.length);
  if (positions === undefined || positions.length === 0) {
    return d.flags.includes('no_mandatory_keys') ? [] : new ErrorReply('ERR Invalid arguments specified for command');
  }
  if (!withFlags) return positions.map((k) => argv[k.pos]!);
  const variable = varFlags ? variableKeyFlags(found.fullname, argv) : undefined;
  return positions.map((k) => [argv[k.pos]!, (variable ?? k.flags).map((f) => new SimpleReply(f))]);
}

function subcommand(name: string, arity: number, handler: CommandSpec['handler']): CommandSpec {
  return { name, arity, flags: COMMAND_FLAGS, acl: COMMAND_ACL, firstKey: 0, lastKey: 0, keyStep: 0, handler };
}

/** COMMAND and its subcommands (src/commands/command*.json). */
export const commandCommand: CommandSpec = {
  name: 'command', arity: -1, flags: COMMAND_FLAGS, acl: COMMAND_ACL, firstKey: 0, lastKey: 0, keyStep: 0,
  handler: (ctx) => allInfo(ctx),
  subcommands: {
    count: subcommand('count', 2, (ctx) => ctx.engine.commands.size),
    docs: subcommand('docs', -2, (ctx, args) => {
      const out: Reply[] = [];
      if (args.length === 2) {
        for (const s of ctx.engine.commands.values()) out.push(s.name, commandDocsReply(s, s.name));
        return out;
      }
      for (const name of args.slice(2)) {
        const found = lookupByName(ctx, name);
        if (found) out.push(found.fullname, commandDocsReply(found.spec, found.fullname));
      }
      return out;
    }),
    getkeys: subcommand('getkeys', -4, (ctx, args) => getKeys(ctx, args, false)),
    getkeysandflags: subcommand('getkeysandflags', -4, (ctx, args) => getKeys(ctx, args, true)),
    help: subcommand('help', 2, () => helpReply('COMMAND', COMMAND_HELP)),
    info: subcommand('info', -2, (ctx, args) => {
      if (args.length === 2) return allInfo(ctx);
      return args.slice(2).map((name) => {
        const found = lookupByName(ctx, name);
        return found ? commandInfoReply(found.spec, found.fullname) : null;
      });
    }),
    list: subcommand('list', -2, commandList),
  },
};

/** The introspection family: COMMAND and DEBUG. */
export const introspectionCommands: CommandSpec[] = [commandCommand, debugCommand];
