// Public entry of the differential conformance property (used by properties/conformance.test.ts
// and by the `durability-lab conformance` CLI command).

export { runConformance, DivergenceError, type ConformanceOptions, type ConformanceSummary } from './run-conformance.js';
export { formatSummary } from './report.js';
export { COMMAND_ARBITRARIES } from './families.js';
export { formatCommand, quoteArg } from './redis-cli-format.js';
