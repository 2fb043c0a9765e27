// server commands (to be filled in).

import type { CommandSpec } from './command.js';

export const serverCommands: CommandSpec[] = [];
