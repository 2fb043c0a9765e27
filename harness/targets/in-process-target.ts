// The reference server in-process as a Target: it shares the Node process with the harness, keeps
// its files on a SimulatedStorage (so power loss, disk full, EIO and fsync stalls need no native
// code), runs on virtual time unless told not to, listens on a free loopback port, and restarts on
// the same simulated disk after a crash. pause() stops serving while connections stay open.

import { Redis } from 'ioredis';
import { loadConfig } from '../../reference-server/config/load-config.js';
import { startServer, type RunningServer } from '../../reference-server/main.js';
import type { ServerFatalError } from '../../reference-server/server.js';
import type { ServerConfig } from '../../reference-server/config/server-config.js';
import { SimulatedStorage, type PowerLossMode } from '../simulated-disk/simulated-storage.js';
import { VirtualTime } from '../virtual-time/virtual-time.js';
import { RawClient } from '../resp/raw-client.js';
import { directivesToArgs } from './directives.js';
import { REDIS_SERVER_DEFAULTS } from './redis-server-target.js';
import { DiskFaultSwitchboard } from './disk-fault-control.js';
import { loopbackPortCandidates } from './loopback-port-candidates.js';
import type { CrashKind, DataFile, Directives, DiskFaultControl, DiskFaultSwitches, StartOptions, Target, TargetAddress } from './target.js';

/** The simulated data directory of an in-process target. */
export const IN_PROCESS_DIR = '/data';

/** Configurations already loaded, by their arguments: each boot takes a copy (bounded; no include files). */
const loadedConfigs = new Map<string, ServerConfig>();

function loadConfigCached(args: string[]): ServerConfig {
  // An include directive reads a file that may change between boots: load it every time.
  if (args.some((a) => a.toLowerCase() === '--include')) return loadConfig(args);
  const key = args.join('\0');
  let config = loadedConfigs.get(key);
  if (!config) {
    config = loadConfig(args);
    if (loadedConfigs.size >= 64) loadedConfigs.clear();
    loadedConfigs.set(key, config);
  }
  return config.clone();
}

export class InProcessReferenceTarget implements Target {
  readonly name: string;
  readonly storage: SimulatedStorage;
  /** Virtual time (unless turned off): the server's clock and timers and the disk's stalls run on it. */
  readonly time: VirtualTime | undefined;
  private server: RunningServer | undefined;
  private directives: Directives = {};
  private port = 0;
  private readonly clients: Redis[] = [];
  private readonly rawClients: RawClient[] = [];
  private readonly log: string[] = [];
  /** Set when the server died by itself (Redis's exit(1), e.g. an AOF write error under always). */
  fatalError: ServerFatalError | undefined;
  private down = true;
  private isPaused = false;
  private exitWaiters: Array<() => void> = [];
  private readonly switchboard = new DiskFaultSwitchboard((f) => this.applyDiskFaults(f), () => true, () => '');

  /**
   * `virtualTime` (the default): the server runs on a VirtualTime (its crons, TTLs, everysec
   * fsyncs, blocking timeouts and the simulated disk's fsync stalls), which moves only through
   * `time.advance` or `time.sleep` (and a blocking fsync stall): runs do not wait and repeat
   * exactly. `false` puts it on the wall clock and real timers.
   */
  constructor(options: { name?: string; virtualTime?: boolean | VirtualTime } = {}) {
    this.name = options.name ?? 'reference-in-process';
    const vt = options.virtualTime ?? true;
    this.time = vt === true ? new VirtualTime() : vt === false ? undefined : vt;
    this.storage = new SimulatedStorage(this.time);
    this.storage.mkdir(IN_PROCESS_DIR);
  }

  get address(): TargetAddress {
    if (!this.server) throw new Error(`${this.name} is not started`);
    return { host: '127.0.0.1', port: this.port };
  }

  get dir(): string {
    return IN_PROCESS_DIR;
  }

  get pid(): number | undefined {
    return undefined;
  }

  /** Disk faults of the simulated disk (always available). */
  get faults(): DiskFaultControl {
    return this.switchboard;
  }

  get exited(): boolean {
    return this.down;
  }

  get paused(): boolean {
    return this.isPaused;
  }

  async waitExit(): Promise<void> {
    if (this.down) return;
    await new Promise<void>((resolve) => this.exitWaiters.push(resolve));
  }

  /** The running server (engine, config) for white-box checks. */
  get running(): RunningServer | undefined {
    return this.server;
  }

  /** Starts on the simulated disk; `options` is accepted for the Target shape (disk faults are always there). */
  async start(directives: Directives = {}, options: StartOptions = {}): Promise<void> {
    void options;
    if (this.server) throw new Error(`${this.name} is already started`);
    this.directives = directives;
    await this.boot(0);
  }

  private async boot(port: number): Promise<void> {
    // The port is set on the copy: a restart keeps the port the first boot was given, so the
    // arguments without it are the same for every incarnation and load once.
    const args = directivesToArgs({ ...REDIS_SERVER_DEFAULTS, ...this.directives, port: '0', bind: '127.0.0.1', dir: IN_PROCESS_DIR, logfile: '/dev/null' });
    const config = loadConfigCached(args);
    config.set('port', [String(port)]);
    this.fatalError = undefined;
    const server = await startServer(config, this.storage, (e) => {
      this.fatalError = e;
      this.log.push(`fatal: ${e.message}`);
      void this.halt();
    }, () => {
      // SHUTDOWN closed the server; the process is the harness's, so it goes down like an exit.
      void this.halt();
    }, { ...(this.time ? { clock: this.time, timers: this.time } : {}), portCandidates: port === 0 ? loopbackPortCandidates() : undefined });
    this.server = server;
    this.port = server.port;
    this.down = false;
  }

