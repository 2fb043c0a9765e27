// Finds the descendants of a process by scanning /proc (Linux), so a crash or stop also kills a
// server's forked children (redis-server's BGSAVE or AOF rewrite child outlives a SIGKILLed parent).

import { readdirSync, readFileSync } from 'node:fs';

/** The parent pid of `pid`, or undefined when it is gone. Field 4 of /proc/<pid>/stat (after the comm in parentheses). */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch (e) {
    // ENOENT/ESRCH: the process ended while we looked.
    void e;
    return undefined;
  }
}

/**
 * The children of `pid` from /proc/<pid>/task/<tid>/children (every thread's, since a child
 * belongs to the thread that forked it); undefined where the kernel does not offer the file.
 */
function childrenOf(pid: number): number[] | undefined {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch (e) {
    void e; // the process is gone: no children to find
    return [];
  }
  const out: number[] = [];
  for (const tid of tids) {
    try {
      for (const c of readFileSync(`/proc/${pid}/task/${tid}/children`, 'latin1').split(' ')) if (c.trim() !== '') out.push(Number(c));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' && tid === String(pid)) return undefined; // no CONFIG_PROC_CHILDREN
      // a thread that ended while we looked has no children to report
    }
  }
  return out;
}

/** Every live descendant of `root` (children, grandchildren...). Empty where /proc is missing. */
export function descendantsOf(root: number): number[] {
  const direct = childrenOf(root);
  if (direct !== undefined) {
    const out: number[] = [];
    const stack = [...direct];
    while (stack.length > 0 && out.length < 10_000) {
      const pid = stack.pop()!;
      out.push(pid);
      stack.push(...(childrenOf(pid) ?? []));
    }
    return out;
  }
  return scanDescendants(root);
}

/** The slow way: every process's parent from /proc/<pid>/stat. */
function scanDescendants(root: number): number[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch (e) {
    void e; // no procfs (not Linux): nothing to find
    return [];
  }
  const children = new Map<number, number[]>();
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    const ppid = parentOf(pid);
    if (ppid === undefined) continue;
    const list = children.get(ppid) ?? [];
    list.push(pid);
    children.set(ppid, list);
  }
  const out: number[] = [];
  const stack = [root];
  while (stack.length > 0 && out.length < 10_000) {
    for (const c of children.get(stack.pop()!) ?? []) {
      out.push(c);
      stack.push(c);
    }
  }
  return out;
}

/** Sends `signal` to each pid, ignoring those already gone. */
export function signalAll(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
    }
  }
}
