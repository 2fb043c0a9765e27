// Runtime configuration: every directive's current value, typed accessors, and change listeners.
// The directive table (names, aliases, types, defaults) lives in directives.ts.

import { DIRECTIVES, type DirectiveSpec } from './directives.js';

/** A configuration error, worded for the user (startup) or for CONFIG SET. */
export class ConfigError extends Error {}

/**
 * Current values of all directives, stored in canonical string form (what CONFIG GET prints).
 * Numeric reads are cached so hot paths (encoding thresholds) cost a Map lookup.
 */
export class ServerConfig {
  private readonly values = new Map<string, string>();
  private readonly numbers = new Map<string, number>();
  private readonly listeners = new Map<string, Array<(value: string) => void>>();

  constructor() {
    for (const spec of DIRECTIVES.values()) this.values.set(spec.name, spec.defaultValue);
  }

  /** The spec of `name` (or one of its aliases), case-insensitively. */
  static spec(name: string): DirectiveSpec | undefined {
    return DIRECTIVES.get(name.toLowerCase());
  }

  /** The canonical current value of a directive. Throws for an unknown name (a programming error). */
  get(name: string): string {
    const spec = ServerConfig.spec(name);
    if (!spec) throw new ConfigError(`unknown config '${name}'`);
    return this.values.get(spec.name)!;
  }

  getNumber(name: string): number {
    let n = this.numbers.get(name);
    if (n === undefined) {
      n = Number(this.get(name));
      this.numbers.set(name, n);
    }
    return n;
  }

  getBool(name: string): boolean {
    return this.get(name) === 'yes';
  }

  /**
   * Validates and sets a directive from user text (config file, command line or CONFIG SET).
   * Throws ConfigError with Redis's wording for the value part on bad input.
   */
  set(name: string, args: string[]): void {
    const spec = ServerConfig.spec(name);
    if (!spec) throw new ConfigError(`Bad directive or wrong number of arguments`);
    const value = spec.parse(args, this);
    this.values.set(spec.name, value);
    this.numbers.delete(spec.name);
    for (const fn of this.listeners.get(spec.name) ?? []) fn(value);
  }

  /** Calls `fn` whenever `name` changes. */
  onChange(name: string, fn: (value: string) => void): void {
    const spec = ServerConfig.spec(name)!;
    const list = this.listeners.get(spec.name) ?? [];
    list.push(fn);
    this.listeners.set(spec.name, list);
  }

  /** Every (canonical name, value) pair. */
  entries(): IterableIterator<[string, string]> {
    return this.values.entries();
  }
}
