// The decoded shape of one RESP2 reply, kept next to its raw bytes: the conformance property
// compares raw bytes, and decodes only to canonicalise replies that are legitimately random.

/** One decoded RESP2 reply. Bulk payloads are byte strings (latin1: one char per byte). */
export type RespValue =
  | { kind: 'simple'; text: string }
  | { kind: 'error'; text: string }
  | { kind: 'integer'; value: bigint }
  | { kind: 'bulk'; value: string | null }
  | { kind: 'array'; items: RespValue[] | null };

/** A reply as read from the wire: `raw` holds exactly its bytes, `value` its decoded form. */
export interface RespFrame {
  raw: Buffer;
  value: RespValue;
}

/** Renders a reply compactly for humans (strings quoted with \xNN escapes for binary bytes). */
export function describeValue(v: RespValue): string {
  switch (v.kind) {
    case 'simple': return `+${v.text}`;
    case 'error': return `-${v.text}`;
    case 'integer': return `:${v.value}`;
    case 'bulk': return v.value === null ? '(nil)' : JSON.stringify(v.value).replace(/\\u00([0-9a-f]{2})/g, '\\x$1');
    case 'array': return v.items === null ? '(nil array)' : `[${v.items.map(describeValue).join(', ')}]`;
  }
}
