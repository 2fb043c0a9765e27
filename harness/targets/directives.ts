// Turns a directives map into the command-line form redis-server and ref-redis-server share:
// `--name value [value...]`, with `save ''` passed as an empty argument.

import type { Directives } from './target.js';

/** `{ port: '7000', save: '' }` -> `['--port', '7000', '--save', '']`. */
export function directivesToArgs(directives: Directives): string[] {
  const args: string[] = [];
  for (const [name, value] of Object.entries(directives)) {
    args.push(`--${name}`);
    if (typeof value === 'string') args.push(value);
    else args.push(...value);
  }
  return args;
}