  /** Stops serving without saving anything (what a crash looks like from the outside). */
  private async halt(): Promise<void> {
    const s = this.server;
    if (!s) return;
    this.isPaused = false;
    this.log.push(...s.logger.recent);
    s.logger.recent.length = 0;
    // The server closes its side first, as a dying process's sockets do, and the harness's clients
    // after: the TIME_WAIT each closed connection leaves is then on the server's port, not on one
    // of the ephemeral ports, whose range thousands of crash cycles would otherwise fill (and a
    // fill makes every later bind to port 0 search the range in the kernel). The clients are this
    // incarnation's, taken now: a restart while this halt waits has clients of its own. One still
    // connecting is stopped at once: its connect would meet a closed listener (an error event).
    const clients = this.clients.splice(0).filter((c) => {
      if (c.status !== 'connecting' && c.status !== 'wait' && c.status !== 'reconnecting') return true;
      c.disconnect();
      return false;
    });
    const rawClients = this.rawClients.splice(0);
    const closed = s.shutdown();
    if (this.time) {
      // A background save paced by rdb-key-save-delay stops at its next pause, which is a timer:
      // on virtual time, let time pass (bounded: 100 virtual seconds) until the server is down.
      let down = false;
      void closed.then(() => (down = true), () => (down = true));
      for (let i = 0; i < 10_000 && !down; i++) await this.time.advance(10);
    }
    await closed;
    // A client whose socket already saw the close ends by itself (ioredis then rejects what is
    // pending, as disconnect() would): ending that socket again only builds an error.
    for (const c of clients) {
      // `stream` is undefined until ioredis has begun to connect, whatever its type says.
      const socket = c.stream as Redis['stream'] | undefined;
      if (!socket?.writableEnded && !socket?.destroyed) c.disconnect();
    }
    for (const c of rawClients) c.close();
    // A halt that was overtaken by a restart (a fatal error's halt, then crash and restart) leaves
    // the new incarnation up.
    if (this.server === s) this.down = true;
    for (const w of this.exitWaiters.splice(0)) w();
  }

  /** Replaces every disk-fault switch (absent ones go off); `faults.set` merges instead. */
  setDiskFaults(f: DiskFaultSwitches): void {
    this.switchboard.replace(f);
  }

  private applyDiskFaults(f: DiskFaultSwitches): void {
    Object.assign(this.storage.faults, {
      full: f.enospc ?? false,
      partialBytes: f.partialBytes ?? 0,
      eioOnWrite: f.eioWrite ?? false,
      eioOnFsync: f.eioFsync ?? false,
      fsyncDelayMs: f.fsyncDelayMs ?? 0,
    });
  }

  /** Kills the server: a process crash keeps the page cache; a power cut keeps only fsynced data. */
  async crash(kind: CrashKind, mode: PowerLossMode = 'data-only'): Promise<void> {
    await this.halt();
    if (kind === 'power') this.storage.powerLoss(mode);
    else this.storage.processCrash();
  }

  /**
   * Starts again on the same simulated disk and port. What is on the disk now is the durable
   * starting point of the new incarnation (the OS flushed the page cache meanwhile), as the
   * process targets' power-loss journal records it at each restart.
   */
  async restart(): Promise<void> {
    if (this.server && !this.fatalError) await this.halt();
    this.storage.settle();
    await this.boot(this.port);
  }

  /** Stops serving: connections stay open, no request is read (timers inside the server go on). */
  async pause(): Promise<void> {
    if (!this.server || this.down) throw new Error(`cannot pause ${this.name}: it is not running`);
    this.server.server.pauseServing();
    this.isPaused = true;
  }

  async resume(): Promise<void> {
    if (this.server && !this.down) this.server.server.resumeServing();
    this.isPaused = false;
  }

  /** Every file on the simulated disk under the data directory, with the size a reader sees. */
  async files(): Promise<DataFile[]> {
    const prefix = `${IN_PROCESS_DIR}/`;
    return this.storage
      .allFiles()
      .filter((p) => p.startsWith(prefix))
      .map((p) => ({ path: p.slice(prefix.length), size: this.storage.size(p) }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  client(): Redis {
    const { host, port } = this.address;
    // No ioredis ready check (an INFO per connection): start() and restart() already waited for PING and loading:0.
    const client = new Redis({
      host, port, lazyConnect: false, enableReadyCheck: false, maxRetriesPerRequest: 1, retryStrategy: () => null,
      // ioredis sends CLIENT SETINFO (Redis 7.2) on connect; 7.0 answers an error: two wasted commands per connection.
      disableClientInfo: true,
      // No connect timer: a loopback connect to this process's own listener completes or is refused
      // at once (a paused server's listener still accepts), and arming the timer cost about 80 of
      // the 330 µs of a connect and PING here.
      connectTimeout: 0,
    });
    this.clients.push(client);
    return client;
  }

  async rawClient(): Promise<RawClient> {
    const client = await RawClient.connect(this.address.port, { label: `${this.name}@${this.port}` });
    this.rawClients.push(client);
    return client;
  }

  logs(): string[] {
    return [...this.log, ...(this.server?.logger.recent ?? [])];
  }

  async stop(): Promise<void> {
    await this.halt();
    this.server = undefined;
  }
}
