// The production Storage: node:fs, synchronous on the main thread, fdatasync in libuv's pool for
// the everysec background fsync.

import fs from 'node:fs';
import type { FileHandle, Storage } from './storage.js';

export const nodeStorage: Storage = {
  openAppend: (path) => fs.openSync(path, 'a'),
  openWrite: (path) => fs.openSync(path, 'w'),
  write(fd, data) {
    let done = 0;
    while (done < data.length) {
      try {
        done += fs.writeSync(fd, data, done, data.length - done);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EINTR') continue;
        if (done > 0) return done;
        throw e;
      }
    }
    return done;
  },
  fsync: (fd) => fs.fsyncSync(fd),
  fdatasync: (fd) => fs.fdatasyncSync(fd),
  fdatasyncAsync: (fd: FileHandle) =>
    new Promise<void>((resolve, reject) => fs.fdatasync(fd, (e) => (e ? reject(e) : resolve()))),
  close: (fd) => fs.closeSync(fd),
  rename: (from, to) => fs.renameSync(from, to),
  unlink: (path) => fs.unlinkSync(path),
  fsyncDir(dir) {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  },
  truncate: (path, length) => fs.truncateSync(path, length),
  readFile: (path) => fs.readFileSync(path),
  exists: (path) => fs.existsSync(path),
  size: (path) => fs.statSync(path).size,
  list: (dir) => fs.readdirSync(dir),
  mkdir: (path) => fs.mkdirSync(path, { recursive: true }),
};
