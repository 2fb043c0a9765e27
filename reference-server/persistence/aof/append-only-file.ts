// The AOF of a running server, with Redis 7.0's exact write and fsync rules (src/aof.c):
// commands are buffered as they are propagated, written before any reply leaves the server, and
// fsynced per `appendfsync` (always: before the replies; everysec: in the background about once
// a second, postponing writes for up to 2 s while an fsync is still running; no: never).
// It also owns the manifest, startup open, BGREWRITEAOF and the INFO persistence AOF fields.

import { join } from 'node:path';
import type { CommandEngine, PropagatedOp } from '../../engine.js';
import type { Storage, FileHandle } from '../../ports/storage.js';
import type { Logger } from '../../logger.js';
import { ErrorReply } from '../../resp/reply.js';
import { encodeCommand, selectCommand, timestampAnnotation } from './aof-format.js';
import { RewriteLimiter } from './rewrite-limiter.js';
import { slicePacing } from '../key-save-delay.js';
import { AofManifest, MANIFEST_NAME_SUFFIX, TEMP_FILE_NAME_PREFIX, INCR_FILE_SUFFIX, parseManifest } from './manifest.js';
import { KeyspaceSnapshot } from '../keyspace-snapshot.js';
import { encodeOptionsFrom, rdbBody, writeFileAtomically, writeSnapshotInBackground, writeSnapshotSync, type SaveError } from '../rdb/rdb-file.js';
import { aofCommandsBody } from './aof-rewrite-commands.js';
import { mutation } from '../../mutations.js';
import { usedMemory } from '../../used-memory.js';

/** strerror texts for the errno codes a disk gives (used in MISCONF and log lines). */
const STRERROR: Record<string, string> = {
  ENOSPC: 'No space left on device',
  EIO: 'Input/output error',
  EDQUOT: 'Disk quota exceeded',
  EROFS: 'Read-only file system',
  EBADF: 'Bad file descriptor',
};

export function strerror(code: string | undefined): string {
  return (code && STRERROR[code]) ?? code ?? 'Unknown error';
}

/** AOF_WRITE_LOG_ERROR_RATE: seconds between two logs of the same write error. */
const WRITE_LOG_ERROR_RATE = 30;
/** AOF_REWRITE_LIMITE_THRESHOLD / _MAX_MINUTES: back-off after repeated rewrite failures. */

export type AofState = 'off' | 'on' | 'wait-rewrite';

export interface AofDeps {
  engine: CommandEngine;
  storage: Storage;
  logger: Logger;
  /** What Redis does with exit(1): the process must die now (an `always` write or fsync failure). */
  fatal(message: string): never;
  /** Whether a BGSAVE is running (no-appendfsync-on-rewrite, rewrite scheduling). */
  bgsaveActive(): boolean;
  pause?: () => Promise<void>;
  pid?: number;
}

/** Rewrite bookkeeping (INFO aof_rewrite_*). */
interface RewriteState {
  running: Promise<void> | undefined;
  scheduled: boolean;
  lastStatus: 'ok' | 'err';
  lastTimeSec: number;
  startedAt: number | undefined;
  consecutiveFailures: number;
  rewrites: number;
  abort: boolean;
}

export class AppendOnlyFile {
  state: AofState;
  manifest = new AofManifest();
  private fd: FileHandle | -1 = -1;
  private buf = '';
  private selectedDb = -1;
  private lastIncrSize = 0;
  private lastIncrFsyncOffset = 0;
  /** Unix seconds of the last fsync started (server.aof_last_fsync). */
  private lastFsync = 0;
  private flushPostponedStart = 0;
  delayedFsync = 0;
  lastWriteStatus: 'ok' | 'err' = 'ok';
  lastWriteErrno: string | undefined;
  private lastWriteErrorLog = 0;
  /** Result of the last background fsync (server.aof_bio_fsync_status). */
  bioFsyncStatus: 'ok' | 'err' = 'ok';
  private bioFsyncErrno: string | undefined;
  /** Background fsyncs submitted and not finished (bio jobs pending). */
  private fsyncInProgress = 0;
  currentSize = 0;
  rewriteBaseSize = 0;
  private curTimestamp = 0;
  readonly rewrite: RewriteState = {
    running: undefined, scheduled: false, lastStatus: 'ok', lastTimeSec: -1, startedAt: undefined,
    consecutiveFailures: 0, rewrites: 0, abort: false,
  };

