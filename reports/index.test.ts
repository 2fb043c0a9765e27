import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { XMLValidator } from 'fast-xml-parser';
import { dir as tmpDir } from 'tmp-promise';
import { describe, expect, it } from 'vitest';
import { gitCommit, machineInfo, readReport, renderReport, ReportSchemaError, writeAll } from './index.js';
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
