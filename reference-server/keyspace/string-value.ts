// The string type: bytes plus the encoding Redis would report (int, embstr, raw).
// Encoding rules follow tryObjectEncoding in Redis 7.0 src/object.c (44 bytes = OBJ_ENCODING_EMBSTR_SIZE_LIMIT).

export type StringEncoding = 'int' | 'embstr' | 'raw';

/** OBJ_ENCODING_EMBSTR_SIZE_LIMIT in src/object.c. */
export const EMBSTR_SIZE_LIMIT = 44;

/** A string value; `data` is a byte string (char codes 0..255). */
export class StringValue {
  readonly type = 'string' as const;
  constructor(public data: string, public encoding: StringEncoding) {}
}

/** Whether `s` is a canonical signed 64-bit integer as Redis's string2ll accepts it. */
export function isStrictInteger(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 20) return false;
  if (n === 1) return s >= '0' && s <= '9';
  let i = 0;
  if (s.charCodeAt(0) === 45) i = 1;
  const first = s.charCodeAt(i);
  if (first < 49 || first > 57) return false;
  for (let j = i + 1; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) return false;
  }
  if (n - i < 19) return true;
  const v = BigInt(s);
  return v >= -9223372036854775808n && v <= 9223372036854775807n;
}

/** A string value encoded the way `SET` stores it (tryObjectEncoding): int, embstr or raw. */
export function createStringValue(data: string): StringValue {
  if (data.length <= 20 && isStrictInteger(data)) return new StringValue(data, 'int');
  return new StringValue(data, data.length <= EMBSTR_SIZE_LIMIT ? 'embstr' : 'raw');
}

/** A string value for a result Redis builds without trying encodings (APPEND, SETRANGE): raw. */
export function createRawStringValue(data: string): StringValue {
  return new StringValue(data, 'raw');
}
