// The table of redis.conf directives the reference server accepts: name, aliases, type, default,
// and how a value is parsed into its canonical form. Names and defaults follow Redis 7.0 src/config.c.

import { ConfigError, type ServerConfig } from './server-config.js';

export interface DirectiveSpec {
  /** Canonical lower-case name. */
  name: string;
  aliases: string[];
  defaultValue: string;
  /** False for directives that can only be set at startup (CONFIG SET refuses them). */
  mutable: boolean;
  /** Parses the arguments of the directive to its canonical string, or throws ConfigError. */
  parse(args: string[], config: ServerConfig): string;
}

function single(args: string[]): string {
  if (args.length !== 1) throw new ConfigError('wrong number of arguments');
  return args[0]!;
}

function boolDirective(name: string, def: boolean, mutable = true, aliases: string[] = []): DirectiveSpec {
  return {
    name, aliases, mutable, defaultValue: def ? 'yes' : 'no',
    parse(args) {
      const v = single(args).toLowerCase();
      if (v !== 'yes' && v !== 'no') throw new ConfigError("argument must be 'yes' or 'no'");
      return v;
    },
  };
}

function intDirective(name: string, def: number, min: number, max: number, mutable = true, aliases: string[] = []): DirectiveSpec {
  return {
    name, aliases, mutable, defaultValue: String(def),
    parse(args) {
      const v = single(args);
      if (!/^-?\d+$/.test(v)) throw new ConfigError('argument couldn\'t be parsed into an integer');
      const n = Number(v);
      if (n < min || n > max) throw new ConfigError(`argument must be between ${min} and ${max} inclusive`);
      return String(n);
    },
  };
}

/** Parses memory amounts like `64mb`, `1gb`, `100` (src/util.c memtoull). */
export function parseMemory(v: string): number | undefined {
  const m = /^(\d+)(b|k|kb|m|mb|g|gb)?$/i.exec(v);
  if (!m) return undefined;
  const unit = (m[2] ?? 'b').toLowerCase();
  const mul: Record<string, number> = { b: 1, k: 1000, kb: 1024, m: 1000 ** 2, mb: 1024 ** 2, g: 1000 ** 3, gb: 1024 ** 3 };
  return Number(m[1]) * mul[unit]!;
}

function memoryDirective(name: string, def: number, min: number, max: number, mutable = true, aliases: string[] = []): DirectiveSpec {
  return {
    name, aliases, mutable, defaultValue: String(def),
    parse(args) {
      const n = parseMemory(single(args));
      if (n === undefined) throw new ConfigError('argument must be a memory value');
      if (n < min || n > max) throw new ConfigError(`argument must be between ${min} and ${max} inclusive`);
      return String(n);
    },
  };
}

function enumDirective(name: string, def: string, choices: string[], mutable = true, aliases: string[] = []): DirectiveSpec {
  return {
    name, aliases, mutable, defaultValue: def,
    parse(args) {
      const v = single(args).toLowerCase();
      if (!choices.includes(v)) throw new ConfigError(`argument(s) must be one of the following: ${choices.join(', ')}`);
      return v;
    },
  };
}

function stringDirective(name: string, def: string, mutable = true, aliases: string[] = []): DirectiveSpec {
  return { name, aliases, mutable, defaultValue: def, parse: (args) => single(args) };
}

function listDirective(name: string, def: string, mutable = true): DirectiveSpec {
  return {
    name, aliases: [], mutable, defaultValue: def,
    parse(args) {
      if (args.length === 0) throw new ConfigError('wrong number of arguments');
      return args.join(' ');
    },
  };
}

/** `save <seconds> <changes> ...` pairs, or `save ""` for none (src/config.c setConfigSaveOption). */
const saveDirective: DirectiveSpec = {
  name: 'save', aliases: [], mutable: true, defaultValue: '3600 1 300 100 60 10000',
  parse(args) {
    const parts = args.length === 1 ? args[0]!.split(' ').filter((p) => p !== '') : args;
    if (parts.length === 0) return '';
    if (parts.length % 2 !== 0) throw new ConfigError('Invalid save parameters');
    for (const p of parts) if (!/^\d+$/.test(p)) throw new ConfigError('Invalid save parameters');
    return parts.map((p) => String(Number(p))).join(' ');
  },
};

