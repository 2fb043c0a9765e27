// CLIENT subcommands (src/networking.c clientCommand): ID, GETNAME, SETNAME, LIST, INFO, KILL,
// UNBLOCK, NO-EVICT, HELP. Closing another connection goes through engine.host.killClient.

import type { CommandContext, CommandSpec } from './command.js';
import { NOT_INTEGER, SYNTAX } from './errors.js';
import { CLIENT_HELP, helpReply } from './help-text.js';
import { isStrictInteger } from '../keyspace/string-value.js';
import type { ClientState } from '../client-state.js';
import { ErrorReply, OK, type Reply } from '../resp/reply.js';

/** Redis's client type names (getClientTypeByName); 'replica' is an alias of 'slave'. */
function clientTypeByName(name: string): ClientState['kind'] | 'slave-or-replica' | undefined {
  switch (name.toLowerCase()) {
    case 'normal': return 'normal';
    case 'slave':
    case 'replica': return 'replica';
    case 'pubsub': return 'pubsub';
    case 'master': return 'master';
    default: return undefined;
  }
}

/** One CLIENT LIST line (src/networking.c catClientInfoString, 7.0 field set). */
export function clientInfoLine(ctx: CommandContext, c: ClientState): string {
  let flags = '';
  if (c.kind === 'replica') flags += 'S';
  if (c.kind === 'master') flags += 'M';
  if (c.kind === 'pubsub') flags += 'P';
  if (c.multi) flags += 'x';
  if (ctx.engine.isBlocked(c)) flags += 'b';
  if (c.watchDirty) flags += 'd';
  if (c.closeAfterReply) flags += 'c';
  if (c.noEvict) flags += 'e';
  if (flags === '') flags = 'N';
  const now = ctx.now;
  return `id=${c.id} addr=${c.addr} laddr=${c.laddr} fd=${c.fd} name=${c.name}` +
    ` age=${Math.floor((now - c.createdAt) / 1000)} idle=${Math.floor((now - c.lastInteraction) / 1000)}` +
    ` flags=${flags} db=${c.db} sub=0 psub=0 ssub=0 multi=${c.multi ? c.multi.length : -1}` +
    ' qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=0' +
    ` events=r cmd=${c.lastCommand} user=default redir=-1 resp=${c.resp}\n`;
}

/** src/networking.c validateClientName: printable ASCII without spaces. */
export function invalidClientName(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const ch = name.charCodeAt(i);
    if (ch < 33 || ch > 126) return true;
  }
  return false;
}

/** Sets the client name or returns Redis's error (clientSetNameOrReply). */
export function setClientName(client: ClientState, name: string): ErrorReply | undefined {
  if (invalidClientName(name)) return new ErrorReply('ERR Client names cannot contain spaces, newlines or special characters.');
  client.name = name;
  return undefined;
}

function clientList(ctx: CommandContext, args: string[]): Reply {
  let filter: (c: ClientState) => boolean = () => true;
  if (args.length === 4 && args[2]!.toLowerCase() === 'type') {
    const type = clientTypeByName(args[3]!);
    if (type === undefined) return new ErrorReply(`ERR Unknown client type '${args[3]}'`);
    filter = (c) => c.kind === type;
  } else if (args.length >= 4 && args[2]!.toLowerCase() === 'id') {
    const ids = new Set<number>();
    for (const a of args.slice(3)) {
      if (!isStrictInteger(a) || Number(a) <= 0) return new ErrorReply('ERR Invalid client ID');
      ids.add(Number(a));
    }
    filter = (c) => ids.has(c.id);
  } else if (args.length !== 2) {
    return SYNTAX;
  }
  let out = '';
  for (const c of ctx.engine.clients.values()) if (filter(c)) out += clientInfoLine(ctx, c);
  return out;
}

