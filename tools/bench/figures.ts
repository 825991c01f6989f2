import { SYNTHETIC_SIZES, type SyntheticSize } from '../synthetic/synthetic-data.js';
import {
  formatMb,
  formatMs,
  formatRate,
  formatRatio,
  formatTable,
  growth,
  type Summary,
} from './stats.js';

/**
 * One figure of the benchmark beside its baseline measured in the same run. Latencies are shown
 * as p50 / p95 (or p99) in milliseconds, rates per second, memory in bytes. `ratio` is what the
 * app costs over what the baseline costs (app ÷ baseline time at the high percentile, baseline
 * rate ÷ app rate): 1 means no overhead, 3 means three times slower.
 */
export interface Figure {
  id: string;
  label: string;
  kind: 'latency' | 'rate' | 'memory';
  /** Latency at `high`, a rate per second, or bytes. Null when the figure was skipped. */
  value: number | null;
  /** Latency only: the median. */
  p50?: number | null;
  /** Latency only: the figure's high mark (`max` for a handful of samples, e.g. start-ups). */
  high?: 'p95' | 'p99' | 'max';
  /** Rates: what is counted, e.g. `writes/s`. */
  unit?: string;
  baseline: number | null;
  baselineP50?: number | null;
  /** What the baseline is, in a few words. */
  baselineIs?: string;
  ratio: number | null;
  target: string | null;
  met: boolean | null;
  /** Why the figure is missing, or what to know when reading it. */
  note?: string;
  detail?: Record<string, unknown>;
}

/** A latency figure from the app's and the baseline's samples. */
export function latencyFigure(
  base: Pick<Figure, 'id' | 'label' | 'baselineIs' | 'target' | 'detail'>,
  app: Summary,
  baseline: Summary | null,
  high: 'p95' | 'p99' | 'max' = 'p95',
): Figure {
  const value = app[high];
  const baselineValue = baseline ? baseline[high] : null;
  return {
    ...base,
    kind: 'latency',
    high,
    value,
    p50: app.p50,
    baseline: baselineValue,
    baselineP50: baseline ? baseline.p50 : null,
    ratio: baselineValue !== null && baselineValue > 0 && value > 0 ? value / baselineValue : null,
    target: base.target ?? null,
    met: null,
    detail: { ...base.detail, app, baseline },
  };
}

function show(figure: Figure, which: 'value' | 'baseline'): string {
  const value = which === 'value' ? figure.value : figure.baseline;
  if (value === null) return which === 'value' && figure.note ? figure.note : '–';
  switch (figure.kind) {
    case 'latency': {
      const p50 = which === 'value' ? figure.p50 : figure.baselineP50;
      return `${formatMs(p50 ?? null).replace(' ms', '')} / ${formatMs(value)}`;
    }
    case 'rate':
      return formatRate(value, ` ${figure.unit ?? '/s'}`);
    case 'memory':
      return formatMb(value);
  }
}

/** The results table: figure | value | baseline | ratio | target | met? */
export function figuresTable(figures: readonly Figure[]): string {
  return formatTable(
    ['figure', 'value', 'baseline', 'ratio', 'target (large)', 'met?'],
    figures.map((f) => [
      f.kind === 'latency' ? `${f.label} (p50 / ${f.high ?? 'p95'})` : f.label,
      show(f, 'value'),
      show(f, 'baseline'),
      formatRatio(f.ratio),
      f.target ?? '',
      f.met === null ? '' : f.met ? 'met' : 'MISSED',
    ]),
  );
}

export interface SizedFigures {
  size: SyntheticSize;
  figures: Figure[];
}

/**
 * How each figure grows from the smallest data set to the largest measured: its headline value
 * at each size, the factor between the first and the last, and the exponent k of value ∝
 * recommendations^k (about 0: flat; 1: grows with the data).
 */
export function growthTable(runs: readonly SizedFigures[]): string | null {
  const sorted = [...runs].sort((a, b) => SYNTHETIC_SIZES[a.size] - SYNTHETIC_SIZES[b.size]);
  if (sorted.length < 2) return null;
  const ids: string[] = [];
  const labels = new Map<string, Figure>();
  for (const run of sorted) {
    for (const f of run.figures) {
      if (!labels.has(f.id)) ids.push(f.id);
      labels.set(f.id, f);
    }
  }
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const rows = ids.map((id) => {
    const f = labels.get(id) as Figure;
    const at = (run: SizedFigures): Figure | undefined => run.figures.find((g) => g.id === id);
    const headline = (g: Figure | undefined): string => {
      if (!g || g.value === null) return '–';
      if (g.kind === 'latency') return formatMs(g.value);
      if (g.kind === 'rate') return formatRate(g.value);
      return formatMb(g.value);
    };
    const change = growth(
      at(first)?.value ?? null,
      at(last)?.value ?? null,
      SYNTHETIC_SIZES[first.size],
      SYNTHETIC_SIZES[last.size],
    );
    return [
      f.kind === 'latency' ? `${f.label} (${f.high ?? 'p95'})` : f.label,
      ...sorted.map((run) => headline(at(run))),
      change ? `x${change.factor.toFixed(2)}` : '–',
      change ? change.exponent.toFixed(2) : '–',
    ];
  });
  return formatTable(
    [
      'figure',
      ...sorted.map((r) => `${r.size} (${SYNTHETIC_SIZES[r.size].toLocaleString('en-GB')})`),
      `${first.size}→${last.size}`,
      'k',
    ],
    rows,
  );
}
