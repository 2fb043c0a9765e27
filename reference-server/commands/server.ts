// Server commands (src/server.c, src/db.c, src/config.c): INFO, CONFIG, DBSIZE, TIME, FLUSHDB,
// FLUSHALL, SWAPDB, SHUTDOWN, LASTSAVE. DEBUG and COMMAND live in introspection.ts; SAVE and
// BGSAVE in persistence.ts.

import type { CommandContext, CommandSpec } from './command.js';
import { SYNTAX } from './errors.js';
import { infoCommand } from './info.js';
import { configCommand } from './config-command.js';
import { isStrictInteger } from '../keyspace/string-value.js';
import { ErrorReply, OK, RawReply, type Reply } from '../resp/reply.js';

/** FLUSHDB/FLUSHALL's optional [ASYNC|SYNC] (src/db.c getFlushCommandFlags); false on a syntax error. */
function flushArgsOk(args: string[]): boolean {
  if (args.length === 1) return true;
  if (args.length !== 2) return false;
  const mode = args[1]!.toLowerCase();
  return mode === 'sync' || mode === 'async';
}

/** A C int argument (getIntFromObjectOrReply), or undefined. */
function parseInt32(s: string): number | undefined {
  if (!isStrictInteger(s)) return undefined;
  const n = Number(s);
  return n < -2147483648 || n > 2147483647 ? undefined : n;
}

/**
 * SWAPDB (src/db.c dbSwapDatabases): exchanges the contents of two databases. The contents move
 * (rather than the Database objects) so every holder of a Database keeps a valid one; running
 * snapshots first save both databases' pre-images. Watchers of any key of either db are touched
 * (touchAllWatchedKeysInDb) and clients blocked on either db see their keys ready.
 */
function swapDatabases(ctx: CommandContext, id1: number, id2: number): void {
  const ks = ctx.keyspace;
  const a = ks.dbs[id1]!;
  const b = ks.dbs[id2]!;
  for (const o of ks.writeObservers) {
    o.beforeFlush(a);
    o.beforeFlush(b);
  }
  const touched = new Set<string>([...a.dict.keys(), ...b.dict.keys()]);
  const swapMaps = <V>(x: Map<string, V>, y: Map<string, V>): void => {
    const tmp = new Map(x);
    x.clear();
    for (const [k, v] of y) x.set(k, v);
    y.clear();
    for (const [k, v] of tmp) y.set(k, v);
  };
  // scanDatabaseForDeletedStreams: a key that was a stream and is not one after the swap wakes
  // XREADGROUP clients blocked on it.
  const lostStreams: Array<[number, string]> = [];
  for (const [x, y] of [[a, b], [b, a]] as const) {
    for (const [key, v] of x.dict) if (v.type === 'stream' && y.dict.get(key)?.type !== 'stream') lostStreams.push([x.id, key]);
  }
  swapMaps(a.dict, b.dict);
  swapMaps(a.expires, b.expires);
  for (const [id, key] of lostStreams) ctx.engine.keyReady(id, key);
  for (const key of touched) {
    ctx.engine.keyModified(id1, key);
    ctx.engine.keyModified(id2, key);
  }
  for (const db of [a, b]) {
    for (const [key, v] of db.dict) if (v.type === 'list' || v.type === 'zset' || v.type === 'stream') ctx.engine.keyReady(db.id, key);
  }
}

function flushAll(ctx: CommandContext, args: string[]): Reply {
  if (!flushArgsOk(args)) return SYNTAX;
  let removed = 0;
  for (const db of ctx.keyspace.dbs) removed += ctx.keyspace.flush(db);
  // Always propagated, even when nothing was removed (forceCommandPropagation).
  ctx.preventPropagation();
  ctx.alsoPropagate(args);
  const s = ctx.engine.snapshotting;
  s?.killChild();
  if (s && s.savePoints().length > 0) {
    // flushAllDataAndResetRDB: with save points, an empty RDB is written at once (dirty resets).
    s.save();
  } else {
    ctx.markDirty(removed);
  }
  return OK;
}

const NONE = { firstKey: 0, lastKey: 0, keyStep: 0 };

