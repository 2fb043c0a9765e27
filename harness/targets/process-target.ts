// A Target that runs a server as an OS process (execa): free loopback port, its own temporary
// directory, captured logs, readiness wait, SIGSTOP/SIGCONT pauses, disk faults and power loss
// through fault-preload.so, SHUTDOWN NOSAVE then SIGKILL (children too), always reaped.

import { execa, type ResultPromise } from 'execa';
import { dir as tmpDir, type DirectoryResult } from 'tmp-promise';
import { Redis } from 'ioredis';
import { RawClient } from '../resp/raw-client.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { directivesToArgs } from './directives.js';
import { fillPlaceholders, renderConfigFile } from './config-file.js';
import { freePort } from './free-port.js';
import { LogTail } from './log-tail.js';
import { forget, remember, type Reapable } from './process-registry.js';
import type { CrashKind, DataFile, Directives, DiskFaultControl, DiskFaultSwitches, PowerLossMode, StartOptions, Target, TargetAddress } from './target.js';
import { waitReady } from './wait-ready.js';
import { PreloadJournal } from '../preload/preload-journal.js';
import { DiskFaultSwitchboard } from './disk-fault-control.js';
import { listDataFiles } from './list-data-files.js';
import { descendantsOf, signalAll } from './process-tree.js';

/** How to launch one kind of server. */
export interface ProcessTargetSpec {
  name: string;
  /** Executable to run. */
  command: string;
  /** Arguments before the directives (e.g. the script path for node). */
  prefixArgs?: readonly string[];
  /** Directives applied before the caller's (the caller's win). */
  defaults?: Directives;
  /** Readiness deadline in ms (default 10 s). */
  readyTimeoutMs?: number;
  /** Grace period after SHUTDOWN NOSAVE before SIGKILL, in ms (default 3 s). */
  stopGraceMs?: number;
  /**
   * A command line template instead of prefixArgs + `--name value` directives: `args` may hold
   * {port}, {dir} and {config}; with config `file` the directives go to a redis.conf whose path is
   * {config}, with `args` they are appended as `--name value`.
   */
  template?: { args: readonly string[]; config: 'file' | 'args' };
  /** Readiness: PING, and unless `loading` is false, INFO persistence loading:0 (default both). */
  readiness?: { loading?: boolean };
  /** A command to stop the server instead of SHUTDOWN NOSAVE (placeholders as in template). */
  stopCommand?: readonly string[];
}

/** Thrown when a target process cannot be started or never becomes ready. */
export class TargetStartError extends Error {}

interface Running {
  subprocess: ResultPromise<{ reject: false; stdin: 'ignore'; buffer: false }>;
  exited: boolean;
  port: number;
  tmp: DirectoryResult;
  entry: Reapable;
  directives: Directives;
  /** The fault-preload journal, when started with disk faults enabled. */
  journal: PreloadJournal | undefined;
  journalTmp: DirectoryResult | undefined;
}

export type { CrashKind, StartOptions } from './target.js';

const START_ATTEMPTS = 5;

/** A server process. See Target for the lifecycle. */
export class ProcessTarget implements Target {
  readonly name: string;
  private running: Running | undefined;
  private readonly log = new LogTail();
  private readonly clients: Redis[] = [];
  private readonly rawClients: RawClient[] = [];
  private isPaused = false;
  private readonly switchboard = new DiskFaultSwitchboard(
    (f) => this.mustRun().journal!.setFaults(f),
    () => this.running?.journal !== undefined,
    () => `${this.name} ${this.running ? 'was started without diskFaults' : 'is not started'}: disk faults need start(directives, { diskFaults: true }) (fault-preload.so)`,
  );

  constructor(private readonly spec: ProcessTargetSpec) {
    this.name = spec.name;
  }

  /** Disk faults through fault-preload.so (needs start(..., { diskFaults: true })). */
  get faults(): DiskFaultControl {
    return this.switchboard;
  }

  get paused(): boolean {
    return this.isPaused;
  }

  get address(): TargetAddress {
    return { host: '127.0.0.1', port: this.mustRun().port };
  }

  get dir(): string {
    return this.mustRun().tmp.path;
  }

  get pid(): number | undefined {
    return this.running && !this.running.exited ? this.running.subprocess.pid : undefined;
  }

