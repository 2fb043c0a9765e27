// Writes and reads report.json: validated against the schema both ways, so a file on disk is
// always a report this version can read, and a broken one is refused with the field named.

import { readFile, writeFile } from 'node:fs/promises';
import type { Report } from './model.js';
import { validateReport } from './validate.js';

/** Validates `report` and writes it to `file` as indented JSON. */
export async function writeJson(report: Report, file: string): Promise<void> {
  validateReport(report);
  await writeFile(file, JSON.stringify(report, null, 2) + '\n', 'utf8');
}

/** Reads and validates a report file; errors name the file (and the field). */
export async function readReport(file: string): Promise<Report> {
  const text = await readFile(file, 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file} is not JSON: ${(e as Error).message}`);
  }
  return validateReport(value, file);
}
