// Locates and loads reports/schema/report.schema.json, from source (reports/*.ts under vitest) or
// from the build (dist/reports/*.js, where tsc copies no JSON: the file is read from the source tree).

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CANDIDATES = ['./schema/report.schema.json', '../../reports/schema/report.schema.json'];

/** Absolute path of the report JSON Schema file. */
export function reportSchemaPath(): string {
  for (const rel of CANDIDATES) {
    const path = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error(`cannot find report.schema.json near ${fileURLToPath(import.meta.url)} (looked at ${CANDIDATES.join(', ')})`);
}

let cached: object | undefined;

/** The report JSON Schema (draft-07), parsed once. */
export function reportSchema(): object {
  cached ??= JSON.parse(readFileSync(reportSchemaPath(), 'utf8')) as object;
  return cached;
}
