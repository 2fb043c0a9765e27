// Small combinators that build command arbitraries (argv = array of byte strings) from constant
// words and argument arbitraries, so each family file reads like the command's syntax line.

import fc from 'fast-check';

/** One piece of a command: a constant word, an arbitrary word, or an arbitrary run of words. */
export type Part = string | fc.Arbitrary<string> | fc.Arbitrary<readonly string[]>;

/** An arbitrary argv made of `parts` in order. */
export function cmd(...parts: Part[]): fc.Arbitrary<string[]> {
  const arbs = parts.map((p) => (typeof p === 'string' ? fc.constant(p) : p)) as fc.Arbitrary<string | readonly string[]>[];
  return fc.tuple(...arbs).map((items) => items.flatMap((i) => (typeof i === 'string' ? [i] : [...i])));
}

/** Either nothing or the given parts. */
export function opt(...parts: Part[]): fc.Arbitrary<string[]> {
  return fc.oneof(fc.constant([] as string[]), cmd(...parts));
}

/** Any subset of the given options, in a random order (options may also repeat once). */
export function options(...choices: fc.Arbitrary<string[]>[]): fc.Arbitrary<string[]> {
  return fc.array(fc.oneof(...choices), { maxLength: 3 }).map((picked) => picked.flat());
}

/** One of several alternative forms. */
export function oneOf(...forms: fc.Arbitrary<string[]>[]): fc.Arbitrary<string[]> {
  return fc.oneof(...forms);
}

/** One to `max` repetitions of a group of parts. */
export function many(max: number, ...parts: Part[]): fc.Arbitrary<string[]> {
  return fc.array(cmd(...parts), { minLength: 1, maxLength: max }).map((groups) => groups.flat());
}
