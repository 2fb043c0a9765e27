// A generic RESP server described by data (a JSON file), so every suite can run against Valkey,
// KeyDB or one's own server without code: the command line template ({port} {dir} {config}), how
// the config is passed (a redis.conf file or `--name value` args), readiness, an optional stop
// command. The shipped example is examples/redis-server.target.json.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findExecutable } from './find-executable.js';
import { ProcessTarget } from './process-target.js';
import { repoRoot } from './repo-root.js';
import { fillPlaceholders } from './config-file.js';
import type { Directives } from './target.js';

/** The description, as in the JSON file. */
export interface TargetDescription {
  /** Name in messages and reports. */
  name: string;
  /** Free text for the reader of the file. */
  description?: string;
  /** The executable: a path, or a name looked up on PATH. */
  command: string;
  /** Arguments; may use {port}, {dir}, {config}. */
  args: string[];
  /** `file`: directives written to a redis.conf at {config}; `args`: appended as `--name value`. */
  config: 'file' | 'args';
  /** Directives applied before the suite's own (which win). */
  defaults?: Record<string, string | string[]>;
  /** PING must answer PONG; with loading, INFO persistence must also say loading:0. */
  readiness?: { ping?: true; loading?: boolean; timeoutMs?: number };
  /** A command that stops the server (default: SHUTDOWN NOSAVE over RESP); SIGKILL follows after a grace period. */
  stop?: string[];
}

/** Thrown for a description that cannot work; the message names the field. */
export class TargetDescriptionError extends Error {}

/** The redis-server description shipped with the harness. */
export const REDIS_SERVER_DESCRIPTION_PATH = join(repoRoot(), 'harness', 'targets', 'examples', 'redis-server.target.json');

function fail(source: string, field: string, what: string): never {
  throw new TargetDescriptionError(`${source}: ${field}: ${what}`);
}

function strings(v: unknown, source: string, field: string): string[] {
  if (!Array.isArray(v) || !v.every((a) => typeof a === 'string')) fail(source, field, `expected an array of strings, got ${JSON.stringify(v)}`);
  for (const a of v) {
    try {
      fillPlaceholders(a, { port: '', dir: '', config: '' });
    } catch (e) {
      fail(source, field, (e as Error).message);
    }
  }
  return v;
}

/** Checks a parsed description; `source` names it in errors (a file path). */
export function parseTargetDescription(value: unknown, source = 'target description'): TargetDescription {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(source, 'top level', 'expected an object');
  const d = value as Record<string, unknown>;
  const known = new Set(['name', 'command', 'args', 'config', 'defaults', 'readiness', 'stop', 'description']);
  for (const k of Object.keys(d)) if (!known.has(k)) fail(source, k, `unknown field; known: ${[...known].join(', ')}`);
  if (typeof d.name !== 'string' || d.name === '') fail(source, 'name', 'expected a non-empty string');
  if (typeof d.command !== 'string' || d.command === '') fail(source, 'command', 'expected the executable (a path or a name on PATH)');
  const args = strings(d.args ?? [], source, 'args');
  if (d.config !== 'file' && d.config !== 'args') fail(source, 'config', `expected "file" or "args", got ${JSON.stringify(d.config)}`);
  if (d.config === 'file' && !args.some((a) => a.includes('{config}'))) fail(source, 'args', 'config is "file" but no argument holds {config}');
  const out: TargetDescription = { name: d.name, command: d.command, args, config: d.config };
  if (d.description !== undefined) {
    if (typeof d.description !== 'string') fail(source, 'description', 'expected a string');
    out.description = d.description;
  }
  if (d.defaults !== undefined) {
    if (typeof d.defaults !== 'object' || d.defaults === null || Array.isArray(d.defaults)) fail(source, 'defaults', 'expected an object of directive -> value');
    for (const [k, v] of Object.entries(d.defaults)) {
      if (typeof v !== 'string' && !(Array.isArray(v) && v.every((x) => typeof x === 'string'))) fail(source, `defaults.${k}`, 'expected a string or an array of strings');
    }
    out.defaults = d.defaults as Record<string, string | string[]>;
  }
  if (d.readiness !== undefined) {
    const r = d.readiness as Record<string, unknown>;
    if (typeof r !== 'object' || r === null) fail(source, 'readiness', 'expected an object');
    if (r.ping !== undefined && r.ping !== true) fail(source, 'readiness.ping', 'PING is how readiness is told: it must be true when given');
    if (r.loading !== undefined && typeof r.loading !== 'boolean') fail(source, 'readiness.loading', 'expected true or false');
    if (r.timeoutMs !== undefined && (typeof r.timeoutMs !== 'number' || !(r.timeoutMs > 0))) fail(source, 'readiness.timeoutMs', 'expected a number of ms > 0');
    out.readiness = r as TargetDescription['readiness'];
  }
  if (d.stop !== undefined) {
    out.stop = strings(d.stop, source, 'stop');
    if (out.stop.length === 0) fail(source, 'stop', 'expected a command and its arguments');
  }
  return out;
}

/** Reads and checks a description file. */
export function loadTargetDescription(path: string): TargetDescription {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new TargetDescriptionError(`cannot read target description ${path}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new TargetDescriptionError(`${path}: not JSON: ${(e as Error).message}`);
  }
  return parseTargetDescription(json, path);
}

/** A Target for a described server (a description, or the path of its JSON file). */
export function genericTarget(description: TargetDescription | string, options: { name?: string } = {}): ProcessTarget {
  const d = typeof description === 'string' ? loadTargetDescription(description) : parseTargetDescription(description);
  const command = findExecutable(d.command);
  if (!command) throw new TargetDescriptionError(`${d.name}: command ${JSON.stringify(d.command)} not found${d.command.includes('/') ? '' : ' on PATH'}`);
  const stop = d.stop ? [findExecutable(d.stop[0]!) ?? d.stop[0]!, ...d.stop.slice(1)] : undefined;
  return new ProcessTarget({
    name: options.name ?? d.name,
    command,
    defaults: (d.defaults ?? {}) as Directives,
    template: { args: d.args, config: d.config },
    readiness: { loading: d.readiness?.loading ?? true },
    ...(d.readiness?.timeoutMs !== undefined ? { readyTimeoutMs: d.readiness.timeoutMs } : {}),
    ...(stop ? { stopCommand: stop } : {}),
  });
}
