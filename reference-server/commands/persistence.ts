// SAVE, BGSAVE and BGREWRITEAOF (src/rdb.c, src/aof.c): thin command wrappers over the server's
// Snapshotting and AppendOnlyFile services, which only exist when the engine runs as a server.

import type { CommandContext, CommandSpec } from './command.js';
import { SYNTAX } from './errors.js';
import { is } from './args.js';
import { ErrorReply, OK, SimpleReply } from '../resp/reply.js';
import type { Snapshotting } from '../persistence/snapshotting.js';

function snapshotting(ctx: CommandContext): Snapshotting | ErrorReply {
  return ctx.engine.snapshotting ?? new ErrorReply('ERR persistence is not available in this engine (in-process model)');
}

export const persistenceCommands: CommandSpec[] = [
  {
    name: 'save', arity: 1, flags: ['admin', 'noscript', 'no_async_loading', 'no_multi'], acl: ['admin', 'slow', 'dangerous'],
    firstKey: 0, lastKey: 0, keyStep: 0,
    handler(ctx) {
      const s = snapshotting(ctx);
      if (s instanceof ErrorReply) return s;
      return s.saveCommand() ?? OK;
    },
  },
  {
    name: 'bgsave', arity: -1, flags: ['admin', 'noscript', 'no_async_loading'], acl: ['admin', 'slow', 'dangerous'],
    firstKey: 0, lastKey: 0, keyStep: 0,
    handler(ctx, args) {
      let schedule = false;
      if (args.length > 1) {
        if (args.length === 2 && is(args[1]!, 'schedule')) schedule = true;
        else return SYNTAX;
      }
      const s = snapshotting(ctx);
      if (s instanceof ErrorReply) return s;
      const r = s.bgsave(schedule);
      return typeof r === 'string' ? new SimpleReply(r) : r;
    },
  },
  // BGREWRITEAOF (src/aof.c bgrewriteaofCommand).
  {
    name: 'bgrewriteaof', arity: 1, flags: ['admin', 'noscript', 'no_async_loading'], acl: ['admin', 'slow', 'dangerous'],
    firstKey: 0, lastKey: 0, keyStep: 0,
    handler(ctx) {
      const aof = ctx.engine.aof;
      if (!aof) return new ErrorReply('ERR persistence is not available in this engine (in-process model)');
      const r = aof.bgrewriteaof();
      return typeof r === 'string' ? new SimpleReply(r) : r;
    },
  },
];
