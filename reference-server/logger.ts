// Server log lines in Redis's format: `pid:R dd Mon yyyy hh:mm:ss.mmm <level-char> message`,
// to stdout or to `logfile` (src/server.c serverLogRaw).

import { appendFileSync } from 'node:fs';

export type LogLevel = 'debug' | 'verbose' | 'notice' | 'warning';
const LEVELS: LogLevel[] = ['debug', 'verbose', 'notice', 'warning'];
const LEVEL_CHARS = '.-*#';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Writes log lines; `role` is 'M' for a master, 'S' for a replica, 'C' for a save in progress. */
export class Logger {
  role: 'M' | 'S' | 'C' = 'M';
  /** Lines are also kept here (the last ones), so tests and the harness can read them. */
  readonly recent: string[] = [];

  constructor(
    public level: LogLevel = 'notice',
    public file: string = '',
  ) {}

  log(level: LogLevel, message: string): void {
    if (LEVELS.indexOf(level) < LEVELS.indexOf(this.level)) return;
    const d = new Date();
    const stamp = `${pad(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
    const line = `${process.pid}:${this.role} ${stamp} ${LEVEL_CHARS[LEVELS.indexOf(level)]} ${message}\n`;
    this.recent.push(line);
    if (this.recent.length > 1000) this.recent.shift();
    // Redis opens the logfile for every line (serverLogRaw); /dev/null is skipped, as nothing
    // would reach it (the in-process target logs there: a line costs an open, a write and a close).
    if (this.file === '/dev/null') return;
    if (this.file) appendFileSync(this.file, line);
    else process.stdout.write(line);
  }

  notice(message: string): void {
    this.log('notice', message);
  }

  warning(message: string): void {
    this.log('warning', message);
  }

  verbose(message: string): void {
    this.log('verbose', message);
  }
}
