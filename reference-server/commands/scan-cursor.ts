// Cursor iteration for SCAN, HSCAN, SSCAN and ZSCAN over a hash table, with Redis's guarantee:
// an element present for the whole iteration is returned at least once, even if others are added
// or removed between calls. Like src/dict.c dictScan, cursors walk buckets in reverse-binary order,
// so growing or shrinking the table between calls does not skip buckets.

/** FNV-1a over the bytes of a byte string: the bucket hash (any stable hash keeps the guarantee). */
export function bucketHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function tableSizeFor(n: number): number {
  let size = 4;
  while (size < n) size *= 2;
  return size;
}

function reverseBits(v: number): number {
  v = ((v >>> 1) & 0x55555555) | ((v & 0x55555555) << 1);
  v = ((v >>> 2) & 0x33333333) | ((v & 0x33333333) << 2);
  v = ((v >>> 4) & 0x0f0f0f0f) | ((v & 0x0f0f0f0f) << 4);
  v = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
  return ((v >>> 16) | (v << 16)) >>> 0;
}

/**
 * One SCAN step: visits buckets from `cursor` until at least `count` elements were collected (or
 * the iteration ends). Returns the elements of the visited buckets and the next cursor (0 = done).
 * Costs O(n) per call to bucket the elements; fine for the sizes the reference server serves.
 */
export function scanStep(elements: Iterable<string>, cursor: number, count: number): { next: number; found: string[] } {
  const all = [...elements];
  const size = tableSizeFor(all.length);
  const mask = size - 1;
  const buckets = new Map<number, string[]>();
  for (const e of all) {
    const b = bucketHash(e) & mask;
    const list = buckets.get(b);
    if (list) list.push(e);
    else buckets.set(b, [e]);
  }
  const found: string[] = [];
  let v = cursor >>> 0;
  let steps = 0;
  do {
    const list = buckets.get(v & mask);
    if (list) found.push(...list);
    // Increment the reversed cursor (dictScan): set the unmasked high bits, reverse, add one, reverse.
    v |= ~mask >>> 0;
    v = reverseBits(v);
    v = (v + 1) >>> 0;
    v = reverseBits(v);
    steps++;
  } while (v !== 0 && found.length < count && steps < size * 10);
  return { next: v, found };
}
