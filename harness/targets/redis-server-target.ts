// The real redis-server as a Target: any binary on PATH or given by path, started with the
// conformance defaults (DEBUG enabled, no RDB save points, no AOF) on a free loopback port.

import { findExecutable } from './find-executable.js';
import { ProcessTarget } from './process-target.js';
import type { Directives } from './target.js';

/** Thrown when no redis-server binary can be found; the message says how to install one. */
export class RedisServerNotFoundError extends Error {}

/** Defaults for conformance runs; callers override any of them through start(directives). */
export const REDIS_SERVER_DEFAULTS: Directives = {
  'enable-debug-command': 'yes',
  save: '',
  appendonly: 'no',
};

/**
 * Resolves the redis-server binary: an explicit path, else $REDIS_SERVER, else `redis-server` on PATH.
 * Throws RedisServerNotFoundError (never returns undefined) so a missing binary fails loudly.
 */
export function resolveRedisServer(explicit?: string): string {
  const wanted = explicit ?? process.env.REDIS_SERVER ?? 'redis-server';
  const found = findExecutable(wanted);
  if (found) return found;
  throw new RedisServerNotFoundError(
    `redis-server not found (looked for '${wanted}'${wanted.includes('/') ? '' : ' on PATH'}). ` +
      'Install it (Debian/Ubuntu: `sudo apt-get install redis-server`, macOS: `brew install redis`) ' +
      'or point at a binary with --redis-server PATH or the REDIS_SERVER environment variable.',
  );
}

/** A redis-server process target. */
export function redisServerTarget(options: { binary?: string; name?: string } = {}): ProcessTarget {
  return new ProcessTarget({ name: options.name ?? 'redis-server', command: resolveRedisServer(options.binary), defaults: REDIS_SERVER_DEFAULTS });
}
