import { readdirSync, readFileSync } from 'node:fs';

/** The pid of this process's child whose command line runs `script`, read from /proc; undefined when there is none. */
export function childProcessRunning(script: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === process.pid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(script)) return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  return undefined;
}
