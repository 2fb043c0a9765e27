// COMMAND INFO / DOCS / GETKEYS building blocks: the shape of the generated per-command facts
// (command-info-data.ts), their RESP2 rendering as src/server.c addReplyCommandInfo lays it out,
// and key extraction from key specs (src/db.c getKeysUsingKeySpecs).

import { SimpleReply, type Reply } from '../resp/reply.js';
import type { CommandSpec } from './command.js';
import { COMMAND_INFO_DATA } from './command-info-data.js';

/** Where a key spec starts looking for keys. */
export type BeginSearch =
  | { type: 'index'; index: number }
  | { type: 'keyword'; keyword: string; startfrom: number }
  | { type: 'unknown' };

/** How a key spec finds keys once it has started. */
export type FindKeys =
  | { type: 'range'; lastkey: number; keystep: number; limit: number }
  | { type: 'keynum'; keynumidx: number; firstkey: number; keystep: number }
  | { type: 'unknown' };

/** One key spec; `flags` already in the order COMMAND INFO prints them. */
export interface KeySpecData {
  notes?: string;
  flags: readonly string[];
  beginSearch: BeginSearch;
  findKeys: FindKeys;
}

/** Facts of one command as Redis 7.0.15 reports them (flags and ACL categories fully derived). */
export interface CommandInfoData {
  arity: number;
  flags: readonly string[];
  /** ACL categories without '@', implicit ones included, in src/acl.c order. */
  acl: readonly string[];
  firstKey: number;
  lastKey: number;
  keyStep: number;
  tips: readonly string[];
  keySpecs: readonly KeySpecData[];
  group: string;
  since: string;
  /** The command has a native getkeys procedure (doesCommandHaveKeys). */
  getKeysFunction?: boolean;
  docFlags?: readonly string[];
  deprecatedSince?: string;
  /** Full names ('config|get') of the subcommands. */
  subcommands?: readonly string[];
}

/** COMMAND INFO flag order (addReplyFlagsForCommand); flags not in it are hidden. */
const FLAG_ORDER = ['write', 'readonly', 'denyoom', 'module', 'admin', 'pubsub', 'noscript', 'blocking', 'loading',
  'stale', 'skip_monitor', 'skip_slowlog', 'asking', 'fast', 'no_auth', 'no_mandatory_keys', 'no_async_loading',
  'no_multi', 'movablekeys', 'allow_busy'];

/** The generated facts of a command by full name, if Redis 7.0.15 has it. */
export function infoData(fullname: string): CommandInfoData | undefined {
  return Object.prototype.hasOwnProperty.call(COMMAND_INFO_DATA, fullname) ? COMMAND_INFO_DATA[fullname] : undefined;
}

/** Facts for a table entry: the generated ones, or (for a command Redis lacks) derived from the spec. */
export function infoFor(spec: CommandSpec, fullname: string): CommandInfoData {
  const data = infoData(fullname);
  if (data) return data;
  return {
    arity: spec.arity,
    flags: FLAG_ORDER.filter((f) => (spec.flags as readonly string[]).includes(f)),
    acl: spec.acl ?? [],
    firstKey: spec.firstKey, lastKey: spec.lastKey, keyStep: spec.keyStep,
    tips: [], keySpecs: [], group: 'server', since: '7.0.0',
  };
}

const status = (s: string): SimpleReply => new SimpleReply(s);

function keySpecReply(k: KeySpecData): Reply[] {
  const out: Reply[] = [];
  if (k.notes !== undefined) out.push('notes', k.notes);
  out.push('flags', k.flags.map(status));
  const bs = k.beginSearch;
  out.push('begin_search');
  if (bs.type === 'index') out.push(['type', 'index', 'spec', ['index', bs.index]]);
  else if (bs.type === 'keyword') out.push(['type', 'keyword', 'spec', ['keyword', bs.keyword, 'startfrom', bs.startfrom]]);
  else out.push(['type', 'unknown', 'spec', []]);
  const fk = k.findKeys;
  out.push('find_keys');
  if (fk.type === 'range') out.push(['type', 'range', 'spec', ['lastkey', fk.lastkey, 'keystep', fk.keystep, 'limit', fk.limit]]);
  else if (fk.type === 'keynum') out.push(['type', 'keynum', 'spec', ['keynumidx', fk.keynumidx, 'firstkey', fk.firstkey, 'keystep', fk.keystep]]);
  else out.push(['type', 'unknown', 'spec', []]);
  return out;
}

/** The 10-element COMMAND INFO entry of `spec` (and its subcommands), RESP2 shape. */
export function commandInfoReply(spec: CommandSpec, fullname: string): Reply {
  const subs: Reply[] = [];
  for (const sub of subcommandsOf(spec, fullname)) subs.push(commandInfoReply(sub.spec, sub.fullname));
  return renderInfo(fullname, infoFor(spec, fullname), subs);
}

/** The COMMAND INFO entry of a command from the generated facts alone (all its Redis subcommands). */
export function dataInfoReply(fullname: string): Reply {
  const d = infoData(fullname);
  if (!d) return null;
  return renderInfo(fullname, d, (d.subcommands ?? []).map(dataInfoReply));
}

