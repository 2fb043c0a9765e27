// Checks that a value is a durability-lab report: first its schemaVersion, then the JSON Schema
// (reports/schema/report.schema.json, with ajv), then the rules a schema cannot state (results
// name known targets, result keys (target x config x scenario x fault x guarantee) and counterexample ids unique, verdicts agree with violation counts).

import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { ReportSchemaError, SchemaVersionError } from './errors.js';
import { resultKey, SCHEMA_VERSION, type Report } from './model.js';
import { reportSchema } from './schema-file.js';

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true, strict: true }).compile(reportSchema());
  return compiled;
}

/** One ajv error in words, naming the field as a JSON pointer into the report. */
function describe(e: ErrorObject): string {
  const at = e.instancePath === '' ? '(top level)' : e.instancePath;
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'required') return `${e.instancePath}/${String(params['missingProperty'])} is missing`;
  if (e.keyword === 'additionalProperties') return `${at} has an unknown field '${String(params['additionalProperty'])}'`;
  if (e.keyword === 'enum') return `${at} must be one of ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  return `${at} ${e.message ?? 'is invalid'}`;
}

/** The cross-field rules, as problem strings (empty when the report keeps them). */
function crossFieldProblems(r: Report): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  r.targets.forEach((t, i) => {
    if (names.has(t.name)) problems.push(`/targets/${i}/name '${t.name}' is used by two targets`);
    names.add(t.name);
  });
  const keys = new Set<string>();
  const ids = new Set<string>();
  r.results.forEach((res, i) => {
    if (!names.has(res.target)) problems.push(`/results/${i}/target '${res.target}' is not one of /targets (${[...names].join(', ') || 'none'})`);
    const key = resultKey(res);
    if (keys.has(key)) problems.push(`/results/${i} repeats target ${res.target}, config ${res.config}, scenario ${res.scenario}, fault ${res.fault}, guarantee "${res.guarantee}"`);
    keys.add(key);
    if (res.violations > res.cases) problems.push(`/results/${i}/violations (${res.violations}) exceeds /results/${i}/cases (${res.cases})`);
    if (res.verdict === 'pass' && res.violations > 0) problems.push(`/results/${i}/verdict is pass but /results/${i}/violations is ${res.violations}`);
    if (res.verdict === 'violated' && res.violations === 0) problems.push(`/results/${i}/verdict is violated but /results/${i}/violations is 0`);
    res.counterexamples.forEach((c, j) => {
      if (ids.has(c.id)) problems.push(`/results/${i}/counterexamples/${j}/id '${c.id}' is not unique in the report`);
      ids.add(c.id);
    });
  });
  return problems;
}

/**
 * Returns `value` typed as a Report when it is one; otherwise throws SchemaVersionError (another
 * schemaVersion) or ReportSchemaError listing each problem with its field. `source` names the
 * document in messages (e.g. a file path).
 */
export function validateReport(value: unknown, source = 'report'): Report {
  if (typeof value === 'object' && value !== null && 'schemaVersion' in value) {
    const v = (value as { schemaVersion: unknown }).schemaVersion;
    if (v !== SCHEMA_VERSION) throw new SchemaVersionError(`${source} has schemaVersion ${JSON.stringify(v)}; this durability-lab reads schemaVersion ${SCHEMA_VERSION} only`);
  }
  const validate = validator();
  if (!validate(value)) throw new ReportSchemaError((validate.errors ?? []).slice(0, 10).map(describe), source);
  const report = value as Report;
  const problems = crossFieldProblems(report);
  if (problems.length > 0) throw new ReportSchemaError(problems, source);
  return report;
}
