// A map from stream IDs to values kept in ID order, for the pending entries lists (PELs) that
// Redis keeps as rax trees keyed by 128-bit big-endian IDs: lookup, insert, delete, seek >=.

import { idKey, type StreamId } from './stream-id.js';

/**
 * An ID-ordered map. Lookups are O(1); inserts in ID order (the common case: new deliveries)
 * append, others splice; deletes leave a tombstone in the order array, compacted once they are
 * half of it, so acknowledging a long PEL stays linear overall.
 */
export class IdMap<V> {
  private readonly map = new Map<string, { id: StreamId; value: V }>();
  /** Keys in order, possibly with tombstones (keys no longer in `map`). */
  private order: string[] = [];
  private tombstones = 0;

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
    if (!this.map.has(k)) {
      const last = this.order[this.order.length - 1];
      if (last === undefined || last < k) {
        this.order.push(k);
      } else {
        const i = this.lowerBound(k);
        if (this.order[i] === k) this.tombstones--; // revives its own tombstone
        else this.order.splice(i, 0, k);
      }
    }
    this.map.set(k, { id, value });
  }

  delete(id: StreamId): boolean {
    if (!this.map.delete(idKey(id))) return false;
    this.tombstones++;
    if (this.tombstones > 32 && this.tombstones * 2 > this.order.length) {
      this.order = this.order.filter((k) => this.map.has(k));
      this.tombstones = 0;
    }
    return true;
  }

  /** Entries with ID >= `from` (all when undefined), in ID order. Safe against changes while iterating. */
  *from(from?: StreamId): Generator<[StreamId, V]> {
    let next = from === undefined ? '' : idKey(from);
    let inclusive = true;
    for (;;) {
      let i = inclusive ? this.lowerBound(next) : this.upperBound(next);
      while (i < this.order.length && !this.map.has(this.order[i]!)) i++;
      const k = this.order[i];
      if (k === undefined) return;
      next = k;
      inclusive = false;
      const e = this.map.get(k)!;
      yield [e.id, e.value];
    }
  }

  first(): StreamId | undefined {
    for (const k of this.order) {
      const e = this.map.get(k);
      if (e) return e.id;
    }
    return undefined;
  }

  last(): StreamId | undefined {
    for (let i = this.order.length - 1; i >= 0; i--) {
      const e = this.map.get(this.order[i]!);
      if (e) return e.id;
    }
    return undefined;
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
