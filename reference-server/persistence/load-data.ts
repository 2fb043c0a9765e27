// Startup loading, as Redis 7.0's loadDataFromDisk (src/server.c): with appendonly yes the AOF is
// the truth (an old single-file AOF is upgraded first) and the RDB is not read; otherwise
// dir/dbfilename. Any defect stops the server before it accepts clients.

import type { CommandEngine } from '../engine.js';
import type { Logger } from '../logger.js';
import type { Storage } from '../ports/storage.js';
import type { Snapshotting } from './snapshotting.js';
import type { AppendOnlyFile } from './aof/append-only-file.js';
import { loadAppendOnlyFiles, type AofReplayer, UnknownAofCommand } from './aof/aof-loader.js';
import { encodingLimitsFrom } from './rdb/rdb-file.js';
import type { RdbContents } from './rdb/rdb-decoder.js';

/** Replays AOF commands through the engine with a client of its own (Redis's fake AOF client). */
export function engineReplayer(engine: CommandEngine): AofReplayer & { release(): void } {
  const client = engine.createClient();
  return {
    release: () => engine.removeClient(client),
    replay(args) {
      if (!engine.replay(client, args)) throw new UnknownAofCommand(args[0]);
    },
    inMulti: () => client.multi !== null,
    discardMulti: () => engine.discard(client),
    loadRdb(contents: RdbContents) {
      // An AOF base keeps keys past their TTL (rdbLoad with RDBFLAGS_AOF_PREAMBLE): all adopted.
      engine.keyspace.replaceContents(contents.dbs);
    },
  };
}

export interface LoadDeps {
  engine: CommandEngine;
  storage: Storage;
  logger: Logger;
  snapshotting: Snapshotting;
  aof: AppendOnlyFile;
}

/** Loads the dataset at startup and opens the AOF for appending. Throws on any defect. */
export function loadDataFromDisk(d: LoadDeps): void {
  const { engine, aof } = d;
  if (aof.state === 'on') {
    aof.loadManifest();
    aof.upgradeOldStyleIfNeeded();
    const started = engine.clock.monotonic();
    engine.keyspace.expiryPaused = true;
    const replayer = engineReplayer(engine);
    try {
      const summary = loadAppendOnlyFiles({
        storage: d.storage, logger: d.logger, dirPath: aof.dirPath,
        loadTruncated: engine.config.getBool('aof-load-truncated'),
        limits: encodingLimitsFrom(engine.config), databases: engine.keyspace.dbs.length,
        replayer,
      }, aof.manifest);
      if (summary.status !== 'not-exist') {
        d.logger.notice(`DB loaded from append only file: ${((engine.clock.monotonic() - started) / 1000).toFixed(3)} seconds`);
      }
    } finally {
      engine.keyspace.expiryPaused = false;
      replayer.release();
    }
    aof.openOnStart();
  } else {
    d.snapshotting.loadAtStartup();
  }
}
