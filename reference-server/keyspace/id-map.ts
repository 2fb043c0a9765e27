// A map from stream IDs to values kept in ID order, for the pending entries lists (PELs) that
// Redis keeps as rax trees keyed by 128-bit big-endian IDs: lookup, insert, delete, seek >=.

import { idKey, type StreamId } from './stream-id.js';

/** An ID-ordered map. Inserts and deletes are O(n) on the order array; lookups O(1). */
export class IdMap<V> {
  private readonly map = new Map<string, { id: StreamId; value: V }>();
  private order: string[] = [];

  get size(): number {
    return this.map.size;
  }

  get(id: StreamId): V | undefined {
    return this.map.get(idKey(id))?.value;
  }

  has(id: StreamId): boolean {
    return this.map.has(idKey(id));
  }

  /** Inserts or replaces. */
  set(id: StreamId, value: V): void {
    const k = idKey(id);
    if (!this.map.has(k)) this.order.splice(this.lowerBound(k), 0, k);
    this.map.set(k, { id, value });
  }

  delete(id: StreamId): boolean {
    const k = idKey(id);
    if (!this.map.delete(k)) return false;
    this.order.splice(this.lowerBound(k), 1);
    return true;
  }

  /** Entries with ID >= `from` (all when undefined), in ID order. Safe against deletion while iterating. */
  *from(from?: StreamId): Generator<[StreamId, V]> {
    const start = from === undefined ? '' : idKey(from);
    let last: string | undefined;
    for (;;) {
      const i = last === undefined ? this.lowerBound(start) : this.upperBound(last);
      const k = this.order[i];
      if (k === undefined) return;
      last = k;
      const e = this.map.get(k)!;
      yield [e.id, e.value];
    }
  }

  first(): StreamId | undefined {
    const k = this.order[0];
    return k === undefined ? undefined : this.map.get(k)!.id;
  }

  last(): StreamId | undefined {
    const k = this.order[this.order.length - 1];
    return k === undefined ? undefined : this.map.get(k)!.id;
  }

  private lowerBound(k: string): number {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.order[mid]! < k) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private upperBound(k: string): number {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.order[mid]! <= k) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
