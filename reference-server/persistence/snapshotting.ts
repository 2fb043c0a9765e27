// RDB snapshotting of a running server: SAVE, BGSAVE (a point-in-time snapshot written in slices
// while writes go on), save points, stop-writes-on-bgsave-error, LASTSAVE, and the INFO
// persistence fields, following Redis 7.0 src/rdb.c and serverCron in src/server.c.

import { join } from 'node:path';
import { KeyspaceSnapshot } from './keyspace-snapshot.js';
import { slicePacing } from './key-save-delay.js';
import { encodeOptionsFrom, encodingLimitsFrom, loadRdbInto, snapshotWriter, writeSnapshotInBackground, writeSnapshotSync, type LoadStats, type SaveError } from './rdb/rdb-file.js';
import type { CommandEngine } from '../engine.js';
import type { Storage } from '../ports/storage.js';
import type { Logger } from '../logger.js';
import { ErrorReply } from '../resp/reply.js';
import type { CommandSpec } from '../commands/command.js';
import { mutation } from '../mutations.js';
import { usedMemory } from '../used-memory.js';

/** The MISCONF error of src/server.c createSharedObjects (shared.bgsaveerr). */
export const MISCONF_BGSAVE = new ErrorReply(
  "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. " +
    'Commands that may modify the data set are disabled, because this instance is configured to report ' +
    'errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). ' +
    'Please check the Redis logs for details about the RDB error.',
);

/** CONFIG_BGSAVE_RETRY_DELAY: after a failed BGSAVE, save points wait this long (s) to retry. */
const BGSAVE_RETRY_DELAY_S = 5;

export interface SnapshottingDeps {
  engine: CommandEngine;
  storage: Storage;
  logger: Logger;
  /** Lets the save yield to the event loop between slices (setImmediate in production). */
  pause?: () => Promise<void>;
  /** The process id used in temp file names. */
  pid?: number;
  /** Extra aux fields (replication id and offset) for the file. */
  auxFields?: () => Array<[string, string | number]>;
  /** Whether another child-equivalent (an AOF rewrite) is running. */
  otherChildActive?: () => boolean;
}

export class Snapshotting {
  /** Unix seconds of the last successful save (LASTSAVE). */
  lastSave: number;
  lastBgsaveStatus: 'ok' | 'err' = 'ok';
  lastBgsaveTimeSec = -1;
  bgsaveStartedAt: number | undefined;
  /** Unix seconds of the last BGSAVE attempt (for the retry delay). */
  lastBgsaveTry = 0;
  bgsaveScheduled = false;
  saves = 0;
  lastLoad: LoadStats | undefined;
  private dirtyBeforeBgsave = 0;
  private running: Promise<void> | undefined;
  /** The abort switch of the running save (one per save, so a killed save stays killed). */
  private abortSwitch = { aborted: false };

  constructor(private readonly deps: SnapshottingDeps) {
    this.lastSave = Math.floor(deps.engine.clock.now() / 1000);
  }

  /** The disk this server writes to. */
  get storage(): Storage {
    return this.deps.storage;
  }

  private get config() {
    return this.deps.engine.config;
  }

  get path(): string {
    return join(this.config.get('dir'), this.config.get('dbfilename'));
  }

  get inProgress(): boolean {
    return this.running !== undefined;
  }

  /** The save points as [seconds, changes] pairs. */
  savePoints(): Array<[number, number]> {
    const text = this.config.get('save');
    if (text === this.savePointsCache.text) return this.savePointsCache.points;
    const parts = text.split(' ').filter((p) => p !== '').map(Number);
    const out: Array<[number, number]> = [];
    for (let i = 0; i + 1 < parts.length; i += 2) out.push([parts[i]!, parts[i + 1]!]);
    this.savePointsCache = { text, points: out };
    return out;
  }

  /** The last parse of `save` (deniesWrites asks for every command). */
  private savePointsCache: { text: string; points: Array<[number, number]> } = { text: '\0', points: [] };

  private aux(): Array<[string, string | number]> {
    const now = Math.floor(this.deps.engine.clock.now() / 1000);
    return [
      ['redis-ver', '7.0.15'],
      ['redis-bits', 64],
      ['ctime', now],
      ['used-mem', usedMemory()],
      ...(this.deps.auxFields?.() ?? []),
      ['aof-base', 0],
    ];
  }

  private tmpPath(): string {
    return join(this.config.get('dir'), `temp-${this.deps.pid ?? process.pid}.rdb`);
  }