const LLONG_MAX = Number.MAX_SAFE_INTEGER;
const INT_MAX = 2147483647;

const SPECS: DirectiveSpec[] = [
  intDirective('port', 6379, 0, 65535),
  listDirective('bind', '* -::*'),
  saveDirective,
  intDirective('databases', 16, 1, INT_MAX, false),
  stringDirective('dir', '.'),
  stringDirective('dbfilename', 'dump.rdb'),
  stringDirective('logfile', '', false),
  stringDirective('pidfile', ''),
  enumDirective('loglevel', 'notice', ['debug', 'verbose', 'notice', 'warning']),
  boolDirective('daemonize', false, false),
  boolDirective('protected-mode', true),
  memoryDirective('proto-max-bulk-len', 512 * 1024 * 1024, 1024 * 1024, LLONG_MAX),
  intDirective('hz', 10, 0, INT_MAX),
  intDirective('timeout', 0, 0, INT_MAX),
  intDirective('tcp-keepalive', 300, 0, INT_MAX),
  intDirective('tcp-backlog', 511, 0, INT_MAX, false),
  intDirective('maxclients', 10000, 1, INT_MAX),
  memoryDirective('maxmemory', 0, 0, LLONG_MAX),
  enumDirective('maxmemory-policy', 'noeviction', ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction']),
  intDirective('maxmemory-samples', 5, 1, INT_MAX),
  memoryDirective('hash-max-listpack-entries', 128, 0, LLONG_MAX, true, ['hash-max-ziplist-entries']),
  memoryDirective('hash-max-listpack-value', 64, 0, LLONG_MAX, true, ['hash-max-ziplist-value']),
  memoryDirective('zset-max-listpack-entries', 128, 0, LLONG_MAX, true, ['zset-max-ziplist-entries']),
  memoryDirective('zset-max-listpack-value', 64, 0, LLONG_MAX, true, ['zset-max-ziplist-value']),
  memoryDirective('set-max-intset-entries', 512, 0, LLONG_MAX),
  intDirective('list-max-listpack-size', -2, -5, INT_MAX, true, ['list-max-ziplist-size']),
  intDirective('list-compress-depth', 0, 0, INT_MAX),
  enumDirective('enable-debug-command', 'no', ['no', 'yes', 'local']),
  boolDirective('appendonly', false),
  enumDirective('appendfsync', 'everysec', ['always', 'everysec', 'no']),
  stringDirective('appendfilename', 'appendonly.aof', false),
  stringDirective('appenddirname', 'appendonlydir', false),
  boolDirective('aof-use-rdb-preamble', true),
  boolDirective('aof-load-truncated', true),
  boolDirective('aof-timestamp-enabled', false),
  boolDirective('aof-disable-auto-gc', false),
  boolDirective('aof-rewrite-incremental-fsync', true),
  boolDirective('no-appendfsync-on-rewrite', false),
  intDirective('auto-aof-rewrite-percentage', 100, 0, INT_MAX),
  memoryDirective('auto-aof-rewrite-min-size', 64 * 1024 * 1024, 0, LLONG_MAX),
  boolDirective('rdbcompression', true),
  boolDirective('rdbchecksum', true),
  boolDirective('stop-writes-on-bgsave-error', true),
  boolDirective('replica-read-only', true, true, ['slave-read-only']),
  boolDirective('lazyfree-lazy-user-flush', false),
  boolDirective('lazyfree-lazy-user-del', false),
];

/** Every directive by canonical name and by alias. */
export const DIRECTIVES: ReadonlyMap<string, DirectiveSpec> = (() => {
  const m = new Map<string, DirectiveSpec>();
  for (const s of SPECS) {
    m.set(s.name, s);
    for (const a of s.aliases) m.set(a, s);
  }
  return m;
})();