  async start(directives: Directives = {}, options: StartOptions = {}): Promise<void> {
    if (this.running) throw new TargetStartError(`${this.name} is already started`);
    const tmp = await tmpDir({ unsafeCleanup: true, prefix: `durability-lab-${this.name}-` });
    const entry: Reapable = { dir: tmp.path };
    remember(entry);
    let journalTmp: DirectoryResult | undefined;
    let journal: PreloadJournal | undefined;
    // A work directory beside the data directory: the fault-preload journal, the config file.
    if (options.diskFaults || this.spec.template?.config === 'file') {
      journalTmp = await tmpDir({ unsafeCleanup: true, prefix: `durability-lab-work-` });
      entry.extraDirs = [journalTmp.path];
    }
    if (options.diskFaults) journal = new PreloadJournal(tmp.path, journalTmp!.path);
    try {
      for (let attempt = 1; ; attempt++) {
        const port = await freePort();
        const outcome = await this.launch(directives, port, tmp, entry, journal, journalTmp);
        if (outcome === 'ready') return;
        const addressInUse = /address already in use|EADDRINUSE/i.test(this.log.tail(5));
        await this.killAndWait();
        if (!addressInUse || attempt >= START_ATTEMPTS) {
          throw new TargetStartError(
            `${this.spec.command} (${this.name}) on 127.0.0.1:${port} ${outcome === 'exited' ? 'exited before it was ready' : `was not ready after ${this.spec.readyTimeoutMs ?? 10_000} ms`}; last log lines:\n${this.log.tail()}`,
          );
        }
      }
    } catch (e) {
      await this.cleanup(tmp, entry, journalTmp);
      throw e;
    }
  }

  /** Replaces every disk-fault switch (absent ones go off); `faults.set` merges instead. */
  setDiskFaults(faults: DiskFaultSwitches): void {
    this.switchboard.replace(faults);
  }

  /**
   * Kills the process with SIGKILL. For a power cut (needs diskFaults), the data directory is then
   * rebuilt to what survives: fsynced file data, and in strict mode only directory entries made
   * durable by a directory fsync. The directory stays for restart().
   */
  async crash(kind: CrashKind, mode: PowerLossMode = 'data-only'): Promise<void> {
    const running = this.mustRun();
    for (const c of this.clients.splice(0)) c.disconnect();
    for (const c of this.rawClients.splice(0)) c.close();
    if (kind === 'power' && !running.journal) throw new Error(`crash:power on ${this.name} needs start(..., { diskFaults: true })`);
    await this.killAndWait();
    if (kind === 'power') {
      running.journal!.rebuildAfterPowerLoss(mode);
    }
  }

  /** Starts the server again on the same data directory and port, after crash() or a fatal exit. */
  async restart(): Promise<void> {
    const running = this.mustRun();
    if (!running.exited) await this.killAndWait();
    // What is on disk now is the durable starting point of the new incarnation.
    running.journal?.recordDurableState();
    this.log.push(`--- restart ---\n`);
    const outcome = await this.launch(running.directives, running.port, running.tmp, running.entry, running.journal, running.journalTmp);
    if (outcome !== 'ready') {
      throw new TargetStartError(`${this.spec.command} (${this.name}) did not come back on 127.0.0.1:${running.port} after restart (${outcome}); last log lines:\n${this.log.tail()}`);
    }
  }

  /** Whether the process has exited (it may die by itself, e.g. an AOF error under always). */
  get exited(): boolean {
    return this.running?.exited ?? true;
  }

  /** Resolves when the process exits (or at once if it has, or was never started). */
  async waitExit(): Promise<void> {
    const running = this.running;
    if (running && !running.exited) await running.subprocess;
  }

  /** SIGSTOP: the process (not its forked children) freezes; its sockets stay open. */
  async pause(): Promise<void> {
    const running = this.mustRun();
    if (running.exited) throw new Error(`cannot pause ${this.name}: it is not running`);
    running.subprocess.kill('SIGSTOP');
    this.isPaused = true;
  }

  /** SIGCONT after pause(). */
  async resume(): Promise<void> {
    const running = this.mustRun();
    if (!running.exited) running.subprocess.kill('SIGCONT');
    this.isPaused = false;
  }

  files(): Promise<DataFile[]> {
    return listDataFiles(this.mustRun().tmp.path);
  }

  client(): Redis {
    const { host, port } = this.address;
    // No ioredis ready check (an INFO per connection): start() and restart() already waited for PING and loading:0.
    const client = new Redis({
      host, port, lazyConnect: false, enableReadyCheck: false, maxRetriesPerRequest: 1, retryStrategy: () => null,
      // ioredis sends CLIENT SETINFO (Redis 7.2) on connect; 7.0 answers an error: two wasted commands per connection.
      disableClientInfo: true,
    });
    this.clients.push(client);
    return client;
  }

