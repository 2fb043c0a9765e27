// `durability-lab run`, `replay`, `report` and `compare` end to end: a small run on the reference
// server and redis-server writes a valid report directory; redis-server's known divergence comes
// out as a counterexample that `replay` re-runs step by step; bad arguments exit 2 with the reason.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readReport } from '../reports/index.js';
import { main } from './main.js';
import { parseShard } from './run-command.js';
import { repoRoot } from '../harness/targets/repo-root.js';

function capture(): { io: { out(l: string): void; err(l: string): void }; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l) => out.push(l), err: (l) => err.push(l) }, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'durability-lab-cli-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('durability-lab run', () => {
  it('runs scenarios on both targets, writes the report files, and shows the known divergence as a replayable counterexample', async () => {
    const out = join(dir, 'run');
    const junit = join(dir, 'extra-junit.xml');
    const c = capture();
    const code = await main(['run', '--target', 'reference,redis', '--scenario', 'process-crash,power-loss-strict-new-aof-dir', '--appendfsync', 'always,no', '--runs', '2', '--seed', '11', '--out', out, '--junit', junit], c.io);
    const text = c.out.join('\n');
    expect(code, `${text}\n${c.err.join('\n')}`).toBe(0);
    expect(text).toMatch(/\[1\/6\] process-crash \(always\) on reference: 2 cases, ok/);
    expect(text).toMatch(/power-loss-strict-new-aof-dir \(always\) on redis: .*known divergence/);
    for (const f of ['index.html', 'report.json', 'summary.md', 'junit.xml']) expect(existsSync(join(out, f)), f).toBe(true);
    expect(readFileSync(junit, 'utf8')).toContain('<testsuites');
    const report = await readReport(join(out, 'report.json'));
    expect(report.targets.map((t) => t.name).sort()).toEqual(['redis', 'reference']);
    expect(report.targets.find((t) => t.name === 'redis')!.version).toMatch(/^7\.0\./);
    expect(report.metadata.seeds).toEqual([11]);
    const known = report.results.filter((r) => r.verdict === 'known-divergence');
    expect(known.map((r) => `${r.target} ${r.scenario} ${r.config}`)).toEqual(['redis power-loss-strict-new-aof-dir always']);
    const ce = known[0]!.counterexamples[0]!;
    expect(ce.replay).toBe(`durability-lab run --target redis --scenario power-loss-strict-new-aof-dir --appendfsync always --seed ${ce.seed} --path ${ce.path}`);
    expect(ce.faults.some((f) => f.what.startsWith('crash:power'))).toBe(true);
    // Every acknowledged write is gone: the diff names keys the model has and the server lacks.
    expect(Object.values(ce.keyspaceDiff).every((d) => d.actual === null && d.expected !== null)).toBe(true);
    expect(report.results.filter((r) => r.target === 'reference').every((r) => r.verdict === 'pass')).toBe(true);

    // replay re-runs that case from its seed and path and shows it step by step.
    const r = capture();
    expect(await main(['replay', join(out, 'report.json'), '--case', ce.id], r.io)).toBe(1);
    const replay = r.out.join('\n');
    expect(replay).toMatch(/replaying redis\/power-loss-strict-new-aof-dir\/always\/loss-bound/);
    expect(replay).toMatch(/\*\* crash:power strict/);
    expect(replay).toMatch(/FAIL appendfsync always: every acknowledged write survives crash:power: lost \d+/);

    // report re-renders; compare puts two runs side by side.
    const rr = capture();
    expect(await main(['report', out], rr.io)).toBe(0);
    const cmp = capture();
    expect(await main(['compare', join(out, 'report.json'), join(out, 'report.json'), '--out', join(dir, 'cmp')], cmp.io), cmp.err.join('\n')).toBe(0);
    expect(existsSync(join(dir, 'cmp', 'compare.html'))).toBe(true);
  }, 180_000);

  it('exits 1 and names the violated guarantee when a scenario file expects what the server does not do', async () => {
    // A user scenario claiming RDB-only survives a crash without any save: every acknowledged write is lost.
    const file = join(dir, 'wrong-claim.json');
    writeFileSync(file, JSON.stringify({
      name: 'rdb-without-save', description: 'RDB only, no save at all, then kill -9: claims nothing is lost', suite: 'durability',
      modes: ['rdb'], config: {}, workload: { clients: 1, pipeline: 1, types: ['string'] },
      steps: [{ do: 'write', ops: [2, 5] }, { do: 'crash', kind: 'process' }, { do: 'restart' }], expect: ['aof-error-discipline'],
    }));
    const c = capture();
    const code = await main(['run', '--target', 'reference', '--scenario', file, '--runs', '1', '--seed', '3', '--out', join(dir, 'wrong')], c.io);
    expect(code).toBe(1);
    expect(c.out.join('\n')).toMatch(/VIOLATED/);
  }, 60_000);

  it('refuses bad arguments with the reason and exit 2', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['run', '--target', 'nosuch'], /unknown target 'nosuch'/],
      [['run', '--suite', 'everything'], /--suite must be/],
      [['run', '--appendfsync', 'sometimes'], /--appendfsync takes always, everysec, no/],
      [['run', '--scenario', 'nope'], /unknown scenario 'nope'/],
      [['run', '--shard', '3/2'], /--shard takes i\/n/],
      [['run', '--target', 'reference', '--path', '1:2'], /--path replays one case/],
      [['replay', join(dir, 'missing.json'), '--case', 'x'], /./],
    ];
    for (const [args, why] of cases) {
      const c = capture();
      const code = await main(args, c.io);
      expect(code, args.join(' ')).toBeGreaterThan(0);
      expect(c.err.join('\n'), args.join(' ')).toMatch(why);
    }
    expect(parseShard('2/3')).toEqual([2, 3]);
  });

  it('never reports a pass for a target that cannot run: a missing command is refused up front, a server that dies at start is an error', async () => {
    const example = JSON.parse(readFileSync(join(repoRoot(), 'harness', 'targets', 'examples', 'redis-server.target.json'), 'utf8')) as Record<string, unknown>;
    const missing = join(dir, 'missing-command.target.json');
    writeFileSync(missing, JSON.stringify({ ...example, command: join(dir, 'no-such-server') }));
    const m = capture();
    expect(await main(['run', '--target', missing, '--scenario', 'power-loss', '--runs', '1', '--out', join(dir, 'missing')], m.io)).toBeGreaterThan(0);
    expect(m.err.join('\n')).toMatch(/no-such-server.* not found/);
    expect(m.out.join('\n')).not.toMatch(/passed/);

    const dies = join(dir, 'dies.target.json');
    writeFileSync(dies, JSON.stringify({ ...example, command: '/bin/false' }));
    const d = capture();
    expect(await main(['run', '--target', dies, '--scenario', 'power-loss', '--appendfsync', 'always', '--runs', '1', '--out', join(dir, 'dies')], d.io)).toBe(1);
    const report = await readReport(join(dir, 'dies', 'report.json'));
    expect(report.results.length).toBeGreaterThan(0);
    expect(report.results.every((r) => r.verdict === 'error'), JSON.stringify(report.results.map((r) => r.verdict))).toBe(true);
    expect(d.out.join('\n')).toMatch(/exited before it was ready/);
  });
});
