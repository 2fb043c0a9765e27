// The errors of reports/: a report that breaks the schema, a report of another schema version,
// and reports that cannot be merged. Each message names the field or the file at fault.

/** A report does not match reports/schema/report.schema.json (or breaks a cross-field rule). */
export class ReportSchemaError extends Error {
  override readonly name = 'ReportSchemaError';
  constructor(readonly problems: readonly string[], source = 'report') {
    super(`${source} is not a valid durability-lab report: ${problems.join('; ')}`);
  }
}

/** A report of a schemaVersion this code does not read. */
export class SchemaVersionError extends Error {
  override readonly name = 'SchemaVersionError';
}

/** Reports that cannot be combined into one (see merge.ts). */
export class MergeError extends Error {
  override readonly name = 'MergeError';
}
