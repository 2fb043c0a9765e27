// The reference server as a process Target: `node bin/ref-redis-server.js` with the same
// directive form and defaults as redis-server. Needs the TypeScript build (dist/).

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ProcessTarget, TargetStartError } from './process-target.js';
import { REDIS_SERVER_DEFAULTS } from './redis-server-target.js';
import { repoRoot } from './repo-root.js';

/** A reference-server process target (fails fast, with the fix, when the build is missing). */
export function referenceTarget(options: { name?: string } = {}): ProcessTarget {
  const root = repoRoot();
  const entry = join(root, 'dist', 'reference-server', 'main.js');
  if (!existsSync(entry)) throw new TargetStartError(`${entry} is missing: build first with \`npx tsc -p tsconfig.json\` (npm ci does it)`);
  return new ProcessTarget({
    name: options.name ?? 'reference',
    command: process.execPath,
    prefixArgs: [join(root, 'bin', 'ref-redis-server.js')],
    defaults: REDIS_SERVER_DEFAULTS,
  });
}