function clientKill(ctx: CommandContext, args: string[]): Reply {
  let addr: string | undefined;
  let laddr: string | undefined;
  let type: string | undefined;
  let id = 0;
  let skipme = true;
  if (args.length === 3) {
    addr = args[2];
    skipme = false;
  } else {
    for (let i = 2; i < args.length; i += 2) {
      const opt = args[i]!.toLowerCase();
      const value = args[i + 1];
      if (value === undefined) return SYNTAX;
      if (opt === 'id') {
        if (!isStrictInteger(value) || BigInt(value) < 1n || BigInt(value) > 9223372036854775807n) {
          return new ErrorReply('ERR client-id should be greater than 0');
        }
        id = Number(value);
      } else if (opt === 'type') {
        type = clientTypeByName(value);
        if (type === undefined) return new ErrorReply(`ERR Unknown client type '${value}'`);
      } else if (opt === 'addr') {
        addr = value;
      } else if (opt === 'laddr') {
        laddr = value;
      } else if (opt === 'user') {
        if (value !== 'default') return new ErrorReply(`ERR No such user '${value}'`);
      } else if (opt === 'skipme') {
        if (value.toLowerCase() === 'yes') skipme = true;
        else if (value.toLowerCase() === 'no') skipme = false;
        else return SYNTAX;
      } else {
        return SYNTAX;
      }
    }
  }
  let killed = 0;
  for (const c of [...ctx.engine.clients.values()]) {
    if (addr !== undefined && c.addr !== addr) continue;
    if (laddr !== undefined && c.laddr !== laddr) continue;
    if (type !== undefined && c.kind !== type) continue;
    if (id !== 0 && c.id !== id) continue;
    if (c === ctx.client && skipme) continue;
    if (c === ctx.client) ctx.client.closeAfterReply = true;
    else killClient(ctx, c);
    killed++;
  }
  if (args.length === 3) return killed === 0 ? new ErrorReply('ERR No such client') : OK;
  return killed;
}

/** Closes another client: through the network host when there is one, else just forgets it. */
function killClient(ctx: CommandContext, c: ClientState): void {
  const host = ctx.engine.host;
  if (host?.killClient) host.killClient(c.id);
  else ctx.engine.removeClient(c);
}

function clientUnblock(ctx: CommandContext, args: string[]): Reply {
  if (!isStrictInteger(args[2]!)) return NOT_INTEGER;
  let asError = false;
  if (args.length === 4) {
    const how = args[3]!.toLowerCase();
    if (how === 'error') asError = true;
    else if (how !== 'timeout') return new ErrorReply('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR');
  }
  const target = ctx.engine.clients.get(Number(args[2]));
  if (!target || !ctx.engine.isBlocked(target)) return 0;
  // Divergence: with ERROR Redis fails the blocked command with -UNBLOCKED; the engine can only
  // deliver the timeout reply to a blocked client, so both reasons answer as on timeout.
  void asError;
  ctx.engine.timeout(target);
  return 1;
}

const FLAGS: CommandSpec['flags'] = ['noscript', 'loading', 'stale'];
const ADMIN_FLAGS: CommandSpec['flags'] = ['admin', 'noscript', 'loading', 'stale'];

function sub(name: string, arity: number, flags: CommandSpec['flags'], handler: CommandSpec['handler']): CommandSpec {
  const acl = flags.includes('admin') ? ['admin', 'slow', 'dangerous', 'connection'] : ['slow', 'connection'];
  return { name, arity, flags, acl, firstKey: 0, lastKey: 0, keyStep: 0, handler };
}


export const clientCommand: CommandSpec = {
  name: 'client', arity: -2, flags: [], acl: ['slow'], firstKey: 0, lastKey: 0, keyStep: 0,
  subcommands: {
    id: sub('id', 2, FLAGS, (ctx) => ctx.client.id),
    getname: sub('getname', 2, FLAGS, (ctx) => (ctx.client.name === '' ? null : ctx.client.name)),
    setname: sub('setname', 3, FLAGS, (ctx, args) => setClientName(ctx.client, args[2]!) ?? OK),
    list: sub('list', -2, ADMIN_FLAGS, clientList),
    info: sub('info', 2, FLAGS, (ctx) => clientInfoLine(ctx, ctx.client)),
    kill: sub('kill', -3, ADMIN_FLAGS, clientKill),
    unblock: sub('unblock', -3, ADMIN_FLAGS, clientUnblock),
    'no-evict': sub('no-evict', 3, ADMIN_FLAGS, (ctx, args) => {
      const v = args[2]!.toLowerCase();
      if (v !== 'on' && v !== 'off') return SYNTAX;
      ctx.client.noEvict = v === 'on';
      return OK;
    }),
    help: sub('help', 2, ['loading', 'stale'], () => helpReply('CLIENT', CLIENT_HELP)),
  },
};
