// Which history ops are writes: a command the reference server's command table flags `write`
// (the same table Redis's `COMMAND INFO` flags come from). Reads and admin ops are never "lost".

import { COMMAND_TABLE } from '../../reference-server/commands/table.js';
import type { Op } from '../history/history.js';

/** Whether `args` is a write command (unknown commands are not). */
export function isWriteCommand(args: readonly string[]): boolean {
  const container = args[0] === undefined ? undefined : COMMAND_TABLE.get(args[0].toLowerCase());
  // A container (XGROUP, CONFIG...) carries the flags on its subcommands: XGROUP CREATE is a write.
  const spec = container?.subcommands && args[1] !== undefined ? container.subcommands[args[1].toLowerCase()] : container;
  return spec?.flags.includes('write') ?? false;
}

/** Acknowledged writes among `ops`. */
export function ackedWrites(ops: readonly Op[]): Op[] {
  return ops.filter((o) => o.outcome === 'ok' && isWriteCommand(o.args));
}
