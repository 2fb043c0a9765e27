// The generic target described by data, run with the shipped redis-server description against
// the real redis-server: config as a redis.conf file and as args, the stop command, crash and
// restart on the same dir, and descriptions that cannot work refused with the field named.

import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { genericTarget, parseTargetDescription, REDIS_SERVER_DESCRIPTION_PATH, loadTargetDescription, TargetDescriptionError } from './generic-target.js';
import type { Target } from './target.js';

const started: Target[] = [];
afterEach(async () => {
  for (const t of started.splice(0)) await t.stop();
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

describe('generic target from examples/redis-server.target.json', () => {
  it('starts redis-server from the description, takes directives, restarts on the same dir, stops with its stop command', async () => {
    const t = genericTarget(REDIS_SERVER_DESCRIPTION_PATH);
    started.push(t);
    const awkward = 'p a"s\\s\twith\x01';
    await t.start({ appendonly: 'yes', appendfsync: 'always', 'maxmemory-policy': 'allkeys-lru', masterauth: awkward }, { diskFaults: true });
    const c = t.client();
    expect(await c.config('GET', 'port')).toEqual(['port', String(t.address.port)]);
    expect(await c.config('GET', 'dir')).toEqual(['dir', t.dir]);
    expect(await c.config('GET', 'save')).toEqual(['save', '']);
    expect(await c.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'allkeys-lru']);
    // Quoted in redis.conf as sdssplitargs reads it: spaces, quotes, backslashes, control bytes.
    expect(await c.config('GET', 'masterauth')).toEqual(['masterauth', awkward]);
    await c.set('a', '1');
    expect((await t.files()).some((f) => f.path.endsWith('.incr.aof'))).toBe(true);
    await t.crash('power');
    await t.restart();
    expect(await t.client().get('a')).toBe('1');
    const pid = t.pid!;
    const dir = t.dir;
    await t.stop();
    expect(alive(pid)).toBe(false);
    expect(existsSync(dir)).toBe(false);
    expect(t.logs().join('\n')).toMatch(/User requested shutdown/);
  });

  it('passes the config as --name value args when the description says so', async () => {
    const d = loadTargetDescription(REDIS_SERVER_DESCRIPTION_PATH);
    const t = genericTarget({ ...d, args: [], config: 'args', stop: undefined } as never, { name: 'redis-server-args' });
    started.push(t);
    await t.start({ 'list-max-listpack-size': '-3' });
    expect(await t.client().config('GET', 'list-max-listpack-size')).toEqual(['list-max-listpack-size', '-3']);
  });

  it('refuses descriptions that cannot work, naming the field', () => {
    const ok = { name: 'x', command: 'redis-server', args: ['{config}'], config: 'file' };
    expect(() => parseTargetDescription({ ...ok, config: 'env' }, 'x.json')).toThrow(/x\.json: config: expected "file" or "args", got "env"/);
    expect(() => parseTargetDescription({ ...ok, args: [] }, 'x.json')).toThrow(/no argument holds \{config\}/);
    expect(() => parseTargetDescription({ ...ok, args: ['{conf}'] }, 'x.json')).toThrow(/unknown placeholder \{conf\}/);
    expect(() => parseTargetDescription({ ...ok, portt: 1 }, 'x.json')).toThrow(/portt: unknown field/);
    expect(() => parseTargetDescription({ ...ok, defaults: { save: 3 } }, 'x.json')).toThrow(/defaults\.save: expected a string/);
    expect(() => genericTarget({ ...ok, command: 'no-such-server-binary' } as never)).toThrow(TargetDescriptionError);
    expect(() => loadTargetDescription('/nonexistent/t.json')).toThrow(/cannot read target description/);
  });
});