  private readonly limiter: RewriteLimiter;

  constructor(private readonly deps: AofDeps) {
    this.state = deps.engine.config.getBool('appendonly') ? 'on' : 'off';
    this.limiter = new RewriteLimiter((m) => deps.logger.warning(m));
  }

  /** aofRewriteLimited: whether failed rewrites hold back the next one now. */
  private rewriteLimited(): boolean {
    return this.limiter.limited(this.rewrite.consecutiveFailures, this.unixtime());
  }

  private get config() {
    return this.deps.engine.config;
  }

  private unixtime(): number {
    return Math.floor(this.deps.engine.clock.now() / 1000);
  }

  get dirPath(): string {
    return join(this.config.get('dir'), this.config.get('appenddirname'));
  }

  get filename(): string {
    return this.config.get('appendfilename');
  }

  private manifestPath(): string {
    return join(this.dirPath, this.filename + MANIFEST_NAME_SUFFIX);
  }

  /** Reads the manifest from disk if there is one (aofLoadManifestFromDisk); AofManifestError when bad. */
  loadManifest(): void {
    const p = this.manifestPath();
    if (this.deps.storage.exists(this.dirPath) && this.deps.storage.exists(p)) {
      this.manifest = parseManifest(this.deps.storage.readFile(p).toString('latin1'));
    }
  }

  /** persistAofManifest: temp file, write, fsync, rename, fsync of the directory. Throws on failure. */
  private persistManifest(m: AofManifest): void {
    const tmp = join(this.dirPath, TEMP_FILE_NAME_PREFIX + this.filename + MANIFEST_NAME_SUFFIX);
    const fd = this.deps.storage.openWrite(tmp);
    try {
      const data = Buffer.from(m.toString(), 'latin1');
      if (this.deps.storage.write(fd, data) !== data.length) throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
      this.deps.storage.fsync(fd);
    } finally {
      this.deps.storage.close(fd);
    }
    this.deps.storage.rename(tmp, this.manifestPath());
    // MUTATION manifest-rename-no-dir-fsync (tests only): the rename is left non-durable.
    if (!mutation('manifest-rename-no-dir-fsync')) this.deps.storage.fsyncDir(this.dirPath);
  }

  /**
   * aofUpgradePrepare: an old single-file `appendonly.aof` in `dir` becomes the BASE of a new
   * manifest and moves into the AOF directory. Returns whether an upgrade happened.
   */
  upgradeOldStyleIfNeeded(): boolean {
    const storage = this.deps.storage;
    const old = join(this.config.get('dir'), this.filename);
    if (!storage.exists(old)) return false;
    const m = this.manifest;
    const needed = !storage.exists(this.dirPath) || (!m.base && m.incr.length === 0) ||
      (m.base !== undefined && m.incr.length === 0 && m.base.name === this.filename && !storage.exists(join(this.dirPath, this.filename)));
    if (!needed) return false;
    storage.mkdir(this.dirPath);
    const next = new AofManifest();
    next.base = { name: this.filename, seq: 1, type: 'b' };
    next.currBaseSeq = 1;
    this.persistManifest(next);
    this.manifest = next;
    storage.rename(old, join(this.dirPath, this.filename));
    this.deps.logger.notice(`Successfully migrated an old-style AOF file (${this.filename}) into the AOF directory (${this.config.get('appenddirname')}).`);
    return true;
  }

