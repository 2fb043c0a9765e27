// The stream type (Redis 7.0 src/t_stream.c): listpack macro nodes in ID order, the metadata 7.0
// keeps (length, last_id, first_id, max_deleted_entry_id, entries_added) and consumer groups.
// Appends, deletes (tombstones) and trimming follow Redis node for node, so approximate trims,
// XINFO's radix-tree counts and the RDB's listpacks come out as Redis's would.

import { compareIds, isZeroId, MAX_ID, ZERO_ID, type StreamId, encodeIdBytes } from './stream-id.js';
import { StreamNode, STREAM_ITEM_FLAG_DELETED, type NodeEntry } from './stream-node.js';
import { ConsumerGroup, INVALID_ENTRIES_READ, type Nack } from './stream-group.js';

/** STREAM_LISTPACK_MAX_SIZE (src/t_stream.c): 1 GB. */
export const STREAM_LISTPACK_MAX_SIZE = 1 << 30;

/** stream-node-max-bytes and stream-node-max-entries. */
export interface StreamNodeLimits {
  maxBytes: number;
  maxEntries: number;
}

/** One live entry as iteration yields it. */
export interface StreamEntry {
  id: StreamId;
  fields: readonly string[];
  values: readonly string[];
}

/** The trimming part of XADD / XTRIM (streamAddTrimArgs). */
export interface TrimArgs {
  strategy: 'maxlen' | 'minid';
  maxlen: number;
  minid: StreamId;
  approx: boolean;
  /** Maximum entries to remove; 0 = no limit. */
  limit: number;
}

export class StreamValue {
  readonly type = 'stream' as const;
  readonly encoding = 'stream' as const;
  /** Macro nodes ordered by master ID. */
  nodes: StreamNode[] = [];
  /** Live entries. */
  length = 0;
  lastId: StreamId = ZERO_ID;
  /** First live entry, 0-0 when empty. */
  firstId: StreamId = ZERO_ID;
  maxDeletedId: StreamId = ZERO_ID;
  entriesAdded = 0n;
  readonly groups = new Map<string, ConsumerGroup>();

