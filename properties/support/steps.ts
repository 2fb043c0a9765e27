// The steps of a case, as plain data: workload steps interleaved with nemesis steps (disk faults,
// fsync delay, BGSAVE and BGREWRITEAOF at random points, waits), rendered one per line so a shrunk
// counterexample reads as a sequence: `SET s:1 $ | disk:full on | BGSAVE | wait-save | ...`.

import type { WorkStep } from './workload.js';

export type DiskFault = 'full' | 'eio' | 'eio-fsync';

export type Step =
  | WorkStep
  | { t: 'read'; client: number; args: readonly string[] }
  | { t: 'bgsave' }
  | { t: 'wait-save' }
  | { t: 'bgrewriteaof' }
  | { t: 'wait-rewrite' }
  | { t: 'info' }
  | { t: 'disk'; fault: DiskFault; on: boolean }
  | { t: 'fsync-delay'; ms: number }
  | { t: 'sleep'; ms: number }
  | { t: 'pause'; ms: number };

/** A command line, long ones cut (a bulk MSET has thousands of arguments). */
function argsToString(args: readonly string[]): string {
  return args.length <= 12 ? args.join(' ') : `${args.slice(0, 7).join(' ')} ... (${args.length - 1} arguments)`;
}

/** One step as text. */
export function stepToString(s: Step): string {
  switch (s.t) {
    case 'op':
      return `c${s.client}:${argsToString(s.args)}`;
    case 'burst':
      return `c${s.client}:pipeline[${s.ops.map(argsToString).join('; ')}]`;
    case 'read':
      return `c${s.client}:${s.args.join(' ')}`;
    case 'bgsave':
      return 'BGSAVE';
    case 'wait-save':
      return 'wait-save';
    case 'bgrewriteaof':
      return 'BGREWRITEAOF';
    case 'wait-rewrite':
      return 'wait-rewrite';
    case 'info':
      return 'INFO persistence';
    case 'disk':
      return `disk:${s.fault} ${s.on ? 'on' : 'off'}`;
    case 'fsync-delay':
      return `fsync:delay ${s.ms}`;
    case 'sleep':
      return `sleep ${s.ms}`;
    case 'pause':
      return `pause ${s.ms}`;
  }
}

/** A whole sequence as text. */
export function stepsToString(steps: readonly Step[]): string {
  return steps.map(stepToString).join(' | ');
}