  /**
   * aofOpenIfNeededOnServerStart: with appendonly yes, make sure a BASE exists (written from the
   * loaded dataset), open the last INCR for appending, persist the manifest. Throws on failure
   * (the server must exit).
   */
  openOnStart(): void {
    if (this.state !== 'on') return;
    this.deps.storage.mkdir(this.dirPath);
    if (!this.manifest.base && this.manifest.incr.length === 0) {
      const name = this.manifest.newBase(this.filename, this.config.getBool('aof-use-rdb-preamble'));
      writeSnapshotSync(this.baseWriter(new KeyspaceSnapshot(this.deps.engine.keyspace), join(this.dirPath, name), join(this.dirPath, name + '.tmp'), Infinity));
      this.deps.logger.notice(`Creating AOF base file ${name} on server start`);
    }
    const hadIncr = this.manifest.incr.length > 0;
    const incr = this.manifest.lastIncr(this.filename);
    const path = join(this.dirPath, incr);
    this.fd = this.deps.storage.openAppend(path);
    this.persistManifest(this.manifest);
    this.lastIncrSize = this.deps.storage.size(path);
    this.lastIncrFsyncOffset = this.lastIncrSize;
    this.deps.logger.notice(`${hadIncr ? 'Opening' : 'Creating'} AOF incr file ${incr} on server start`);
    this.currentSize = this.totalSize();
    this.rewriteBaseSize = this.currentSize;
  }

  private totalSize(): number {
    let n = 0;
    for (const f of this.manifest.loadOrder()) {
      const p = join(this.dirPath, f.name);
      if (this.deps.storage.exists(p)) n += this.deps.storage.size(p);
    }
    return n;
  }

  // ---- feeding and flushing ---------------------------------------------------------------

  /** The propagation sink: appends each op (with SELECT as needed) to the AOF buffer. */
  feed(ops: readonly PropagatedOp[]): void {
    if (this.state === 'off') return;
    if (this.state === 'wait-rewrite' && !this.rewrite.running) return;
    for (const op of ops) {
      if (this.config.getBool('aof-timestamp-enabled')) {
        const now = this.unixtime();
        if (now > this.curTimestamp) {
          this.buf += timestampAnnotation(now);
          this.curTimestamp = now;
        }
      }
      if (op.db !== this.selectedDb) {
        this.buf += selectCommand(op.db);
        this.selectedDb = op.db;
      }
      this.buf += encodeCommand(op.args);
    }
  }

  /** Bytes buffered and not yet written (INFO aof_buffer_length). */
  get bufferLength(): number {
    return this.buf.length;
  }

  private fsyncPolicy(): 'always' | 'everysec' | 'no' {
    return this.config.get('appendfsync') as 'always' | 'everysec' | 'no';
  }

  private childActive(): boolean {
    return this.deps.bgsaveActive() || this.rewrite.running !== undefined;
  }

