import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { ReportSchemaError, SchemaVersionError } from './errors.js';
import { reportSchemaPath } from './schema-file.js';
import { knownDivergenceReport, passingReport, violationReport } from './testing/fixtures.js';
import { validateReport } from './validate.js';

describe('report schema', () => {
  it('is a valid draft-07 schema for ajv in strict mode', () => {
    const schema = JSON.parse(readFileSync(reportSchemaPath(), 'utf8')) as object;
    expect(() => new Ajv({ strict: true }).compile(schema)).not.toThrow();
  });

  it('accepts the fixtures, also after a JSON round trip', () => {
    for (const r of [passingReport(), violationReport(), knownDivergenceReport()]) {
      expect(validateReport(JSON.parse(JSON.stringify(r)))).toEqual(r);
    }
  });

  it('rejects a wrong verdict, naming the field and the allowed values', () => {
    const r = passingReport() as unknown as { results: Array<Record<string, unknown>> };
    r.results[2]!['verdict'] = 'maybe';
    expect(() => validateReport(r)).toThrow(ReportSchemaError);
    expect(() => validateReport(r)).toThrow(/\/results\/2\/verdict must be one of "pass", "violated", "known-divergence", "error"/);
  });

  it('rejects a missing field, an unknown field and a bad history outcome, each by its path', () => {
    const r = violationReport() as unknown as { metadata: Record<string, unknown>; results: Array<Record<string, unknown>> };
    delete r.metadata['startedAt'];
    r.results[0]!['verdic'] = 'pass';
    const ce = (r.results.find((x) => x['verdict'] === 'violated')!['counterexamples'] as Array<{ history: Array<Record<string, unknown>> }>)[0]!;
    ce.history[0]!['outcome'] = 'unknown';
    let err: unknown;
    try {
      validateReport(r, 'shard-1.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ReportSchemaError);
    const message = (err as Error).message;
    expect(message).toMatch(/^shard-1\.json is not a valid durability-lab report/);
    expect(message).toContain('/metadata/startedAt is missing');
    expect(message).toContain("/results/0 has an unknown field 'verdic'");
    expect(message).toMatch(/\/results\/\d+\/counterexamples\/0\/history\/0\/outcome must be one of "ok", "fail", "info"/);
  });

  it('rejects another schemaVersion with its own error', () => {
    const r = { ...passingReport(), schemaVersion: 2 };
    expect(() => validateReport(r, 'old.json')).toThrow(SchemaVersionError);
    expect(() => validateReport(r, 'old.json')).toThrow('old.json has schemaVersion 2; this durability-lab reads schemaVersion 1 only');
  });

  it('rejects what the schema cannot say: unknown target, duplicate key, verdict against counts', () => {
    const unknownTarget = passingReport();
    unknownTarget.results[0]!.target = 'keydb';
    expect(() => validateReport(unknownTarget)).toThrow("/results/0/target 'keydb' is not one of /targets (redis, reference)");
    const dup = passingReport();
    dup.results.push({ ...dup.results[0]! });
    expect(() => validateReport(dup)).toThrow(/\/results\/10 repeats target redis, config always, scenario power-loss, fault crash:power, guarantee "appendfsync always/);
    const twoGuarantees = passingReport();
    twoGuarantees.results.push({ ...twoGuarantees.results[0]!, guarantee: 'any: a prefix of the history, no holes' });
    expect(() => validateReport(twoGuarantees)).not.toThrow();
    const liar = passingReport();
    liar.results[1]!.violations = 2;
    expect(() => validateReport(liar)).toThrow('/results/1/verdict is pass but /results/1/violations is 2');
  });
});
