// MULTI, EXEC, DISCARD, WATCH, UNWATCH (Redis 7.0 src/multi.c). The queueing itself and the
// WATCH bookkeeping live in the engine, which every command passes through.

import type { CommandSpec } from './command.js';
import { ErrorReply, OK } from '../resp/reply.js';

export const transactionCommands: CommandSpec[] = [
  {
    name: 'multi', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'], acl: ['fast', 'transaction'],
    firstKey: 0, lastKey: 0, keyStep: 0,
    handler(ctx) {
      if (ctx.client.multi) return new ErrorReply('ERR MULTI calls can not be nested');
      ctx.client.multi = [];
      ctx.client.multiError = false;
      return OK;
    },
  },
  {
    name: 'exec', arity: 1, flags: ['noscript', 'loading', 'stale', 'skip_slowlog'], acl: ['slow', 'transaction'],
    firstKey: 0, lastKey: 0, keyStep: 0,
    handler: (ctx) => ctx.engine.exec(ctx),
  },
  {
    name: 'discard', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'], acl: ['fast', 'transaction'],
    firstKey: 0, lastKey: 0, keyStep: 0,
    handler(ctx) {
      if (!ctx.client.multi) return new ErrorReply('ERR DISCARD without MULTI');
      ctx.engine.discard(ctx.client);
      return OK;
    },
  },
  {
    name: 'watch', arity: -2, flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'], acl: ['fast', 'transaction'],
    firstKey: 1, lastKey: -1, keyStep: 1,
    handler(ctx, args) {
      if (ctx.client.multi) return new ErrorReply('ERR WATCH inside MULTI is not allowed');
      // A client already marked dirty need not watch more (src/multi.c watchCommand).
      if (ctx.client.watchDirty) return OK;
      for (let i = 1; i < args.length; i++) ctx.engine.watch(ctx.client, ctx.db, args[i]!);
      return OK;
    },
  },
  {
    name: 'unwatch', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'], acl: ['fast', 'transaction'],
    firstKey: 0, lastKey: 0, keyStep: 0,
    handler(ctx) {
      ctx.engine.unwatchAll(ctx.client);
      ctx.client.watchDirty = false;
      return OK;
    },
  },
];