  /**
   * flushAppendOnlyFile: write the buffer (unless postponed) and fsync per policy. Called before
   * replies are sent (beforeSleep) and from the cron. `force` writes even while an fsync runs.
   */
  flush(force: boolean): void {
    if (this.fd === -1 || this.state === 'off') return;
    const policy = this.fsyncPolicy();
    const now = this.unixtime();
    let syncInProgress = false;
    if (this.buf.length === 0) {
      // Nothing to write: maybe an fsync of what was written is due.
      if (policy === 'everysec' && this.lastIncrFsyncOffset !== this.lastIncrSize && now > this.lastFsync && this.fsyncInProgress === 0) {
        this.tryFsync(policy, false);
      } else if (policy === 'always' && this.lastIncrFsyncOffset !== this.lastIncrSize) {
        this.tryFsync(policy, false);
      }
      return;
    }
    if (policy === 'everysec') syncInProgress = this.fsyncInProgress > 0;
    if (policy === 'everysec' && !force && syncInProgress) {
      // The durability rule of everysec: while the background fsync is still running, do not
      // write (a write would block behind it); keep replying, for up to 2 s.
      if (this.flushPostponedStart === 0) {
        this.flushPostponedStart = now;
        return;
      } else if (now - this.flushPostponedStart < 2 || mutation('everysec-postpone-forever')) {
        // MUTATION everysec-postpone-forever (tests only): the 2 s limit is ignored.
        return;
      }
      this.delayedFsync++;
      this.deps.logger.notice('Asynchronous AOF fsync is taking too long (disk is busy?). Writing the AOF buffer without waiting for fsync to complete, this may slow down Redis.');
    }
    const data = Buffer.from(this.buf, 'latin1');
    let written: number;
    let errno: string | undefined;
    try {
      written = this.deps.storage.write(this.fd, data);
    } catch (e) {
      written = -1;
      errno = (e as NodeJS.ErrnoException).code ?? 'EIO';
    }
    this.flushPostponedStart = 0;
    if (written !== data.length) {
      const canLog = now - this.lastWriteErrorLog > WRITE_LOG_ERROR_RATE;
      if (canLog) this.lastWriteErrorLog = now;
      if (written === -1) {
        if (canLog) this.deps.logger.warning(`Error writing to the AOF file: ${strerror(errno)}`);
        this.lastWriteErrno = errno;
      } else {
        if (canLog) this.deps.logger.warning(`Short write while writing to the AOF file: (nwritten=${written}, expected=${data.length})`);
        // Undo the partial write so the file ends on a command boundary.
        try {
          this.deps.storage.truncate(join(this.dirPath, this.manifest.lastIncr(this.filename)), this.lastIncrSize);
          written = -1;
        } catch (e) {
          if (canLog) this.deps.logger.warning(`Could not remove short write from the append-only file.  Redis may refuse to load the AOF the next time it starts.  ftruncate: ${strerror((e as NodeJS.ErrnoException).code)}`);
        }
        this.lastWriteErrno = 'ENOSPC';
      }
      if (policy === 'always') {
        this.deps.logger.warning("Can't recover from AOF write error when the AOF fsync policy is 'always'. Exiting...");
        this.deps.fatal("Can't recover from AOF write error when the AOF fsync policy is 'always'");
      }
      this.lastWriteStatus = 'err';
      if (written > 0) {
        this.currentSize += written;
        this.lastIncrSize += written;
        this.buf = this.buf.slice(written);
      }
      return; // retried from the cron
    }
    if (this.lastWriteStatus === 'err') {
      this.deps.logger.warning('AOF write error looks solved, Redis can write again.');
      this.lastWriteStatus = 'ok';
    }
    this.currentSize += written;
    this.lastIncrSize += written;
    this.buf = '';
    this.tryFsync(policy, syncInProgress);
  }

  private tryFsync(policy: 'always' | 'everysec' | 'no', syncInProgress: boolean): void {
    if (this.config.getBool('no-appendfsync-on-rewrite') && this.childActive()) return;
    const now = this.unixtime();
    // MUTATION reply-before-fsync (tests only): skip the fdatasync here; the idle branch of
    // flush() does it on the next pass, after the replies went out.
    if (policy === 'always' && !mutation('reply-before-fsync')) {
      try {
        this.deps.storage.fdatasync(this.fd as FileHandle);
      } catch (e) {
        const msg = `Can't persist AOF for fsync error when the AOF fsync policy is 'always': ${strerror((e as NodeJS.ErrnoException).code)}. Exiting...`;
        this.deps.logger.warning(msg);
        this.deps.fatal(msg);
      }
      this.lastIncrFsyncOffset = this.lastIncrSize;
      this.lastFsync = now;
    } else if (policy === 'everysec' && now > this.lastFsync) {
      if (!syncInProgress) {
        this.backgroundFsync(this.fd as FileHandle);
        this.lastIncrFsyncOffset = this.lastIncrSize;
      }
      this.lastFsync = now;
    }
  }

  /** aof_background_fsync: the bio thread's fdatasync; its result gates writes (MISCONF). */
  private backgroundFsync(fd: FileHandle, closeAfter = false): void {
    this.fsyncInProgress++;
    this.deps.storage.fdatasyncAsync(fd).then(
      () => {
        this.bioFsyncStatus = 'ok';
      },
      (e: NodeJS.ErrnoException) => {
        if (e.code === 'EBADF' || e.code === 'EINVAL') return;
        this.bioFsyncStatus = 'err';
        this.bioFsyncErrno = e.code ?? 'EIO';
      },
    ).finally(() => {
      this.fsyncInProgress--;
      if (closeAfter) {
        try {
          this.deps.storage.close(fd);
        } catch (e) {
          this.deps.logger.warning(`Closing the old AOF file failed: ${(e as Error).message}`);
        }
      }
    });
  }

