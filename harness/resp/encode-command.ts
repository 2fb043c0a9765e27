// Encodes a command (argv of byte strings) as a RESP2 multibulk request, binary-safe.

/** One command: its arguments as byte strings (latin1, one char per byte), command name first. */
export type Argv = readonly string[];

/** The RESP multibulk encoding of `argv`, e.g. `*2\r\n$3\r\nGET\r\n$1\r\nk\r\n`. */
export function encodeCommand(argv: Argv): Buffer {
  let out = `*${argv.length}\r\n`;
  for (const arg of argv) out += `$${arg.length}\r\n${arg}\r\n`;
  return Buffer.from(out, 'latin1');
}
