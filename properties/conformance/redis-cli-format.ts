// Renders commands as lines that can be pasted into redis-cli: plain words bare, anything else
// double-quoted with \xNN escapes for bytes outside printable ASCII (sdssplitargs syntax).

import type { Argv } from '../../harness/index.js';

/** One argument in redis-cli syntax. */
export function quoteArg(arg: string): string {
  if (arg !== '' && /^[\x21-\x7e]+$/.test(arg) && !/["'\\]/.test(arg)) return arg;
  let out = '"';
  for (let i = 0; i < arg.length; i++) {
    const c = arg.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c >= 0x20 && c <= 0x7e) out += arg[i];
    else out += '\\x' + c.toString(16).padStart(2, '0');
  }
  return out + '"';
}

/** A whole command as one redis-cli line. */
export function formatCommand(argv: Argv): string {
  return argv.map(quoteArg).join(' ');
}

/** Raw reply bytes as a quoted, escaped string for a report. */
export function formatRaw(raw: Buffer): string {
  return quoteArg(raw.toString('latin1')).replace(/^(?!")(.*)$/, '"$1"');
}