function renderInfo(fullname: string, d: CommandInfoData, subs: Reply[]): Reply {
  return [
    fullname, d.arity, d.flags.map(status), d.firstKey, d.lastKey, d.keyStep,
    d.acl.map((a) => status('@' + a)), [...d.tips], d.keySpecs.map(keySpecReply), subs,
  ];
}

/**
 * The COMMAND DOCS map of `spec`, kept to facts: since, group, doc_flags, deprecated_since and
 * subcommands. Redis's prose (summary, complexity, history, replaced_by) and the argument trees
 * are deliberately not reproduced.
 */
export function commandDocsReply(spec: CommandSpec, fullname: string): Reply {
  const d = infoFor(spec, fullname);
  const out: Reply[] = ['since', d.since, 'group', d.group];
  if (d.docFlags) out.push('doc_flags', d.docFlags.map(status));
  if (d.deprecatedSince) out.push('deprecated_since', d.deprecatedSince);
  const subs = subcommandsOf(spec, fullname);
  if (subs.length > 0) {
    const map: Reply[] = [];
    for (const s of subs) map.push(s.fullname, commandDocsReply(s.spec, s.fullname));
    out.push('subcommands', map);
  }
  return out;
}

/** Subcommands of a container spec with their full names, in the data's order when known. */
export function subcommandsOf(spec: CommandSpec, fullname: string): Array<{ spec: CommandSpec; fullname: string }> {
  if (!spec.subcommands) return [];
  return Object.values(spec.subcommands).map((s) => ({ spec: s, fullname: `${fullname}|${s.name}` }));
}

/** doesCommandHaveKeys: a getkeys procedure, or a key spec not marked not_key. */
export function hasKeys(d: CommandInfoData): boolean {
  return d.getKeysFunction === true || d.keySpecs.some((k) => !k.flags.includes('not_key')) || d.firstKey > 0;
}

/** A key's index in argv and the flags of the key spec that found it. */
export interface KeyPosition {
  pos: number;
  flags: readonly string[];
}

/**
 * Key positions in `argv` (argv[0] = command name) following the key specs as src/db.c
 * getKeysUsingKeySpecs does; undefined when a spec cannot be applied (Redis then falls back to
 * the command's getkeys procedure). Commands without key specs use firstKey/lastKey/keyStep.
 */
export function keyPositions(d: CommandInfoData, argv: readonly string[]): KeyPosition[] | undefined {
  const argc = argv.length;
  if (d.keySpecs.length === 0) return legacyPositions(d, argc);
  const keys: KeyPosition[] = [];
  for (const spec of d.keySpecs) {
    if (spec.flags.includes('not_key')) continue;
    let first = 0;
    const bs = spec.beginSearch;
    if (bs.type === 'index') first = bs.index;
    else if (bs.type === 'keyword') {
      const start = bs.startfrom > 0 ? bs.startfrom : argc + bs.startfrom;
      const end = bs.startfrom > 0 ? argc - 1 : 1;
      const kw = bs.keyword.toLowerCase();
      for (let i = start; i !== end; i = start <= end ? i + 1 : i - 1) {
        if (i >= argc || i < 1) break;
        if (argv[i]!.toLowerCase() === kw) {
          first = i + 1;
          break;
        }
      }
      if (!first) continue;
    } else return undefined;
    let last: number;
    let step: number;
    const fk = spec.findKeys;
    if (fk.type === 'range') {
      step = fk.keystep;
      if (fk.lastkey >= 0) last = first + fk.lastkey;
      else if (!fk.limit) last = argc + fk.lastkey;
      else last = first + (Math.trunc((argc - first) / fk.limit) + fk.lastkey);
    } else if (fk.type === 'keynum') {
      step = fk.keystep;
      if (fk.keynumidx >= argc) return undefined;
      const raw = argv[first + fk.keynumidx];
      if (raw === undefined || !/^(0|-?[1-9][0-9]{0,18})$/.test(raw)) return undefined;
      const numkeys = Number(raw);
      if (numkeys < 0) return undefined;
      first += fk.firstkey;
      last = first + numkeys - 1;
    } else return undefined;
    if (last >= argc || last < first || first >= argc) return undefined;
    for (let i = first; i <= last; i += step) keys.push({ pos: i, flags: spec.flags });
    if (spec.flags.includes('incomplete')) return undefined;
  }
  return keys;
}

/** Positions from firstKey/lastKey/keyStep, flagged like the first key spec (or not at all). */
export function legacyPositions(d: CommandInfoData, argc: number): KeyPosition[] {
  if (d.firstKey === 0) return [];
  const last = d.lastKey < 0 ? argc + d.lastKey : d.lastKey;
  const flags = d.keySpecs[0]?.flags ?? [];
  const keys: KeyPosition[] = [];
  for (let i = d.firstKey; i <= last && i < argc; i += d.keyStep) keys.push({ pos: i, flags });
  return keys;
}
