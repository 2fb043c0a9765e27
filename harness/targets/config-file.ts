// The two text forms a generic target's command line needs: a redis.conf rendered from directives
// (one `name arg arg` line each, arguments quoted the way Redis's sdssplitargs reads them), and
// the {port} {dir} {config} placeholders of a command line template.

import type { Directives } from './target.js';

/** Thrown for a template with a placeholder the harness does not know. */
export class TemplateError extends Error {}

/** Quotes an argument for redis.conf when needed (empty, spaces, quotes, control bytes). */
function quoteArg(a: string): string {
  if (a !== '' && /^[\x21-\x7e]+$/.test(a) && !/["'\\]/.test(a)) return a;
  // Double-quoted form: sdssplitargs understands \\ \" \n \r \t \b \a and \xHH (src/sds.c).
  let out = '"';
  for (const ch of a) {
    const c = ch.charCodeAt(0);
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + '"';
}

/** `{ save: '', port: '7000' }` -> `save ""\nport 7000\n`. */
export function renderConfigFile(directives: Directives): string {
  let out = '';
  for (const [name, value] of Object.entries(directives)) {
    const values = typeof value === 'string' ? [value] : value;
    out += `${name} ${values.map(quoteArg).join(' ')}\n`;
  }
  return out;
}

/** The placeholders a template may use. */
export interface Placeholders {
  port: string;
  dir: string;
  config: string;
}

/** Replaces {port}, {dir} and {config}; any other {word} is an error naming it. */
export function fillPlaceholders(template: string, values: Placeholders): string {
  return template.replace(/\{([a-zA-Z_]+)\}/g, (whole, name: string) => {
    if (name === 'port' || name === 'dir' || name === 'config') return values[name];
    throw new TemplateError(`unknown placeholder ${whole} in ${JSON.stringify(template)}; known: {port}, {dir}, {config}`);
  });
}
