// The reference server in-process as a Target: it shares the Node process with the harness, keeps
// its files on a SimulatedStorage (so power loss, disk full, EIO and fsync stalls need no native
// code), listens on a free loopback port, and restarts on the same simulated disk after a crash.

import { Redis } from 'ioredis';
import { loadConfig } from '../../reference-server/config/load-config.js';
import { startServer, type RunningServer } from '../../reference-server/main.js';
import type { ServerFatalError } from '../../reference-server/server.js';
import { SimulatedStorage, type PowerLossMode } from '../simulated-disk/simulated-storage.js';
import { RawClient } from '../resp/raw-client.js';
import { directivesToArgs } from './directives.js';
import { REDIS_SERVER_DEFAULTS } from './redis-server-target.js';
import type { DiskFaultSwitches } from '../preload/preload-journal.js';
import type { CrashKind } from './process-target.js';
import type { Directives, Target, TargetAddress } from './target.js';

/** The simulated data directory of an in-process target. */
export const IN_PROCESS_DIR = '/data';

export class InProcessReferenceTarget implements Target {
  readonly name: string;
  readonly storage = new SimulatedStorage();
  private server: RunningServer | undefined;
  private directives: Directives = {};
  private port = 0;
  private readonly clients: Redis[] = [];
  private readonly rawClients: RawClient[] = [];
  private readonly log: string[] = [];
  /** Set when the server died by itself (Redis's exit(1), e.g. an AOF write error under always). */
  fatalError: ServerFatalError | undefined;

  constructor(options: { name?: string } = {}) {
    this.name = options.name ?? 'reference-in-process';
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

  /** The running server (engine, config) for white-box checks. */
  get running(): RunningServer | undefined {
    return this.server;
  }

  async start(directives: Directives = {}): Promise<void> {
    if (this.server) throw new Error(`${this.name} is already started`);
    this.directives = directives;
    await this.boot(0);
  }

  private async boot(port: number): Promise<void> {
    const args = directivesToArgs({ ...REDIS_SERVER_DEFAULTS, ...this.directives, port: String(port), bind: '127.0.0.1', dir: IN_PROCESS_DIR, logfile: '/dev/null' });
    const config = loadConfig(args);
    this.fatalError = undefined;
    const server = await startServer(config, this.storage, (e) => {
      this.fatalError = e;
      this.log.push(`fatal: ${e.message}`);
      void this.halt();
    });
    this.server = server;
    this.port = server.port;
  }

  /** Stops serving without saving anything (what a crash looks like from the outside). */
  private async halt(): Promise<void> {
    const s = this.server;
    if (!s) return;
    this.log.push(...s.logger.recent);
    s.logger.recent.length = 0;
    for (const c of this.clients.splice(0)) c.disconnect();
    for (const c of this.rawClients.splice(0)) c.close();
    await s.shutdown();
  }

  /** Switches faults of the simulated disk. */
  setDiskFaults(f: DiskFaultSwitches): void {
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

  /** Starts again on the same simulated disk and port. */
  async restart(): Promise<void> {
    if (this.server && !this.fatalError) await this.halt();
    await this.boot(this.port);
  }

  client(): Redis {
    const { host, port } = this.address;
    const client = new Redis({ host, port, lazyConnect: false, maxRetriesPerRequest: 1, retryStrategy: () => null });
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
