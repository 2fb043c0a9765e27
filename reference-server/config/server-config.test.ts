// ServerConfig's copy-on-write values: a clone reads what its source held when cloned, each side's
// later sets stay its own, and every directive reads as a fresh load of the same arguments gives.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadConfig } from './load-config.js';
import { ServerConfig } from './server-config.js';

const ARGS = ['--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--hz', '50', '--maxmemory', '10mb'];

describe('ServerConfig clone', () => {
  it('reads every directive as a fresh load of the same arguments does, in the same order', () => {
    const source = loadConfig(ARGS);
    const copy = source.clone();
    expect([...copy.entries()]).toEqual([...loadConfig(ARGS).entries()]);
    expect(copy.get('appendfsync')).toBe('always');
    expect(copy.getNumber('hz')).toBe(50);
    expect(copy.get('save')).toBe('');
    expect(copy.get('maxmemory')).toBe('10485760');
    // Nothing set since load: the defaults are what a fresh ServerConfig holds.
    expect(copy.get('appendfilename')).toBe(new ServerConfig().get('appendfilename'));
  });

  it('keeps sets on either side apart, before and after cloning, and carries no listeners', () => {
    const source = loadConfig(ARGS);
    const first = source.clone();
    let heard = 0;
    source.onChange('hz', () => heard++);
    first.set('hz', ['7']);
    expect(source.getNumber('hz')).toBe(50);
    expect(heard).toBe(0);
    source.set('hz', ['20']);
    expect(heard).toBe(1);
    expect(first.getNumber('hz')).toBe(7);
    const second = source.clone();
    expect(second.getNumber('hz')).toBe(20);
    const third = first.clone();
    expect(third.getNumber('hz')).toBe(7);
    third.set('appendonly', ['no']);
    expect(first.getBool('appendonly')).toBe(true);
    expect(third.getBool('appendonly')).toBe(false);
  });

  it('copies the config-file state (renames, users, modules) without sharing it', () => {
    const source = loadConfig(['--rename-command', 'FLUSHALL', '""', '--user', 'alice', 'on', '>pw']);
    const copy = source.clone();
    expect(copy.commandRenames).toEqual(source.commandRenames);
    expect(copy.users).toEqual(source.users);
    copy.commandRenames.push(['a', 'b']);
    copy.users[0]!.push('+@all');
    expect(source.commandRenames).toHaveLength(1);
    expect(source.users[0]).not.toContain('+@all');
  });

  it('any interleaving of sets on a source and its clones reads like independent configs', () => {
    const names = ['hz', 'tcp-keepalive', 'list-max-listpack-size', 'timeout'] as const;
    const op = fc.record({ on: fc.nat(3), name: fc.constantFrom(...names), value: fc.integer({ min: 1, max: 500 }), cloneFrom: fc.option(fc.nat(3)) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const configs: ServerConfig[] = [loadConfig(ARGS)];
        // The model: each config's values as plain maps, copied on clone.
        const models: Array<Map<string, string>> = [new Map(configs[0]!.entries())];
        for (const o of ops) {
          if (o.cloneFrom !== null && configs.length < 4) {
            const from = o.cloneFrom % configs.length;
            configs.push(configs[from]!.clone());
            models.push(new Map(models[from]!));
            continue;
          }
          const i = o.on % configs.length;
          configs[i]!.set(o.name, [String(o.value)]);
          models[i]!.set(o.name, String(o.value));
        }
        configs.forEach((c, i) => {
          expect(new Map(c.entries())).toEqual(models[i]);
          for (const n of names) expect(c.getNumber(n)).toBe(Number(models[i]!.get(n)));
        });
      }),
      { numRuns: 200 },
    );
  });
});
