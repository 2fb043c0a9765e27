// The run metadata in words, for the heading of every summary: when and how long, which tool and
// commit, on what machine, which seeds, and for a merged report which shards (and any missing).

import type { Report } from './model.js';

function duration(fromIso: string, toIso: string): string {
  const s = Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}h ${m}m ${s % 60}s` : m > 0 ? `${m}m ${s % 60}s` : `${s}s`;
}

/** The shards missing from a merged report (1-based indexes), empty when complete or not merged. */
export function missingShards(report: Report): number[] {
  const shards = report.metadata.mergedFrom;
  if (shards === undefined) return [];
  const have = new Set(shards.map((s) => s.index));
  const count = shards[0]!.count;
  return Array.from({ length: count }, (_, i) => i + 1).filter((i) => !have.has(i));
}

/** Label/value pairs describing the run, in display order. */
export function runFacts(report: Report): Array<[string, string]> {
  const m = report.metadata;
  const gib = (m.machine.memBytes / 1024 ** 3).toFixed(1);
  const facts: Array<[string, string]> = [
    ['run', `${m.startedAt} to ${m.finishedAt} (${duration(m.startedAt, m.finishedAt)})`],
    ['tool', `${m.tool.name} ${m.tool.version}${m.gitCommit ? `, commit ${m.gitCommit.slice(0, 12)}` : ''}`],
    ['machine', `${m.machine.os}, ${m.machine.cpus} CPU${m.machine.cpus === 1 ? '' : 's'}${m.machine.cpuModel ? ` (${m.machine.cpuModel})` : ''}, ${gib} GiB, node ${m.machine.node}`],
    ['seeds', m.seeds.length === 0 ? 'none recorded' : m.seeds.join(', ')],
    ['targets', report.targets.map((t) => `${t.name} = ${t.implementation} ${t.version}`).join('; ')],
  ];
  if (m.command) facts.push(['command', m.command]);
  if (m.shard) facts.push(['shard', `${m.shard.index}/${m.shard.count}`]);
  if (m.mergedFrom) {
    const missing = missingShards(report);
    facts.push(['merged', `${m.mergedFrom.length} shard(s) of ${m.mergedFrom[0]!.count}: ${m.mergedFrom.map((s) => `${s.index}/${s.count}`).join(', ')}${missing.length ? `; MISSING ${missing.map((i) => `${i}/${m.mergedFrom![0]!.count}`).join(', ')}` : ''}`]);
  }
  return facts;
}
