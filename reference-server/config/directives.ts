// The table of every directive Redis 7.0.15 accepts (src/config.c static_configs): name, alias,
// flags, type, bounds, default, and how a value is parsed into the canonical form CONFIG GET prints.

import { isAbsolute, resolve } from 'node:path';
import { isStrictInteger } from '../keyspace/string-value.js';
import { ConfigError, type ServerConfig } from './server-config.js';

/** One directive. Values are kept as the canonical strings CONFIG GET returns. */
export interface DirectiveSpec {
  /** Canonical lower-case name. */
  name: string;
  aliases: string[];
  defaultValue: string;
  /** False for IMMUTABLE_CONFIG directives: CONFIG SET answers "can't set immutable config". */
  mutable: boolean;
  /** HIDDEN_CONFIG: CONFIG GET matches it only by its exact name, never by a pattern. */
  hidden: boolean;
  /** PROTECTED_CONFIG: CONFIG SET needs enable-protected-configs (yes, or local for a local client). */
  protected: boolean;
  /** DENY_LOADING_CONFIG: CONFIG SET answers LOADING while the dataset loads. */
  denyLoading: boolean;
  /** MULTI_ARG_CONFIG: takes several arguments (CONFIG SET splits its value at single spaces). */
  multiArg: boolean;
  /** The value as CONFIG REWRITE writes it when it differs from the default (Redis rewriteConfig*Option). */
  rewrite?(value: string): string;
  /** Parses the directive's arguments to the canonical value, or throws ConfigError with Redis's text. */
  parse(args: string[], config: ServerConfig): string;
}

const INT_MAX = 2147483647n;
const INT_MIN = -2147483648n;
const UINT_MAX = 4294967295n;
const LLONG_MAX = 9223372036854775807n;
const ULLONG_MAX = 18446744073709551615n;
const TWO_64 = 1n << 64n;

/** Parses the directive flags written as letters: I immutable, H hidden, P protected, L deny-loading, M multi-arg, S sensitive. */
function common(name: string, alias: string | undefined, flags: string): Omit<DirectiveSpec, 'defaultValue' | 'parse'> {
  return {
    name,
    aliases: alias ? [alias] : [],
    mutable: !flags.includes('I'),
    hidden: flags.includes('H'),
    protected: flags.includes('P'),
    denyLoading: flags.includes('L'),
    multiArg: flags.includes('M'),
  };
}

function single(args: string[]): string {
  if (args.length !== 1) throw new ConfigError('wrong number of arguments');
  return args[0]!;
}

/** Quotes a string for a config file line when needed (Redis rewriteConfigStringOption uses sdscatrepr). */
export function configRepr(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i]!;
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

function bool(name: string, alias: string | undefined, flags: string, def: boolean): DirectiveSpec {
  return {
    ...common(name, alias, flags),
    defaultValue: def ? 'yes' : 'no',
    parse(args) {
      const v = single(args).toLowerCase();
      if (v !== 'yes' && v !== 'no') throw new ConfigError("argument must be 'yes' or 'no'");
      return v;
    },
  };
}

type StringCheck = (v: string) => string | undefined;

const STRING_CHECKS: Record<string, StringCheck> = {
  // src/config.c isValidDBfilename / isValidAOFfilename / isValidAOFdirname / isValidAnnouncedHostname.
  dbfilename: (v) => (v.includes('/') ? "dbfilename can't be a path, just a filename" : undefined),
  appendfilename: (v) => (v === '' ? "appendfilename can't be empty" : v.includes('/') ? "appendfilename can't be a path, just a filename" : undefined),
  appenddirname: (v) => (v === '' ? "appenddirname can't be empty" : v.includes('/') ? "appenddirname can't be a path, just a dirname" : undefined),
  'cluster-announce-hostname': (v) => {
    if (v.length >= 256) return 'Hostnames must be less than 256 characters';
    if (!/^[A-Za-z0-9.-]*$/.test(v)) return 'Hostnames may only contain alphanumeric characters, hyphens or dots';
    return undefined;
  },
  'proc-title-template': (v) => (validProcTitleTemplate(v) ? undefined : 'template format is invalid or contains unknown variables'),
};

/** src/server.c validateProcTitleTemplate: only known {variables}, balanced braces, non-empty {title} first word allowed. */
function validProcTitleTemplate(v: string): boolean {
  const known = new Set(['{title}', '{listen-addr}', '{server-mode}', '{port}', '{tls-port}', '{unixsocket}', '{config-file}']);
  let ok = true;
  const rest = v.replace(/\{[^{}]*\}/g, (m) => {
    if (!known.has(m)) ok = false;
    return '';
  });
  return ok && !rest.includes('{') && !rest.includes('}') && v.trim() !== '';
}

