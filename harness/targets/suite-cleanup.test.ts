// A run leaves nothing behind: a whole vitest suite run in a child process with its own TMPDIR
// leaves no process working there and no durability-lab directory; and a process that dies (an
// uncaught exception, SIGINT) with a redis-server BGSAVE child stuck in fsync, a paused reference
// server and an in-process one still takes every process and directory with it.

import { mkdtempSync, readdirSync, readlinkSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from './repo-root.js';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function freshTmpRoot(): string {
  const r = mkdtempSync(join(tmpdir(), 'cleanup-check-'));
  roots.push(r);
  return r;
}

/** Pids of live processes whose working directory or command line lies under `root`. */
function processesUnder(root: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cwd = readlinkSync(`/proc/${name}/cwd`);
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'latin1');
      const state = readFileSync(`/proc/${name}/stat`, 'latin1').split(') ')[1]?.[0];
      if (state === 'Z') continue; // a zombie holds no resources; its parent is gone or reaping
      if (cwd.startsWith(root) || cmdline.includes(root)) out.push(Number(name));
    } catch (e) {
      void e; // the process ended while we looked, or is not ours to read
    }
  }
  return out;
}

async function settle(root: string): Promise<number[]> {
  let left = processesUnder(root);
  for (let i = 0; i < 100 && left.length > 0; i++) {
    await new Promise((r) => setTimeout(r, 20));
    left = processesUnder(root);
  }
  return left;
}

const fixture = join(repoRoot(), 'harness', 'targets', 'fixtures', 'leave-children-then-die.mjs');

describe('cleanup', () => {
  it('after a whole suite (vitest in a child, its own TMPDIR) no process and no directory remains', async () => {
    const root = freshTmpRoot();
    const result = await execa('npx', ['vitest', 'run', 'harness/targets/target-contract.test.ts', 'harness/faults/faults.test.ts'], {
      cwd: repoRoot(), env: { TMPDIR: root, NO_COLOR: '1', FORCE_COLOR: '0' }, reject: false, timeout: 240_000, stdin: 'ignore',
    });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Tests\s+\d+ passed/);
    expect(await settle(root)).toEqual([]);
    expect(readdirSync(root).filter((n) => n.startsWith('durability-lab-'))).toEqual([]);
  }, 300_000);

  for (const how of ['uncaught exception', 'SIGINT'] as const) {
    it(`a process dying of an ${how} takes its servers, a BGSAVE child and a paused server with it`, async () => {
      const root = freshTmpRoot();
      const child = execa(process.execPath, [fixture, ...(how === 'SIGINT' ? ['--wait'] : [])], { env: { TMPDIR: root }, reject: false, timeout: 60_000 });
      const started = await new Promise<{ pids: number[]; dirs: string[] }>((resolve, reject) => {
        child.stdout!.once('data', (b: Buffer) => resolve(JSON.parse(b.toString()) as { pids: number[]; dirs: string[] }));
        void child.then((r) => reject(new Error(`fixture exited early: ${r.stderr}`)));
      });
      expect(started.pids.length).toBeGreaterThanOrEqual(3); // redis-server, its BGSAVE child, the reference server
      expect(processesUnder(root).length).toBeGreaterThanOrEqual(3);
      if (how === 'SIGINT') child.kill('SIGINT');
      else child.stdin!.write('go\n');
      const result = await child;
      if (how === 'SIGINT') expect(result.signal).toBe('SIGINT');
      else expect(result.stderr).toContain('boom: deliberate uncaught exception');
      expect(await settle(root)).toEqual([]);
      expect(readdirSync(root)).toEqual([]);
    });
  }
});
