// Runtime configuration: every directive's current value, typed accessors, and change listeners.
// The directive table (names, aliases, types, defaults) lives in directives.ts.

import { DIRECTIVES, type DirectiveSpec } from './directives.js';

/**
 * Every directive's default, built once on first use (directives.ts imports this module, so not at
 * load): a server, and each in-process restart, copies it.
 */
let defaultValues: ReadonlyMap<string, string> | undefined;
function defaults(): ReadonlyMap<string, string> {
  defaultValues ??= new Map([...DIRECTIVES.values()].map((spec) => [spec.name, spec.defaultValue]));
  return defaultValues;
}

/** A configuration error, worded for the user (startup) or for CONFIG SET. */
export class ConfigError extends Error {}

/**
 * Current values of all directives, stored in canonical string form (what CONFIG GET prints).
 * Numeric reads are cached so hot paths (encoding thresholds) cost a Map lookup. Values start as a
 * shared read-only base (the defaults, or the values of the config this one was cloned from) under
 * an overlay of what was set since: a server starts without copying some 200 directives.
 */
export class ServerConfig {
  private base: ReadonlyMap<string, string> = defaults();
  private readonly values = new Map<string, string>();
  /** Base and overlay merged, kept while nothing is set (what clones share as their base). */
  private flattened: ReadonlyMap<string, string> | undefined;
  private readonly numbers = new Map<string, number>();
  private readonly bools = new Map<string, boolean>();
  private readonly listeners = new Map<string, Array<(value: string) => void>>();
  /** Absolute path of the config file the server was started with (CONFIG REWRITE target). */
  configFile: string | undefined;
  /** True while a config file (or command line) is being applied: `save` lines then add up. */
  readingConfigFile = false;
  /** Set once the first `save` line of the config file replaced the default save points. */
  saveLoadedFromFile = false;
  /** `rename-command <old> <new>` lines of the config file, in order (new '' = removed). */
  readonly commandRenames: Array<[string, string]> = [];
  /** `user ...` lines of the config file (ACL rules, kept for CONFIG REWRITE; not enforced). */
  readonly users: string[][] = [];
  /** `loadmodule <path> [args]` lines (kept and reported; modules are not loaded). */
  readonly loadModules: string[][] = [];

  /** The spec of `name` (or one of its aliases), case-insensitively. */
  static spec(name: string): DirectiveSpec | undefined {
    return DIRECTIVES.get(name.toLowerCase());
  }

  /** The canonical current value of a directive. Throws for an unknown name (a programming error). */
  get(name: string): string {
    const spec = ServerConfig.spec(name);
    if (!spec) throw new ConfigError(`unknown config '${name}'`);
    return this.value(spec.name);
  }

  private value(canonical: string): string {
    return this.values.get(canonical) ?? this.base.get(canonical)!;
  }

  getNumber(name: string): number {
    let n = this.numbers.get(name);
    if (n === undefined) {
      n = Number(this.get(name));
      this.numbers.set(name, n);
    }
    return n;
  }

  /** Cached like getNumber: some are read for every command (stop-writes-on-bgsave-error). */
  getBool(name: string): boolean {
    let b = this.bools.get(name);
    if (b === undefined) {
      b = this.get(name) === 'yes';
      this.bools.set(name, b);
    }
    return b;
  }

  /**
   * Validates and sets a directive from user text (config file, command line or CONFIG SET).
   * Throws ConfigError with Redis's wording for the value part on bad input.
   */
  set(name: string, args: string[]): void {
    const spec = ServerConfig.spec(name);
    if (!spec) throw new ConfigError(`Bad directive or wrong number of arguments`);
    const value = spec.parse(args, this);
    this.store(spec, value);
    this.notify(spec.name, value);
  }

  /**
   * Sets several directives all or nothing (CONFIG SET with many pairs): each is parsed in order
   * against the values set before it; on the first error every value is restored and the error is
   * rethrown with `failed` naming the directive. Listeners run only once all are set.
   */
  setAll(changes: Array<[DirectiveSpec, string[]]>): void {
    const old = changes.map(([spec]) => this.value(spec.name));
    let i = 0;
    try {
      for (; i < changes.length; i++) {
        const [spec, args] = changes[i]!;
        this.store(spec, spec.parse(args, this));
      }
    } catch (e) {
      for (let j = i - 1; j >= 0; j--) this.store(changes[j]![0], old[j]!);
      if (e instanceof ConfigError) throw new SetAllError(changes[i]![0], e.message);
      throw e;
    }
    changes.forEach(([spec], j) => {
      const value = this.value(spec.name);
      if (value !== old[j]) this.notify(spec.name, value);
    });
  }

  private store(spec: DirectiveSpec, value: string): void {
    this.values.set(spec.name, value);
    this.flattened = undefined;
    // Aliases and any spelling used with getNumber are cached separately: drop them all.
    this.numbers.clear();
    this.bools.clear();
  }

  private notify(name: string, value: string): void {
    for (const fn of this.listeners.get(name) ?? []) fn(value);
  }

  /** Calls `fn` whenever `name` changes. */
  onChange(name: string, fn: (value: string) => void): void {
    const spec = ServerConfig.spec(name)!;
    const list = this.listeners.get(spec.name) ?? [];
    list.push(fn);
    this.listeners.set(spec.name, list);
  }

  /**
   * A copy with the same values and file-read state and no listeners: what loading the same
   * configuration again would give (the in-process target boots every incarnation from one load).
   */
  clone(): ServerConfig {
    const copy = new ServerConfig();
    if (!this.flattened) {
      const merged = new Map(this.base);
      for (const [name, value] of this.values) merged.set(name, value);
      this.flattened = merged;
    }
    copy.base = this.flattened;
    copy.configFile = this.configFile;
    copy.saveLoadedFromFile = this.saveLoadedFromFile;
    copy.commandRenames.push(...this.commandRenames.map(([a, b]): [string, string] => [a, b]));
    copy.users.push(...this.users.map((u) => [...u]));
    copy.loadModules.push(...this.loadModules.map((m) => [...m]));
    return copy;
  }

  /** Every (canonical name, value) pair. */
  *entries(): IterableIterator<[string, string]> {
    for (const name of this.base.keys()) yield [name, this.value(name)];
  }
}

/** A failed setAll: which directive was refused, and Redis's reason. */
export class SetAllError extends ConfigError {
  constructor(
    readonly spec: DirectiveSpec,
    readonly reason: string,
  ) {
    super(reason);
  }
}