function str(name: string, alias: string | undefined, flags: string, def: string): DirectiveSpec {
  const check = STRING_CHECKS[name];
  return {
    ...common(name, alias, flags),
    defaultValue: def,
    rewrite: (v) => configRepr(v),
    parse(args) {
      const v = single(args);
      const problem = check?.(v);
      if (problem) throw new ConfigError(problem);
      return v;
    },
  };
}

/** An enum's names and values in Redis's order (the first name of a value is the one CONFIG GET shows). */
type EnumTable = ReadonlyArray<readonly [string, number]>;

const ENUMS: Record<string, EnumTable> = {
  maxmemory_policy_enum: [['volatile-lru', 1], ['volatile-lfu', 2], ['volatile-random', 3], ['volatile-ttl', 4], ['allkeys-lru', 5], ['allkeys-lfu', 6], ['allkeys-random', 7], ['noeviction', 8]],
  syslog_facility_enum: [['user', 8], ['local0', 128], ['local1', 136], ['local2', 144], ['local3', 152], ['local4', 160], ['local5', 168], ['local6', 176], ['local7', 184]],
  loglevel_enum: [['debug', 0], ['verbose', 1], ['notice', 2], ['warning', 3]],
  supervised_mode_enum: [['upstart', 1], ['systemd', 2], ['auto', 3], ['no', 0]],
  aof_fsync_enum: [['everysec', 2], ['always', 1], ['no', 0]],
  shutdown_on_sig_enum: [['default', 0], ['save', 1], ['nosave', 2], ['now', 4], ['force', 8]],
  repl_diskless_load_enum: [['disabled', 0], ['on-empty-db', 1], ['swapdb', 2]],
  tls_auth_clients_enum: [['no', 0], ['yes', 1], ['optional', 2]],
  oom_score_adj_enum: [['no', 0], ['yes', 1], ['relative', 1], ['absolute', 2]],
  acl_pubsub_default_enum: [['allchannels', 1], ['resetchannels', 0]],
  sanitize_dump_payload_enum: [['no', 0], ['yes', 1], ['clients', 2]],
  protected_action_enum: [['no', 0], ['yes', 1], ['local', 2]],
  cluster_preferred_endpoint_type_enum: [['ip', 0], ['hostname', 1], ['unknown-endpoint', 2]],
  propagation_error_behavior_enum: [['ignore', 0], ['panic', 1], ['panic-on-replicas', 2]],
};

/** The name CONFIG GET shows for an enum value; bit-flag enums list every set flag (configEnumGetName). */
function enumName(table: EnumTable, value: number, bitflags: boolean): string {
  let names: string[] = [];
  let unmatched = value;
  for (const [n, v] of table) {
    if (v === value) return n;
    if (bitflags && v !== 0 && (unmatched & v) === v) {
      names.push(n);
      unmatched &= ~v;
    }
  }
  if (names.length === 0 || unmatched !== 0) names = ['unknown'];
  return names.join(' ');
}

function enm(name: string, alias: string | undefined, flags: string, table: EnumTable, def: string): DirectiveSpec {
  const c = common(name, alias, flags);
  return {
    ...c,
    defaultValue: def,
    parse(args) {
      // src/config.c configEnumGetValue: one name, or several OR-ed names for a bit-flag enum.
      let value = 0;
      let ok = args.length > 0 && (c.multiArg || args.length === 1);
      for (const a of ok ? args : []) {
        const lower = a.toLowerCase();
        const hits = table.filter(([n]) => n === lower);
        if (hits.length === 0) ok = false;
        for (const [, v] of hits) value |= v;
      }
      if (!ok) throw new ConfigError(`argument(s) must be one of the following: ${table.map(([n]) => n).join(', ')}`);
      // isValidShutdownOnSigFlags.
      if (name.startsWith('shutdown-on-sig') && (value & 1) !== 0 && (value & 2) !== 0) {
        throw new ConfigError("shutdown options SAVE and NOSAVE can't be used simultaneously");
      }
      return enumName(table, value, c.multiArg);
    },
  };
}

/** src/util.c memtoull: digits then an optional unit (b k kb m mb g gb); the result wraps at 2^64. */
export function memtoull(p: string): bigint | undefined {
  if (p.startsWith('-')) return undefined;
  let i = 0;
  while (i < p.length && p.charCodeAt(i) >= 48 && p.charCodeAt(i) <= 57) i++;
  const units: Record<string, bigint> = { '': 1n, b: 1n, k: 1000n, kb: 1024n, m: 1000000n, mb: 1048576n, g: 1000000000n, gb: 1073741824n };
  const mul = units[p.slice(i).toLowerCase()];
  if (mul === undefined || i >= 128) return undefined;
  let val = i === 0 ? 0n : BigInt(p.slice(0, i));
  if (val > ULLONG_MAX) val = ULLONG_MAX; // strtoull saturates on overflow
  return (val * mul) % TWO_64;
}

