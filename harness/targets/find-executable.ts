// Finds an executable by name on PATH, or checks an explicit path, the way a shell would.

import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The full path of `nameOrPath` (searched on PATH when it has no slash), or undefined. */
export function findExecutable(nameOrPath: string, pathEnv = process.env.PATH ?? ''): string | undefined {
  const candidates = nameOrPath.includes('/') ? [nameOrPath] : pathEnv.split(delimiter).filter((d) => d !== '').map((d) => join(d, nameOrPath));
  return candidates.find(isExecutableFile);
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch (e) {
    void e; // missing or not executable: not a candidate
    return false;
  }
}
