// The list type. Redis 7.0 always encodes lists as a quicklist of listpack nodes
// (the small-list listpack encoding came in 7.2), so OBJECT ENCODING is always "quicklist".

import { Deque } from './deque.js';

/** A list of byte strings, head first. */
export class ListValue {
  readonly type = 'list' as const;
  readonly encoding = 'quicklist' as const;
  readonly items: Deque<string>;
  constructor(items?: Iterable<string>) {
    this.items = new Deque<string>(items);
  }
}
