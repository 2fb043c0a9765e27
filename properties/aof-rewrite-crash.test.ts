// Crash during BGREWRITEAOF at every step: the reference server runs in-process on the simulated
// disk with appendfsync always while writes continue through a rewrite; before every mutating
// storage call (INCR opened, manifest persisted, each BASE slice, fsync, rename, directory fsync,
// history removal) we keep what a process crash and a power cut would leave, load each image in
// a fresh server, and check it is the model state after a prefix that holds every acknowledged write.

import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { SimulatedStorage } from '../harness/index.js';
import { loadConfig } from '../reference-server/config/load-config.js';
import { StartupLoadError, startServer, type RunningServer } from '../reference-server/main.js';
import { EngineSession } from '../reference-server/testing/engine-session.js';
import type { FileHandle, Storage } from '../reference-server/ports/storage.js';

const DIR = '/data';

/** What a crash leaves on the disk: every file's bytes, and how many writes were acknowledged then. */
interface CrashImage {
  step: string;
  acked: number;
  sent: number;
  kind: 'process' | 'power';
  files: Map<string, Buffer>;
}

/** A Storage in front of the simulated disk that takes crash images before each mutating call. */
class CrashPointStorage implements Storage {
  recording = false;
  readonly images: CrashImage[] = [];
  progress = { acked: 0, sent: 0 };

  constructor(private readonly disk: SimulatedStorage) {}

  private point(step: string): void {
    if (!this.recording) return;
    const proc = new Map<string, Buffer>();
    const power = new Map<string, Buffer>();
    for (const path of this.disk.allFiles()) {
      proc.set(path, this.disk.readFile(path));
      power.set(path, this.disk.durableBytes(path));
    }
    this.images.push({ step, ...this.progress, kind: 'process', files: proc });
    this.images.push({ step, ...this.progress, kind: 'power', files: power });
  }

  openAppend(path: string): FileHandle { this.point(`openAppend ${path}`); return this.disk.openAppend(path); }
  openWrite(path: string): FileHandle { this.point(`openWrite ${path}`); return this.disk.openWrite(path); }
  write(fd: FileHandle, data: Uint8Array): number { this.point(`write ${data.length}`); return this.disk.write(fd, data); }
  fsync(fd: FileHandle): void { this.point('fsync'); this.disk.fsync(fd); }
  fdatasync(fd: FileHandle): void { this.point('fdatasync'); this.disk.fdatasync(fd); }
  fdatasyncAsync(fd: FileHandle): Promise<void> { this.point('fdatasyncAsync'); return this.disk.fdatasyncAsync(fd); }
  close(fd: FileHandle): void { this.point('close'); this.disk.close(fd); }
  rename(from: string, to: string): void { this.point(`rename ${from} ${to}`); this.disk.rename(from, to); }
  unlink(path: string): void { this.point(`unlink ${path}`); this.disk.unlink(path); }
  fsyncDir(dir: string): void { this.point(`fsyncDir ${dir}`); this.disk.fsyncDir(dir); }
  truncate(path: string, length: number): void { this.point(`truncate ${path}`); this.disk.truncate(path, length); }
  mkdir(path: string): void { this.point(`mkdir ${path}`); this.disk.mkdir(path); }
  readFile(path: string): Buffer { return this.disk.readFile(path); }
  exists(path: string): boolean { return this.disk.exists(path); }
  size(path: string): number { return this.disk.size(path); }
  list(dir: string): string[] { return this.disk.list(dir); }
}

const running: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.shutdown()));
});

function config(preamble: boolean) {
  return loadConfig(['--port', '0', '--dir', DIR, '--logfile', '/dev/null', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always',
    '--aof-use-rdb-preamble', preamble ? 'yes' : 'no', '--enable-debug-command', 'yes', '--auto-aof-rewrite-percentage', '0']);
}

/** A content hash of an image's files. */
function imageId(image: CrashImage): string {
  const h = createHash('sha1');
  for (const [path, data] of [...image.files].sort((a, b) => (a[0] < b[0] ? -1 : 1))) h.update(`${path}\0${data.length}\0`).update(data);
  return h.digest('hex');
}

/** Loads an image in a fresh server; its DEBUG DIGEST, or the startup error. */
async function loadImage(image: CrashImage, preamble: boolean): Promise<string> {
  const disk = new SimulatedStorage();
  disk.mkdir(DIR);
  for (const [path, data] of image.files) {
    disk.mkdir(path.slice(0, path.lastIndexOf('/')));
    const fd = disk.openWrite(path);
    disk.write(fd, data);
    disk.fsync(fd);
    disk.close(fd);
  }
  let server: RunningServer;
  try {
    server = await startServer(config(preamble), disk);
  } catch (e) {
    if (e instanceof StartupLoadError) return `-refused to start: ${e.message}`;
    throw e;
  }
  try {
    return new EngineSession(server.engine).run('DEBUG', 'DIGEST');
  } finally {
    await server.shutdown();
  }
}

