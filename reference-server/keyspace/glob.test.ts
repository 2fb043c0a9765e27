// stringmatchlen's semantics, including its corner cases (unterminated classes, reversed ranges,
// escapes, empty strings), checked against redis-server 7.0.15 KEYS.

import { describe, expect, it } from 'vitest';
import { globMatch } from './glob.js';

describe('globMatch', () => {
  it.each([
    ['*', 'anything', true],
    ['*', '', false],
    ['', '', true],
    ['h?llo', 'hello', true],
    ['h?llo', 'hllo', false],
    ['h*llo', 'heeeello', true],
    ['h[ae]llo', 'hallo', true],
    ['h[ae]llo', 'hillo', false],
    ['h[^e]llo', 'hallo', true],
    ['h[^e]llo', 'hello', false],
    ['h[a-b]llo', 'hbllo', true],
    ['h[b-a]llo', 'hbllo', true],
    ['h\\*llo', 'h*llo', true],
    ['h\\*llo', 'hello', false],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'aXbY', false],
    ['[abc', 'a', true],
    ['a[', 'a', false],
    ['*a', 'bbbba', true],
    ['k[\\]]', 'k]', true],
    ['ab*', 'ab', true],
    ['\\', '\\', true],
  ])('%j vs %j -> %s', (p, s, want) => {
    expect(globMatch(p, s)).toBe(want);
  });
  it('matches case-insensitively when asked (CONFIG GET)', () => {
    expect(globMatch('MAXMEMORY*', 'maxmemory-policy', true)).toBe(true);
  });
});
