// Startup config errors, worded and numbered exactly as redis-server 7.0.15 prints them
// (checked by running redis-server on the same files and command lines).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FatalConfigError, loadConfig } from './load-config.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function file(text: string): string {
  const d = mkdtempSync(join(tmpdir(), 'cfg-'));
  dirs.push(d);
  const p = join(d, 'redis.conf');
  writeFileSync(p, text);
  return p;
}

function fatal(argv: string[]): string {
  try {
    loadConfig(argv);
  } catch (e) {
    if (e instanceof FatalConfigError) return e.message;
    throw e;
  }
  throw new Error('expected a fatal config error');
}

const banner = (line: number, text: string, reason: string) =>
  `\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line ${line}\n>>> '${text}'\n${reason}`;

describe('loadConfig errors', () => {
  it('names the line of a bad file directive', () => {
    expect(fatal([file('port 1234\nfoo bar\n')])).toBe(banner(2, 'foo bar', 'Bad directive or wrong number of arguments'));
    expect(fatal([file('maxmemory 12x\n')])).toBe(banner(1, 'maxmemory 12x', 'argument must be a memory value'));
    expect(fatal([file('save 1\n')])).toBe(banner(1, 'save 1', 'Invalid save parameters'));
    expect(fatal([file('port 1 2\n')])).toBe(banner(1, 'port 1 2', 'wrong number of arguments'));
    expect(fatal([file('loglevel loud\n')])).toBe(banner(1, 'loglevel loud', 'argument(s) must be one of the following: debug, verbose, notice, warning'));
    expect(fatal([file('rename-command FOO BAR\n')])).toBe(banner(1, 'rename-command FOO BAR', 'No such command in rename-command'));
    expect(fatal([file('bind "a\n')])).toBe(banner(1, 'bind "a', 'Unbalanced quotes in configuration line'));
    expect(fatal([file('include /nonexist.conf\n')])).toBe("Fatal error, can't open config file '/nonexist.conf': No such file or directory");
  });

  it('numbers command-line options after the file, quoted as redis-server shows them', () => {
    expect(fatal([file('port 1234\n'), '--foo', 'bar'])).toBe(banner(3, 'foo "bar"', 'Bad directive or wrong number of arguments'));
    expect(fatal(['--port', '1', '2'])).toBe(banner(2, 'port "1" "2"', 'wrong number of arguments'));
    expect(fatal(['--hz', 'a b'])).toBe(banner(2, 'hz "a b"', "argument couldn't be parsed into an integer"));
  });

  it('accepts every kind of directive and keeps canonical values', () => {
    const c = loadConfig([file('save 900 1\nsave 300 10\nmaxmemory 1gb\nslaveof 10.0.0.1 6380\nlist-max-ziplist-entries 5\nuser alice on\n'), '--save', '']);
    expect(c.get('save')).toBe('');
    expect(c.get('maxmemory')).toBe('1073741824');
    expect(c.get('replicaof')).toBe('10.0.0.1 6380');
    expect(c.users).toEqual([['alice', 'on']]);
    const d = loadConfig([file('save 900 1\nsave 300 10\n')]);
    expect(d.get('save')).toBe('900 1 300 10');
  });
});