/** The writes: many keys first (so the BASE is written in several slices), then a stream of changes. */
function workload(): { setup: string[][]; during: string[][] } {
  const setup: string[][] = [];
  for (let b = 0; b < 3; b++) {
    const args = ['MSET'];
    for (let i = 0; i < 400; i++) args.push(`key:${b * 400 + i}`, `value-${i}-${'x'.repeat(i % 50)}`);
    setup.push(args);
  }
  setup.push(['RPUSH', 'list', 'a', 'b', 'c'], ['SADD', 'set', '1', '2', '3'], ['HSET', 'hash', 'f', 'v'], ['ZADD', 'zset', '1', 'm']);
  const during: string[][] = [];
  for (let i = 0; i < 120; i++) {
    during.push(i % 3 === 0 ? ['INCR', 'counter'] : i % 3 === 1 ? ['RPUSH', 'list', `e${i}`] : ['SET', `key:${i * 7}`, `new-${i}`]);
  }
  return { setup, during };
}

/** DEBUG DIGEST of the model after each prefix of the writes at least `from` long (index = prefix length). */
function prefixDigests(cmds: string[][], from: number): string[] {
  const model = new EngineSession({ config: config(true) });
  const out: string[] = [];
  for (let k = 0; k <= cmds.length; k++) {
    if (k > 0) model.run(...cmds[k - 1]!);
    out.push(k >= from ? model.run('DEBUG', 'DIGEST') : '');
  }
  return out;
}

async function infoField(c: Redis, name: string): Promise<string> {
  const m = (await c.info('persistence')).match(new RegExp(`^${name}:(.*)\r?$`, 'm'));
  return m?.[1] ?? '';
}

describe('crash during BGREWRITEAOF', () => {
  for (const preamble of [true, false]) {
    it(`leaves a directory that loads to a prefix holding every acknowledged write, at every step (preamble ${preamble ? 'yes' : 'no'})`, async () => {
      const disk = new SimulatedStorage();
      disk.mkdir(DIR);
      const storage = new CrashPointStorage(disk);
      const server = await startServer(config(preamble), storage);
      running.push(server);
      const client = new Redis({ port: server.port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0 });
      await client.connect();
      try {
        const { setup, during } = workload();
        const all = [...setup, ...during];
        for (const c of setup) await client.call(c[0]!, ...c.slice(1));
        storage.progress = { acked: setup.length, sent: setup.length };
        storage.recording = true;
        expect(await client.bgrewriteaof()).toBe('Background append only file rewriting started');
        // Writes keep coming while the rewrite runs, several in flight at once.
        let next = 0;
        const worker = async () => {
          while (next < during.length) {
            const c = during[next++]!;
            storage.progress.sent++;
            await client.call(c[0]!, ...c.slice(1));
            storage.progress.acked++;
          }
        };
        await Promise.all([worker(), worker(), worker(), worker()]);
        for (let i = 0; i < 200 && (await infoField(client, 'aof_rewrite_in_progress')) !== '0'; i++) await new Promise((r) => setTimeout(r, 10));
        expect(await infoField(client, 'aof_last_bgrewrite_status')).toBe('ok');
        storage.recording = false;
        const steps = storage.images.map((i) => i.step);
        // The rewrite's own steps are all among the crash points.
        expect(steps.some((s) => s.startsWith('openWrite') && s.endsWith('.incr.aof'))).toBe(true);
        expect(steps.some((s) => s.startsWith('rename') && s.includes('temp-rewriteaof-bg'))).toBe(true);
        expect(steps.some((s) => s.startsWith('rename') && s.endsWith('.manifest'))).toBe(true);
        expect(steps.filter((s) => s.startsWith('write')).length).toBeGreaterThan(during.length / 4);
        const digests = prefixDigests(all, setup.length);
        // Many crash points leave the same bytes: load each distinct image once.
        const loaded = new Map<string, string>();
        for (const image of storage.images) {
          const id = imageId(image);
          const got = loaded.get(id) ?? (await loadImage(image, preamble));
          loaded.set(id, got);
          const k = got.startsWith('-') ? -1 : digests.indexOf(got);
          expect(k, `crash (${image.kind}) before '${image.step}' with ${image.acked} writes acknowledged: not a prefix state (${got.trim()})`).toBeGreaterThanOrEqual(0);
          expect(k, `crash (${image.kind}) before '${image.step}': acknowledged writes lost`).toBeGreaterThanOrEqual(image.acked);
          expect(k, `crash (${image.kind}) before '${image.step}': more writes than were sent`).toBeLessThanOrEqual(image.sent);
        }
      } finally {
        client.disconnect();
      }
    }, 120_000);
  }
});