  private writer(snapshot: KeyspaceSnapshot, yieldEvery: number): Generator<void, void, void> {
    return snapshotWriter(this.deps.storage, snapshot, this.deps.engine.keyspace.dbs.length, this.aux(),
      encodeOptionsFrom(this.config), { tmpPath: this.tmpPath(), finalPath: this.path }, yieldEvery);
  }

  /** The SAVE command: refused while a BGSAVE runs; counts in rdb_saves (saveCommand in src/rdb.c). */
  saveCommand(): ErrorReply | undefined {
    if (this.running) return new ErrorReply('ERR Background save already in progress');
    this.saves++;
    return this.save();
  }

  /**
   * rdbSave: writes the dataset synchronously (blocking, as Redis does); used by SAVE, FLUSHALL,
   * SHUTDOWN and DEBUG RELOAD, which do not count in rdb_saves. Returns an error reply on failure.
   */
  save(): ErrorReply | undefined {
    if (this.running) return new ErrorReply('ERR Background save already in progress');
    const snapshot = new KeyspaceSnapshot(this.deps.engine.keyspace);
    const dirtyBefore = this.deps.engine.dirty;
    try {
      writeSnapshotSync(this.writer(snapshot, Infinity));
      this.deps.logger.notice('DB saved on disk');
      this.deps.engine.dirty -= dirtyBefore;
      this.lastSave = Math.floor(this.deps.engine.clock.now() / 1000);
      this.lastBgsaveStatus = 'ok';
      return undefined;
    } catch (e) {
      const err = e as SaveError;
      this.deps.logger.warning(`Write error saving DB on disk(${err.step}): ${err.reason?.message ?? err.message}`);
      return new ErrorReply('ERR');
    } finally {
      snapshot.release();
    }
  }

  /** BGSAVE [SCHEDULE]: the reply text Redis gives, and the save runs in the background. */
  bgsave(schedule: boolean): ErrorReply | string {
    if (this.running) return new ErrorReply('ERR Background save already in progress');
    if (this.deps.otherChildActive?.()) {
      if (schedule) {
        this.bgsaveScheduled = true;
        return 'Background saving scheduled';
      }
      return new ErrorReply("ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.");
    }
    this.startBgsave();
    return 'Background saving started';
  }

  /** Starts a background save now; the returned promise settles when it is done (never rejects). */
  startBgsave(): Promise<void> {
    const engine = this.deps.engine;
    const snapshot = new KeyspaceSnapshot(engine.keyspace);
    this.saves++;
    this.dirtyBeforeBgsave = engine.dirty;
    this.bgsaveStartedAt = engine.clock.now();
    this.lastBgsaveTry = Math.floor(engine.clock.now() / 1000);
    const abortSwitch = { aborted: false };
    this.abortSwitch = abortSwitch;
    this.deps.logger.notice(`Background saving started by pid ${this.deps.pid ?? process.pid}`);
    const pacing = slicePacing(this.config.getNumber('rdb-key-save-delay'), this.deps.pause, this.deps.engine.timers);
    const job = writeSnapshotInBackground(this.writer(snapshot, pacing.yieldEvery), pacing.pause, () => abortSwitch.aborted)
      .then(() => {
        this.deps.logger.notice('DB saved on disk');
        this.deps.logger.notice('Background saving terminated with success');
        engine.dirty -= this.dirtyBeforeBgsave;
        this.lastSave = Math.floor(engine.clock.now() / 1000);
        this.lastBgsaveStatus = 'ok';
      })
      .catch((e: unknown) => {
        const err = e as SaveError;
        if (err.step === 'aborted') {
          this.deps.logger.warning('Background saving terminated by signal 10');
          return;
        }
        this.deps.logger.warning(`Write error saving DB on disk(${err.step}): ${err.reason?.message ?? String(e)}`);
        this.deps.logger.warning('Background saving error');
        this.lastBgsaveStatus = 'err';
      })
      .finally(() => {
        snapshot.release();
        // A killed save was already forgotten (killChild); a newer one may be running now.
        if (this.running !== job) return;
        this.lastBgsaveTimeSec = Math.round((engine.clock.now() - (this.bgsaveStartedAt ?? engine.clock.now())) / 1000);
        this.bgsaveStartedAt = undefined;
        this.running = undefined;
      });
    this.running = job;
    return job;
  }

  /**
   * killRDBChild: stops a background save at once (FLUSHALL, SHUTDOWN). Its temp file is removed
   * when its writer notices, at its next slice; it never renames over the dump.
   */
  killChild(): void {
    if (!this.running) return;
    this.abortSwitch.aborted = true;
    this.running = undefined;
    this.bgsaveStartedAt = undefined;
  }