/** Parses a memory amount like `64mb` to bytes (for callers outside the table). */
export function parseMemory(v: string): number | undefined {
  const n = memtoull(v);
  return n === undefined ? undefined : Number(n);
}

type NumericType = 'int' | 'uint' | 'ulong' | 'll' | 'ull' | 'size' | 'ssize' | 'time' | 'off';

/** Wraps to a signed 64-bit value, as storing an unsigned long long into a long long does. */
function toInt64(v: bigint): bigint {
  const m = ((v % TWO_64) + TWO_64) % TWO_64;
  return m > LLONG_MAX ? m - TWO_64 : m;
}

/** Strict octal as strtoll(v, &end, 8) with the whole string consumed and no overflow. */
function parseOctal(v: string): bigint | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)([0-7]+)$/.exec(v);
  if (!m) return undefined;
  const n = BigInt('0o' + m[2]!) * (m[1] === '-' ? -1n : 1n);
  return n > LLONG_MAX || n < -LLONG_MAX - 1n ? undefined : n;
}

/**
 * A numeric directive (src/config.c numericParseString, numericBoundaryCheck, numericConfigGet):
 * `numFlags` has m for MEMORY_CONFIG, p for PERCENT_CONFIG, o for OCTAL_CONFIG.
 */
function num(name: string, alias: string | undefined, flags: string, type: NumericType,
  lower: bigint | number, upper: bigint | number, def: number, numFlags: string): DirectiveSpec {
  const lo = BigInt(lower);
  const hi = BigInt(upper);
  const memory = numFlags.includes('m');
  const percent = numFlags.includes('p');
  const octal = numFlags.includes('o');
  const unsigned = type === 'ull' || type === 'uint' || type === 'size';
  const format = (ll: bigint): string => {
    if (percent && ll < 0n) return `${-ll}%`;
    if (memory) return String(ll < 0n ? ll + TWO_64 : ll);
    if (octal) return ll.toString(8);
    return String(ll);
  };
  return {
    ...common(name, alias, flags),
    defaultValue: format(BigInt(def)),
    rewrite: memory ? (v) => formatMemoryForRewrite(v) : undefined,
    parse(args) {
      const v = single(args);
      let ll: bigint | undefined;
      if (memory) {
        const m = memtoull(v);
        if (m !== undefined) ll = toInt64(m);
      }
      if (ll === undefined && percent && v.length > 1 && v.endsWith('%') && isStrictInteger(v.slice(0, -1)) && !v.startsWith('-')) {
        ll = -BigInt(v.slice(0, -1));
      }
      if (ll === undefined && octal) ll = parseOctal(v);
      if (ll === undefined && !memory && !percent && !octal && isStrictInteger(v)) ll = BigInt(v);
      if (ll === undefined) {
        if (memory && percent) throw new ConfigError('argument must be a memory or percent value');
        if (memory) throw new ConfigError('argument must be a memory value');
        if (octal) throw new ConfigError("argument couldn't be parsed as an octal number");
        throw new ConfigError("argument couldn't be parsed into an integer");
      }
      if (unsigned) {
        const ull = ll < 0n ? ll + TWO_64 : ll;
        if (ull > hi || ull < lo) {
          throw new ConfigError(octal
            ? `argument must be between ${lo.toString(8)} and ${hi.toString(8)} inclusive`
            : `argument must be between ${lo} and ${hi} inclusive`);
        }
      } else if (percent && ll < 0n) {
        if (ll < lo) throw new ConfigError(`percentage argument must be less or equal to ${-lo}`);
      } else if (ll > hi || ll < lo) {
        throw new ConfigError(`argument must be between ${lo} and ${hi} inclusive`);
      }
      // updateHZ: hz is a hint; out-of-range values are capped to 1..500.
      if (name === 'hz') ll = ll < 1n ? 1n : ll > 500n ? 500n : ll;
      return format(ll);
    },
  };
}

/** src/config.c rewriteConfigFormatMemory: the largest exact unit among gb, mb, kb. */
function formatMemoryForRewrite(v: string): string {
  const n = BigInt(v.endsWith('%') ? 0 : v);
  if (v.endsWith('%')) return v;
  const GB = 1073741824n;
  const MB = 1048576n;
  if (n >= GB && n % GB === 0n) return `${n / GB}gb`;
  if (n >= MB && n % MB === 0n) return `${n / MB}mb`;
  if (n >= 1024n && n % 1024n === 0n) return `${n / 1024n}kb`;
  return String(n);
}

