// Tests for the durability-lab CLI: usage on --help and unknown input, and a short
// `conformance --self-check` run (redis-server vs redis-server) that must report no divergence.

import { describe, expect, it } from 'vitest';
import { main } from './main.js';

function capture(): { io: { out(l: string): void; err(l: string): void }; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l) => out.push(l), err: (l) => err.push(l) }, out, err };
}

describe('durability-lab CLI', () => {
  it('prints usage for --help and exits 0', async () => {
    const c = capture();
    expect(await main(['--help'], c.io)).toBe(0);
    expect(c.out.join('\n')).toContain('usage: durability-lab <command>');
  });

  it('rejects an unknown subcommand with usage and exit 2', async () => {
    const c = capture();
    expect(await main(['frobnicate'], c.io)).toBe(2);
    expect(c.err.join('\n')).toMatch(/unknown command 'frobnicate'[\s\S]*usage:/);
  });

  it('rejects an unknown option of conformance', async () => {
    const c = capture();
    expect(await main(['conformance', '--bogus'], c.io)).toBe(2);
    expect(c.err.join('\n')).toContain("unknown option '--bogus'");
  });

  it('runs conformance in self-check mode and prints a summary', async () => {
    const c = capture();
    expect(await main(['conformance', '--self-check', '--runs', '20', '--seed', '42'], c.io)).toBe(0);
    expect(c.out.join('\n')).toMatch(/conformance: 20 runs, \d+ commands sent to each server, seed 42[\s\S]*no divergence/);
  });
});
