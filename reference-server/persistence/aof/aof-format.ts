// How commands are written to an AOF: RESP arrays of bulk strings (catAppendOnlyGenericCommand in
// src/aof.c), a SELECT whenever the db changes, and `#TS:<unix s>` annotations when
// aof-timestamp-enabled is on (genAofTimestampAnnotationIfNeeded).

/** One command as the RESP array Redis appends to the AOF (byte string). */
export function encodeCommand(args: readonly string[]): string {
  let out = '*' + args.length + '\r\n';
  for (const a of args) out += '$' + a.length + '\r\n' + a + '\r\n';
  return out;
}

/** The SELECT Redis writes before a command for another db. */
export function selectCommand(db: number): string {
  return encodeCommand(['SELECT', String(db)]);
}

/** A timestamp annotation line (ignored by loaders, used by redis-check-aof --truncate-to-timestamp). */
export function timestampAnnotation(unixSeconds: number): string {
  return `#TS:${unixSeconds}\r\n`;
}
