// CONFIG GET / SET / RESETSTAT / REWRITE / HELP (src/config.c configGetCommand, configSetCommand,
// configResetStatCommand, configRewriteCommand) over the directive table in config/directives.ts.

import { CONFIG_HELP, helpReply } from './help-text.js';
import type { CommandContext, CommandSpec } from './command.js';
import { SYNTAX } from './errors.js';
import { stringMatch } from './config-glob.js';
import { rewriteConfigFile } from './config-rewrite.js';
import { DIRECTIVES, type DirectiveSpec } from '../config/directives.js';
import { ServerConfig, SetAllError } from '../config/server-config.js';
import { ErrorReply, OK, SimpleReply, type Reply } from '../resp/reply.js';

/** A `+` status-line help reply as Redis's addReplyHelp builds it. */

/** Whether a client connects from this host (allowProtectedAction's islocalClient). */
export function isLocalClient(addr: string): boolean {
  return addr === '' || addr.startsWith('127.') || addr.startsWith('[::1]') || addr.startsWith('::1:') || addr.startsWith('/');
}

function configGet(ctx: CommandContext, args: string[]): Reply {
  const matches = new Map<string, [string, DirectiveSpec]>();
  for (const name of args.slice(2)) {
    if (!/[[*?]/.test(name)) {
      const spec = ServerConfig.spec(name);
      if (spec && !matches.has(name.toLowerCase())) matches.set(name.toLowerCase(), [name, spec]);
      continue;
    }
    for (const [key, spec] of DIRECTIVES) {
      if (spec.hidden || matches.has(key)) continue;
      if (stringMatch(name, key, true)) matches.set(key, [key, spec]);
    }
  }
  const out: Reply[] = [];
  for (const [shown, spec] of matches.values()) {
    out.push(shown, ctx.config.get(spec.name));
  }
  return out;
}

function configSet(ctx: CommandContext, args: string[]): Reply {
  if (args.length % 2 !== 0) return SYNTAX;
  let unknown: string | undefined;
  let refused: [string, string] | undefined;
  const changes: Array<[DirectiveSpec, string[]]> = [];
  const protectedAllowed = (): boolean => {
    const mode = ctx.config.get('enable-protected-configs');
    return mode === 'yes' || (mode === 'local' && isLocalClient(ctx.client.addr));
  };
  for (let i = 2; i < args.length; i += 2) {
    const name = args[i]!;
    const spec = ServerConfig.spec(name);
    if (!spec) {
      unknown ??= name;
      continue;
    }
    if (unknown !== undefined || refused !== undefined) continue;
    if (!spec.mutable || (spec.protected && !protectedAllowed())) {
      refused = [name, spec.mutable ? "can't set protected config" : "can't set immutable config"];
      continue;
    }
    if (changes.some(([s]) => s === spec)) {
      refused = [name, 'duplicate parameter'];
      continue;
    }
    // A multi-argument directive's value is split at every single space (src/config.c performInterfaceSet).
    const value = args[i + 1]!;
    changes.push([spec, spec.multiArg ? (value === '' ? [] : value.split(' ')) : [value]]);
  }
  if (unknown !== undefined) return new ErrorReply(`ERR Unknown option or number of arguments for CONFIG SET - '${unknown}'`);
  if (refused) return new ErrorReply(`ERR CONFIG SET failed (possibly related to argument '${refused[0]}') - ${refused[1]}`);
  try {
    ctx.config.setAll(changes);
  } catch (e) {
    if (e instanceof SetAllError) {
      return new ErrorReply(`ERR CONFIG SET failed (possibly related to argument '${e.spec.name}') - ${e.reason}`);
    }
    throw e;
  }
  return OK;
}

function configResetStat(ctx: CommandContext): Reply {
  const stats = ctx.keyspace.stats;
  stats.expiredKeys = 0;
  stats.keyspaceHits = 0;
  stats.keyspaceMisses = 0;
  ctx.engine.totalCommands = 0;
  return OK;
}

function configRewrite(ctx: CommandContext): Reply {
  const path = ctx.config.configFile;
  if (path === undefined) return new ErrorReply('ERR The server is running without a config file');
  try {
    rewriteConfigFile(path, ctx.config);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const text = err.code === 'EACCES' ? 'Permission denied' : err.code === 'ENOENT' ? 'No such file or directory' : err.message;
    return new ErrorReply(`ERR Rewriting config file: ${text}`);
  }
  return OK;
}

const sub = (name: string, arity: number, flags: CommandSpec['flags'], handler: CommandSpec['handler']): CommandSpec => ({
  name, arity, flags, acl: flags.includes('admin') ? ['admin', 'slow', 'dangerous'] : ['slow'],
  firstKey: 0, lastKey: 0, keyStep: 0, handler,
});

const ADMIN: CommandSpec['flags'] = ['admin', 'noscript', 'loading', 'stale'];

export const configCommand: CommandSpec = {
  name: 'config', arity: -2, flags: [], acl: ['slow'], firstKey: 0, lastKey: 0, keyStep: 0,
  subcommands: {
    get: sub('get', -3, ADMIN, configGet),
    set: sub('set', -4, ADMIN, configSet),
    resetstat: sub('resetstat', 2, ADMIN, configResetStat),
    rewrite: sub('rewrite', 2, ADMIN, configRewrite),
    help: sub('help', 2, ['loading', 'stale'], () => helpReply('CONFIG', CONFIG_HELP)),
  },
};
