/** Statistics and number formatting for the benchmark (npm run bench). */

export interface Summary {
  /** How many samples. */
  n: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/**
 * The p-th percentile (0–100) of samples already sorted ascending, by linear interpolation
 * between the two closest ranks (as most spreadsheet PERCENTILE functions do). NaN for none.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  if (p <= 0) return sorted[0];
  if (p >= 100) return sorted[sorted.length - 1];
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

/** Min, max, mean and the percentiles of some samples (in any order). */
export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    n: sorted.length,
    min: sorted.length ? sorted[0] : NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    mean: sorted.length ? sum / sorted.length : NaN,
  };
}

/**
 * How many times the app costs what its baseline costs: `app / baseline` for times, and
 * `baseline / app` for rates (so above 1 always means the app is slower). Null when either
 * figure is missing, zero or not finite.
 */
export function costRatio(
  app: number | null,
  baseline: number | null,
  kind: 'time' | 'rate',
): number | null {
  if (app === null || baseline === null) return null;
  if (!Number.isFinite(app) || !Number.isFinite(baseline) || app <= 0 || baseline <= 0) return null;
  return kind === 'time' ? app / baseline : baseline / app;
}

/** A ratio for the table: `2.4x`, `0.93x`, `120x`; a dash when there is none. */
export function formatRatio(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return '–';
  if (ratio >= 100) return `${Math.round(ratio)}x`;
  if (ratio >= 10) return `${ratio.toFixed(1)}x`;
  return `${ratio.toFixed(2)}x`;
}

/** Milliseconds with a precision that suits their size: `0.042 ms`, `3.18 ms`, `41.2 ms`, `1234 ms`. */
export function formatMs(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '–';
  if (ms < 1) return `${ms.toFixed(3)} ms`;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  return `${Math.round(ms)} ms`;
}

/** A rate with thousands separated: `1,234/s`, `12.5/s`. */
export function formatRate(perSecond: number | null, unit = '/s'): string {
  if (perSecond === null || !Number.isFinite(perSecond)) return '–';
  const digits = perSecond < 100 ? 1 : 0;
  return `${perSecond.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits })}${unit}`;
}

/** Bytes as mebibytes: `123.4 MB`. */
export function formatMb(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes)) return '–';
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * How a figure grows from one data set to a bigger one, against how the data grew: `x3.1` for the
 * figure, and the exponent k of figure ∝ size^k (0: flat, 1: linear). Null without two figures.
 */
export function growth(
  from: number | null,
  to: number | null,
  sizeFrom: number,
  sizeTo: number,
): { factor: number; exponent: number } | null {
  if (from === null || to === null || !(from > 0) || !(to > 0) || !(sizeTo > sizeFrom)) {
    return null;
  }
  const factor = to / from;
  return { factor, exponent: Math.log(factor) / Math.log(sizeTo / sizeFrom) };
}

/** Pads the columns of a table of strings and joins them with `|`, with a rule under the head. */
export function formatTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join(' | ')
      .trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}
