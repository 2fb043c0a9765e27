import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { XMLValidator } from 'fast-xml-parser';
import { dir as tmpDir } from 'tmp-promise';
import { describe, expect, it } from 'vitest';
import { compareReportFiles, gitCommit, machineInfo, mergeReportFiles, MergeError, readReport, renderReport, ReportSchemaError, writeAll } from './index.js';
import { knownDivergenceReport, violationReport } from './testing/fixtures.js';

async function withDir<T>(fn: (path: string) => Promise<T>): Promise<T> {
  const d = await tmpDir({ unsafeCleanup: true, prefix: 'reports-test-' });
  try {
    return await fn(d.path);
  } finally {
    await d.cleanup();
  }
}

describe('writeAll and renderReport', () => {
  it('writes the four files of a report directory, and report.json reads back equal', async () => {
    await withDir(async (dir) => {
      const files = await writeAll(violationReport(), `${dir}/latest`);
      expect(await readReport(files.json)).toEqual(violationReport());
      expect(await readFile(files.markdown, 'utf8')).toContain('### reference · everysec · power-loss · crash:power');
      expect(XMLValidator.validate(await readFile(files.junit, 'utf8'))).toBe(true);
      const html = await readFile(files.html, 'utf8');
      expect(html.startsWith('<!doctype html>')).toBe(true);
      expect(html).toContain('id="verdict-matrix"');
    });
  });

  it('re-renders from report.json, which it validates', async () => {
    await withDir(async (dir) => {
      const files = await writeAll(violationReport(), dir);
      const report = knownDivergenceReport();
      await writeFile(files.json, JSON.stringify(report));
      await renderReport(dir);
      expect(await readFile(files.markdown, 'utf8')).toContain('## Known divergences and errors');
      expect(await readFile(files.html, 'utf8')).toContain('known divergence');
      await writeFile(files.json, JSON.stringify({ ...report, targets: 'redis' }));
      await expect(renderReport(dir)).rejects.toThrow(ReportSchemaError);
      await expect(renderReport(dir)).rejects.toThrow(`${files.json} is not a valid durability-lab report: /targets must be array`);
    });
  });

  it('refuses to write an invalid report', async () => {
    const r = violationReport();
    r.results[0]!.target = 'nobody';
    await expect(writeAll(r, `${tmpdir()}/never-written`)).rejects.toThrow("/results/0/target 'nobody' is not one of /targets");
  });
});

describe('mergeReportFiles and compareReportFiles', () => {
  it('merge shard files into a report directory, refusing mixed schema versions by file name', async () => {
    await withDir(async (dir) => {
      const whole = violationReport();
      const shard = (index: number) => ({ ...whole, metadata: { ...whole.metadata, shard: { index, count: 2 } }, results: whole.results.filter((_, i) => i % 2 === index - 1) });
      await writeFile(`${dir}/s1.json`, JSON.stringify(shard(1)));
      await writeFile(`${dir}/s2.json`, JSON.stringify(shard(2)));
      const files = await mergeReportFiles([`${dir}/s1.json`, `${dir}/s2.json`], `${dir}/merged`);
      const merged = await readReport(files.json);
      expect(merged.results).toHaveLength(whole.results.length);
      expect(await readFile(files.markdown, 'utf8')).toContain('2 shard(s) of 2: 1/2, 2/2');
      await writeFile(`${dir}/s2.json`, JSON.stringify({ ...shard(2), schemaVersion: 2 }));
      await expect(mergeReportFiles([`${dir}/s1.json`, `${dir}/s2.json`], `${dir}/merged`)).rejects.toThrow(new MergeError(`cannot merge reports of different schemaVersion: ${dir}/s1.json has 1, ${dir}/s2.json has 2`));
      await writeFile(`${dir}/s2.json`, '{ nope');
      await expect(mergeReportFiles([`${dir}/s2.json`], `${dir}/merged`)).rejects.toThrow(`${dir}/s2.json is not JSON`);
    });
  });

  it('compare report files labelled by their names', async () => {
    await withDir(async (dir) => {
      await writeAll(knownDivergenceReport(), `${dir}/redis-7.0`);
      await writeFile(`${dir}/branch.json`, JSON.stringify(violationReport()));
      const c = await compareReportFiles([`${dir}/redis-7.0/report.json`, `${dir}/branch.json`], { markdown: `${dir}/compare.md`, html: `${dir}/compare.html` });
      expect(c.columns.map((col) => col.label)).toEqual(['redis-7.0', 'redis-7.0', 'branch', 'branch']);
      expect(await readFile(`${dir}/compare.md`, 'utf8')).toContain('| redis-7.0: redis-server 7.0.15 |');
      expect(await readFile(`${dir}/compare.html`, 'utf8')).toContain('<td class="cell diff"');
    });
  });
});

describe('metadata helpers', () => {
  it('describe this machine in the schema shape', () => {
    const m = machineInfo();
    expect(m.cpus).toBeGreaterThanOrEqual(1);
    expect(m.node).toBe(process.version);
    expect(m.memBytes).toBeGreaterThan(0);
  });
  it('give the commit of a checkout and nothing outside one', async () => {
    expect(gitCommit(process.cwd())).toMatch(/^[0-9a-f]{40}$/);
    await withDir(async (dir) => expect(gitCommit(dir)).toBeUndefined());
  });
});
