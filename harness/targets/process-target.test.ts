// Tests for the process targets: redis-server and the reference server start on a free port in
// their own directory, answer ioredis and raw clients, and leave nothing behind on stop().

import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { redisServerTarget } from './redis-server-target.js';
import { referenceTarget } from './reference-target.js';
import { ProcessTarget, TargetStartError } from './process-target.js';
import { liveEntries } from './process-registry.js';
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

describe.each([
  ['redis-server', () => redisServerTarget()],
  ['reference', () => referenceTarget()],
])('%s target', (_name, make) => {
  it('starts, answers ioredis and raw clients, and stop() removes process and directory', async () => {
    const target = make();
    started.push(target);
    await target.start();
    const { port } = target.address;
    const dir = target.dir;
    const pid = target.pid!;
    expect(existsSync(dir)).toBe(true);
    expect(await target.client().ping()).toBe('PONG');
    const raw = await target.rawClient();
    const [echo, err] = await raw.pipeline([['ECHO', 'a\x00\r\n\xff'], ['NOSUCHCOMMAND']]);
    expect(echo!.raw.toString('latin1')).toBe('$5\r\na\x00\r\n\xff\r\n');
    expect(err!.value.kind).toBe('error');
    await target.stop();
    expect(existsSync(dir)).toBe(false);
    expect(alive(pid)).toBe(false);
    expect(liveEntries().some((e) => e.dir === dir)).toBe(false);
    expect(port).toBeGreaterThan(0);
  });
});

describe('ProcessTarget failures', () => {
  it('names the binary, the port and the last log lines when the server never gets ready', async () => {
    const target = new ProcessTarget({ name: 'bogus', command: process.execPath, prefixArgs: ['-e', 'console.log("I am not redis"); process.exit(3)', '--'] });
    const error = await target.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TargetStartError);
    expect(String(error)).toMatch(/node.*bogus.*127\.0\.0\.1:\d+ exited before it was ready[\s\S]*I am not redis/);
    expect(liveEntries()).toEqual([]);
  });
});
