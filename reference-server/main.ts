#!/usr/bin/env node
// Entry point of `ref-redis-server`: started like redis-server (`[redis.conf] [--name value ...]`),
// it loads the configuration, writes the pidfile, listens, and shuts down on SIGTERM/SIGINT.

import { unlinkSync, writeFileSync } from 'node:fs';
import { FatalConfigError, loadConfig } from './config/load-config.js';
import { CommandEngine } from './engine.js';
import { Logger, type LogLevel } from './logger.js';
import { RespServer, ServerFatalError } from './server.js';
import { ErrorReply } from './resp/reply.js';
import type { ServerConfig } from './config/server-config.js';
import { Snapshotting } from './persistence/snapshotting.js';
import { AppendOnlyFile } from './persistence/aof/append-only-file.js';
import { AofLoadError } from './persistence/aof/aof-loader.js';
import { AofManifestError } from './persistence/aof/manifest.js';
import { loadDataFromDisk } from './persistence/load-data.js';
import { RdbError } from './persistence/rdb/rdb-error.js';
import { nodeStorage } from './ports/node-storage.js';
import type { Storage } from './ports/storage.js';
import type { Clock } from './ports/clock.js';
import type { Timers } from './ports/timers.js';
import { installReplication } from './replication/install.js';
import type { Replication } from './replication/replication.js';

/** The version we answer for: the Redis release whose behaviour we reproduce. */
export const REDIS_VERSION = '7.0.15';

/** A running reference server: engine, network front, logger. */
export interface RunningServer {
  engine: CommandEngine;
  server: RespServer;
  logger: Logger;
  port: number;
  shutdown(): Promise<void>;
  /** Saves if the configuration asks for a save at exit; false when that save failed. */
  saveBeforeExit(mode: 'default' | 'save' | 'nosave'): boolean;
}

/** Thrown when the dataset on disk cannot be loaded: the server must not start. */
export class StartupLoadError extends Error {}

/** Where an in-process server takes its time from (the system clock and timers by default). */
export interface ServerTime {
  clock: Clock;
  timers: Timers;
}

/** What an in-process host gives a server: its time, and the ports to try when `port` is 0. */
export interface InProcessHost extends Partial<ServerTime> {
  portCandidates?: Iterable<number>;
}

