#!/usr/bin/env node
// Entry point of `ref-redis-server`: started like redis-server (`[redis.conf] [--name value ...]`),
// it loads the configuration, writes the pidfile, listens, and shuts down on SIGTERM/SIGINT.

import { unlinkSync, writeFileSync } from 'node:fs';
import { FatalConfigError, loadConfig } from './config/load-config.js';
import { CommandEngine } from './engine.js';
import { Logger, type LogLevel } from './logger.js';
import { RespServer } from './server.js';
import type { ServerConfig } from './config/server-config.js';

/** The version we answer for: the Redis release whose behaviour we reproduce. */
export const REDIS_VERSION = '7.0.15';

/** A running reference server: engine, network front, logger. */
export interface RunningServer {
  engine: CommandEngine;
  server: RespServer;
  logger: Logger;
  port: number;
  shutdown(): Promise<void>;
}

/** Starts a server from an already-loaded configuration. */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const logger = new Logger(config.get('loglevel') as LogLevel, config.get('logfile'));
  const engine = new CommandEngine({ config });
  const server = new RespServer(engine, logger);
  logger.notice('oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo');
  logger.notice(`Redis version=${REDIS_VERSION}, bits=64, commit=00000000, modified=0, pid=${process.pid}, just started (durability-lab reference server)`);
  const port = await server.listen(config.getNumber('port'), config.get('bind').split(' ').filter((b) => b !== ''));
  const pidfile = config.get('pidfile');
  if (pidfile) writeFileSync(pidfile, `${process.pid}\n`);
  logger.notice('Server initialized');
  logger.notice(`Ready to accept connections tcp (port ${port})`);
  let stopping: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    stopping ??= (async () => {
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
  engine.host = {
    ...engine.host,
    shutdown: () => {
      logger.warning('User requested shutdown...');
      void shutdown().then(() => process.exit(0));
      return undefined;
    },
  };
  return { engine, server, logger, port, shutdown };
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
  let running: RunningServer;
  try {
    running = await startServer(config);
  } catch (e) {
    process.stderr.write(`# Could not create server TCP listening socket: ${(e as Error).message}\n`);
    process.exit(1);
  }
  const onSignal = (sig: string) => {
    running.logger.warning(`Received ${sig} scheduling shutdown...`);
    void running.shutdown().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  void main(process.argv.slice(2));
}
export { main };