  /** INFO aof_pending_bio_fsync. */
  get pendingBioFsync(): number {
    return this.fsyncInProgress;
  }

  /** writeCommandsDeniedByDiskError for the AOF: a failed write or background fsync. */
  deniesWrites(): ErrorReply | undefined {
    if (this.state === 'off') return undefined;
    if (this.lastWriteStatus === 'err') return new ErrorReply(`MISCONF Errors writing to the AOF file: ${strerror(this.lastWriteErrno)}`);
    if (this.bioFsyncStatus === 'err') {
      this.lastWriteErrno = this.bioFsyncErrno;
      return new ErrorReply(`MISCONF Errors writing to the AOF file: ${strerror(this.bioFsyncErrno)}`);
    }
    return undefined;
  }

  /** The serverCron duties: postponed flushes, write-error retries, fsync when idle, auto-rewrite. */
  cron(): void {
    if (this.state !== 'off') this.flush(false);
    if (this.rewrite.scheduled && !this.childActive() && !this.rewriteLimited()) {
      this.rewrite.scheduled = false;
      this.startRewrite();
      return;
    }
    const pct = this.config.getNumber('auto-aof-rewrite-percentage');
    if (this.state === 'on' && !this.childActive() && pct > 0 && this.currentSize > this.config.getNumber('auto-aof-rewrite-min-size')) {
      const base = this.rewriteBaseSize || 1;
      const growth = Math.floor((this.currentSize * 100) / base) - 100;
      if (growth >= pct && !this.rewriteLimited()) {
        this.deps.logger.notice(`Starting automatic rewriting of AOF on ${growth}% growth`);
        this.startRewrite();
      }
    }
  }

  // ---- rewrite ------------------------------------------------------------------------------

  private baseWriter(snapshot: KeyspaceSnapshot, finalPath: string, tmpPath: string, yieldEvery: number): Generator<void, void, void> {
    const engine = this.deps.engine;
    const body = this.config.getBool('aof-use-rdb-preamble')
      ? rdbBody(snapshot, engine.keyspace.dbs.length, [['redis-ver', '7.0.15'], ['redis-bits', 64], ['ctime', this.unixtime()], ['used-mem', usedMemory()], ['aof-base', 1]], encodeOptionsFrom(this.config), yieldEvery)
      : aofCommandsBody(snapshot, engine.keyspace.dbs.length, yieldEvery);
    const gen = writeFileAtomically(this.deps.storage, { tmpPath, finalPath }, body);
    return (function* () {
      try {
        yield* gen;
      } finally {
        snapshot.release();
      }
    })();
  }

  /** BGREWRITEAOF: the reply Redis gives (a status text or an error). */
  bgrewriteaof(): string | ErrorReply {
    if (this.rewrite.running) return new ErrorReply('ERR Background append only file rewriting already in progress');
    if (this.deps.bgsaveActive()) {
      this.rewrite.scheduled = true;
      return 'Background append only file rewriting scheduled';
    }
    if (!this.startRewrite()) return new ErrorReply("ERR Can't execute an AOF background rewriting. Please check the server logs for more information.");
    return 'Background append only file rewriting started';
  }

