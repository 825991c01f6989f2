import type { ImplementationStatus } from '../../assessments/implementation-status.enum.js';
import type { StatusCounts } from '../../assessments/progress.js';
import {
  STATUS_FILLS,
  apportion,
  chartPrefix,
  escapeXml,
  fillUrl,
  fitText,
  legend,
  num,
  onFillText,
  patternDefs,
  statusLegendItems,
  svgOpen,
  textWidth,
  MIN_FONT,
} from './palette.js';

export interface StackedBarOptions {
  /** Width of the SVG in CSS pixels (default 680). */
  width?: number;
  /** Height of the bar (default 28). */
  height?: number;
  /** Distinguishes this chart's ids from other charts of the page. */
  id?: string;
  /** What the bar shows, for the accessible title (default "Pairs by status"). */
  label?: string;
  /** Draw a legend of the six statuses, with their counts, under the bar. */
  legend?: boolean;
}

export interface Segment {
  status: ImplementationStatus;
  count: number;
  x: number;
  width: number;
}

/** The segments of one bar: statuses in scale order, zero counts left out, whole-pixel widths
 * proportional to the counts and summing exactly to `width`. */
export function barSegments(counts: StatusCounts, width: number, x0 = 0): Segment[] {
  const values = STATUS_FILLS.map((f) => Math.max(0, counts[f.status] ?? 0));
  const widths = apportion(values, Math.round(width));
  const segments: Segment[] = [];
  let x = x0;
  STATUS_FILLS.forEach((f, i) => {
    if (values[i] === 0) return;
    segments.push({ status: f.status, count: values[i], x, width: widths[i] });
    x += widths[i];
  });
  return segments;
}

function total(counts: StatusCounts): number {
  return STATUS_FILLS.reduce((t, f) => t + Math.max(0, counts[f.status] ?? 0), 0);
}

/** "Implemented 3, Not implemented 1 (4 in all)": the numbers of a bar as text. */
export function describeCounts(counts: StatusCounts): string {
  const n = total(counts);
  if (n === 0) return 'No pairs.';
  const parts = STATUS_FILLS.filter((f) => (counts[f.status] ?? 0) > 0).map(
    (f) => `${f.label} (${f.short}): ${counts[f.status]}`,
  );
  return `${parts.join('; ')}; ${n} in all.`;
}

function segmentsSvg(
  prefix: string,
  segments: Segment[],
  y: number,
  h: number,
  fs: number,
): string {
  return segments
    .map((s) => {
      const label = String(s.count);
      const fits = s.width >= textWidth(label, fs) + 6 && h >= fs + 2;
      const fill = STATUS_FILLS.find((f) => f.status === s.status)!;
      return (
        `<g><title>${escapeXml(`${fill.label}: ${s.count}`)}</title>` +
        `<rect x="${num(s.x)}" y="${num(y)}" width="${num(s.width)}" height="${num(h)}" fill="${fillUrl(prefix, s.status)}"/>` +
        (fits
          ? `<text x="${num(s.x + s.width / 2)}" y="${num(y + h / 2 + fs * 0.35)}" text-anchor="middle" font-size="${fs}" ${onFillText(s.status)}>${label}</text>`
          : '') +
        '</g>'
      );
    })
    .join('');
}

function emptyBar(x: number, y: number, w: number, h: number, fs: number): string {
  return (
    `<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" fill="#fff" stroke="#999" stroke-width="1" stroke-dasharray="3 2"/>` +
    `<text x="${num(x + w / 2)}" y="${num(y + h / 2 + fs * 0.35)}" text-anchor="middle" font-size="${fs}" fill="#555">no pairs</text>`
  );
}