/** strtoll(v, &end, 10) with the whole string consumed (leading blanks and a sign allowed); undefined otherwise. */
function strtollWhole(v: string): bigint | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?\d*)$/.exec(v);
  if (!m) return undefined;
  const digits = m[1]!;
  if (digits === '' || digits === '+' || digits === '-') return v.trim() === '' || digits === '' ? 0n : undefined;
  const n = BigInt(digits);
  return n > LLONG_MAX ? LLONG_MAX : n < -LLONG_MAX - 1n ? -LLONG_MAX - 1n : n;
}

/** A C `int` from a long long, as an implicit cast truncates it. */
function toInt32(v: bigint): number {
  return Number(BigInt.asIntN(32, v));
}

function special(name: string, alias: string | undefined, flags: string, def: string,
  parse: (args: string[], config: ServerConfig) => string, rewrite?: (v: string) => string): DirectiveSpec {
  return { ...common(name, alias, flags), defaultValue: def, parse, rewrite };
}

/** src/config.c setConfigSaveOption: `<seconds> <changes>` pairs; lines of a config file add up. */
const saveDirective = special('save', undefined, 'M', '3600 1 300 100 60 10000', (args, config) => {
  const list = args.length === 1 && args[0] === '' ? [] : args;
  if (list.length % 2 !== 0) throw new ConfigError('Invalid save parameters');
  const values: string[] = [];
  list.forEach((a, j) => {
    const v = strtollWhole(a);
    if (v === undefined || (j % 2 === 0 && v < 1n) || (j % 2 === 1 && v < 0n)) throw new ConfigError('Invalid save parameters');
    values.push(j % 2 === 0 ? String(v) : String(toInt32(v)));
  });
  const joined = values.join(' ');
  // Only the first `save` line of a config file replaces the defaults; later ones append,
  // except `save ""`, which always clears.
  if (config.readingConfigFile && list.length === 0) {
    config.saveLoadedFromFile = true;
    return '';
  }
  if (config.readingConfigFile) {
    if (!config.saveLoadedFromFile) {
      config.saveLoadedFromFile = true;
      return joined;
    }
    const prev = config.get('save');
    return prev === '' ? joined : joined === '' ? prev : `${prev} ${joined}`;
  }
  return joined;
});

const CLIENT_CLASSES = ['normal', 'slave', 'pubsub'] as const;

/** src/config.c updateClientOutputBufferLimit: `<class> <hard> <soft> <seconds>` groups, all or nothing. */
const clientOutputBufferLimit = special('client-output-buffer-limit', undefined, 'M',
  'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60', (args, config) => {
    if (args.length % 4 !== 0) throw new ConfigError('Wrong number of arguments in buffer limit configuration.');
    const current = config.get('client-output-buffer-limit').split(' ');
    const limits = CLIENT_CLASSES.map((_, i) => current.slice(i * 4 + 1, i * 4 + 4));
    for (let j = 0; j < args.length; j += 4) {
      const cls = args[j]!.toLowerCase();
      const index = cls === 'replica' ? 1 : CLIENT_CLASSES.indexOf(cls as typeof CLIENT_CLASSES[number]);
      if (index < 0) throw new ConfigError('Invalid client class specified in buffer limit configuration.');
      const hard = memtoull(args[j + 1]!);
      const soft = memtoull(args[j + 2]!);
      const secs = strtollWhole(args[j + 3]!);
      const seconds = secs === undefined ? -1 : toInt32(secs);
      if (hard === undefined || soft === undefined || seconds < 0) {
        throw new ConfigError('Error in hard, soft or soft_seconds setting in buffer limit configuration.');
      }
      limits[index] = [String(hard), String(soft), String(seconds)];
    }
    return CLIENT_CLASSES.map((c, i) => `${c} ${limits[i]!.join(' ')}`).join(' ');
  }, (v) => {
    const p = v.split(' ');
    return CLIENT_CLASSES.map((c, i) => `${c} ${formatMemoryForRewrite(p[i * 4 + 1]!)} ${formatMemoryForRewrite(p[i * 4 + 2]!)} ${p[i * 4 + 3]}`).join('\n');
  });

const oomScoreAdjValues = special('oom-score-adj-values', undefined, 'M', '0 200 800', (args) => {
  if (args.length !== 3) throw new ConfigError('wrong number of arguments');
  return args.map((a) => {
    const v = strtollWhole(a);
    if (v === undefined || v < -2000n || v > 2000n) throw new ConfigError('Invalid oom-score-adj-values, elements must be between -2000 and 2000.');
    return String(v);
  }).join(' ');
});