  /**
   * rewriteAppendOnlyFileBackground: flush, open a new INCR (persisting the manifest that names
   * it), then write the new BASE from a point-in-time snapshot while writes go to the new INCR.
   */
  startRewrite(): boolean {
    if (this.childActive()) return false;
    const storage = this.deps.storage;
    try {
      storage.mkdir(this.dirPath);
    } catch (e) {
      this.deps.logger.warning(`Can't open or create append-only dir ${this.dirPath}: ${(e as Error).message}`);
      this.rewrite.lastStatus = 'err';
      return false;
    }
    this.selectedDb = -1;
    // MUTATION lose-incr-buffer-on-rewrite (tests only): drop the buffer instead of writing it.
    if (mutation('lose-incr-buffer-on-rewrite')) this.buf = '';
    else this.flush(true);
    if (!this.openNewIncrForAppend()) {
      this.rewrite.lastStatus = 'err';
      return false;
    }
    this.rewrite.rewrites++;
    const pid = this.deps.pid ?? process.pid;
    const tmp = join(this.config.get('dir'), `temp-rewriteaof-${pid}.aof`);
    const bgTmp = join(this.config.get('dir'), `temp-rewriteaof-bg-${pid}.aof`);
    const snapshot = new KeyspaceSnapshot(this.deps.engine.keyspace);
    this.rewrite.startedAt = this.deps.engine.clock.now();
    this.rewrite.abort = false;
    this.deps.logger.notice(`Background append only file rewriting started by pid ${pid}`);
    const pacing = slicePacing(this.config.getNumber('rdb-key-save-delay'), this.deps.pause, this.deps.engine.timers);
    const job = writeSnapshotInBackground(this.baseWriter(snapshot, bgTmp, tmp, pacing.yieldEvery), pacing.pause, () => this.rewrite.abort)
      .then(() => this.rewriteDone(bgTmp))
      .catch((e: unknown) => {
        const err = e as SaveError;
        if (err.step === 'aborted') {
          // Killed with SIGUSR1 (killAppendOnlyChild): not counted as a failure.
          this.deps.logger.warning('Background AOF rewrite terminated by signal 10');
        } else {
          this.deps.logger.warning(`Write error writing append only file on disk(${err.step}): ${err.reason?.message ?? String(e)}`);
          this.deps.logger.warning('Background AOF rewrite terminated with error');
          this.rewriteFailed();
        }
      })
      .finally(() => {
        this.rewriteCleanup();
        this.rewrite.lastTimeSec = Math.round((this.deps.engine.clock.now() - (this.rewrite.startedAt ?? 0)) / 1000);
        this.rewrite.startedAt = undefined;
        this.rewrite.running = undefined;
      });
    this.rewrite.running = job;
    return true;
  }

  private rewriteFailed(): void {
    this.rewrite.lastStatus = 'err';
    this.rewrite.consecutiveFailures++;
  }

  /**
   * The `cleanup:` of backgroundRewriteDoneHandler: while still waiting for the first rewrite
   * (CONFIG SET appendonly yes), drop what was buffered for the temp INCR, remove it, and
   * schedule another rewrite (held back by aofRewriteLimited after repeated failures).
   */
  private rewriteCleanup(): void {
    if (this.state !== 'wait-rewrite') return;
    this.buf = '';
    const tmpIncrName = TEMP_FILE_NAME_PREFIX + this.filename + INCR_FILE_SUFFIX;
    const tmpIncr = join(this.dirPath, tmpIncrName);
    this.deps.logger.notice(`Removing the temp incr aof file ${tmpIncrName} in the background`);
    try {
      if (this.deps.storage.exists(tmpIncr)) this.deps.storage.unlink(tmpIncr);
    } catch (e) {
      this.deps.logger.warning(`Removing the temp incr aof file ${tmpIncrName} failed: ${(e as Error).message}`);
    }
    this.rewrite.scheduled = true;
  }

