// strings commands (to be filled in).

import type { CommandSpec } from './command.js';

export const stringsCommands: CommandSpec[] = [];