  async rawClient(): Promise<RawClient> {
    const client = await RawClient.connect(this.address.port, { label: `${this.name}@${this.address.port}` });
    this.rawClients.push(client);
    return client;
  }

  logs(): string[] {
    return this.log.all();
  }

  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    for (const c of this.clients.splice(0)) c.disconnect();
    for (const c of this.rawClients.splice(0)) c.close();
    if (this.isPaused) await this.resume();
    if (!running.exited) {
      if (this.spec.stopCommand) await this.runStopCommand(running);
      else await this.askShutdown(running.port);
    }
    const grace = this.spec.stopGraceMs ?? 3000;
    const exited = await Promise.race([running.subprocess.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), grace).unref())]);
    if (!exited) await this.killAndWait();
    await this.cleanup(running.tmp, running.entry, running.journalTmp);
  }

  private async launch(
    directives: Directives,
    port: number,
    tmp: DirectoryResult,
    entry: Reapable,
    journal?: PreloadJournal,
    journalTmp?: DirectoryResult,
  ): Promise<'ready' | 'exited' | 'timeout'> {
    const all: Directives = { ...this.spec.defaults, ...directives, port: String(port), bind: '127.0.0.1', dir: tmp.path };
    let args: string[];
    const template = this.spec.template;
    if (template) {
      const config = template.config === 'file' ? join(journalTmp!.path, 'redis.conf') : '';
      if (template.config === 'file') writeFileSync(config, renderConfigFile(all));
      args = template.args.map((a) => fillPlaceholders(a, { port: String(port), dir: tmp.path, config }));
      if (template.config === 'args') args.push(...directivesToArgs(all));
    } else {
      args = [...(this.spec.prefixArgs ?? []), ...directivesToArgs(all)];
    }
    if (journal) journal.recordDurableState();
    const env = journal ? journal.env() : {};
    const subprocess = execa(this.spec.command, args, { reject: false, stdin: 'ignore', buffer: false, cwd: tmp.path, env });
    const running: Running = { subprocess, exited: false, port, tmp, entry, directives, journal, journalTmp };
    this.running = running;
    entry.pid = subprocess.pid;
    subprocess.stdout?.on('data', (chunk: Buffer) => this.log.push(chunk));
    subprocess.stderr?.on('data', (chunk: Buffer) => this.log.push(chunk));
    void subprocess.then((result) => {
      running.exited = true;
      if (result.failed && result.code === 'ENOENT') this.log.push(`cannot run ${this.spec.command}: not found\n`);
    });
    if (subprocess.pid === undefined) {
      await subprocess;
      return 'exited';
    }
    return waitReady({ port, exited: () => running.exited, timeoutMs: this.spec.readyTimeoutMs ?? 10_000, loading: this.spec.readiness?.loading ?? true });
  }

  private async runStopCommand(running: Running): Promise<void> {
    const [cmd, ...rest] = this.spec.stopCommand!.map((a) => fillPlaceholders(a, { port: String(running.port), dir: running.tmp.path, config: running.journalTmp ? join(running.journalTmp.path, 'redis.conf') : '' }));
    const r = await execa(cmd!, rest, { reject: false, timeout: this.spec.stopGraceMs ?? 3000, stdin: 'ignore' });
    if (r.failed) this.log.push(`stop command ${[cmd, ...rest].join(' ')} failed: ${r.shortMessage}\n`);
  }

  private async askShutdown(port: number): Promise<void> {
    let client: RawClient | undefined;
    try {
      client = await RawClient.connect(port, { replyTimeoutMs: 1000 });
      await client.send(['SHUTDOWN', 'NOSAVE']);
    } catch (e) {
      // Expected: the server closes the connection instead of replying. SIGKILL follows if needed.
      void e;
    } finally {
      client?.close();
    }
  }

  private async killAndWait(): Promise<void> {
    const running = this.running;
    if (!running) return;
    // Forked children first (a BGSAVE or rewrite child would outlive its parent and keep writing).
    if (!running.exited && running.subprocess.pid !== undefined) signalAll(descendantsOf(running.subprocess.pid), 'SIGKILL');
    if (!running.exited) running.subprocess.kill('SIGKILL');
    await running.subprocess;
    this.isPaused = false;
  }

  private async cleanup(tmp: DirectoryResult, entry: Reapable, journalTmp?: DirectoryResult): Promise<void> {
    this.running = undefined;
    this.switchboard.clear();
    await tmp.cleanup();
    await journalTmp?.cleanup();
    forget(entry);
  }

  private mustRun(): Running {
    if (!this.running) throw new Error(`${this.name} is not started`);
    return this.running;
  }
}