  /** openNewIncrAofForAppend: a new INCR file, named in a persisted manifest before it is used. */
  private openNewIncrForAppend(): boolean {
    if (this.state === 'off') return true;
    const storage = this.deps.storage;
    let next: AofManifest | undefined;
    let name: string;
    if (this.state === 'wait-rewrite') {
      name = TEMP_FILE_NAME_PREFIX + this.filename + INCR_FILE_SUFFIX;
    } else {
      next = this.manifest.clone();
      name = next.newIncr(this.filename);
    }
    let fd: FileHandle;
    try {
      fd = storage.openWrite(join(this.dirPath, name));
    } catch (e) {
      this.deps.logger.warning(`Can't open the append-only file ${name}: ${(e as Error).message}`);
      return false;
    }
    if (next) {
      try {
        this.persistManifest(next);
      } catch (e) {
        this.deps.logger.warning(`Can't persist the AOF manifest: ${(e as Error).message}`);
        storage.close(fd);
        return false;
      }
    }
    this.deps.logger.notice(`Creating AOF incr file ${name} on background rewrite`);
    if (this.fd !== -1) {
      this.backgroundFsync(this.fd, true);
      this.lastFsync = this.unixtime();
    }
    this.fd = fd;
    this.lastIncrSize = 0;
    this.lastIncrFsyncOffset = 0;
    if (next) this.manifest = next;
    return true;
  }

  /** backgroundRewriteDoneHandler: install the new BASE, retire rewritten INCRs, persist, GC. */
  private rewriteDone(bgTmp: string): void {
    const storage = this.deps.storage;
    this.deps.logger.notice('Background AOF rewrite terminated with success');
    const next = this.manifest.clone();
    const baseName = next.newBase(this.filename, this.config.getBool('aof-use-rdb-preamble'));
    const basePath = join(this.dirPath, baseName);
    try {
      storage.rename(bgTmp, basePath);
    } catch (e) {
      this.deps.logger.warning(`Error trying to rename the temporary AOF base file ${bgTmp} into ${basePath}: ${(e as Error).message}`);
      this.rewriteFailed();
      return;
    }
    let newIncrPath: string | undefined;
    if (this.state === 'wait-rewrite') {
      const tmpIncr = join(this.dirPath, TEMP_FILE_NAME_PREFIX + this.filename + INCR_FILE_SUFFIX);
      const incrName = next.newIncr(this.filename);
      try {
        storage.rename(tmpIncr, join(this.dirPath, incrName));
        newIncrPath = join(this.dirPath, incrName);
      } catch (e) {
        this.deps.logger.warning(`Error trying to rename the temporary AOF incr file: ${(e as Error).message}`);
        try {
          storage.unlink(basePath);
        } catch (unlinkError) {
          this.deps.logger.warning(`Removing ${basePath} failed: ${(unlinkError as Error).message}`);
        }
        this.rewriteFailed();
        return;
      }
    }
    next.markRewrittenIncrAsHistory(this.fd !== -1);
    try {
      this.persistManifest(next);
    } catch (e) {
      this.deps.logger.warning(`Can't persist the AOF manifest: ${(e as Error).message}`);
      // Nothing names the new files: remove them (bg_unlink in backgroundRewriteDoneHandler).
      for (const path of [basePath, ...(newIncrPath ? [newIncrPath] : [])]) {
        try {
          storage.unlink(path);
        } catch (unlinkError) {
          this.deps.logger.warning(`Removing ${path} failed: ${(unlinkError as Error).message}`);
        }
      }
      this.rewriteFailed();
      return;
    }
    this.manifest = next;
    if (this.state !== 'off') {
      this.currentSize = storage.size(basePath) + this.lastIncrSize;
      this.rewriteBaseSize = this.currentSize;
    }
    this.deleteHistoryFiles();
    this.rewrite.lastStatus = 'ok';
    this.rewrite.consecutiveFailures = 0;
    this.deps.logger.notice('Background AOF rewrite finished successfully');
    if (this.state === 'wait-rewrite') this.state = 'on';
  }

  /** aofDelHistoryFiles: remove HISTORY files unless aof-disable-auto-gc. */
  private deleteHistoryFiles(): void {
    if (this.config.getBool('aof-disable-auto-gc') || this.manifest.history.length === 0) return;
    for (const h of this.manifest.history) {
      try {
        this.deps.storage.unlink(join(this.dirPath, h.name));
        this.deps.logger.notice(`Removing the history file ${h.name} in the background`);
      } catch (e) {
        this.deps.logger.warning(`Removing the history file ${h.name} failed: ${(e as Error).message}`);
      }
    }
    this.manifest.history = [];
    try {
      this.persistManifest(this.manifest);
    } catch (e) {
      this.deps.logger.warning(`Can't persist the AOF manifest: ${(e as Error).message}`);
    }
  }