export const serverCommands: CommandSpec[] = [
  infoCommand,
  configCommand,
  {
    name: 'dbsize', arity: 1, flags: ['readonly', 'fast'], acl: ['keyspace', 'read', 'fast'], ...NONE,
    handler: (ctx) => ctx.db.dict.size,
  },
  {
    name: 'time', arity: 1, flags: ['loading', 'stale', 'fast'], acl: ['fast'], ...NONE,
    handler(ctx) {
      const us = ctx.engine.clock.now() * 1000;
      const sec = Math.floor(us / 1e6);
      return [String(sec), String(Math.floor(us - sec * 1e6))];
    },
  },
  {
    name: 'lastsave', arity: 1, flags: ['loading', 'stale', 'fast'], acl: ['admin', 'fast', 'dangerous'], ...NONE,
    handler: (ctx) => ctx.engine.snapshotting?.lastSave ?? Math.floor(startTime(ctx) / 1000),
  },
  {
    name: 'flushdb', arity: -1, flags: ['write'], acl: ['keyspace', 'write', 'slow', 'dangerous'], ...NONE,
    handler(ctx, args) {
      if (!flushArgsOk(args)) return SYNTAX;
      const removed = ctx.keyspace.flush(ctx.db);
      ctx.markDirty(removed);
      ctx.preventPropagation();
      ctx.alsoPropagate(args);
      return OK;
    },
  },
  {
    name: 'flushall', arity: -1, flags: ['write'], acl: ['keyspace', 'write', 'slow', 'dangerous'], ...NONE,
    handler: flushAll,
  },
  {
    name: 'swapdb', arity: 3, flags: ['write', 'fast'], acl: ['keyspace', 'write', 'fast', 'dangerous'], ...NONE,
    handler(ctx, args) {
      const id1 = parseInt32(args[1]!);
      if (id1 === undefined) return new ErrorReply('ERR invalid first DB index');
      const id2 = parseInt32(args[2]!);
      if (id2 === undefined) return new ErrorReply('ERR invalid second DB index');
      const n = ctx.keyspace.dbs.length;
      if (id1 < 0 || id1 >= n || id2 < 0 || id2 >= n) return new ErrorReply('ERR DB index is out of range');
      if (id1 !== id2) swapDatabases(ctx, id1, id2);
      ctx.markDirty();
      return OK;
    },
  },
  {
    name: 'shutdown', arity: -1, flags: ['admin', 'noscript', 'loading', 'stale', 'no_multi', 'allow_busy'],
    acl: ['admin', 'slow', 'dangerous'], ...NONE,
    handler(ctx, args) {
      let save = false;
      let nosave = false;
      let other = false;
      let abort = false;
      for (const a of args.slice(1)) {
        const opt = a.toLowerCase();
        if (opt === 'nosave') nosave = true;
        else if (opt === 'save') save = true;
        else if (opt === 'now' || opt === 'force') other = true;
        else if (opt === 'abort') abort = true;
        else return SYNTAX;
      }
      if ((abort && (save || nosave || other)) || (save && nosave)) return SYNTAX;
      // Shutdowns here are never delayed waiting for replicas, so there is none to abort.
      if (abort) return new ErrorReply('ERR No shutdown in progress.');
      const host = ctx.engine.host;
      if (!host?.shutdown) return new ErrorReply('ERR SHUTDOWN is not available in this engine (in-process model)');
      const refused = host.shutdown(nosave ? 'nosave' : save ? 'save' : 'default');
      if (refused) return refused;
      // Redis exits without replying: nothing is written, the connection closes with the process.
      ctx.client.closeAfterReply = true;
      return new RawReply('');
    },
  },
];

/** When this engine started (first asked), for LASTSAVE without snapshotting. */
const startTimes = new WeakMap<object, number>();
function startTime(ctx: CommandContext): number {
  let t = startTimes.get(ctx.engine);
  if (t === undefined) {
    t = ctx.engine.clock.now() - Math.floor(process.uptime() * 1000);
    startTimes.set(ctx.engine, t);
  }
  return t;
}