/** One horizontal bar split by status, in scale order, each segment as wide as its share. */
export function stackedStatusBar(counts: StatusCounts, opts: StackedBarOptions = {}): string {
  const width = Math.round(opts.width ?? 680);
  const barH = opts.height ?? 28;
  const prefix = chartPrefix('stacked-bar', opts.id);
  const fs = Math.min(12, Math.max(MIN_FONT, barH * 0.45));
  const segments = barSegments(counts, width);
  const leg = opts.legend
    ? legend(statusLegendItems(prefix, counts), 0, barH + 8, width)
    : { svg: '', height: 0 };
  const height = barH + (opts.legend ? 8 + leg.height : 0);
  const title = opts.label ?? 'Pairs by status';
  return (
    svgOpen({
      prefix,
      width,
      height,
      title,
      desc: describeCounts(counts),
      defs: patternDefs(prefix),
    }) +
    (segments.length
      ? segmentsSvg(prefix, segments, 0, barH, fs) +
        `<rect x="0.5" y="0.5" width="${width - 1}" height="${num(barH - 1)}" fill="none" stroke="#555" stroke-width="1"/>`
      : emptyBar(0.5, 0.5, width - 1, barH - 1, fs)) +
    leg.svg +
    '</svg>'
  );
}

export interface StackedBarsOptions extends StackedBarOptions {
  /** Width of the row-label column (default 170). */
  labelWidth?: number;
  /** Gap between bars (default 6). */
  gap?: number;
  /**
   * `share` (default): every bar is full width, its segments the shares of its row;
   * `count`: bars as long as their totals, the longest full width.
   */
  scale?: 'share' | 'count';
}

/** One bar per row (for instance one per recommendation), row labels on the left, the row's
 * total on the right, an optional legend below. */
export function stackedStatusBars(
  rows: readonly { label: string; counts: StatusCounts }[],
  opts: StackedBarsOptions = {},
): string {
  const width = Math.round(opts.width ?? 680);
  const barH = opts.height ?? 18;
  const gap = opts.gap ?? 6;
  const labelW = opts.labelWidth ?? 170;
  const totalW = 40;
  const barW = Math.max(20, width - labelW - totalW);
  const prefix = chartPrefix('stacked-bars', opts.id);
  const fs = Math.min(12, Math.max(MIN_FONT, barH * 0.6));
  const maxTotal = Math.max(0, ...rows.map((r) => total(r.counts)));
  const body: string[] = [];
  rows.forEach((row, i) => {
    const y = i * (barH + gap);
    const n = total(row.counts);
    const w = opts.scale === 'count' && maxTotal > 0 ? Math.round((barW * n) / maxTotal) : barW;
    const segments = barSegments(row.counts, w, labelW);
    body.push(
      `<g><title>${escapeXml(`${row.label}: ${describeCounts(row.counts)}`)}</title>` +
        `<text x="${labelW - 6}" y="${num(y + barH / 2 + fs * 0.35)}" text-anchor="end" font-size="${fs}" fill="#222">${escapeXml(fitText(row.label, labelW - 8, fs))}</text>` +
        (n > 0
          ? segmentsSvg(prefix, segments, y, barH, fs) +
            `<rect x="${num(labelW + 0.5)}" y="${num(y + 0.5)}" width="${num(Math.max(0, w - 1))}" height="${num(barH - 1)}" fill="none" stroke="#555" stroke-width="1"/>`
          : emptyBar(labelW + 0.5, y + 0.5, barW - 1, barH - 1, fs)) +
        `<text x="${num(labelW + barW + 6)}" y="${num(y + barH / 2 + fs * 0.35)}" font-size="${fs}" fill="#222">${n}</text>` +
        '</g>',
    );
  });
  const barsH = rows.length ? rows.length * (barH + gap) - gap : 0;
  const leg = opts.legend ? legend(statusLegendItems(prefix), 0, barsH + 10, width) : null;
  const height = Math.max(1, barsH + (leg ? 10 + leg.height : 0));
  const desc = rows.length
    ? rows.map((r) => `${r.label}: ${describeCounts(r.counts)}`).join(' ')
    : 'No rows.';
  return (
    svgOpen({
      prefix,
      width,
      height,
      title: opts.label ?? 'Pairs by status, one bar per row',
      desc,
      defs: patternDefs(prefix),
    }) +
    body.join('') +
    (leg?.svg ?? '') +
    '</svg>'
  );
}
