// Replication commands (Redis 7.0 src/replication.c): REPLICAOF/SLAVEOF, SYNC/PSYNC, REPLCONF,
// WAIT, ROLE. The state lives in reference-server/replication; without a running server (the
// in-process engine) ROLE answers as a master without replicas and the rest are refused.

import { BlockRequest, type CommandContext, type CommandSpec } from './command.js';
import { parseInteger } from './args.js';
import { ErrorReply, OK, RawReply, SimpleReply, type Reply } from '../resp/reply.js';
import { replicationOf, type Replication } from '../replication/replication.js';
import { roleReply } from '../replication/replication-info.js';

const NONE = { firstKey: 0, lastKey: 0, keyStep: 0 } as const;
const NO_REPLY = new RawReply('');
const NOT_INTEGER = new ErrorReply('ERR value is not an integer or out of range');
const NO_SERVER = new ErrorReply('ERR replication is not available without a server');

function replicaof(ctx: CommandContext, args: string[]): Reply {
  const repl = replicationOf(ctx.engine);
  if (!repl) return NO_SERVER;
  if (args[1]!.toLowerCase() === 'no' && args[2]!.toLowerCase() === 'one') {
    if (repl.masterHost !== undefined) {
      repl.unsetMaster();
      repl.deps.logger.notice(`MASTER MODE enabled (user request from 'id=${ctx.client.id} addr=${ctx.client.addr}')`);
    }
    return OK;
  }
  if (ctx.client.kind === 'replica') return new ErrorReply('ERR Command is not valid when client is a replica.');
  const port = parseInteger(args[2]!);
  if (port === undefined || port < 0 || port > 65535) return new ErrorReply('ERR Invalid master port');
  if (repl.masterHost !== undefined && repl.masterHost.toLowerCase() === args[1]!.toLowerCase() && repl.masterPort === port) {
    repl.deps.logger.notice('REPLICAOF would result into synchronization with the master we are already connected with. No operation performed.');
    return new SimpleReply('OK Already connected to specified master');
  }
  repl.setMaster(args[1]!, port, repl.masterHost === undefined || (repl.link?.hasCache ?? false));
  repl.deps.logger.notice(`REPLICAOF ${args[1]}:${port} enabled (user request from 'id=${ctx.client.id} addr=${ctx.client.addr}')`);
  return OK;
}

function sync(ctx: CommandContext, args: string[]): Reply {
  const repl = replicationOf(ctx.engine);
  if (!repl) return NO_SERVER;
  let psync: { replid: string; offset: number } | undefined;
  if (args[0]!.toLowerCase() === 'psync') {
    const offset = parseInteger(args[2]!);
    if (offset === undefined) return NOT_INTEGER;
    psync = { replid: args[1]!, offset };
  }
  const err = repl.sync(ctx.client, psync);
  return err === undefined ? NO_REPLY : new ErrorReply(err.slice(1));
}

function replconf(ctx: CommandContext, args: string[]): Reply {
  if (args.length % 2 === 0) return new ErrorReply('ERR syntax error');
  const repl = replicationOf(ctx.engine);
  for (let j = 1; j < args.length; j += 2) {
    const opt = args[j]!.toLowerCase();
    const value = args[j + 1]!;
    if (opt === 'listening-port') {
      const port = parseInteger(value);
      if (port === undefined) return NOT_INTEGER;
      if (repl) repl.announceOf(ctx.client).listeningPort = port;
    } else if (opt === 'ip-address') {
      if (repl) repl.announceOf(ctx.client).ip = value;
    } else if (opt === 'capa') {
      if (repl && value.toLowerCase() === 'eof') repl.announceOf(ctx.client).capaEof = true;
      else if (repl && value.toLowerCase() === 'psync2') repl.announceOf(ctx.client).capaPsync2 = true;
    } else if (opt === 'ack') {
      // Replicas' ACKs get no reply (src/replication.c replconfCommand).
      const offset = parseInteger(value);
      if (offset === undefined || !repl) return NO_REPLY;
      repl.ack(ctx.client, offset);
      return NO_REPLY;
    } else if (opt === 'getack') {
      if (repl?.link?.state === 'connected' && ctx.client.kind === 'master') repl.link.sendAck();
      return NO_REPLY;
    } else if (opt === 'rdb-only') {
      const v = parseInteger(value);
      if (v !== 0 && v !== 1) return new ErrorReply('ERR syntax error');
      if (repl) repl.announceOf(ctx.client).rdbOnly = v === 1;
    } else if (opt === 'rdb-filter-only') {
      // Only "functions" can be included (none exist here); data is always left out.
      for (const filter of value.split(/\s+/).filter((f) => f !== '')) {
        if (filter.toLowerCase() !== 'functions') return new ErrorReply(`ERR Unsupported rdb-filter-only option: ${filter}`);
      }
      if (repl) repl.announceOf(ctx.client).excludeData = true;
    } else {
      return new ErrorReply(`ERR Unrecognized REPLCONF option: ${args[j]}`);
    }
  }
  return OK;
}

