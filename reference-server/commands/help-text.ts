// The HELP replies of container commands, in our own words, listing what the reference server
// implements. The reply's shape follows Redis (a header line, then usage/description pairs, then
// HELP); the wording is ours, so HELP replies are excluded from byte-for-byte conformance.

import type { Reply } from '../resp/reply.js';

/** A HELP reply: header, `lines`, and the HELP entry itself. */
export function helpReply(command: string, lines: readonly string[]): Reply {
  return [`${command} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`, ...lines, 'HELP', '    Print this help.'];
}

export const CLIENT_HELP: readonly string[] = [
  'GETNAME', '    The name of this connection, or nil.',
  'ID', '    The numeric id of this connection.',
  'INFO', '    One CLIENT LIST line describing this connection.',
  'KILL <ip:port>', '    Close the connection from that address.',
  'KILL <filter> <value> [<filter> <value> ...]', '    Close matching connections; filters: ID, ADDR, LADDR, TYPE, USER, SKIPME.',
  'LIST [TYPE <type>] [ID <id> ...]', '    One line per connection.',
  'NO-EVICT (ON|OFF)', '    Mark this connection as exempt from client eviction.',
  'SETNAME <name>', '    Name this connection (no spaces or newlines).',
  'UNBLOCK <id> [TIMEOUT|ERROR]', '    Wake a client waiting in a blocking command.',
];

export const CONFIG_HELP: readonly string[] = [
  'GET <pattern> [<pattern> ...]', '    Directives matching the glob patterns, with their values.',
  'SET <directive> <value> [<directive> <value> ...]', '    Change directives at run time, all or none.',
  'RESETSTAT', '    Zero the statistics INFO reports.',
  'REWRITE', '    Write the current configuration back to the file the server started from.',
];

export const COMMAND_HELP: readonly string[] = [
  '(no subcommand)', '    Details of every command of this server.',
  'COUNT', '    How many commands this server has.',
  'LIST [FILTERBY (MODULE <name>|ACLCAT <category>|PATTERN <glob>)]', '    The names of the commands.',
  'INFO [<command-name> ...]', '    Details of the named commands (all when none are named).',
  'DOCS [<command-name> ...]', '    Documentation fields of the named commands (all when none are named).',
  'GETKEYS <full-command>', '    The keys a full command line would touch.',
  'GETKEYSANDFLAGS <full-command>', '    The keys a full command line would touch, with their access flags.',
];

export const DEBUG_HELP: readonly string[] = [
  'DIGEST', '    A hex digest of the whole dataset, equal to redis-server\'s for the same data.',
  'DIGEST-VALUE <key> [<key> ...]', '    A hex digest of each named value.',
  'OBJECT <key>', '    Low-level details of a value (encoding, serialized length).',
  'POPULATE <count> [<prefix>] [<size>]', '    Create keys <prefix>:<n> with values value:<n>, skipping existing keys.',
  'RELOAD', '    Save the dataset to the RDB file and load it back.',
  'SET-ACTIVE-EXPIRE (0|1)', '    Switch the active expiry cycle off or on.',
  'SLEEP <seconds>', '    Stop the whole server for that long (fractions allowed).',
];

export const OBJECT_HELP: readonly string[] = [
  'ENCODING <key>', '    How the value is stored (int, embstr, raw, quicklist, listpack, hashtable, intset, skiplist).',
  'FREQ <key>', '    Access frequency, when an LFU maxmemory policy is set.',
  'IDLETIME <key>', '    Seconds since last access (not tracked by the reference server: 0).',
  'REFCOUNT <key>', '    References to the value.',
];
