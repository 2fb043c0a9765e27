import { describe, expect, it } from 'vitest';
import { knownDivergenceReport, passingReport, violationReport } from './testing/fixtures.js';
import { mdCell, renderMarkdown } from './write-markdown.js';

describe('renderMarkdown', () => {
  it('heads with the run and shows the matrix, one column per implementation, no violations', () => {
    const md = renderMarkdown(passingReport());
    expect(md).toContain('- **tool**: durability-lab 0.1.0, commit f381c7e0d1a2');
    expect(md).toContain('**0 violated, 0 errors, 0 known divergences, 10 passed** (10 results, 74 cases)');
    expect(md).toContain('| guarantee | redis-server 7.0.15 | durability-lab reference server 0.1.0 |');
    expect(md).toContain('| appendfsync always: every acknowledged write survives crash:power | ✅ pass (0/8) | ✅ pass (0/8) |');
    expect(md).toContain('None: every checked guarantee held.');
    expect(md).not.toContain('VIOLATED');
  });

  it('lists a violation with its replay command, shrunk history, faults and keyspace diff', () => {
    const md = renderMarkdown(violationReport());
    expect(md).toContain('**1 violated,');
    expect(md).toMatch(/\| appendfsync everysec: every write acknowledged more than 2000 ms before crash:power survives \| ✅ pass \(0\/8\) \| ❌ VIOLATED \(1\/8\) \|/);
    expect(md).toContain('### reference · everysec · power-loss · crash:power');
    expect(md).toContain("```sh\ndurability-lab replay report.json --case 'reference/everysec/power-loss/crash:power#3'\n```");
    expect(md).toContain('seed 1234567, path `3:1:0`. Plan: `SET k1 a; SET k<2> "b&c"; INCR k1; fsync:delay 2500 at op 1; SET k3 c; SET k4 d; crash:power`. Replay:');
    expect(md).toMatch(/ {2}1 +400\.\. +404 ms {2}ok {3}k?SET k<2> "\\"b&c\\""/);
    expect(md).toContain('nemesis crash:power');
    expect(md).toContain('| `k<2>` | "\\\\"b&c\\\\"" | null |');
  });

  it('lists known divergences and errors apart, with their messages', () => {
    const md = renderMarkdown(knownDivergenceReport());
    expect(md).toContain('## Known divergences and errors');
    expect(md).toContain('- ⚠️ known divergence **redis · always · power-loss · crash:power**: KNOWN-DIVERGENCES.md:');
    expect(md).toContain('- 💥 error **reference · everysec · replica-link-flap · link:flap**: target reference did not start');
    expect(md).toContain('| ⚠️ known divergence (1/8) |');
  });

  it('puts loss windows in the results table', () => {
    const md = renderMarkdown(violationReport());
    expect(md).toContain('| reference | everysec | power-loss | crash:power | ❌ VIOLATED | 8 | 0.5 / 2 / 2 | median 150 ms, p95 2600 ms, max 2600 ms |');
    expect(md).toMatch(/\| 6,668 ops\/s \|  \| appendfsync everysec: every write acknowledged more than 2000 ms before crash:power survives \|\n/);
  });

  it('escapes table cells', () => {
    expect(mdCell('a|b\nc')).toBe('a\\|b<br>c');
  });
});
