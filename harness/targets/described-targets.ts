// The generic targets a user names in DURABILITY_LAB_TARGETS (paths of target description JSON
// files, separated by commas), so suites that run "on every target" include them without code.

import { genericTarget, loadTargetDescription } from './generic-target.js';
import type { Target } from './target.js';

/** `[name, factory]` for each described target in the environment (empty when unset). Bad files throw. */
export function describedTargetsFromEnv(env: NodeJS.ProcessEnv = process.env): Array<[string, () => Target]> {
  const list = (env.DURABILITY_LAB_TARGETS ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '');
  return list.map((path) => {
    const d = loadTargetDescription(path);
    return [d.name, () => genericTarget(d)];
  });
}
