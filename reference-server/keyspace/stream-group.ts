// Consumer groups of a stream (Redis 7.0 src/stream.h streamCG, streamConsumer, streamNACK): the
// group's last delivered ID and entries-read counter, its PEL, and its consumers, each with a
// seen-time and its own PEL sharing the group's NACKs. 7.0 has no consumer active-time (7.2 added it).

import { IdMap } from './id-map.js';
import type { StreamId } from './stream-id.js';

/** SCG_INVALID_ENTRIES_READ */
export const INVALID_ENTRIES_READ = -1n;

/** A pending (delivered, not acknowledged) entry. */
export interface Nack {
  /** Unix ms of the last delivery. */
  deliveryTime: number;
  deliveryCount: bigint;
  /** The consumer it was last delivered to; undefined only transiently (XCLAIM FORCE, RDB load). */
  consumer: Consumer | undefined;
}

export class Consumer {
  readonly pel = new IdMap<Nack>();
  constructor(
    readonly name: string,
    /** Unix ms the consumer was last seen (created, read, claimed). */
    public seenTime: number,
  ) {}
}

export class ConsumerGroup {
  readonly pel = new IdMap<Nack>();
  readonly consumers = new Map<string, Consumer>();
  constructor(
    public lastId: StreamId,
    /** Logical reads counter, or INVALID_ENTRIES_READ. */
    public entriesRead: bigint,
  ) {}

  /** Consumers in rax order (bytes ascending). */
  sortedConsumers(): Consumer[] {
    return [...this.consumers.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** streamCreateConsumer: undefined when the name exists already. */
  createConsumer(name: string, now: number): Consumer | undefined {
    if (this.consumers.has(name)) return undefined;
    const c = new Consumer(name, now);
    this.consumers.set(name, c);
    return c;
  }

  /** streamLookupConsumer; refreshes the seen-time unless `refresh` is false (SLC_NO_REFRESH). */
  lookupConsumer(name: string, now: number, refresh = true): Consumer | undefined {
    const c = this.consumers.get(name);
    if (c && refresh) c.seenTime = now;
    return c;
  }

  /** streamDelConsumer: drops its pending entries from the group PEL too. */
  deleteConsumer(c: Consumer): void {
    for (const [id] of c.pel.from()) this.pel.delete(id);
    this.consumers.delete(c.name);
  }

  /** Removes one pending entry from the group and its consumer. */
  deleteNack(id: StreamId, nack: Nack): void {
    this.pel.delete(id);
    nack.consumer?.pel.delete(id);
  }
}
