// Connection commands (src/server.c pingCommand, echoCommand, src/db.c selectCommand,
// src/networking.c quitCommand, helloCommand) and the CLIENT container.

import type { CommandSpec } from './command.js';
import { DB_INDEX_OUT_OF_RANGE, NOT_INTEGER, wrongArity } from './errors.js';
import { clientCommand, setClientName } from './client-command.js';
import { isStrictInteger } from '../keyspace/string-value.js';
import { ErrorReply, OK, PONG, type Reply } from '../resp/reply.js';

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/** HELLO's RESP2 reply: the map as a flat array (src/networking.c helloCommand). */
function helloReply(id: number, role: string): Reply {
  return ['server', 'redis', 'version', '7.0.15', 'proto', 2, 'id', id, 'mode', 'standalone', 'role', role, 'modules', []];
}

export const connectionCommands: CommandSpec[] = [
  {
    name: 'ping', arity: -1, flags: ['fast'], acl: ['fast', 'connection'], firstKey: 0, lastKey: 0, keyStep: 0,
    handler(_ctx, args) {
      if (args.length > 2) return wrongArity('ping');
      return args.length === 1 ? PONG : args[1]!;
    },
  },
  {
    name: 'echo', arity: 2, flags: ['loading', 'stale', 'fast'], acl: ['fast', 'connection'], firstKey: 0, lastKey: 0, keyStep: 0,
    handler: (_ctx, args) => args[1]!,
  },
  {
    name: 'select', arity: 2, flags: ['loading', 'stale', 'fast'], acl: ['fast', 'connection'], firstKey: 0, lastKey: 0, keyStep: 0,
    handler(ctx, args) {
      // getIntFromObjectOrReply: a 64-bit integer that also fits an int.
      const s = args[1]!;
      if (!isStrictInteger(s)) return NOT_INTEGER;
      const id = Number(s);
      if (id < INT_MIN || id > INT_MAX) return new ErrorReply(`ERR value is out of range, value must between ${INT_MIN} and ${INT_MAX}`);
      if (id < 0 || id >= ctx.keyspace.dbs.length) return DB_INDEX_OUT_OF_RANGE;
      ctx.client.db = id;
      return OK;
    },
  },
  {
    name: 'quit', arity: -1, flags: ['allow_busy', 'noscript', 'loading', 'stale', 'fast', 'no_auth'], acl: ['fast', 'connection'],
    firstKey: 0, lastKey: 0, keyStep: 0,
    handler(ctx) {
      ctx.client.closeAfterReply = true;
      return OK;
    },
  },
  {
    name: 'hello', arity: -1, flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'], acl: ['fast', 'connection'],
    firstKey: 0, lastKey: 0, keyStep: 0,
    handler(ctx, args) {
      let next = 1;
      if (args.length >= 2) {
        const v = args[next++]!;
        if (!isStrictInteger(v)) return new ErrorReply('ERR Protocol version is not an integer or out of range');
        const ver = BigInt(v);
        // Divergence: Redis 7.0 also accepts 3 (RESP3); this server speaks RESP2 only.
        if (ver !== 2n) return new ErrorReply('NOPROTO unsupported protocol version');
      }
      for (let j = next; j < args.length; j++) {
        const opt = args[j]!;
        const more = args.length - 1 - j;
        const lower = opt.toLowerCase();
        if (lower === 'auth' && more >= 2) {
          // Only the default user exists; it accepts any password unless requirepass is set.
          const pass = ctx.config.get('requirepass');
          if (args[j + 1] !== 'default' || (pass !== '' && args[j + 2] !== pass)) {
            return new ErrorReply('WRONGPASS invalid username-password pair or user is disabled.');
          }
          j += 2;
        } else if (lower === 'setname' && more >= 1) {
          const refused = setClientName(ctx.client, args[j + 1]!);
          if (refused) return refused;
          j++;
        } else {
          return new ErrorReply(`ERR Syntax error in HELLO option '${opt}'`);
        }
      }
      ctx.client.resp = 2;
      return helloReply(ctx.client.id, ctx.config.get('replicaof') === '' ? 'master' : 'replica');
    },
  },
  clientCommand,
];
