// Reads a redis.conf and `--name value` command-line options into a ServerConfig, the way
// redis-server does (src/config.c loadServerConfigFromString, src/server.c main): an unknown or
// malformed directive is a fatal error that names the line.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { splitInlineArgs } from '../resp/inline-args.js';
import { COMMAND_TABLE } from '../commands/table.js';
import { DEPRECATED_DIRECTIVES } from './directives.js';
import { ConfigError, ServerConfig } from './server-config.js';

/** A fatal configuration error, worded as Redis prints it. */
export class FatalConfigError extends Error {
  constructor(
    /** 1-based line of the text being loaded, or 0 when the error is not about a line. */
    readonly lineNumber: number,
    readonly line: string,
    readonly reason: string,
  ) {
    super(lineNumber === 0
      ? reason
      : `\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line ${lineNumber}\n>>> '${line}'\n${reason}`);
  }
}

/** strerror() text for the usual open() failures. */
function strerror(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT': return 'No such file or directory';
    case 'EACCES': return 'Permission denied';
    case 'ENOTDIR': return 'Not a directory';
    case 'EISDIR': return 'Is a directory';
    default: return e.message;
  }
}

/** Reads a config file; an unreadable one is fatal, as in src/config.c loadServerConfig. */
function readConfigFile(path: string): string {
  try {
    return readFileSync(path, 'latin1');
  } catch (e) {
    throw new FatalConfigError(0, path, `Fatal error, can't open config file '${path}': ${strerror(e as NodeJS.ErrnoException)}`);
  }
}

/**
 * Applies config text (file content and command-line options) to `config`. Line numbers in
 * errors count from the start of `text`; an included file reports its own line numbers.
 */
export function applyConfigText(config: ServerConfig, text: string): void {
  const outer = config.readingConfigFile;
  config.readingConfigFile = true;
  try {
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
      if (line === '' || line.startsWith('#')) continue;
      const reason = applyLine(config, line);
      if (reason !== undefined) throw new FatalConfigError(i + 1, line, reason);
    }
  } finally {
    config.readingConfigFile = outer;
  }
}

/** Applies one non-empty line; returns Redis's error text when it is refused. */
function applyLine(config: ServerConfig, line: string): string | undefined {
  const argv = splitInlineArgs(line);
  if (argv === null) return 'Unbalanced quotes in configuration line';
  if (argv.length === 0) return undefined;
  const name = argv[0]!.toLowerCase();
  const spec = ServerConfig.spec(name);
  if (spec) {
    // Single-argument directives need exactly one; a multi-argument one given as one non-empty
    // argument is split again (so `--save "900 1 300 10"` works).
    if (!spec.multiArg && argv.length !== 2) return 'wrong number of arguments';
    let args = argv.slice(1);
    if (spec.multiArg && argv.length === 2 && argv[1] !== '') args = splitInlineArgs(argv[1]!) ?? [];
    try {
      config.set(spec.name, args);
    } catch (e) {
      if (e instanceof ConfigError) return e.message;
      throw e;
    }
    return undefined;
  }
  const deprecated = DEPRECATED_DIRECTIVES.get(name);
  if (deprecated && argv.length >= deprecated[0] && argv.length <= deprecated[1]) return undefined;
  if (name === 'include' && argv.length === 2) {
    // Like Redis's fopen(), a relative include is relative to the working directory.
    applyConfigText(config, readConfigFile(argv[1]!));
    return undefined;
  }
  if (name === 'rename-command' && argv.length === 3) {
    const from = argv[1]!.toLowerCase();
    const known = COMMAND_TABLE.has(from) && !config.commandRenames.some(([f]) => f === from);
    const renamedTo = config.commandRenames.some(([, t]) => t.toLowerCase() === from);
    if (!known && !renamedTo) return 'No such command in rename-command';
    const to = argv[2]!;
    if (to !== '' && (COMMAND_TABLE.has(to.toLowerCase()) || config.commandRenames.some(([, t]) => t.toLowerCase() === to.toLowerCase()))) {
      return 'Target command name already exists';
    }
    config.commandRenames.push([from, to]);
    return undefined;
  }
  if (name === 'user' && argv.length >= 2) {
    config.users.push(argv.slice(1));
    return undefined;
  }
  if (name === 'loadmodule' && argv.length >= 2) {
    config.loadModules.push(argv.slice(1));
    return undefined;
  }
  if (name.includes('.')) {
    // A module's own directive: Redis queues it for the module (and fails later if none loads it).
    if (argv.length < 2) return 'Module config specified without value';
    return undefined;
  }
  if (name === 'sentinel') {
    return argv.length === 1 ? undefined : 'sentinel directive while not in sentinel mode';
  }
  return 'Bad directive or wrong number of arguments';
}

/**
 * Turns `redis-server` arguments into the option text Redis appends to the config file
 * (src/server.c main): an optional config file path first, then `--name value ...` groups, one
 * line each, values quoted as sdscatrepr does.
 */
export function argvToConfigText(argv: string[]): { file: string | undefined; text: string } {
  let file: string | undefined;
  let j = 0;
  if (argv.length > 0 && !argv[0]!.startsWith('-')) {
    file = argv[0];
    j = 1;
  }
  let options = '';
  let handledLastConfigArg = true;
  for (; j < argv.length; j++) {
    const a = argv[j]!;
    if (handledLastConfigArg && a.startsWith('--')) {
      if (options.length > 0) options += '\n';
      options += a.slice(2) + ' ';
      const parts = splitInlineArgs(a) ?? [];
      if (parts.length === 1) {
        handledLastConfigArg = false;
        const last = j === argv.length - 1;
        const nextIsOption = !last && argv[j + 1]!.startsWith('--');
        // `--save` with no value means `save ""` (kept from Redis 6 behaviour).
        if (a.toLowerCase() === '--save' && (nextIsOption || last)) {
          options += '""';
          handledLastConfigArg = true;
        } else if (a.toLowerCase() === '--sentinel' && nextIsOption) {
          handledLastConfigArg = true;
        }
      } else {
        handledLastConfigArg = true;
      }
    } else {
      options += quoteArg(a) + ' ';
      handledLastConfigArg = true;
    }
  }
  return { file, text: options };
}

/** Quotes an argument so splitInlineArgs gives it back unchanged (Redis sdscatrepr). */
function quoteArg(a: string): string {
  let out = '"';
  for (let i = 0; i < a.length; i++) {
    const ch = a[i]!;
    const c = a.charCodeAt(i);
    if (ch === '\\' || ch === '"') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (c < 32 || c > 126) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

/**
 * Builds the configuration from a command line: defaults, then the file and the options as one
 * text (the options follow the file's last line, so error line numbers match redis-server's).
 */
export function loadConfig(argv: string[]): ServerConfig {
  const config = new ServerConfig();
  // The reference server binds to loopback unless told otherwise.
  config.set('bind', ['127.0.0.1']);
  const { file, text } = argvToConfigText(argv);
  let content = '';
  if (file !== undefined) {
    config.configFile = resolve(file);
    content = readConfigFile(config.configFile);
  }
  applyConfigText(config, argv.length > (file === undefined ? 0 : 1) ? `${content}\n${text}` : content);
  return config;
}