  /** Waits for a rewrite in progress (tests, shutdown). */
  async waitRewrite(): Promise<void> {
    if (this.rewrite.running) await this.rewrite.running;
  }

  /** Stops a rewrite in progress and waits for it. */
  async abortRewrite(): Promise<void> {
    if (!this.rewrite.running) return;
    this.rewrite.abort = true;
    await this.rewrite.running;
  }

  /** SHUTDOWN: write what is buffered and fsync (Redis does both, whatever the policy). */
  flushForShutdown(): void {
    if (this.fd === -1) return;
    this.flush(true);
    try {
      this.deps.storage.fsync(this.fd);
    } catch (e) {
      this.deps.logger.warning(`Fail to fsync the AOF file: ${strerror((e as NodeJS.ErrnoException).code)}`);
    }
  }

  /** CONFIG SET appendonly no (stopAppendOnly). */
  async stop(): Promise<void> {
    if (this.state === 'off') return;
    this.flush(true);
    if (this.fd !== -1) {
      try {
        this.deps.storage.fsync(this.fd);
      } catch (e) {
        this.deps.logger.warning(`Fail to fsync the AOF file: ${strerror((e as NodeJS.ErrnoException).code)}`);
      }
      this.deps.storage.close(this.fd);
    }
    this.fd = -1;
    this.state = 'off';
    this.lastWriteStatus = 'ok';
    this.bioFsyncStatus = 'ok';
    await this.abortRewrite();
  }

  /** CONFIG SET appendonly yes (startAppendOnly): WAIT_REWRITE until a rewrite makes the BASE. */
  start(): boolean {
    if (this.state !== 'off') return true;
    this.state = 'wait-rewrite';
    this.lastFsync = this.unixtime();
    if (this.deps.bgsaveActive()) {
      this.rewrite.scheduled = true;
      this.deps.logger.warning('AOF was enabled but there is already another background operation. An AOF background was scheduled to start when possible.');
      return true;
    }
    if (!this.startRewrite()) {
      this.state = 'off';
      this.deps.logger.warning('Redis needs to enable the AOF but can\'t trigger a background AOF rewrite operation. Check the above logs for more info about the error.');
      return false;
    }
    return true;
  }

  /** INFO persistence fields for the AOF, with Redis's names. */
  infoFields(): Array<[string, string | number]> {
    const now = this.deps.engine.clock.now();
    const fields: Array<[string, string | number]> = [
      ['aof_enabled', this.state !== 'off' ? 1 : 0],
      ['aof_rewrite_in_progress', this.rewrite.running ? 1 : 0],
      ['aof_rewrite_scheduled', this.rewrite.scheduled ? 1 : 0],
      ['aof_last_rewrite_time_sec', this.rewrite.lastTimeSec],
      ['aof_current_rewrite_time_sec', this.rewrite.startedAt !== undefined ? Math.round((now - this.rewrite.startedAt) / 1000) : -1],
      ['aof_last_bgrewrite_status', this.rewrite.lastStatus],
      ['aof_rewrites', this.rewrite.rewrites],
      ['aof_rewrites_consecutive_failures', this.rewrite.consecutiveFailures],
      ['aof_last_write_status', this.lastWriteStatus === 'ok' && this.bioFsyncStatus === 'ok' ? 'ok' : 'err'],
      ['aof_last_cow_size', 0],
    ];
    if (this.state !== 'off') {
      fields.push(
        ['aof_current_size', this.currentSize],
        ['aof_base_size', this.rewriteBaseSize],
        ['aof_pending_rewrite', this.rewrite.scheduled ? 1 : 0],
        ['aof_buffer_length', this.buf.length],
        ['aof_pending_bio_fsync', this.fsyncInProgress],
        ['aof_delayed_fsync', this.delayedFsync],
      );
    }
    return fields;
  }
}
