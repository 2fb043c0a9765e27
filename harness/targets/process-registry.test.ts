// Tests that every exit path reaps: a child node process starts two targets and then dies (of an
// uncaught exception, or of SIGTERM); afterwards none of its server pids is alive and no dir remains.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './repo-root.js';

const fixture = join(repoRoot(), 'harness', 'targets', 'fixtures', 'start-two-then-throw.mjs');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

async function waitGone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 20));
  return !alive(pid);
}

describe('process registry', () => {
  it('kills every started server and removes every dir when the process dies of an uncaught exception', async () => {
    const result = await execa(process.execPath, [fixture], { reject: false, timeout: 30_000 });
    expect(result.stderr).toContain('boom: deliberate uncaught exception');
    expect(result.exitCode).not.toBe(0);
    const started = JSON.parse(result.stdout.trim()) as { pid: number; dir: string }[];
    expect(started).toHaveLength(2);
    for (const { pid, dir } of started) {
      expect(await waitGone(pid), `pid ${pid}`).toBe(true);
      expect(existsSync(dir), dir).toBe(false);
    }
  });

  it('kills every started server and removes every dir on SIGTERM', async () => {
    const child = execa(process.execPath, [fixture, '--wait'], { reject: false, timeout: 30_000 });
    const started = await new Promise<{ pid: number; dir: string }[]>((resolve, reject) => {
      child.stdout.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString()) as { pid: number; dir: string }[]));
      void child.then((r) => reject(new Error(`fixture exited early: ${r.stderr}`)));
    });
    child.kill('SIGTERM');
    const result = await child;
    expect(result.signal).toBe('SIGTERM');
    for (const { pid, dir } of started) {
      expect(await waitGone(pid), `pid ${pid}`).toBe(true);
      expect(existsSync(dir), dir).toBe(false);
    }
  });
});
