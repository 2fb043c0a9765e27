// Which ops the checkers count as writes: flags from the command table, subcommands included
// (regression: a MISCONF on XGROUP CREATE was taken for a refused read).

import { describe, expect, it } from 'vitest';
import { isWriteCommand } from './write-commands.js';

describe('isWriteCommand', () => {
  it('reads the flags of commands and of container subcommands', () => {
    expect(isWriteCommand(['SET', 'k', 'v'])).toBe(true);
    expect(isWriteCommand(['get', 'k'])).toBe(false);
    expect(isWriteCommand(['XGROUP', 'CREATE', 'x', 'g', '0', 'MKSTREAM'])).toBe(true);
    expect(isWriteCommand(['XINFO', 'STREAM', 'x'])).toBe(false);
    expect(isWriteCommand(['CONFIG', 'GET', 'save'])).toBe(false);
    expect(isWriteCommand(['NOSUCH'])).toBe(false);
  });
});
