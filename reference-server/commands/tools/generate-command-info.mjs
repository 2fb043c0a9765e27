// One-off generator (not part of the server's runtime): reads Redis 7.0.15's src/commands/*.json
// and writes reference-server/commands/command-info-data.ts, the facts COMMAND INFO / DOCS need.
// Derivations follow src/server.c: setImplicitACLCategories, populateCommandLegacyRangeSpec.
// Usage: node reference-server/commands/tools/generate-command-info.mjs /tmp/redis-7.0.15/src/commands

import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = process.argv[2] ?? '/tmp/redis-7.0.15/src/commands';
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'command-info-data.ts');

// addReplyFlagsForCommand order; hidden flags (may_replicate, sentinel, only_sentinel, protected,
// touches_arbitrary_keys) are not listed.
const FLAG_ORDER = ['write', 'readonly', 'denyoom', 'module', 'admin', 'pubsub', 'noscript', 'blocking', 'loading',
  'stale', 'skip_monitor', 'skip_slowlog', 'asking', 'fast', 'no_auth', 'no_mandatory_keys', 'no_async_loading',
  'no_multi', 'movablekeys', 'allow_busy'];
// ACLCommandCategories order in src/acl.c.
const ACL_ORDER = ['keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog',
  'geo', 'stream', 'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection', 'transaction', 'scripting'];
// addReplyFlagsForKeyArgs order.
const KEY_FLAG_ORDER = ['RO', 'RW', 'OW', 'RM', 'access', 'update', 'insert', 'delete', 'not_key', 'incomplete', 'variable_flags'];
const keyFlagName = (f) => (['RO', 'RW', 'OW', 'RM'].includes(f) ? f : f.toLowerCase());

const byName = new Map();
for (const file of readdirSync(src).filter((f) => f.endsWith('.json')).sort()) {
  const json = JSON.parse(readFileSync(join(src, file), 'utf8'));
  for (const [name, c] of Object.entries(json)) byName.set(c.container ? `${c.container}|${name}`.toLowerCase() : name.toLowerCase(), { file, c });
}

function build(fullname, c) {
  const raw = new Set((c.command_flags ?? []).map((f) => f.toLowerCase()));
  if (raw.has('only_sentinel')) return undefined;
  const acl = new Set((c.acl_categories ?? []).map((a) => a.toLowerCase()));
  if (raw.has('write')) acl.add('write');
  if (raw.has('readonly') && !acl.has('scripting')) acl.add('read');
  if (raw.has('admin')) { acl.add('admin'); acl.add('dangerous'); }
  if (raw.has('pubsub')) acl.add('pubsub');
  if (raw.has('fast')) acl.add('fast');
  if (raw.has('blocking')) acl.add('blocking');
  if (!acl.has('fast')) acl.add('slow');
  const keySpecs = (c.key_specs ?? []).map((k) => {
    const ks = { flags: KEY_FLAG_ORDER.filter((f) => (k.flags ?? []).map(keyFlagName).includes(f)) };
    if (k.notes) ks.notes = k.notes;
    const bs = k.begin_search;
    if (bs.index) ks.beginSearch = { type: 'index', index: bs.index.pos };
    else if (bs.keyword) ks.beginSearch = { type: 'keyword', keyword: bs.keyword.keyword, startfrom: bs.keyword.startfrom };
    else ks.beginSearch = { type: 'unknown' };
    const fk = k.find_keys;
    if (fk.range) ks.findKeys = { type: 'range', lastkey: fk.range.lastkey, keystep: fk.range.step, limit: fk.range.limit };
    else if (fk.keynum) ks.findKeys = { type: 'keynum', keynumidx: fk.keynum.keynumidx, firstkey: fk.keynum.firstkey, keystep: fk.keynum.step };
    else ks.findKeys = { type: 'unknown' };
    return ks;
  });
  // populateCommandLegacyRangeSpec
  let first = 0, last = 0, step = 0;
  const isRange = (k) => k.beginSearch.type === 'index' && k.findKeys.type === 'range';
  if (keySpecs.length === 1 && isRange(keySpecs[0])) {
    const k = keySpecs[0];
    if (k.flags.includes('incomplete')) raw.add('movablekeys');
    first = k.beginSearch.index; last = k.findKeys.lastkey; step = k.findKeys.keystep;
    if (last >= 0) last += first;
  } else if (keySpecs.length > 0) {
    let firstkey = Infinity, lastkey = 0, prev = 0;
    for (const k of keySpecs) {
      if (!isRange(k)) { raw.add('movablekeys'); continue; }
      if (k.findKeys.keystep !== 1 || (prev && prev !== k.beginSearch.index - 1)) { raw.add('movablekeys'); continue; }
      if (k.flags.includes('incomplete')) raw.add('movablekeys');
      firstkey = Math.min(firstkey, k.beginSearch.index);
      let abs = k.findKeys.lastkey;
      if (abs >= 0) abs += k.beginSearch.index;
      lastkey = (lastkey >>> 0) >= (abs >>> 0) ? lastkey : abs; // unsigned max, as in C
      prev = lastkey;
    }
    if (firstkey === Infinity) raw.add('movablekeys');
    else { first = firstkey; last = lastkey; step = 1; }
  }
  const subs = [...byName.entries()].filter(([, v]) => v.c.container?.toLowerCase() === fullname).map(([n]) => n);
  const info = {
    arity: c.arity,
    flags: FLAG_ORDER.filter((f) => raw.has(f)),
    acl: ACL_ORDER.filter((a) => acl.has(a)),
    firstKey: first, lastKey: last, keyStep: step,
    tips: (c.command_tips ?? []).map((t) => t.toLowerCase()),
    keySpecs,
    group: c.group.replace(/_/g, "-"),
    since: c.since,
  };
  if (c.get_keys_function) info.getKeysFunction = true;
  if (c.doc_flags) info.docFlags = c.doc_flags.map((f) => f.toLowerCase());
  if (c.deprecated_since) info.deprecatedSince = c.deprecated_since;
  if (subs.length > 0) info.subcommands = subs;
  return info;
}

const entries = [];
for (const [fullname, { c }] of [...byName.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
  const info = build(fullname, c);
  if (info) entries.push(`  ${JSON.stringify(fullname)}: ${JSON.stringify(info)},`);
}
writeFileSync(out, `// GENERATED by tools/generate-command-info.mjs from Redis 7.0.15 src/commands/*.json: do not edit.
// Per command (and per "container|sub" subcommand): what COMMAND INFO reports, plus group and since.

import type { CommandInfoData } from './command-info.js';

/** Facts of every Redis 7.0.15 command, keyed by lower-case full name ('config|get'). */
export const COMMAND_INFO_DATA: Readonly<Record<string, CommandInfoData>> = {
${entries.join('\n')}
};
`);
console.log(`wrote ${entries.length} commands to ${out}`);
