// The shape every property family has, so tests, the mutation check and the benchmark run the
// same code: configurations (a row of the contract each), an arbitrary of cases, and a case
// runner that starts the target(s), drives the case and returns the checkers' verdicts.

import type fc from 'fast-check';
import type { Verdict } from '../../harness/checkers/verdict.js';
import type { TargetName } from './case-target.js';
import { checkProperty, numRuns, type PropertyOutcome } from './check-property.js';

export interface FamilyConfig {
  /** Short label, e.g. `appendfsync always`. */
  label: string;
  /** Default runs for this config where they differ from the family's (slow configs). */
  runs?: Partial<Record<TargetName, number>>;
}

export interface Family<C extends FamilyConfig, V> {
  name: string;
  /** The vitest file, for replay lines. */
  file: string;
  configs: readonly C[];
  arbitrary(config: C, target: TargetName): fc.Arbitrary<V>;
  runCase(target: TargetName, config: C, value: V): Promise<Verdict[]>;
  render(value: V): string;
  /** Default runs per (target, config) in `npm test` (reference-realtime: as many as reference). */
  defaultRuns: { reference: number; 'redis-server': number } & Partial<Record<TargetName, number>>;
  /**
   * Where a target is known to break the guarantee (config label -> the evidence, as recorded in
   * KNOWN-DIVERGENCES.md): the property still runs, and its test expects the failure.
   */
  knownDivergences?: Partial<Record<TargetName, Record<string, string>>>;
}

/** Runs one family for one target and config. */
export function runFamily<C extends FamilyConfig, V>(
  family: Family<C, V>,
  target: TargetName,
  config: C,
  options: { numRuns?: number; noShrink?: boolean; seed?: number } = {},
): Promise<PropertyOutcome> {
  return checkProperty(family.arbitrary(config, target), (v) => family.runCase(target, config, v), {
    numRuns: options.numRuns ?? numRuns(config.runs?.[target] ?? family.defaultRuns[target] ?? family.defaultRuns.reference),
    render: (v) => family.render(v),
    replay: `FC_TARGETS=${target} npx vitest run ${family.file} -t "${config.label}"`,
    ...(options.noShrink ? { noShrink: true } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  });
}
