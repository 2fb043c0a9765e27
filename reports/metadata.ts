// Helpers for whoever produces a report (the runner): the machine facts of RunMetadata from
// node:os, and the git commit of a checkout when git and a repository are there.

import { execFileSync } from 'node:child_process';
import { arch, cpus, hostname, release, totalmem, type } from 'node:os';
import type { Machine } from './model.js';

/** The machine this process runs on. */
export function machineInfo(): Machine {
  const list = cpus();
  return {
    cpus: Math.max(1, list.length),
    ...(list[0]?.model ? { cpuModel: list[0].model.trim() } : {}),
    memBytes: totalmem(),
    os: `${type()} ${release()} ${arch()}`,
    node: process.version,
    hostname: hostname(),
  };
}

/** HEAD's commit in `dir`, or undefined when `dir` is not in a git checkout or git is missing. */
export function gitCommit(dir: string): string | undefined {
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
    return /^[0-9a-f]{7,64}$/.test(out) ? out : undefined;
  } catch (e) {
    // git missing (ENOENT) or not a repository (git exits non-zero): the commit is optional, omit it.
    const err = e as NodeJS.ErrnoException & { status?: number | null };
    if (err.code === 'ENOENT' || typeof err.status === 'number') return undefined;
    throw e;
  }
}
