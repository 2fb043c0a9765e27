// SCAN-family replies: cursors are implementation details, so each side is iterated from the
// reply it gave until cursor 0, and the union of everything returned is compared.

import { describeValue, type Argv, type RawClient, type RespValue } from '../../harness/index.js';
import { bulkItems } from './canonical.js';

const MAX_STEPS = 1000;

/** The cursor argument's position: SCAN cursor, or HSCAN/SSCAN/ZSCAN key cursor. */
function cursorIndex(argv: Argv): number {
  return argv[0]!.toLowerCase() === 'scan' ? 1 : 2;
}

/**
 * Continues a SCAN-family iteration on `client` from the first reply and returns a canonical
 * form of everything returned: the sorted, deduplicated elements (field/score pairs for HSCAN/ZSCAN).
 */
export async function scanUnion(client: RawClient, argv: Argv, first: RespValue): Promise<string> {
  const pairs = ['hscan', 'zscan'].includes(argv[0]!.toLowerCase());
  const seen = new Set<string>();
  let reply = first;
  for (let step = 0; ; step++) {
    if (reply.kind !== 'array' || reply.items?.length !== 2) return `exact ${describeValue(reply)}`;
    const [cursor, elements] = reply.items as [RespValue, RespValue];
    const items = bulkItems(elements);
    if (cursor.kind !== 'bulk' || cursor.value === null || !items) return `INVALID: malformed scan reply ${describeValue(reply)}`;
    for (let i = 0; i < items.length; i += pairs ? 2 : 1) seen.add(pairs ? `${JSON.stringify(items[i])}=>${JSON.stringify(items[i + 1])}` : JSON.stringify(items[i]));
    if (cursor.value === '0') break;
    if (step >= MAX_STEPS) return `INVALID: no cursor 0 after ${MAX_STEPS} calls`;
    const next = [...argv];
    next[cursorIndex(argv)] = cursor.value;
    reply = (await client.send(next)).value;
  }
  return `union[${[...seen].sort().join(', ')}]`;
}
