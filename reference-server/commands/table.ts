// The command table: an explicit map from lower-case name to spec, assembled from one array per
// command family. No registration by import side effects.

import type { CommandSpec } from './command.js';
import { connectionCommands } from './connection.js';
import { serverCommands } from './server.js';
import { keysCommands } from './keys.js';
import { stringsCommands } from './strings.js';
import { bitmapCommands } from './bitmaps.js';
import { listsCommands } from './lists.js';
import { hashesCommands } from './hashes.js';
import { setsCommands } from './sets.js';
import { sortedSetCommands } from './sorted-sets.js';
import { streamCommands } from './streams.js';
import { transactionCommands } from './transactions.js';
import { persistenceCommands } from './persistence.js';
import { introspectionCommands } from './introspection.js';
import { replicationCommands } from './replication.js';

export const COMMAND_FAMILIES: Record<string, readonly CommandSpec[]> = {
  connection: connectionCommands,
  server: serverCommands,
  keys: keysCommands,
  strings: stringsCommands,
  bitmaps: bitmapCommands,
  lists: listsCommands,
  hashes: hashesCommands,
  sets: setsCommands,
  'sorted-sets': sortedSetCommands,
  streams: streamCommands,
  transactions: transactionCommands,
  persistence: persistenceCommands,
  introspection: introspectionCommands,
  replication: replicationCommands,
};

function buildTable(): Map<string, CommandSpec> {
  const table = new Map<string, CommandSpec>();
  for (const [family, specs] of Object.entries(COMMAND_FAMILIES)) {
    for (const spec of specs) {
      if (table.has(spec.name)) throw new Error(`command '${spec.name}' defined twice (family ${family})`);
      table.set(spec.name, spec);
    }
  }
  return table;
}

export const COMMAND_TABLE: ReadonlyMap<string, CommandSpec> = buildTable();
