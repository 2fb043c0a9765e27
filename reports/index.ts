// The public entry of reports/: the report model and its schema check, the writers (JSON,
// Markdown, JUnit, HTML), writeAll/renderReport for a report directory, compare and merge.
// It reads results only; producing them (running targets) is the runner's job.

import { mkdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { writeCompare, type Comparison } from './compare.js';
import { mergeReports } from './merge.js';
import type { Report } from './model.js';
import { readReport, writeJson } from './write-json.js';
import { writeHtml } from './write-html.js';
import { writeJunit } from './write-junit.js';
import { writeMarkdown } from './write-markdown.js';
import { validateReport } from './validate.js';

export * from './model.js';
export { distribution, DistributionError } from './distribution.js';
export { buildResult, errorResult, type CaseMeasurement, type ResultKey } from './build-result.js';
export { MergeError, ReportSchemaError, SchemaVersionError } from './errors.js';
export { reportSchema, reportSchemaPath } from './schema-file.js';
export { validateReport } from './validate.js';
export { readReport, writeJson } from './write-json.js';
export { renderMarkdown, writeMarkdown } from './write-markdown.js';
export { renderJunit, writeJunit } from './write-junit.js';
export { renderHtml, writeHtml } from './write-html.js';
export { compareReports, renderCompareHtml, renderCompareMarkdown, writeCompare, type Comparison, type LabelledReport } from './compare.js';
export { mergeReports } from './merge.js';
export { faultPeriods, type NemesisInstant } from './fault-periods.js';
export { gitCommit, machineInfo } from './metadata.js';
export { verdictMatrix, type VerdictMatrix } from './matrix.js';

/** The files of a report directory. */
export interface ReportFiles {
  html: string;
  json: string;
  markdown: string;
  junit: string;
}

/** The file names inside a report directory (reports/latest/ by default in the CLI). */
export function reportFiles(dir: string): ReportFiles {
  return { html: join(dir, 'index.html'), json: join(dir, 'report.json'), markdown: join(dir, 'summary.md'), junit: join(dir, 'junit.xml') };
}

/** Validates `report` and writes index.html, report.json, summary.md and junit.xml into `dir` (created if needed). */
export async function writeAll(report: Report, dir: string): Promise<ReportFiles> {
  validateReport(report);
  await mkdir(dir, { recursive: true });
  const files = reportFiles(dir);
  await writeJson(report, files.json);
  await writeMarkdown(report, files.markdown);
  await writeJunit(report, files.junit);
  await writeHtml(report, files.html);
  return files;
}

/** Re-renders index.html, summary.md and junit.xml of `dir` from its report.json (validated). */
export async function renderReport(dir: string): Promise<ReportFiles> {
  const files = reportFiles(dir);
  const report = await readReport(files.json);
  await writeMarkdown(report, files.markdown);
  await writeJunit(report, files.junit);
  await writeHtml(report, files.html);
  return files;
}

/** Reads a JSON file, naming it when it is not JSON. */
async function readJsonFile(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new Error(`${file} is not JSON: ${(e as Error).message}`);
  }
}

/** Merges shard report files (`--shard i/n` runs) and writes the merged report directory `dir`. */
export async function mergeReportFiles(files: readonly string[], dir: string): Promise<ReportFiles> {
  const reports = await Promise.all(files.map(readJsonFile));
  return writeAll(mergeReports(reports, files), dir);
}

/**
 * Compares report files side by side, each labelled by its file name (or by the name of its
 * directory when the file is report.json), and writes the Markdown and/or HTML comparison.
 */
export async function compareReportFiles(files: readonly string[], out: { markdown?: string; html?: string }): Promise<Comparison> {
  const inputs = await Promise.all(files.map(async (file) => ({ label: basename(file) === 'report.json' ? basename(join(file, '..')) : basename(file, '.json'), report: await readReport(file) })));
  return writeCompare(inputs, out);
}
