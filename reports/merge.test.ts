import { describe, expect, it } from 'vitest';
import { MergeError, SchemaVersionError } from './errors.js';
import { mergeReports } from './merge.js';
import type { Report } from './model.js';
import { passingReport, violationReport } from './testing/fixtures.js';
import { renderMarkdown } from './write-markdown.js';

/** Shard `index` of `count` of a report: the results `keep` selects, with shard metadata. */
function shard(report: Report, index: number, count: number, keep: (i: number) => boolean, startedAt = report.metadata.startedAt): Report {
  return {
    ...report,
    metadata: { ...report.metadata, startedAt, shard: { index, count }, machine: { ...report.metadata.machine, hostname: `ci-${index}` }, command: `${report.metadata.command} --shard ${index}/${count}` },
    results: report.results.filter((_, i) => keep(i)),
  };
}

describe('mergeReports', () => {
  it('puts the shards of a run back together: every result once, metadata per shard', () => {
    const whole = violationReport();
    const a = shard(whole, 1, 2, (i) => i % 2 === 0, '2026-12-01T21:00:05.000Z');
    const b = shard(whole, 2, 2, (i) => i % 2 === 1, '2026-12-01T20:59:59.000Z');
    const merged = mergeReports([b, a], ['shard-2.json', 'shard-1.json']);
    expect(merged.results).toHaveLength(whole.results.length);
    expect(new Set(merged.results)).toEqual(new Set(whole.results));
    expect(merged.targets).toEqual(whole.targets);
    expect(merged.metadata.shard).toBeUndefined();
    expect(merged.metadata.mergedFrom!.map((s) => [s.index, s.count, s.machine.hostname])).toEqual([[1, 2, 'ci-1'], [2, 2, 'ci-2']]);
    expect(merged.metadata.startedAt).toBe('2026-12-01T20:59:59.000Z');
    expect(merged.metadata.command).toBe('durability-lab run --suite durability --runs 8');
    expect(renderMarkdown(merged)).toContain('- **merged**: 2 shard(s) of 2: 1/2, 2/2\n');
  });

  it('merges one key split across shards: counts summed, per-case values joined, worst verdict kept', () => {
    const v = violationReport();
    const p = passingReport();
    const key = (r: Report) => r.results.findIndex((x) => x.target === 'reference' && x.config === 'everysec' && x.fault === 'crash:power');
    const a = shard(p, 1, 2, (i) => i === key(p));
    const b = shard(v, 2, 2, (i) => i === key(v));
    const merged = mergeReports([a, b]);
    expect(merged.results).toHaveLength(1);
    const r = merged.results[0]!;
    expect(r.verdict).toBe('violated');
    expect(r.cases).toBe(16);
    expect(r.violations).toBe(1);
    expect(r.lossWindow!.ms.values).toEqual([...p.results[key(p)]!.lossWindow!.ms.values, ...v.results[key(v)]!.lossWindow!.ms.values]);
    expect(r.lossWindow!.ms.max).toBe(Math.max(...r.lossWindow!.ms.values));
    expect(r.counterexamples.map((c) => c.id)).toEqual(['reference/everysec/power-loss/crash:power#3']);
    expect(merged.metadata.seeds).toEqual([1, 2, 1234567]);
  });

  it('records missing shards, and merges merged reports further', () => {
    const p = passingReport();
    const one = mergeReports([shard(p, 1, 3, (i) => i < 3)]);
    expect(renderMarkdown(one)).toContain('1 shard(s) of 3: 1/3; MISSING 2/3, 3/3');
    const all = mergeReports([one, shard(p, 3, 3, (i) => i >= 6), shard(p, 2, 3, (i) => i >= 3 && i < 6)]);
    expect(all.metadata.mergedFrom!.map((s) => s.index)).toEqual([1, 2, 3]);
    expect(all.results).toHaveLength(p.results.length);
  });

  it('refuses reports of different schemaVersion, naming each', () => {
    const a = shard(passingReport(), 1, 2, () => true);
    const b = { ...shard(passingReport(), 2, 2, () => true), schemaVersion: 2 };
    expect(() => mergeReports([a, b], ['a.json', 'b.json'])).toThrow(new MergeError('cannot merge reports of different schemaVersion: a.json has 1, b.json has 2'));
    expect(() => mergeReports([b], ['b.json'])).toThrow(SchemaVersionError);
  });

  it('refuses a shard given twice, mixed shard counts, a report that is not a shard, a target that changed', () => {
    const p = passingReport();
    expect(() => mergeReports([shard(p, 1, 2, () => true), shard(p, 1, 2, () => true)], ['x.json', 'y.json'])).toThrow('shard 1/2 is in both x.json and y.json');
    expect(() => mergeReports([shard(p, 1, 2, () => true), shard(p, 2, 3, () => true)], ['x.json', 'y.json'])).toThrow('y.json is shard 2/3 but x.json is shard 1/2');
    expect(() => mergeReports([p], ['whole.json'])).toThrow('whole.json is not a shard (no metadata.shard)');
    const other = shard(p, 2, 2, () => true);
    other.targets = other.targets.map((t) => (t.name === 'redis' ? { ...t, version: '7.2.4' } : t));
    expect(() => mergeReports([shard(p, 1, 2, () => true), other], ['x.json', 'y.json'])).toThrow("target 'redis' is redis-server 7.0.15 in an earlier shard but redis-server 7.2.4 in y.json");
  });

  it('validates each input and names the file', () => {
    const bad = shard(passingReport(), 1, 1, () => true) as unknown as { results: Array<Record<string, unknown>> };
    bad.results[0]!['cases'] = -1;
    expect(() => mergeReports([bad], ['bad.json'])).toThrow(/bad\.json is not a valid durability-lab report: \/results\/0\/cases must be >= 0/);
  });
});
