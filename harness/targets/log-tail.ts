// Keeps the last lines a target process wrote to stdout and stderr, for error messages and
// post-mortems, without holding an unbounded log in memory.

/** A bounded buffer of log lines fed with raw output chunks. */
export class LogTail {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(private readonly limit = 1000) {}

  /** Appends an output chunk; splits it into lines. */
  push(chunk: Buffer | string): void {
    const parts = (this.partial + chunk.toString()).split('\n');
    this.partial = parts.pop()!;
    for (const line of parts) this.add(line);
  }

  /** The retained lines, oldest first (including an unterminated last line). */
  all(): string[] {
    return this.partial === '' ? [...this.lines] : [...this.lines, this.partial];
  }

  /** The last `n` lines joined for an error message. */
  tail(n = 20): string {
    return this.all().slice(-n).join('\n');
  }

  private add(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.limit) this.lines.shift();
  }
}