  /** Kills a background save in progress (FLUSHALL, SHUTDOWN); resolves when it has stopped. */
  async abort(): Promise<void> {
    const job = this.running;
    if (!job) return;
    this.abortSwitch.aborted = true;
    await job;
  }

  /** Waits for a background save in progress. */
  async waitIdle(): Promise<void> {
    if (this.running) await this.running;
  }

  /** serverCron's save-point check: start a BGSAVE when a point is met (and a scheduled one). */
  cron(): void {
    if (this.running || this.deps.otherChildActive?.()) return;
    if (this.bgsaveScheduled) {
      this.bgsaveScheduled = false;
      void this.startBgsave();
      return;
    }
    const now = Math.floor(this.deps.engine.clock.now() / 1000);
    const dirty = this.deps.engine.dirty;
    for (const [seconds, changes] of this.savePoints()) {
      if (dirty >= changes && now - this.lastSave > seconds &&
          (now - this.lastBgsaveTry > BGSAVE_RETRY_DELAY_S || this.lastBgsaveStatus === 'ok')) {
        this.deps.logger.notice(`${changes} changes in ${seconds} seconds. Saving...`);
        void this.startBgsave();
        return;
      }
    }
  }

  /** writeCommandsDeniedByDiskError for RDB: MISCONF while the last background save failed. */
  deniesWrites(): boolean {
    // MUTATION accept-writes-after-failed-bgsave (tests only): never refuse.
    if (mutation('accept-writes-after-failed-bgsave')) return false;
    return this.lastBgsaveStatus === 'err' && this.config.getBool('stop-writes-on-bgsave-error') && this.savePoints().length > 0;
  }

  /** The admission check: write commands (and PING) get MISCONF while saving is failing. */
  admissionCheck(): (client: unknown, spec: CommandSpec) => ErrorReply | undefined {
    return (_client, spec) => {
      if (!this.deniesWrites()) return undefined;
      if (spec.flags.includes('write') || spec.name === 'ping') return MISCONF_BGSAVE;
      return undefined;
    };
  }

  /** Loads `dir/dbfilename` at startup if it exists; throws RdbError for a bad file. */
  loadAtStartup(): LoadStats | undefined {
    const path = this.path;
    if (!this.deps.storage.exists(path)) return undefined;
    const started = this.deps.engine.clock.monotonic();
    // rdbLoad skips keys past their TTL only on a master (iAmMaster): a replica keeps them, hidden,
    // until its master's DEL arrives, as it would have had it never restarted.
    const iAmMaster = this.config.get('replicaof') === '';
    const stats = loadRdbInto(this.deps.engine.keyspace, this.deps.storage.readFile(path), encodingLimitsFrom(this.config), iAmMaster);
    const ver = stats.aux.get('redis-ver');
    if (ver) this.deps.logger.notice(`Loading RDB produced by version ${ver}`);
    this.deps.logger.notice(`Done loading RDB, keys loaded: ${stats.keysLoaded}, keys expired: ${stats.keysExpired}.`);
    if (stats.emptyKeysSkipped > 0) this.deps.logger.notice(`Done loading RDB, empty keys skipped: ${stats.emptyKeysSkipped}.`);
    this.deps.logger.notice(`DB loaded from disk: ${((this.deps.engine.clock.monotonic() - started) / 1000).toFixed(3)} seconds`);
    this.lastLoad = stats;
    return stats;
  }

  /** INFO persistence lines for RDB (after `loading:` ...), with Redis's field names. */
  infoFields(): Array<[string, string | number]> {
    const now = this.deps.engine.clock.now();
    return [
      ['rdb_changes_since_last_save', this.deps.engine.dirty],
      ['rdb_bgsave_in_progress', this.running ? 1 : 0],
      ['rdb_last_save_time', this.lastSave],
      ['rdb_last_bgsave_status', this.lastBgsaveStatus],
      ['rdb_last_bgsave_time_sec', this.lastBgsaveTimeSec],
      ['rdb_current_bgsave_time_sec', this.bgsaveStartedAt !== undefined ? Math.round((now - this.bgsaveStartedAt) / 1000) : -1],
      ['rdb_saves', this.saves],
      ['rdb_last_cow_size', 0],
      ['rdb_last_load_keys_expired', this.lastLoad?.keysExpired ?? 0],
      ['rdb_last_load_keys_loaded', this.lastLoad?.keysLoaded ?? 0],
    ];
  }
}
