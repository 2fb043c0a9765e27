import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { knownDivergenceReport, passingReport, violationReport } from './testing/fixtures.js';
import { renderJunit, xmlEscape } from './write-junit.js';

interface Case {
  '@_name': string;
  '@_classname': string;
  failure?: { '#text': string; '@_message': string; '@_type': string };
  error?: { '#text': string; '@_message': string };
  skipped?: { '@_message': string };
  'system-out': string;
}
interface Suite { '@_name': string; '@_tests': string; '@_failures': string; '@_errors': string; '@_skipped': string; testcase: Case[] }
interface Doc { testsuites: { '@_tests': string; '@_failures': string; testsuite: Suite[] } }

function parse(xml: string): Doc {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`invalid XML: ${JSON.stringify(valid.err)}`);
  const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testsuite' || name === 'testcase', processEntities: true, htmlEntities: false });
  return parser.parse(xml) as Doc;
}

describe('renderJunit', () => {
  it('is well-formed XML with one testsuite per target and one testcase per target x scenario x mode x fault', () => {
    const doc = parse(renderJunit(passingReport()));
    expect(doc.testsuites['@_tests']).toBe('10');
    expect(doc.testsuites['@_failures']).toBe('0');
    expect(doc.testsuites.testsuite.map((s) => s['@_name'])).toEqual(['redis (redis-server 7.0.15)', 'reference (durability-lab reference server 0.1.0)']);
    const names = doc.testsuites.testsuite[0]!.testcase.map((c) => c['@_name']);
    expect(names).toEqual([
      'power-loss [appendfsync always] crash:power',
      'kill-9-stalled-fsync [appendfsync everysec] crash:process',
      'power-loss [appendfsync everysec] crash:power',
      'replica-link-flap [appendfsync everysec] link:flap',
      'power-loss [appendfsync no] crash:power',
    ]);
    expect(new Set(doc.testsuites.testsuite.flatMap((s) => s.testcase.map((c) => `${c['@_classname']} ${c['@_name']}`))).size).toBe(10);
    for (const c of doc.testsuites.testsuite.flatMap((s) => s.testcase)) expect(c.failure ?? c.error ?? c.skipped).toBeUndefined();
  });

  it('makes a violation a failure carrying the counterexample text, escaped and read back intact', () => {
    const doc = parse(renderJunit(violationReport()));
    const suite = doc.testsuites.testsuite[1]!;
    expect(suite['@_failures']).toBe('1');
    const c = suite.testcase.find((x) => x.failure !== undefined)!;
    expect(c['@_name']).toBe('power-loss [appendfsync everysec] crash:power');
    expect(c.failure!['@_type']).toBe('violated');
    expect(c.failure!['@_message']).toContain('first SET k<2> "b&c"');
    expect(c.failure!['#text']).toContain("replay: durability-lab replay report.json --case 'reference/everysec/power-loss/crash:power#3'");
    expect(c.failure!['#text']).toContain('k<2>: expected "\\"b&c\\"", actual null');
    expect(c.failure!['#text']).toContain('nemesis crash:power');
    expect(c.failure!['#text']).toContain('plan: SET k1 a; SET k<2> "b&c"; INCR k1;');
  });

  it('makes a known divergence skipped with its message, and an error an error', () => {
    const doc = parse(renderJunit(knownDivergenceReport()));
    const [redis, reference] = doc.testsuites.testsuite;
    expect(redis!['@_skipped']).toBe('1');
    const skipped = redis!.testcase.find((x) => x.skipped !== undefined)!;
    expect(skipped.skipped!['@_message']).toMatch(/^known divergence: KNOWN-DIVERGENCES.md: redis-server 7.0.15 does not fsync/);
    expect(skipped['system-out']).toContain('guarantee: appendfsync always: every acknowledged write survives crash:power');
    expect(reference!['@_errors']).toBe('1');
    expect(reference!.testcase.find((x) => x.error !== undefined)!.error!['@_message']).toContain('did not start');
  });

  it('makes one testcase of a run that checked several guarantees, failing if any is violated', () => {
    const r = violationReport();
    const violated = r.results.find((x) => x.verdict === 'violated')!;
    r.results.push({ ...violated, guarantee: 'any: a prefix of the history, no holes', verdict: 'pass', violations: 0, counterexamples: [] });
    const doc = parse(renderJunit(r));
    expect(doc.testsuites['@_tests']).toBe('10');
    const cases = doc.testsuites.testsuite[1]!.testcase.filter((c) => c['@_name'] === 'power-loss [appendfsync everysec] crash:power');
    expect(cases).toHaveLength(1);
    expect(cases[0]!.failure!['#text']).toContain('1 of 8 cases violated: appendfsync everysec: every write acknowledged more than 2000 ms');
    expect(cases[0]!['system-out']).toContain('guarantee: any: a prefix of the history, no holes\n  verdict: pass, 0 of 8 cases violated');
  });

  it('escapes the XML specials and replaces characters XML 1.0 cannot hold', () => {
    expect(xmlEscape(`<a b="c" d='e'>&`)).toBe('&lt;a b=&quot;c&quot; d=&apos;e&apos;&gt;&amp;');
    expect(xmlEscape('x\u0000y\u001bz\ttab\n')).toBe('x\\u0000y\\u001bz\ttab\n');
    expect(xmlEscape('\ud800 ok \ud83d\ude00')).toBe('\\ud800 ok \ud83d\ude00');
    const r = violationReport();
    r.results[0]!.scenario = 'weird\u0001<name>';
    expect(() => parse(renderJunit(r))).not.toThrow();
  });
});
