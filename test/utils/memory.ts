import { readdirSync, readFileSync } from 'node:fs';

const MB = 1024 * 1024;

/**
 * The memory of one process, from /proc (Linux), in bytes; 0 when it is gone. Its proportional
 * set size (each page it shares with others counted in part), so that the processes of one
 * Chromium add up to what they really hold; its resident size where that is not to be had.
 */
function memoryOf(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = /^Pss:\s+(\d+) kB/m.exec(rollup)?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {
    // No smaps_rollup (an older kernel), or the process ended.
  }
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The processes started by `pid`, their children and so on (Chromium's, say). */
function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The parent id is the second field after the name, which is in parentheses.
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // The process ended meanwhile.
    }
  }
  const out: number[] = [];
  const walk = (p: number): void => {
    for (const child of children.get(p) ?? []) {
      out.push(child);
      walk(child);
    }
  };
  walk(pid);
  return out;
}

/** Whether memory can be measured here (Linux's /proc). */
export const canMeasureMemory = ((): boolean => {
  try {
    readFileSync('/proc/self/status', 'utf8');
    return true;
  } catch {
    return false;
  }
})();

export interface MemoryPeak {
  /** The most this process (the app, in the test) held above what it held at the start, in MB. */
  appGrowthMb: number;
  /** The most the processes it started (Chromium) held together (their PSS), in MB. */
  childrenMb: number;
  /** The most the app and its children held together, in MB. */
  totalMb: number;
}

/**
 * Samples the resident memory of this process and the memory of the processes it started
 * (proportional set size) every `everyMs` while `work` runs, and returns the peaks.
 */
export async function watchMemory<T>(
  work: () => Promise<T>,
  everyMs = 20,
): Promise<{ result: T; peak: MemoryPeak }> {
  const start = process.memoryUsage().rss;
  const peak = { app: start, children: 0, total: start };
  const sample = (): void => {
    const app = process.memoryUsage().rss;
    const children = descendantsOf(process.pid).reduce((sum, pid) => sum + memoryOf(pid), 0);
    peak.app = Math.max(peak.app, app);
    peak.children = Math.max(peak.children, children);
    peak.total = Math.max(peak.total, app + children);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  try {
    const result = await work();
    sample();
    return {
      result,
      peak: {
        appGrowthMb: Math.round((peak.app - start) / MB),
        childrenMb: Math.round(peak.children / MB),
        totalMb: Math.round(peak.total / MB),
      },
    };
  } finally {
    clearInterval(timer);
  }
}