/** Starts a server from an already-loaded configuration. */
export async function startServer(
  config: ServerConfig,
  storage: Storage = nodeStorage,
  onFatal?: (error: ServerFatalError) => void,
  /** What SHUTDOWN does once the server is closed: end the process, or (in-process) tell the host. */
  onShutdown: () => void = () => process.exit(0),
  host: InProcessHost = {},
): Promise<RunningServer> {
  const logger = new Logger(config.get('loglevel') as LogLevel, config.get('logfile'));
  const engine = new CommandEngine({ config, clock: host.clock, timers: host.timers });
  const server = new RespServer(engine, logger);
  if (onFatal) server.onFatal = onFatal;
  logger.notice('oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo');
  logger.notice(`Redis version=${REDIS_VERSION}, bits=64, commit=00000000, modified=0, pid=${process.pid}, just started (durability-lab reference server)`);
  let aof: AppendOnlyFile | undefined;
  let replication: Replication | undefined;
  const snapshotting = new Snapshotting({
    engine, storage, logger, otherChildActive: () => aof?.rewrite.running !== undefined,
    auxFields: () => replication?.saveInfoAux() ?? [],
  });
  aof = new AppendOnlyFile({
    engine, storage, logger,
    bgsaveActive: () => snapshotting.inProgress,
    fatal: (message) => {
      throw new ServerFatalError(message);
    },
  });
  engine.snapshotting = snapshotting;
  engine.aof = aof;
  engine.admissionChecks.push(snapshotting.admissionCheck());
  engine.admissionChecks.push((_client, spec) => {
    if (!spec.flags.includes('write') && spec.name !== 'ping') return undefined;
    return aof!.deniesWrites();
  });
  try {
    loadDataFromDisk({ engine, storage, logger, snapshotting, aof });
  } catch (e) {
    if (e instanceof RdbError || e instanceof AofLoadError || e instanceof AofManifestError) {
      if (e instanceof RdbError) logger.warning(`Internal error in RDB reading ${e.message}`);
      else if (e instanceof AofManifestError) logger.warning(`\n*** FATAL AOF MANIFEST FILE ERROR ***\n${e.message}`);
      else logger.warning(e.message);
      logger.warning('Terminating server after data loading failure.');
      throw new StartupLoadError(e.message);
    }
    throw e;
  }
  engine.propagationSink = (ops) => aof!.feed(ops);
  server.beforeSleepHook = () => aof!.flush(false);
  config.onChange('appendonly', (v) => {
    if (v === 'yes') aof!.start();
    else void aof!.stop();
  });
  const aofCron = engine.timers.every(1000 / Math.max(1, config.getNumber('hz')), () => {
    try {
      aof!.cron();
    } catch (e) {
      if (!(e instanceof ServerFatalError)) throw e;
      server.fatal(e);
    }
  });
  const saveCron = engine.timers.every(100, () => snapshotting.cron());
  const port = await server.listen(config.getNumber('port'), config.get('bind').split(' ').filter((b) => b !== ''), host.portCandidates);
  const pidfile = config.get('pidfile');
  if (pidfile) writeFileSync(pidfile, `${process.pid}\n`);
  logger.notice('Server initialized');
  logger.notice(`Ready to accept connections tcp (port ${port})`);
  let stopping: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    stopping ??= (async () => {
      saveCron.cancel();
      aofCron.cancel();
      replication?.stop();
      await snapshotting.abort();
      await aof!.abortRewrite();
      await server.close();
      if (pidfile) {
        try {
          unlinkSync(pidfile);
        } catch (e) {
          logger.warning(`Could not remove the pid file ${pidfile}: ${(e as Error).message}`);
        }
      }
      logger.notice('Redis is now ready to exit, bye bye...');
    })();
    return stopping;
  };
  /** SHUTDOWN and SIGTERM: save first when save points exist (or SAVE was asked), as Redis's prepareForShutdown. */
  const saveBeforeExit = (mode: 'default' | 'save' | 'nosave'): boolean => {
    // prepareForShutdown: the AOF is written and fsynced whatever the policy.
    aof!.flushForShutdown();
    if (mode === 'nosave' || (mode === 'default' && snapshotting.savePoints().length === 0)) return true;
    logger.notice('Saving the final RDB snapshot before exiting.');
    if (snapshotting.inProgress) logger.warning('There is a child saving an .rdb. Killing it!');
    const failed = snapshotting.save();
    if (failed) {
      logger.warning('Error trying to save the DB, can\'t exit.');
      return false;
    }
    return true;
  };
  engine.host = {
    ...engine.host,
    shutdown: (mode) => {
      logger.warning('User requested shutdown...');
      if (!saveBeforeExit(mode)) return new ErrorReply('ERR Errors trying to SHUTDOWN. Check logs.');
      void shutdown().then(onShutdown);
      return undefined;
    },
  };
  // Replication last: it wraps the propagation sink and the host set above.
  replication = installReplication({ engine, storage, logger, snapshotting, aof, connections: () => server.connections });
  return { engine, server, logger, port, shutdown, saveBeforeExit };
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '-v' || argv[0] === '--version') {
    process.stdout.write(`Redis server v=${REDIS_VERSION} sha=00000000:0 malloc=libc bits=64 build=durability-lab-reference\n`);
    return;
  }
  let config: ServerConfig;
  try {
    config = loadConfig(argv);
  } catch (e) {
    if (e instanceof FatalConfigError) {
      process.stderr.write(e.message + '\n');
      process.exit(1);
    }
    throw e;
  }
  // Redis chdir()s to `dir` while reading the configuration: a relative logfile or pidfile is in it.
  try {
    process.chdir(config.get('dir'));
  } catch (e) {
    process.stderr.write(`Can't chdir to '${config.get('dir')}': ${(e as Error).message}\n`);
    process.exit(1);
  }
  let running: RunningServer;
  try {
    running = await startServer(config);
  } catch (e) {
    if (e instanceof StartupLoadError) process.exit(1);
    process.stderr.write(`# Could not create server TCP listening socket: ${(e as Error).message}\n`);
    process.exit(1);
  }
  const onSignal = (sig: string) => {
    running.logger.warning(`Received ${sig} scheduling shutdown...`);
    // Like Redis, a SIGTERM with failing saves does not stop the server.
    if (!running.saveBeforeExit('default')) return;
    void running.shutdown().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  void main(process.argv.slice(2));
}
export { main };
