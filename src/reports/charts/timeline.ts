import type { ImplementationStatus } from '../../assessments/implementation-status.enum.js';
import type { StatusCounts } from '../../assessments/progress.js';
import { describeCounts } from './stacked-bar.js';
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

export interface TimelineOptions {
  /** SVG width in CSS pixels (default 680). */
  width?: number;
  /** Height of the plot area, bars only (default 180). */
  plotHeight?: number;
  /** Distinguishes this chart's ids from other charts of the page. */
  id?: string;
  /** What the bars show, for the accessible title (default "Pairs by status over time"). */
  label?: string;
  /** Draw the legend of the six statuses under the bars (default true). */
  legend?: boolean;
}

export interface TimelineColumn {
  /** Printed under the bar, e.g. a year or a date. */
  label: string;
  counts: StatusCounts;
}

export interface TimelineSegment {
  status: ImplementationStatus;
  count: number;
  /** Top of the segment. */
  y: number;
  height: number;
}

function total(counts: StatusCounts): number {
  return STATUS_FILLS.reduce((t, f) => t + Math.max(0, counts[f.status] ?? 0), 0);
}

/**
 * The segments of one column, stacked from the baseline upwards in scale order ("no information"
 * at the bottom, "not applicable" on top), zero counts left out, whole-pixel heights proportional
 * to the counts and summing exactly to `height`.
 */
export function columnSegments(
  counts: StatusCounts,
  height: number,
  baseline: number,
): TimelineSegment[] {
  const values = STATUS_FILLS.map((f) => Math.max(0, counts[f.status] ?? 0));
  const heights = apportion(values, Math.round(height));
  const segments: TimelineSegment[] = [];
  let y = baseline;
  STATUS_FILLS.forEach((f, i) => {
    if (values[i] === 0) return;
    y -= heights[i];
    segments.push({ status: f.status, count: values[i], y, height: heights[i] });
  });
  return segments;
}

/**
 * Pairs by status at successive dates (for instance at the end of each year): one vertical bar per
 * column, as tall as its number of pairs, split by status in scale order. Every text from the data
 * is escaped; the description repeats the numbers for readers who cannot see the bars.
 */
export function statusTimeline(
  columns: readonly TimelineColumn[],
  opts: TimelineOptions = {},
): string {
  const width = Math.round(opts.width ?? 680);
  const plotH = Math.round(opts.plotHeight ?? 180);
  const prefix = chartPrefix('timeline', opts.id);
  const fs = 11;
  const axisW = 34;
  const top = 16;
  const baseline = top + plotH;
  const slot = columns.length ? (width - axisW) / columns.length : width - axisW;
  const barW = Math.max(4, Math.min(48, slot * 0.62));
  const max = Math.max(0, ...columns.map((c) => total(c.counts)));
  const parts: string[] = [];

  // Axis: the baseline, and the largest count as the only tick (bars carry their own totals).
  parts.push(
    `<line x1="${axisW}" y1="${num(baseline + 0.5)}" x2="${width}" y2="${num(baseline + 0.5)}" stroke="#555" stroke-width="1"/>`,
  );
  if (max > 0) {
    parts.push(
      `<line x1="${axisW - 4}" y1="${num(top + 0.5)}" x2="${width}" y2="${num(top + 0.5)}" stroke="#ccc" stroke-width="0.5" stroke-dasharray="2 2"/>` +
        `<text x="${axisW - 6}" y="${num(top + fs * 0.35)}" text-anchor="end" font-size="${fs}" fill="#444">${max}</text>` +
        `<text x="${axisW - 6}" y="${num(baseline + fs * 0.35)}" text-anchor="end" font-size="${fs}" fill="#444">0</text>`,
    );
  }

  const labelFs = Math.min(fs, Math.max(MIN_FONT, slot / 4));
  columns.forEach((col, i) => {
    const n = total(col.counts);
    const cx = axisW + slot * i + slot / 2;
    const x = cx - barW / 2;
    const h = max > 0 ? Math.round((plotH * n) / max) : 0;
    const segments = columnSegments(col.counts, h, baseline);
    const bars = segments
      .map((s) => {
        const fill = STATUS_FILLS.find((f) => f.status === s.status)!;
        const text = String(s.count);
        const fits = s.height >= fs + 2 && barW >= textWidth(text, fs) + 4;
        return (
          `<g><title>${escapeXml(`${col.label}, ${fill.label}: ${s.count}`)}</title>` +
          `<rect x="${num(x)}" y="${num(s.y)}" width="${num(barW)}" height="${num(s.height)}" fill="${fillUrl(prefix, s.status)}"/>` +
          (fits
            ? `<text x="${num(cx)}" y="${num(s.y + s.height / 2 + fs * 0.35)}" text-anchor="middle" font-size="${fs}" ${onFillText(s.status)}>${text}</text>`
            : '') +
          '</g>'
        );
      })
      .join('');
    parts.push(
      `<g><title>${escapeXml(`${col.label}: ${describeCounts(col.counts)}`)}</title>` +
        bars +
        (h > 0
          ? `<rect x="${num(x + 0.5)}" y="${num(baseline - h + 0.5)}" width="${num(Math.max(0, barW - 1))}" height="${num(Math.max(0, h - 1))}" fill="none" stroke="#555" stroke-width="1"/>`
          : '') +
        `<text x="${num(cx)}" y="${num(baseline - h - 4)}" text-anchor="middle" font-size="${fs}" fill="#222">${n}</text>` +
        `<text x="${num(cx)}" y="${num(baseline + 14)}" text-anchor="middle" font-size="${num(labelFs)}" fill="#222">${escapeXml(fitText(col.label, slot - 2, labelFs))}</text>` +
        '</g>',
    );
  });

  const legendY = baseline + 26;
  const leg =
    opts.legend === false
      ? { svg: '', height: 0 }
      : legend(statusLegendItems(prefix), 0, legendY, width);
  const height = legendY + leg.height;
  const desc = columns.length
    ? columns.map((c) => `${c.label}: ${describeCounts(c.counts)}`).join(' ')
    : 'No dates.';
  return (
    svgOpen({
      prefix,
      width,
      height,
      title: opts.label ?? 'Pairs by status over time',
      desc,
      defs: patternDefs(prefix),
    }) +
    (columns.length
      ? ''
      : `<text x="${num(width / 2)}" y="${num(top + plotH / 2)}" text-anchor="middle" font-size="${fs}" fill="#555">no dates</text>`) +
    parts.join('') +
    leg.svg +
    '</svg>'
  );
}
