import type { StatusCounts } from '../../assessments/progress.js';
import {
  STATUS_FILLS,
  chartPrefix,
  escapeXml,
  fillUrl,
  fitText,
  num,
  patternDefs,
  svgOpen,
  textWidth,
} from './palette.js';

export interface DistributionOptions {
  /** Bars running left to right (default) or bottom to top. */
  orientation?: 'horizontal' | 'vertical';
  /** SVG width in CSS pixels (default 680 horizontal, 480 vertical). */
  width?: number;
  /** SVG height (default: 6 rows of 26px horizontal, 240 vertical). */
  height?: number;
  id?: string;
  /** What is counted, for the accessible title (default "Pairs by status"). */
  label?: string;
}

/** Counts per status as bars: the six statuses always present, in scale order, zero bars shown. */
export function statusDistribution(counts: StatusCounts, opts: DistributionOptions = {}): string {
  const prefix = chartPrefix('distribution', opts.id);
  const values = STATUS_FILLS.map((f) => Math.max(0, counts[f.status] ?? 0));
  const max = Math.max(1, ...values);
  const sum = values.reduce((a, b) => a + b, 0);
  const desc =
    STATUS_FILLS.map((f, i) => `${f.label} (${f.short}): ${values[i]}`).join('; ') +
    `; ${sum} in all.`;
  const title = opts.label ?? 'Pairs by status';
  const fs = 11;
  const parts: string[] = [];
  let width: number;
  let height: number;
  if (opts.orientation === 'vertical') {
    width = Math.round(opts.width ?? 480);
    height = Math.round(opts.height ?? 240);
    const top = 18;
    const bottom = 34;
    const plotH = height - top - bottom;
    const slot = width / STATUS_FILLS.length;
    const barW = Math.min(56, slot * 0.6);
    const baseY = top + plotH;
    STATUS_FILLS.forEach((f, i) => {
      const h = (plotH * values[i]) / max;
      const cx = slot * i + slot / 2;
      parts.push(
        `<g><title>${escapeXml(`${f.label}: ${values[i]}`)}</title>` +
          (values[i] > 0
            ? `<rect x="${num(cx - barW / 2)}" y="${num(baseY - h)}" width="${num(barW)}" height="${num(h)}" fill="${fillUrl(prefix, f.status)}" stroke="#555" stroke-width="0.75"/>`
            : '') +
          `<text x="${num(cx)}" y="${num(baseY - h - 4)}" text-anchor="middle" font-size="${fs}" fill="#222">${values[i]}</text>` +
          `<text x="${num(cx)}" y="${num(baseY + 13)}" text-anchor="middle" font-size="${fs}" font-weight="bold" fill="#222">${escapeXml(f.short)}</text>` +
          `<text x="${num(cx)}" y="${num(baseY + 26)}" text-anchor="middle" font-size="10" fill="#444">${escapeXml(fitText(f.label, slot - 4, 10))}</text>` +
          '</g>',
      );
    });
    parts.push(
      `<line x1="0" y1="${num(baseY + 0.5)}" x2="${width}" y2="${num(baseY + 0.5)}" stroke="#555" stroke-width="1"/>`,
    );
  } else {
    width = Math.round(opts.width ?? 680);
    const rowH = opts.height ? opts.height / STATUS_FILLS.length : 26;
    height = Math.round(opts.height ?? rowH * STATUS_FILLS.length);
    const labelW =
      Math.max(...STATUS_FILLS.map((f) => textWidth(`${f.short} ${f.label}`, fs))) + 12;
    const valueW = textWidth(String(max), fs) + 10;
    const plotW = Math.max(20, width - labelW - valueW);
    const barH = Math.max(4, rowH * 0.7);
    STATUS_FILLS.forEach((f, i) => {
      const w = (plotW * values[i]) / max;
      const y = i * rowH + (rowH - barH) / 2;
      const ty = num(y + barH / 2 + fs * 0.35);
      parts.push(
        `<g><title>${escapeXml(`${f.label}: ${values[i]}`)}</title>` +
          `<text x="${num(labelW - 8)}" y="${ty}" text-anchor="end" font-size="${fs}" fill="#222"><tspan font-weight="bold">${escapeXml(f.short)}</tspan> ${escapeXml(f.label)}</text>` +
          (values[i] > 0
            ? `<rect x="${num(labelW)}" y="${num(y)}" width="${num(w)}" height="${num(barH)}" fill="${fillUrl(prefix, f.status)}" stroke="#555" stroke-width="0.75"/>`
            : '') +
          `<text x="${num(labelW + w + 4)}" y="${ty}" font-size="${fs}" fill="#222">${values[i]}</text>` +
          '</g>',
      );
    });
    parts.push(
      `<line x1="${num(labelW - 0.5)}" y1="0" x2="${num(labelW - 0.5)}" y2="${height}" stroke="#555" stroke-width="1"/>`,
    );
  }
  return (
    svgOpen({ prefix, width, height, title, desc, defs: patternDefs(prefix) }) +
    parts.join('') +
    '</svg>'
  );
}
