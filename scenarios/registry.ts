// The named scenarios: an explicit list of the built-in scenario files (scenarios/builtin/*.json),
// and loading of a user's own scenario file by path, both validated by parseScenario.

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot } from '../harness/targets/repo-root.js';
import { parseScenario, ScenarioError, type Scenario } from './scenario.js';

/** Built-in scenarios by name, in the order `run --suite` runs them. Each is scenarios/builtin/<name>.json. */
export const BUILTIN_SCENARIOS: readonly string[] = [
  'power-loss',
  'process-crash',
  'rdb-crash',
  'kill-9-everysec-stalled-fsync',
  'bgsave-disk-full-stop-writes',
  'bgsave-disk-full-writes-continue',
  'aof-disk-full',
  'aof-disk-full-always',
  'crash-mid-bgrewriteaof',
  'aof-truncated-tail',
  'power-loss-strict-new-aof-dir',
  'replica-link-flap',
  'partition-longer-than-backlog',
  'link-cut-mid-full-sync',
  'master-restart-partial-resync',
  'replica-read-only',
];

function readScenarioFile(path: string): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ScenarioError(`cannot read scenario file ${path}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ScenarioError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
  return parseScenario(json, path);
}

/** A built-in scenario by name, or a user's scenario file by path (anything with `/` or ending in `.json`). */
export function loadScenario(nameOrPath: string): Scenario {
  if (nameOrPath.includes('/') || nameOrPath.endsWith('.json')) return readScenarioFile(resolve(nameOrPath));
  if (!BUILTIN_SCENARIOS.includes(nameOrPath)) {
    throw new ScenarioError(`unknown scenario '${nameOrPath}' (built in: ${BUILTIN_SCENARIOS.join(', ')}; or give the path of a scenario file)`);
  }
  const scenario = readScenarioFile(join(repoRoot(), 'scenarios', 'builtin', `${nameOrPath}.json`));
  if (scenario.name !== nameOrPath) throw new ScenarioError(`scenarios/builtin/${nameOrPath}.json names itself '${scenario.name}'`);
  return scenario;
}

/** Every built-in scenario of a suite (`all`: every one). */
export function suiteScenarios(suite: 'durability' | 'replication' | 'all'): Scenario[] {
  return BUILTIN_SCENARIOS.map(loadScenario).filter((s) => suite === 'all' || s.suite === suite);
}