  /** Groups in rax order (name bytes ascending). */
  sortedGroups(): Array<[string, ConsumerGroup]> {
    return [...this.groups.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  /**
   * streamAppendItem once the ID is known to be greater than last_id: appends to the tail node
   * unless it is full (bytes + the new elements' lengths >= stream-node-max-bytes, or live +
   * deleted entries >= stream-node-max-entries), else opens a node with this entry's fields as master.
   */
  append(id: StreamId, fieldValues: readonly string[], limits: StreamNodeLimits): void {
    let tail: StreamNode | undefined = this.nodes[this.nodes.length - 1];
    if (tail !== undefined) {
      let totelelen = 0;
      for (const s of fieldValues) totelelen += s.length;
      let maxBytes = limits.maxBytes;
      if (maxBytes === 0 || maxBytes > STREAM_LISTPACK_MAX_SIZE) maxBytes = STREAM_LISTPACK_MAX_SIZE;
      if (tail.bytes + totelelen >= maxBytes) tail = undefined;
      else if (limits.maxEntries && tail.live + tail.deleted >= limits.maxEntries) tail = undefined;
    }
    if (tail === undefined) {
      const fields: string[] = [];
      for (let i = 0; i < fieldValues.length; i += 2) fields.push(fieldValues[i]!);
      tail = new StreamNode(id, fields);
      this.nodes.push(tail);
    }
    tail.append(id, fieldValues);
    this.length++;
    this.entriesAdded++;
    this.lastId = id;
    if (this.length === 1) this.firstId = id;
  }

  /** Index of the node that would hold `id`: the last with master <= id (0 when none). */
  private nodeIndexFor(id: StreamId): number {
    let lo = 0;
    let hi = this.nodes.length - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (compareIds(this.nodes[mid]!.master, id) <= 0) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /**
   * Entries with start <= id <= end (whole stream when omitted), oldest first or, with `rev`,
   * newest first (streamIterator). Tombstones are skipped unless `tombstones`.
   */
  *iterate(start: StreamId = ZERO_ID, end: StreamId = MAX_ID, rev = false, tombstones = false): Generator<StreamEntry & { node: StreamNode; entry: NodeEntry }> {
    if (this.nodes.length === 0 || compareIds(start, end) > 0) return;
    if (!rev) {
      for (let n = this.nodeIndexFor(start); n < this.nodes.length; n++) {
        const node = this.nodes[n]!;
        if (compareIds(node.master, end) > 0) return;
        for (const e of node.entries) {
          if (compareIds(e.id, start) < 0) continue;
          if (compareIds(e.id, end) > 0) return;
          if (!tombstones && e.flags & STREAM_ITEM_FLAG_DELETED) continue;
          yield { id: e.id, fields: node.fieldsOf(e), values: e.values, node, entry: e };
        }
      }
    } else {
      for (let n = this.nodeIndexFor(end); n >= 0; n--) {
        const node = this.nodes[n]!;
        for (let i = node.entries.length - 1; i >= 0; i--) {
          const e = node.entries[i]!;
          if (compareIds(e.id, end) > 0) continue;
          if (compareIds(e.id, start) < 0) return;
          if (!tombstones && e.flags & STREAM_ITEM_FLAG_DELETED) continue;
          yield { id: e.id, fields: node.fieldsOf(e), values: e.values, node, entry: e };
        }
      }
    }
  }

  /** The live entry with this ID. */
  getEntry(id: StreamId): StreamEntry | undefined {
    for (const e of this.iterate(id, id)) return e;
    return undefined;
  }

  /**
   * streamDeleteItem + streamIteratorRemoveEntry: flags the entry deleted, or drops its node when
   * it was the node's last live entry. Does not touch first_id / max_deleted_entry_id (XDEL does).
   */
  deleteEntry(id: StreamId): boolean {
    for (const e of this.iterate(id, id)) {
      if (e.node.live === 1) {
        this.nodes.splice(this.nodes.indexOf(e.node), 1);
      } else {
        e.node.markDeleted(e.entry);
      }
      this.length--;
      return true;
    }
    return false;
  }

  /** streamGetEdgeID: the first or last ID (tombstones included unless skipped); MAX / ZERO when none. */
  edgeId(first: boolean, skipTombstones: boolean): StreamId {
    for (const e of this.iterate(ZERO_ID, MAX_ID, !first, !skipTombstones)) return e.id;
    return first ? MAX_ID : ZERO_ID;
  }

  /** streamLastValidID: the newest live entry's ID. */
  lastValidId(): StreamId | undefined {
    for (const e of this.iterate(ZERO_ID, MAX_ID, true)) return e.id;
    return undefined;
  }

  /** streamTrim: removes from the head; whole nodes first, then (unless approx) entries within one node. */
  trim(args: TrimArgs): number {
    let deleted = 0;
    while (this.nodes.length > 0) {
      if (args.strategy === 'maxlen' && this.length <= args.maxlen) break;
      const node = this.nodes[0]!;
      const entries = node.live;
      if (args.limit && deleted + entries > args.limit) break;
      const removeNode = args.strategy === 'maxlen'
        ? this.length - entries >= args.maxlen
        : compareIds(node.lastEntryId(), args.minid) < 0;
      if (removeNode) {
        this.nodes.shift();
        this.length -= entries;
        deleted += entries;
        continue;
      }
      if (args.approx) break;
      let fromNode = 0;
      for (const e of node.entries) {
        const stop = args.strategy === 'maxlen' ? this.length <= args.maxlen : compareIds(e.id, args.minid) >= 0;
        if (stop) break;
        if (!(e.flags & STREAM_ITEM_FLAG_DELETED)) {
          node.markDeleted(e);
          fromNode++;
          this.length--;
        }
      }
      deleted += fromNode;
      break;
    }
    if (this.length === 0) this.firstId = ZERO_ID;
    else if (deleted) this.firstId = this.edgeId(true, true);
    return deleted;
  }

  /** streamRangeHasTombstones (start defaults to 0-0, end to the maximum ID). */
  rangeHasTombstones(start: StreamId | undefined, end: StreamId | undefined): boolean {
    if (this.length === 0 || isZeroId(this.maxDeletedId)) return false;
    if (compareIds(this.firstId, this.maxDeletedId) > 0) return false;
    const s = start ?? ZERO_ID;
    const e = end ?? MAX_ID;
    return compareIds(s, this.maxDeletedId) <= 0 && compareIds(this.maxDeletedId, e) <= 0;
  }

  /** streamEstimateDistanceFromFirstEverEntry: the logical read counter of `id`, or INVALID_ENTRIES_READ. */
  estimateDistance(id: StreamId): bigint {
    if (this.entriesAdded === 0n) return 0n;
    if (this.length === 0 && compareIds(id, this.lastId) < 1) return this.entriesAdded;
    const cmpLast = compareIds(id, this.lastId);
    if (cmpLast === 0) return this.entriesAdded;
    if (cmpLast > 0) return INVALID_ENTRIES_READ;
    const cmpFirst = compareIds(id, this.firstId);
    if (isZeroId(this.maxDeletedId) || compareIds(this.maxDeletedId, this.firstId) < 0) {
      if (cmpFirst < 0) return this.entriesAdded - BigInt(this.length);
      if (cmpFirst === 0) return this.entriesAdded - BigInt(this.length) + 1n;
    }
    return INVALID_ENTRIES_READ;
  }

  /** streamReplyWithCGLag: the group's lag, or null when it cannot be known. */
  lag(group: ConsumerGroup): bigint | null {
    if (this.entriesAdded === 0n) return 0n;
    if (group.entriesRead !== INVALID_ENTRIES_READ && !this.rangeHasTombstones(group.lastId, undefined)) {
      return this.entriesAdded - group.entriesRead;
    }
    const read = this.estimateDistance(group.lastId);
    return read !== INVALID_ENTRIES_READ ? this.entriesAdded - read : null;
  }

  /** A deep copy (nodes, groups, consumers; each NACK shared between a group and its consumer as here). */
  clone(): StreamValue {
    const c = new StreamValue();
    c.nodes = this.nodes.map((n) => n.clone());
    c.length = this.length;
    c.lastId = this.lastId;
    c.firstId = this.firstId;
    c.maxDeletedId = this.maxDeletedId;
    c.entriesAdded = this.entriesAdded;
    for (const [name, g] of this.groups) {
      const g2 = new ConsumerGroup(g.lastId, g.entriesRead);
      const copies = new Map<Nack, Nack>();
      for (const [id, nack] of g.pel.from()) {
        const n2: Nack = { deliveryTime: nack.deliveryTime, deliveryCount: nack.deliveryCount, consumer: undefined };
        copies.set(nack, n2);
        g2.pel.set(id, n2);
      }
      for (const consumer of g.consumers.values()) {
        const c2 = g2.createConsumer(consumer.name, consumer.seenTime)!;
        for (const [id, nack] of consumer.pel.from()) {
          const n2 = copies.get(nack)!;
          n2.consumer = c2;
          c2.pel.set(id, n2);
        }
      }
      c.groups.set(name, g2);
    }
    return c;
  }

  /**
   * The number of nodes of the rax holding the macro nodes (XINFO radix-tree-nodes), counted on
   * the compressed trie of their 16-byte keys: one node per compressed run, per branching point
   * and per key, and 1 for an empty tree.
   */
  raxNodeCount(): number {
    if (this.nodes.length === 0) return 1;
    const keys = this.nodes.map((n) => encodeIdBytes(n.master));
    return countTrie(keys, 0, keys.length, 0);
  }
}

/** Nodes of the compressed trie holding keys[lo, hi) (all 16 bytes, sorted), from byte `depth`. */
function countTrie(keys: Buffer[], lo: number, hi: number, depth: number): number {
  if (depth === 16) return 1;
  const a = keys[lo]!;
  const b = keys[hi - 1]!;
  let common = 0;
  while (depth + common < 16 && a[depth + common] === b[depth + common]) common++;
  if (common > 0) return 1 + countTrie(keys, lo, hi, depth + common);
  let n = 1;
  let i = lo;
  while (i < hi) {
    let j = i + 1;
    while (j < hi && keys[j]![depth] === keys[i]![depth]) j++;
    n += countTrie(keys, i, j, depth + 1);
    i = j;
  }
  return n;
}