/** Keyspace notification classes (src/notify.c): flag bit per character. */
const NOTIFY: Record<string, number> = { K: 1, E: 2, g: 4, $: 8, l: 16, s: 32, h: 64, z: 128, x: 256, e: 512, t: 1024, m: 2048, d: 8192, n: 16384 };
const NOTIFY_ALL = 4 | 8 | 16 | 32 | 64 | 128 | 256 | 512 | 1024 | 8192;

/** The canonical class string of a notify-keyspace-events value (keyspaceEventsFlagsToString). */
function notifyFlagsToString(flags: number): string {
  let out = '';
  if ((flags & NOTIFY_ALL) === NOTIFY_ALL) out += 'A';
  else for (const c of 'g$lshzxetdn') if (flags & NOTIFY[c]!) out += c;
  for (const c of 'KEm') if (flags & NOTIFY[c]!) out += c;
  return out;
}

const notifyKeyspaceEvents = special('notify-keyspace-events', undefined, '', '', (args) => {
  const v = single(args);
  let flags = 0;
  for (const c of v) {
    if (c === 'A') flags |= NOTIFY_ALL;
    else if (NOTIFY[c] !== undefined) flags |= NOTIFY[c]!;
    else throw new ConfigError("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
  }
  return notifyFlagsToString(flags);
});

const bindDirective = special('bind', undefined, 'M', '* -::*', (args) => {
  if (args.length > 16) throw new ConfigError('Too many bind addresses specified.');
  return args.length === 1 && args[0] === '' ? '' : args.join(' ');
});

/** replicaof/slaveof `<host> <port>` or `no one` (setConfigReplicaOfOption); canonical `host port` or ''. */
const replicaof = special('replicaof', 'slaveof', 'IM', '', (args) => {
  if (args.length !== 2) throw new ConfigError('wrong number of arguments');
  if (args[0]!.toLowerCase() === 'no' && args[1]!.toLowerCase() === 'one') return '';
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)$/.exec(args[1]!);
  const port = m ? Number(m[1]) : args[1] === '' ? 0 : NaN;
  if (!(port >= 0 && port <= 65535)) throw new ConfigError('Invalid master port');
  return `${args[0]} ${port}`;
});

/** `dir`: kept as an absolute path (Redis chdir()s and reports getcwd()). */
const dirDirective = special('dir', undefined, 'PL', process.cwd(), (args, config) => {
  const v = single(args);
  return isAbsolute(v) ? resolve(v) : resolve(config.get('dir'), v);
}, (v) => configRepr(v));

/** A double as "%f" then trimDoubleString (no trailing zeros, no trailing dot). */
function trimmedFixed(v: number): string {
  let s = v.toFixed(6);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s;
}

const latencyPercentiles = special('latency-tracking-info-percentiles', undefined, 'M', '50 99 99.9', (args) => {
  if (args.length === 1 && args[0] === '') return '';
  return args.map((a) => {
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(a)) throw new ConfigError('Invalid latency-tracking-info-percentiles parameters');
    const p = Number(a);
    if (p > 100 || p < 0) throw new ConfigError('latency-tracking-info-percentiles parameters should sit between [0.0,100.0]');
    return trimmedFixed(p);
  }).join(' ');
});

const SPECIALS: DirectiveSpec[] = [dirDirective, saveDirective, clientOutputBufferLimit, oomScoreAdjValues,
  notifyKeyspaceEvents, bindDirective, replicaof, latencyPercentiles];

