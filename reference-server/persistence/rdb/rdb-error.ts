// The error raised for any RDB that cannot be loaded: it says what is wrong and at which byte
// offset, like redis-check-rdb, so a user can find the damage.

/** A corrupt, truncated or unsupported RDB. `offset` is where reading stopped. */
export class RdbError extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
    /** The key being read when it failed, when known. */
    readonly key?: string,
  ) {
    super(`${reason} at offset ${offset}${key !== undefined ? ` (key '${printable(key)}')` : ''}`);
  }
}

/** A byte string with non-printable bytes as \xNN, for messages. */
export function printable(s: string): string {
  let out = '';
  for (let i = 0; i < s.length && i < 128; i++) {
    const c = s.charCodeAt(i);
    out += c >= 32 && c < 127 && c !== 92 ? s[i] : '\\x' + c.toString(16).padStart(2, '0');
  }
  return s.length > 128 ? out + '...' : out;
}
