// One macro node of a stream (Redis 7.0 src/t_stream.c streamAppendItem): a listpack headed by a
// master entry (live count, deleted count, master fields, 0) followed by entries stored as
// flags, ms/seq deltas from the master ID, [num-fields fields] values and lp-count. Kept
// structured here, sized exactly as the listpack would be, and laid out for the RDB on demand.

import { listpackEntrySize, LISTPACK_OVERHEAD } from '../persistence/rdb/listpack.js';
import { addDelta, int64Delta, type StreamId } from './stream-id.js';

/** STREAM_ITEM_FLAG_* (src/stream.h). */
export const STREAM_ITEM_FLAG_DELETED = 1;
export const STREAM_ITEM_FLAG_SAMEFIELDS = 2;

/** One entry of a node; `fields` is undefined when the entry reuses the master fields. */
export interface NodeEntry {
  flags: number;
  readonly id: StreamId;
  readonly fields: readonly string[] | undefined;
  readonly values: readonly string[];
}

/** Thrown when a listpack read from an RDB is not a valid stream node. */
export class StreamNodeError extends Error {}

/** A listpack node keyed by its master ID. */
export class StreamNode {
  /** Valid (not deleted) entries. */
  live = 0;
  /** Entries flagged deleted, still in the listpack. */
  deleted = 0;
  readonly entries: NodeEntry[] = [];
  /** lpBytes of the listpack this node is. */
  bytes: number;

  constructor(
    readonly master: StreamId,
    readonly masterFields: readonly string[],
  ) {
    this.bytes = LISTPACK_OVERHEAD + size(0) + size(0) + size(masterFields.length) + sumSizes(masterFields) + size(0);
  }

  /** The fields of `e` (its own, or the master's). */
  fieldsOf(e: NodeEntry): readonly string[] {
    return e.fields ?? this.masterFields;
  }

  /** Appends an entry (streamAppendItem's second half); `fieldValues` alternates field, value. */
  append(id: StreamId, fieldValues: readonly string[]): void {
    const fields: string[] = [];
    const values: string[] = [];
    for (let i = 0; i < fieldValues.length; i += 2) {
      fields.push(fieldValues[i]!);
      values.push(fieldValues[i + 1]!);
    }
    const same = fields.length === this.masterFields.length && fields.every((f, i) => f === this.masterFields[i]);
    const e: NodeEntry = { flags: same ? STREAM_ITEM_FLAG_SAMEFIELDS : 0, id, fields: same ? undefined : fields, values };
    this.setCounts(this.live + 1, this.deleted);
    this.entries.push(e);
    this.bytes += sumSizes(this.entryElements(e));
  }

  /** Flags `e` deleted and moves it from the live to the deleted count. */
  markDeleted(e: NodeEntry): void {
    const before = size(e.flags);
    e.flags |= STREAM_ITEM_FLAG_DELETED;
    this.bytes += size(e.flags) - before;
    this.setCounts(this.live - 1, this.deleted + 1);
  }

  /** Replaces the two counters of the master entry, keeping `bytes` exact (lpReplaceInteger). */
  setCounts(live: number, deleted: number): void {
    this.bytes += size(live) - size(this.live) + size(deleted) - size(this.deleted);
    this.live = live;
    this.deleted = deleted;
  }

  /** The listpack elements of one entry, after the master entry. */
  private entryElements(e: NodeEntry): string[] {
    const out = [String(e.flags), String(int64Delta(e.id.ms, this.master.ms)), String(int64Delta(e.id.seq, this.master.seq))];
    if (e.fields === undefined) {
      out.push(...e.values);
      out.push(String(e.values.length + 3));
    } else {
      out.push(String(e.fields.length));
      for (let i = 0; i < e.fields.length; i++) out.push(e.fields[i]!, e.values[i]!);
      out.push(String(e.values.length * 2 + 4));
    }
    return out;
  }

  /** The whole listpack's elements in order, as the RDB stores them. */
  elements(): string[] {
    const out = [String(this.live), String(this.deleted), String(this.masterFields.length), ...this.masterFields, '0'];
    for (const e of this.entries) out.push(...this.entryElements(e));
    return out;
  }

  /** Rebuilds a node from the elements of an RDB listpack (streamValidateListpackIntegrity's checks). */
  static fromElements(master: StreamId, el: readonly string[]): StreamNode {
    let p = 0;
    const int = (what: string): number => {
      const s = el[p++];
      if (s === undefined || !/^-?\d+$/.test(s)) throw new StreamNodeError(`stream listpack: ${what} missing or not an integer`);
      return Number(s);
    };
    const big = (what: string): bigint => {
      const s = el[p++];
      if (s === undefined || !/^-?\d+$/.test(s)) throw new StreamNodeError(`stream listpack: ${what} missing or not an integer`);
      return BigInt(s);
    };
    const str = (what: string): string => {
      const s = el[p++];
      if (s === undefined) throw new StreamNodeError(`stream listpack: ${what} missing`);
      return s;
    };
    const live = int('entry count');
    const deleted = int('deleted count');
    const nMaster = int('master field count');
    const masterFields: string[] = [];
    for (let i = 0; i < nMaster; i++) masterFields.push(str('master field'));
    if (int('master terminator') !== 0) throw new StreamNodeError('stream listpack: master entry not terminated by 0');
    const node = new StreamNode(master, masterFields);
    let seenLive = 0;
    let seenDeleted = 0;
    while (p < el.length) {
      const flags = int('entry flags');
      const ms = addDelta(master.ms, big('ms delta'));
      const seq = addDelta(master.seq, big('seq delta'));
      let fields: string[] | undefined;
      const values: string[] = [];
      if (flags & STREAM_ITEM_FLAG_SAMEFIELDS) {
        for (let i = 0; i < nMaster; i++) values.push(str('value'));
      } else {
        const n = int('field count');
        fields = [];
        for (let i = 0; i < n; i++) {
          fields.push(str('field'));
          values.push(str('value'));
        }
      }
      const lpCount = int('lp-count');
      const expected = fields === undefined ? values.length + 3 : values.length * 2 + 4;
      if (lpCount !== expected) throw new StreamNodeError('stream listpack: lp-count mismatch');
      const e: NodeEntry = { flags, id: { ms, seq }, fields, values };
      node.entries.push(e);
      node.bytes += sumSizes(node.entryElements(e));
      if (flags & STREAM_ITEM_FLAG_DELETED) seenDeleted++;
      else seenLive++;
    }
    if (seenLive !== live || seenDeleted !== deleted) throw new StreamNodeError('stream listpack: entry counts do not match the master entry');
    node.setCounts(live, deleted);
    return node;
  }

  /** A deep copy. */
  clone(): StreamNode {
    const n = new StreamNode(this.master, this.masterFields);
    for (const e of this.entries) n.entries.push({ ...e });
    n.live = this.live;
    n.deleted = this.deleted;
    n.bytes = this.bytes;
    return n;
  }

  /** The ID of the last entry, deleted or not (lpGetEdgeStreamID with last). */
  lastEntryId(): StreamId {
    return this.entries[this.entries.length - 1]!.id;
  }
}

function size(n: number): number {
  return listpackEntrySize(String(n));
}

function sumSizes(items: readonly string[]): number {
  let n = 0;
  for (const s of items) n += listpackEntrySize(s);
  return n;
}