/** getTimeoutFromObjectOrReply in milliseconds. */
function parseTimeout(arg: string): number | ErrorReply {
  const n = parseInteger(arg);
  if (n === undefined) return new ErrorReply('ERR timeout is not an integer or out of range');
  if (n < 0) return new ErrorReply('ERR timeout is negative');
  return n;
}

function wait(ctx: CommandContext, args: string[]): Reply | BlockRequest {
  const repl: Replication | undefined = replicationOf(ctx.engine);
  if (repl?.masterHost !== undefined) {
    return new ErrorReply('ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated.');
  }
  const numreplicas = parseInteger(args[1]!);
  if (numreplicas === undefined) return NOT_INTEGER;
  const timeout = parseTimeout(args[2]!);
  if (timeout instanceof ErrorReply) return timeout;
  if (!repl) return 0;
  // Redis waits for the client's last write offset (c->woff); we use the current stream offset.
  const offset = repl.masterReplOffset;
  const acked = repl.countAcks(offset);
  if (acked >= numreplicas || ctx.inExec) return acked;
  const engine = ctx.engine;
  const client = ctx.client;
  // The timeout reply is the count at the time it is sent, so it is computed when encoded.
  const live = new RawReply('');
  Object.defineProperty(live, 'resp', { get: () => `:${repl.countAcks(offset)}\r\n` });
  const waiter = () => {
    if (!engine.isBlocked(client)) {
      repl.waiters.delete(waiter);
      return;
    }
    if (repl.countAcks(offset) >= numreplicas) {
      repl.waiters.delete(waiter);
      engine.timeout(client);
    }
  };
  repl.waiters.add(waiter);
  repl.requestAcks();
  return new BlockRequest([], timeout > 0 ? ctx.now + timeout : 0, () => undefined, live);
}

export const replicationCommands: CommandSpec[] = [
  { name: 'replicaof', arity: 3, flags: ['no_async_loading', 'admin', 'noscript', 'stale'], acl: ['admin', 'slow', 'dangerous'], ...NONE, handler: replicaof },
  { name: 'slaveof', arity: 3, flags: ['no_async_loading', 'admin', 'noscript', 'stale'], acl: ['admin', 'slow', 'dangerous'], ...NONE, handler: replicaof },
  { name: 'sync', arity: 1, flags: ['no_async_loading', 'admin', 'no_multi', 'noscript'], acl: ['admin', 'slow', 'dangerous'], ...NONE, handler: sync },
  { name: 'psync', arity: -3, flags: ['no_async_loading', 'admin', 'no_multi', 'noscript'], acl: ['admin', 'slow', 'dangerous'], ...NONE, handler: sync },
  { name: 'replconf', arity: -1, flags: ['admin', 'noscript', 'loading', 'stale', 'allow_busy'], acl: ['admin', 'slow', 'dangerous'], ...NONE, handler: replconf },
  { name: 'wait', arity: 3, flags: ['noscript'], acl: ['slow', 'connection'], ...NONE, handler: wait },
  { name: 'role', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast'], acl: ['admin', 'fast', 'dangerous'], ...NONE, handler: (ctx) => roleReply(replicationOf(ctx.engine)) },
];