/** Every directive of src/config.c static_configs, in its order (CONFIG GET lists matches in this order). */
const SPECS: DirectiveSpec[] = [
bool('rdbchecksum', undefined, 'I', true),
  bool('daemonize', undefined, 'I', false),
  bool('io-threads-do-reads', undefined, 'I', false),
  bool('always-show-logo', undefined, 'I', false),
  bool('protected-mode', undefined, '', true),
  bool('rdbcompression', undefined, '', true),
  bool('rdb-del-sync-files', undefined, '', false),
  bool('activerehashing', undefined, '', true),
  bool('stop-writes-on-bgsave-error', undefined, '', true),
  bool('set-proc-title', undefined, 'I', true),
  bool('dynamic-hz', undefined, '', true),
  bool('lazyfree-lazy-eviction', undefined, '', false),
  bool('lazyfree-lazy-expire', undefined, '', false),
  bool('lazyfree-lazy-server-del', undefined, '', false),
  bool('lazyfree-lazy-user-del', undefined, '', false),
  bool('lazyfree-lazy-user-flush', undefined, '', false),
  bool('repl-disable-tcp-nodelay', undefined, '', false),
  bool('repl-diskless-sync', undefined, '', true),
  bool('aof-rewrite-incremental-fsync', undefined, '', true),
  bool('no-appendfsync-on-rewrite', undefined, '', false),
  bool('cluster-require-full-coverage', undefined, '', true),
  bool('rdb-save-incremental-fsync', undefined, '', true),
  bool('aof-load-truncated', undefined, '', true),
  bool('aof-use-rdb-preamble', undefined, '', true),
  bool('aof-timestamp-enabled', undefined, '', false),
  bool('cluster-replica-no-failover', 'cluster-slave-no-failover', '', false),
  bool('replica-lazy-flush', 'slave-lazy-flush', '', false),
  bool('replica-serve-stale-data', 'slave-serve-stale-data', '', true),
  bool('replica-read-only', 'slave-read-only', '', true),
  bool('replica-ignore-maxmemory', 'slave-ignore-maxmemory', '', true),
  bool('jemalloc-bg-thread', undefined, '', true),
  bool('activedefrag', undefined, '', false),
  bool('syslog-enabled', undefined, 'I', false),
  bool('cluster-enabled', undefined, 'I', false),
  bool('appendonly', undefined, 'L', false),
  bool('cluster-allow-reads-when-down', undefined, '', false),
  bool('cluster-allow-pubsubshard-when-down', undefined, '', true),
  bool('crash-log-enabled', undefined, '', true),
  bool('crash-memcheck-enabled', undefined, '', true),
  bool('use-exit-on-panic', undefined, 'H', false),
  bool('disable-thp', undefined, 'I', true),
  bool('cluster-allow-replica-migration', undefined, '', true),
  bool('replica-announced', undefined, '', true),
  bool('latency-tracking', undefined, '', true),
  bool('aof-disable-auto-gc', undefined, '', false),
  bool('replica-ignore-disk-write-errors', undefined, '', false),
  str('aclfile', undefined, 'I', ''),
  str('unixsocket', undefined, 'I', ''),
  str('pidfile', undefined, 'I', ''),
  str('replica-announce-ip', 'slave-announce-ip', '', ''),
  str('masteruser', undefined, 'S', ''),
  str('cluster-announce-ip', undefined, '', ''),
  str('cluster-config-file', undefined, 'I', 'nodes.conf'),
  str('cluster-announce-hostname', undefined, '', ''),
  str('syslog-ident', undefined, 'I', 'redis'),
  str('dbfilename', undefined, 'P', 'dump.rdb'),
  str('appendfilename', undefined, 'I', 'appendonly.aof'),
  str('appenddirname', undefined, 'I', 'appendonlydir'),
  str('server_cpulist', undefined, 'I', ''),
  str('bio_cpulist', undefined, 'I', ''),
  str('aof_rewrite_cpulist', undefined, 'I', ''),
  str('bgsave_cpulist', undefined, 'I', ''),
  str('ignore-warnings', undefined, '', ''),
  str('proc-title-template', undefined, '', '{title} {listen-addr} {server-mode}'),
  str('bind-source-addr', undefined, '', ''),
  str('logfile', undefined, 'I', ''),
  str('masterauth', undefined, 'S', ''),
  str('requirepass', undefined, 'S', ''),
  enm('supervised', undefined, 'I', ENUMS.supervised_mode_enum, 'no'),
  enm('syslog-facility', undefined, 'I', ENUMS.syslog_facility_enum, 'local0'),
  enm('repl-diskless-load', undefined, 'L', ENUMS.repl_diskless_load_enum, 'disabled'),
  enm('loglevel', undefined, '', ENUMS.loglevel_enum, 'notice'),
  enm('maxmemory-policy', undefined, '', ENUMS.maxmemory_policy_enum, 'noeviction'),
  enm('appendfsync', undefined, '', ENUMS.aof_fsync_enum, 'everysec'),
  enm('oom-score-adj', undefined, '', ENUMS.oom_score_adj_enum, 'no'),
  enm('acl-pubsub-default', undefined, '', ENUMS.acl_pubsub_default_enum, 'resetchannels'),
  enm('sanitize-dump-payload', undefined, '', ENUMS.sanitize_dump_payload_enum, 'no'),
  enm('enable-protected-configs', undefined, 'I', ENUMS.protected_action_enum, 'no'),
  enm('enable-debug-command', undefined, 'I', ENUMS.protected_action_enum, 'no'),
  enm('enable-module-command', undefined, 'I', ENUMS.protected_action_enum, 'no'),
  enm('cluster-preferred-endpoint-type', undefined, '', ENUMS.cluster_preferred_endpoint_type_enum, 'ip'),
  enm('propagation-error-behavior', undefined, '', ENUMS.propagation_error_behavior_enum, 'ignore'),
  enm('shutdown-on-sigint', undefined, 'M', ENUMS.shutdown_on_sig_enum, 'default'),
  enm('shutdown-on-sigterm', undefined, 'M', ENUMS.shutdown_on_sig_enum, 'default'),
  num('databases', undefined, 'I', 'int', 1, INT_MAX, 16, ''),
  num('port', undefined, '', 'int', 0, 65535, 6379, ''),
  num('io-threads', undefined, 'I', 'int', 1, 128, 1, ''),
  num('auto-aof-rewrite-percentage', undefined, '', 'int', 0, INT_MAX, 100, ''),
  num('cluster-replica-validity-factor', 'cluster-slave-validity-factor', '', 'int', 0, INT_MAX, 10, ''),
  num('list-max-listpack-size', 'list-max-ziplist-size', '', 'int', INT_MIN, INT_MAX, -2, ''),
  num('tcp-keepalive', undefined, '', 'int', 0, INT_MAX, 300, ''),
  num('cluster-migration-barrier', undefined, '', 'int', 0, INT_MAX, 1, ''),
  num('active-defrag-cycle-min', undefined, '', 'int', 1, 99, 1, ''),
  num('active-defrag-cycle-max', undefined, '', 'int', 1, 99, 25, ''),
  num('active-defrag-threshold-lower', undefined, '', 'int', 0, 1000, 10, ''),
  num('active-defrag-threshold-upper', undefined, '', 'int', 0, 1000, 100, ''),
  num('lfu-log-factor', undefined, '', 'int', 0, INT_MAX, 10, ''),
  num('lfu-decay-time', undefined, '', 'int', 0, INT_MAX, 1, ''),
  num('replica-priority', 'slave-priority', '', 'int', 0, INT_MAX, 100, ''),
  num('repl-diskless-sync-delay', undefined, '', 'int', 0, INT_MAX, 5, ''),
  num('maxmemory-samples', undefined, '', 'int', 1, INT_MAX, 5, ''),
  num('maxmemory-eviction-tenacity', undefined, '', 'int', 0, 100, 10, ''),
  num('timeout', undefined, '', 'int', 0, INT_MAX, 0, ''),
  num('replica-announce-port', 'slave-announce-port', '', 'int', 0, 65535, 0, ''),
  num('tcp-backlog', undefined, 'I', 'int', 0, INT_MAX, 511, ''),
  num('cluster-port', undefined, 'I', 'int', 0, 65535, 0, ''),
  num('cluster-announce-bus-port', undefined, '', 'int', 0, 65535, 0, ''),
  num('cluster-announce-port', undefined, '', 'int', 0, 65535, 0, ''),
  num('cluster-announce-tls-port', undefined, '', 'int', 0, 65535, 0, ''),
  num('repl-timeout', undefined, '', 'int', 1, INT_MAX, 60, ''),
  num('repl-ping-replica-period', 'repl-ping-slave-period', '', 'int', 1, INT_MAX, 10, ''),
  num('list-compress-depth', undefined, '', 'int', 0, INT_MAX, 0, ''),
  num('rdb-key-save-delay', undefined, 'H', 'int', INT_MIN, INT_MAX, 0, ''),
  num('key-load-delay', undefined, 'H', 'int', INT_MIN, INT_MAX, 0, ''),
  num('active-expire-effort', undefined, '', 'int', 1, 10, 1, ''),
  num('hz', undefined, '', 'int', 0, INT_MAX, 10, ''),
  num('min-replicas-to-write', 'min-slaves-to-write', '', 'int', 0, INT_MAX, 0, ''),
  num('min-replicas-max-lag', 'min-slaves-max-lag', '', 'int', 0, INT_MAX, 10, ''),
  num('watchdog-period', undefined, 'H', 'int', 0, INT_MAX, 0, ''),
  num('shutdown-timeout', undefined, '', 'int', 0, INT_MAX, 10, ''),
  num('repl-diskless-sync-max-replicas', undefined, '', 'int', 0, INT_MAX, 0, ''),
  num('maxclients', undefined, '', 'uint', 1, UINT_MAX, 10000, ''),
  num('unixsocketperm', undefined, 'I', 'uint', 0, 0o777, 0, 'o'),
  num('socket-mark-id', undefined, 'I', 'uint', 0, UINT_MAX, 0, ''),
  num('active-defrag-max-scan-fields', undefined, '', 'ulong', 1, LLONG_MAX, 1000, ''),
  num('slowlog-max-len', undefined, '', 'ulong', 0, LLONG_MAX, 128, ''),
  num('acllog-max-len', undefined, '', 'ulong', 0, LLONG_MAX, 128, ''),
  num('busy-reply-threshold', 'lua-time-limit', '', 'll', 0, LLONG_MAX, 5000, ''),
  num('cluster-node-timeout', undefined, '', 'll', 0, LLONG_MAX, 15000, ''),
  num('slowlog-log-slower-than', undefined, '', 'll', -1, LLONG_MAX, 10000, ''),
  num('latency-monitor-threshold', undefined, '', 'll', 0, LLONG_MAX, 0, ''),
  num('proto-max-bulk-len', undefined, '', 'll', 1048576, LLONG_MAX, 536870912, 'm'),
  num('stream-node-max-entries', undefined, '', 'll', 0, LLONG_MAX, 100, ''),
  num('repl-backlog-size', undefined, '', 'll', 1, LLONG_MAX, 1048576, 'm'),
  num('maxmemory', undefined, '', 'ull', 0, ULLONG_MAX, 0, 'm'),
  num('cluster-link-sendbuf-limit', undefined, '', 'ull', 0, ULLONG_MAX, 0, 'm'),
  num('hash-max-listpack-entries', 'hash-max-ziplist-entries', '', 'size', 0, LLONG_MAX, 512, ''),
  num('set-max-intset-entries', undefined, '', 'size', 0, LLONG_MAX, 512, ''),
  num('zset-max-listpack-entries', 'zset-max-ziplist-entries', '', 'size', 0, LLONG_MAX, 128, ''),
  num('active-defrag-ignore-bytes', undefined, '', 'size', 1, LLONG_MAX, 104857600, 'm'),
  num('hash-max-listpack-value', 'hash-max-ziplist-value', '', 'size', 0, LLONG_MAX, 64, 'm'),
  num('stream-node-max-bytes', undefined, '', 'size', 0, LLONG_MAX, 4096, 'm'),
  num('zset-max-listpack-value', 'zset-max-ziplist-value', '', 'size', 0, LLONG_MAX, 64, 'm'),
  num('hll-sparse-max-bytes', undefined, '', 'size', 0, LLONG_MAX, 3000, 'm'),
  num('tracking-table-max-keys', undefined, '', 'size', 0, LLONG_MAX, 1000000, ''),
  num('client-query-buffer-limit', undefined, '', 'size', 1048576, LLONG_MAX, 1073741824, 'm'),
  num('maxmemory-clients', undefined, '', 'ssize', -100, LLONG_MAX, 0, 'mp'),
  num('repl-backlog-ttl', undefined, '', 'time', 0, LLONG_MAX, 3600, ''),
  num('auto-aof-rewrite-min-size', undefined, '', 'off', 0, LLONG_MAX, 67108864, 'm'),
  num('loading-process-events-interval-bytes', undefined, 'H', 'off', 1024, INT_MAX, 2097152, ''),
  num('tls-port', undefined, '', 'int', 0, 65535, 0, ''),
  num('tls-session-cache-size', undefined, '', 'int', 0, INT_MAX, 20480, ''),
  num('tls-session-cache-timeout', undefined, '', 'int', 0, INT_MAX, 300, ''),
  bool('tls-cluster', undefined, '', false),
  bool('tls-replication', undefined, '', false),
  enm('tls-auth-clients', undefined, '', ENUMS.tls_auth_clients_enum, 'yes'),
  bool('tls-prefer-server-ciphers', undefined, '', false),
  bool('tls-session-caching', undefined, '', true),
  str('tls-cert-file', undefined, '', ''),
  str('tls-key-file', undefined, '', ''),
  str('tls-key-file-pass', undefined, '', ''),
  str('tls-client-cert-file', undefined, '', ''),
  str('tls-client-key-file', undefined, '', ''),
  str('tls-client-key-file-pass', undefined, '', ''),
  str('tls-dh-params-file', undefined, '', ''),
  str('tls-ca-cert-file', undefined, '', ''),
  str('tls-ca-cert-dir', undefined, '', ''),
  str('tls-protocols', undefined, '', ''),
  str('tls-ciphers', undefined, '', ''),
  str('tls-ciphersuites', undefined, '', ''),
  ...SPECIALS,
];

/** Every directive by canonical name and by alias (lower-case). */
export const DIRECTIVES: ReadonlyMap<string, DirectiveSpec> = (() => {
  const m = new Map<string, DirectiveSpec>();
  for (const s of SPECS) {
    m.set(s.name, s);
    for (const a of s.aliases) m.set(a, s);
  }
  return m;
})();

/**
 * Directives a config file accepts that are not settings (src/config.c loadServerConfigFromString):
 * deprecated ones silently ignored with their allowed argument counts.
 */
export const DEPRECATED_DIRECTIVES: ReadonlyMap<string, readonly [number, number]> = new Map([
  ['list-max-ziplist-entries', [2, 2] as const],
  ['list-max-ziplist-value', [2, 2] as const],
  ['lua-replicate-commands', [2, 2] as const],
]);
