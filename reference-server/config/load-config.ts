// Reads a redis.conf and `--name value` command-line options into a ServerConfig, the way
// redis-server does (src/config.c loadServerConfigFromString, src/server.c main): an unknown or
// malformed directive is a fatal error that names the line.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { splitInlineArgs } from '../resp/inline-args.js';
import { ConfigError, ServerConfig } from './server-config.js';

/** A fatal configuration error, worded as Redis prints it. */
export class FatalConfigError extends Error {
  constructor(
    readonly lineNumber: number,
    readonly line: string,
    readonly reason: string,
  ) {
    super(`\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line ${lineNumber}\n>>> '${line}'\n${reason}`);
  }
}

/** Directives applied specially rather than stored as one value. */
const MULTI_ARG = new Set(['save', 'bind', 'client-output-buffer-limit', 'rename-command', 'user', 'notify-keyspace-events']);

/** Applies config text (file content or converted command-line options) to `config`. */
export function applyConfigText(config: ServerConfig, text: string, baseDir = '.'): void {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const args = splitInlineArgs(raw);
    if (args === null) throw new FatalConfigError(i + 1, raw, 'Unbalanced quotes in configuration line');
    if (args.length === 0) continue;
    const name = args[0]!.toLowerCase();
    if (name === 'include') {
      if (args.length !== 2) throw new FatalConfigError(i + 1, raw, 'Bad directive or wrong number of arguments');
      const path = resolve(baseDir, args[1]!);
      applyConfigText(config, readFileSync(path, 'latin1'), dirname(path));
      continue;
    }
    const spec = ServerConfig.spec(name);
    if (!spec) throw new FatalConfigError(i + 1, raw, 'Bad directive or wrong number of arguments');
    try {
      config.set(name, args.slice(1));
    } catch (e) {
      if (e instanceof ConfigError) {
        const reason = MULTI_ARG.has(name) ? e.message : `${e.message}`;
        throw new FatalConfigError(i + 1, raw, reason);
      }
      throw e;
    }
  }
}

/**
 * Turns `redis-server`-style arguments into config text: an optional config file path first
 * (or `-` for stdin is not supported), then `--name value ...` groups, one line each.
 */
export function argvToConfigText(argv: string[]): { file: string | undefined; text: string } {
  let file: string | undefined;
  let i = 0;
  if (argv.length > 0 && !argv[0]!.startsWith('--')) {
    file = argv[0];
    i = 1;
  }
  const lines: string[] = [];
  let current: string[] | undefined;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--') && a.length > 2) {
      if (current) lines.push(current.join(' '));
      current = [a.slice(2)];
    } else {
      if (!current) throw new FatalConfigError(0, a, `Invalid argument '${a}': options must start with --`);
      current.push(quoteArg(a));
    }
  }
  if (current) lines.push(current.join(' '));
  return { file, text: lines.join('\n') };
}

/** Quotes an argument so splitInlineArgs gives it back unchanged (Redis sdscatrepr). */
function quoteArg(a: string): string {
  let out = '"';
  for (const ch of a) {
    const c = ch.charCodeAt(0);
    if (ch === '\\' || ch === '"') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 32 || c > 126) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

/** Builds the configuration from a command line: defaults, then the file, then the options. */
export function loadConfig(argv: string[]): ServerConfig {
  const config = new ServerConfig();
  // The reference server binds to loopback unless told otherwise.
  config.set('bind', ['127.0.0.1']);
  const { file, text } = argvToConfigText(argv);
  if (file !== undefined) {
    let content: string;
    try {
      content = readFileSync(file, 'latin1');
    } catch (e) {
      throw new FatalConfigError(0, file, `Fatal error, can't open config file '${resolve(file)}': ${(e as Error).message}`);
    }
    applyConfigText(config, content, dirname(resolve(file)));
  }
  applyConfigText(config, text);
  return config;
}
