// Locates the durability-lab package root from this module's own location, whether it runs
// from source (harness/targets/*.ts under vitest) or from the build (dist/harness/targets/*.js).

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The directory holding durability-lab's package.json. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'durability-lab') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the durability-lab package root above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}
