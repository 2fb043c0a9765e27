// Lists the files under a real data directory with their sizes, for Target.files() on process
// targets. Reads the file system only.

import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataFile } from './target.js';

/** Every regular file under `dir`, recursively, sorted by relative path. */
export async function listDataFiles(dir: string): Promise<DataFile[]> {
  const out: DataFile[] = [];
  const walk = async (abs: string, rel: string): Promise<void> => {
    for (const entry of await readdir(abs, { withFileTypes: true })) {
      const p = join(abs, entry.name);
      const r = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) await walk(p, r);
      else if (entry.isFile()) {
        try {
          out.push({ path: r, size: (await stat(p)).size });
        } catch (e) {
          // A file the server renamed or removed between readdir and stat is simply not there.
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        }
      }
    }
  };
  await walk(dir, '');
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
