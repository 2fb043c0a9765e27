// The Target interface, the same test on every implementation (redis-server and the reference
// server as processes with fault-preload.so, the reference server in-process, the generic target
// with the shipped redis-server description): files, pause and
// resume, crash and restart on the same directory, disk faults switched at run time, stop.

import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { redisServerTarget } from './redis-server-target.js';
import { referenceTarget } from './reference-target.js';
import { InProcessReferenceTarget } from './in-process-target.js';
import { DiskFaultsUnavailableError } from './disk-fault-control.js';
import { genericTarget, REDIS_SERVER_DESCRIPTION_PATH } from './generic-target.js';
import { describedTargetsFromEnv } from './described-targets.js';
import type { Target } from './target.js';

const started: Target[] = [];
afterEach(async () => {
  for (const t of started.splice(0)) await t.stop();
});

const implementations: Array<[string, () => Target]> = [
  ['redis-server', () => redisServerTarget()],
  ['reference (process)', () => referenceTarget()],
  ['reference (in-process)', () => new InProcessReferenceTarget()],
  ['generic (examples/redis-server.target.json)', () => genericTarget(REDIS_SERVER_DESCRIPTION_PATH)],
  // Servers described by data in DURABILITY_LAB_TARGETS (README: "Pointing the suites at another server").
  ...describedTargetsFromEnv(),
];

/** Whether `p` settles within `ms` (pause must keep a request unanswered). */
async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((r) => (timer = setTimeout(() => r(false), ms)));
  const result = await Promise.race([p.then(() => true, () => true), late]);
  clearTimeout(timer);
  return result;
}

describe.each(implementations)('Target contract on %s', (_name, make) => {
  it('files, pause/resume, crash and restart on the same dir, faults at run time, stop', async () => {
    const t = make();
    started.push(t);
    await t.start({ appendonly: 'yes', appendfsync: 'always', 'auto-aof-rewrite-percentage': '0' }, { diskFaults: true });
    const port = t.address.port;
    const c = t.client();
    for (let i = 0; i < 10; i++) expect(await c.set(`k${i}`, `v${i}`)).toBe('OK');

    const files = await t.files();
    expect(files.map((f) => f.path)).toContain('appendonlydir/appendonly.aof.manifest');
    const incr = files.find((f) => f.path.endsWith('.incr.aof'));
    expect(incr?.size).toBeGreaterThan(0);

    await t.pause();
    expect(t.paused).toBe(true);
    const ping = c.ping();
    expect(await settlesWithin(ping, 300)).toBe(false);
    await t.resume();
    expect(await ping).toBe('PONG');

    await t.crash('process');
    expect(t.exited).toBe(true);
    await t.restart();
    expect(t.address.port).toBe(port);
    expect(await t.client().dbsize()).toBe(10);

    await t.crash('power', 'data-only');
    await t.restart();
    expect(await t.client().get('k9')).toBe('v9');

    t.faults.set({ eioWrite: true });
    expect(t.faults.current()).toEqual({ eioWrite: true });
    // Under always a failed AOF write is fatal: the server exits (Redis's exit(1)).
    await expect(t.client().set('doomed', 'x')).rejects.toThrow();
    await t.waitExit();
    expect(t.exited).toBe(true);
    t.faults.clear();
    await t.restart();
    expect(await t.client().dbsize()).toBe(10);
    expect(t.logs().length).toBeGreaterThan(0);

    const dir = t.dir;
    await t.stop();
    expect(t.exited).toBe(true);
    if (!(t instanceof InProcessReferenceTarget)) expect(existsSync(dir)).toBe(false);
  });
});

describe('disk faults on a process started without diskFaults', () => {
  it('are unavailable, with the fix in the message', async () => {
    const t = redisServerTarget();
    started.push(t);
    await t.start();
    expect(t.faults.available).toBe(false);
    expect(() => t.faults.set({ enospc: true })).toThrow(DiskFaultsUnavailableError);
    expect(() => t.faults.set({ enospc: true })).toThrow(/diskFaults: true/);
    await expect(t.crash('power')).rejects.toThrow(/diskFaults: true/);
  });
});
