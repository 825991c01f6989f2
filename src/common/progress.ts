/** Where progress is written: stderr, or anything shaped like it (tests). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Progress {
  /** `done` units of `total` are finished (the total may be corrected on the way). */
  update(done: number, total?: number): void;
  /** Ends the bar (or prints the last line), with an optional closing message. */
  finish(message?: string): void;
}

export interface ProgressOptions {
  stream?: ProgressStream;
  /** Milliseconds between two redraws of a terminal bar. */
  intervalMs?: number;
  /** Without a terminal, work smaller than this prints nothing: a few lines only for long work. */
  quietBelow?: number;
  now?: () => number;
}

const BAR_WIDTH = 30;
const STEPS = [25, 50, 75, 100];

/**
 * A progress report for long work on the command line. On a terminal: one bar redrawn in place
 * (at most every `intervalMs`). Otherwise (a log file, a pipe, CI): one plain line at 25, 50, 75
 * and 100 %, and nothing at all for small jobs.
 */
export function progress(label: string, total: number, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const interval = options.intervalMs ?? 100;
  const quietBelow = options.quietBelow ?? 1000;
  const now = options.now ?? Date.now;
  const tty = stream.isTTY === true;
  let last = -Infinity;
  let step = 0;
  let current = 0;
  let finished = false;

  const bar = (): string => {
    const share = total > 0 ? Math.min(1, current / total) : 1;
    const filled = Math.round(share * BAR_WIDTH);
    return `${label} [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${Math.floor(share * 100)}% ${current}/${total}`;
  };

  return {
    update(done, newTotal) {
      if (finished) return;
      if (newTotal !== undefined) total = newTotal;
      current = done;
      if (tty) {
        if (now() - last < interval && done < total) return;
        last = now();
        stream.write(`\r${bar()}`);
        return;
      }
      if (total < quietBelow) return;
      const percent = total > 0 ? (100 * done) / total : 100;
      let reached: number | undefined;
      while (step < STEPS.length && percent >= STEPS[step]) reached = STEPS[step++];
      if (reached !== undefined) stream.write(`${label}: ${done}/${total} (${reached}%)\n`);
    },
    finish(message) {
      if (finished) return;
      finished = true;
      if (tty) {
        current = Math.max(current, total);
        stream.write(`\r${bar()}${message ? ` ${message}` : ''}\n`);
      } else if (message && total >= quietBelow) {
        stream.write(`${label}: ${message}\n`);
      }
    },
  };
}

/** A progress that reports nothing. */
export const NO_PROGRESS: Progress = { update: () => undefined, finish: () => undefined };
