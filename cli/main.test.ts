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

describe('rdb and aof file tools', () => {
  it('checks and dumps an RDB, and names the defect of a corrupt one', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { encodeRdb } = await import('../reference-server/persistence/rdb/rdb-encoder.js');
    const { createStringValue } = await import('../reference-server/keyspace/string-value.js');
    const dir = mkdtempSync(join(tmpdir(), 'cli-rdb-'));
    try {
      const file = encodeRdb({ compression: true, checksum: true, listMaxListpackSize: -2 }, [['redis-ver', '7.0.15']],
        [{ id: 0, size: 1, expiresSize: 0, entries: [['k', createStringValue('v'), undefined]] }]);
      writeFileSync(join(dir, 'ok.rdb'), file);
      writeFileSync(join(dir, 'bad.rdb'), file.subarray(0, file.length - 3));
      const lines: string[] = [];
      expect(await main(['rdb', 'check', join(dir, 'ok.rdb')], { out: (l) => lines.push(l), err: (l) => lines.push(l) })).toBe(0);
      expect(lines.join('\n')).toContain('RDB looks OK');
      lines.length = 0;
      expect(await main(['rdb', 'dump', join(dir, 'ok.rdb')], { out: (l) => lines.push(l), err: (l) => lines.push(l) })).toBe(0);
      expect(JSON.parse(lines.join('\n'))).toEqual({ db0: { k: { type: 'string', value: 'v' } } });
      lines.length = 0;
      expect(await main(['rdb', 'check', join(dir, 'bad.rdb')], { out: (l) => lines.push(l), err: (l) => lines.push(l) })).toBe(1);
      expect(lines.join('\n')).toMatch(/RDB ERROR DETECTED[\s\S]*Unexpected EOF/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('aof check takes one AOF file as redis-check-aof does: a truncated tail is named and --fix cuts it, garbage is refused', async () => {
    const { mkdtempSync, writeFileSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { encodeCommand } = await import('../reference-server/persistence/aof/aof-format.js');
    const dir = mkdtempSync(join(tmpdir(), 'cli-aof-'));
    const run = async (...args: string[]) => {
      const lines: string[] = [];
      const code = await main(['aof', 'check', ...args], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
      return { code, text: lines.join('\n') };
    };
    try {
      const whole = encodeCommand(['SET', 'a', '1']);
      writeFileSync(join(dir, 'appendonly.aof'), whole + encodeCommand(['SET', 'b', '2']).slice(0, 9), 'latin1');
      writeFileSync(join(dir, 'garbage.aof'), 'hello world\r\n');
      const cut = await run(join(dir, 'appendonly.aof'));
      expect(cut.code).toBe(1);
      expect(cut.text).toMatch(/Old-Style AOF[\s\S]*appendonly.aof is not valid: Unexpected end of file[\s\S]*--fix/);
      expect((await run(join(dir, 'appendonly.aof'), '--fix')).code).toBe(0);
      expect(readFileSync(join(dir, 'appendonly.aof'), 'latin1')).toBe(whole);
      const ok = await run(join(dir, 'appendonly.aof'));
      expect(ok).toEqual({ code: 0, text: expect.stringMatching(/appendonly.aof is valid \(1 commands\)/) });
      const bad = await run(join(dir, 'garbage.aof'));
      expect(bad.code).toBe(1);
      expect(bad.text).toMatch(/garbage.aof is not valid: Bad file format/);
      expect(bad.text).not.toMatch(/Run 'durability-lab aof check/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
