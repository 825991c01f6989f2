import { chartPrefix, escapeXml, fitText, legend, num, svgOpen, textWidth } from './palette.js';

export interface ComparisonRow {
  label: string;
  /** The subject's share (0..1); null when it has no figure. */
  value: number | null;
  /** The reference share (0..1), e.g. the average of all States; null when there is none. */
  reference: number | null;
}

export interface ComparisonOptions {
  /** Width of the SVG in CSS pixels (default 680). */
  width?: number;
  /** Distinguishes this chart's ids from other charts of the page. */
  id?: string;
  /** What the chart shows, for the accessible title. */
  label?: string;
  /** What the first bar of each row stands for (default "Value"), e.g. the State's name. */
  valueName?: string;
  /** What the second bar of each row stands for (default "Reference"). */
  referenceName?: string;
  /** Width of the row-label column (default 200). */
  labelWidth?: number;
}

const SOLID = '#1f3a5f';
const HATCH_INK = '#333';

/** Whole percentage of a share, or a phrase when there is no figure. */
function pct(value: number | null): string {
  return value === null ? 'no figure' : `${Math.round(value * 100)}%`;
}

function clamp(value: number): number {
  return Math.max(0, Math.min(1, value));
}

/**
 * Two bars per row on a 0–100% scale: the subject's figure (solid) above a reference figure
 * (hatched, outlined), e.g. a State's progress index by theme against the average of all States.
 * Solid against hatched keeps the two apart in black and white; each bar also prints its value.
 */
export function comparisonBars(
  rows: readonly ComparisonRow[],
  opts: ComparisonOptions = {},
): string {
  const width = Math.round(opts.width ?? 680);
  const prefix = chartPrefix('comparison', opts.id);
  const hatch = `${prefix}-hatch`;
  const valueName = opts.valueName ?? 'Value';
  const referenceName = opts.referenceName ?? 'Reference';
  const fs = 11;
  const labelW = opts.labelWidth ?? 200;
  const valueW = textWidth('100%', fs) + 10;
  const plotX = labelW;
  const plotW = Math.max(40, width - labelW - valueW);
  const barH = 10;
  // Two bars and a small gap a row: a State's fifteen themes take less than half a page.
  const rowH = barH * 2 + 2 + 6;
  const leg = legend(
    [
      { fill: SOLID, text: valueName },
      { fill: `url(#${hatch})`, text: referenceName, stroke: HATCH_INK },
    ],
    plotX,
    0,
    plotW + valueW,
  );
  const axisY = leg.height + 14;
  const top = axisY + 6;
  const parts: string[] = [leg.svg];

  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    const x = plotX + tick * plotW;
    parts.push(
      `<text x="${num(x)}" y="${num(axisY)}" text-anchor="middle" font-size="10" fill="#444">${tick * 100}%</text>` +
        `<line x1="${num(x)}" y1="${num(top)}" x2="${num(x)}" y2="${num(top + rows.length * rowH)}" stroke="${tick === 0 ? '#555' : '#ccc'}" stroke-width="1"${tick === 0 ? '' : ' stroke-dasharray="2 2"'}/>`,
    );
  }

  const bar = (value: number | null, y: number, fill: string, stroke: string): string => {
    if (value === null) {
      return `<text x="${num(plotX + 4)}" y="${num(y + barH - 1)}" font-size="10" font-style="italic" fill="#555">no figure</text>`;
    }
    const w = clamp(value) * plotW;
    return (
      (w > 0
        ? `<rect x="${num(plotX)}" y="${num(y)}" width="${num(w)}" height="${barH}" fill="${fill}" stroke="${stroke}" stroke-width="0.75"/>`
        : '') +
      `<text x="${num(plotX + w + 4)}" y="${num(y + barH - 1)}" font-size="10" fill="#222">${pct(value)}</text>`
    );
  };

  rows.forEach((row, i) => {
    const y = top + i * rowH + 3;
    parts.push(
      `<g><title>${escapeXml(`${row.label}: ${valueName} ${pct(row.value)}, ${referenceName} ${pct(row.reference)}`)}</title>` +
        `<text x="${num(labelW - 8)}" y="${num(y + barH + 3)}" text-anchor="end" font-size="${fs}" fill="#222">${escapeXml(fitText(row.label, labelW - 12, fs))}</text>` +
        bar(row.value, y, SOLID, SOLID) +
        bar(row.reference, y + barH + 2, `url(#${hatch})`, HATCH_INK) +
        '</g>',
    );
  });

  const height = Math.ceil(top + rows.length * rowH + 4);
  const desc = rows.length
    ? rows
        .map(
          (r) => `${r.label}: ${valueName} ${pct(r.value)}, ${referenceName} ${pct(r.reference)}.`,
        )
        .join(' ')
    : 'No rows.';
  const defs = `<pattern id="${hatch}" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><rect width="2" height="6" fill="${HATCH_INK}"/></pattern>`;
  return (
    svgOpen({
      prefix,
      width,
      height,
      title: opts.label ?? `${valueName} against ${referenceName}`,
      desc,
      defs,
    }) +
    parts.join('') +
    '</svg>'
  );
}
