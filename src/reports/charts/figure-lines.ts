import { FONT, chartPrefix, escapeXml, fitText, num, svgOpen } from './palette.js';

/** One figure (a share from 0 to 1, or null where unknown) at each point of a trend. */
export interface FigureSeries {
  label: string;
  values: readonly (number | null)[];
}

export interface FigureLinesOptions {
  /** SVG width in CSS pixels (default 640). */
  width?: number;
  /** Height of the plot area (default 180). */
  plotHeight?: number;
  /** Distinguishes this chart's ids from other charts of the page. */
  id?: string;
  /** The accessible title (default "Figures over time"). */
  label?: string;
}

/**
 * Line styles told apart without colour: each series has its own dash pattern and marker shape,
 * and the legend repeats both.
 */
const STYLES: { colour: string; dash: string; marker: (x: number, y: number) => string }[] = [
  {
    colour: '#1d70b8',
    dash: '',
    marker: (x, y) => `<circle cx="${num(x)}" cy="${num(y)}" r="4"/>`,
  },
  {
    colour: '#6f3c00',
    dash: '7 4',
    marker: (x, y) => `<rect x="${num(x - 4)}" y="${num(y - 4)}" width="8" height="8"/>`,
  },
  {
    colour: '#3d2375',
    dash: '2 3',
    marker: (x, y) =>
      `<path d="M${num(x)} ${num(y - 5)}L${num(x + 5)} ${num(y + 4)}L${num(x - 5)} ${num(y + 4)}Z"/>`,
  },
];

/** A label on one line, for titles and the description. */
function oneLine(label: string): string {
  return label.replace(/\s*\n\s*/g, ' ');
}

function pct(value: number | null): string {
  return value === null ? 'no figure' : `${Math.round(value * 100)}%`;
}

/**
 * Shares (0 to 100%) of a few figures at successive points, one line each, on a fixed 0-100%
 * scale (a point's label may break in two lines at a newline); a gap where a figure is unknown. The description repeats every value for readers who
 * cannot see the lines; every text from the data is escaped.
 */
export function figureLines(
  points: readonly string[],
  series: readonly FigureSeries[],
  opts: FigureLinesOptions = {},
): string {
  const width = Math.round(opts.width ?? 640);
  const plotH = Math.round(opts.plotHeight ?? 180);
  const prefix = chartPrefix('lines', opts.id);
  const fs = 11;
  const axisW = 40;
  const right = 12;
  const top = 10;
  const baseline = top + plotH;
  const slot = points.length ? (width - axisW - right) / points.length : 0;
  const xOf = (i: number) => axisW + slot * i + slot / 2;
  const yOf = (v: number) => baseline - v * plotH;
  const parts: string[] = [];

  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    const y = num(yOf(tick) + 0.5);
    parts.push(
      `<line x1="${axisW}" y1="${y}" x2="${width - right}" y2="${y}" stroke="${tick === 0 ? '#555' : '#ddd'}" stroke-width="1"/>` +
        `<text x="${axisW - 6}" y="${num(yOf(tick) + fs * 0.35)}" text-anchor="end" font-size="${fs}" fill="#444">${tick * 100}%</text>`,
    );
  }
  // Labels under the axis, one or two lines ("30 Nov" over "2026") to fit narrow slots.
  const labelFs = 10;
  points.forEach((label, i) => {
    const lines = label
      .split('\n')
      .map(
        (line, l) =>
          `<tspan x="${num(xOf(i))}" dy="${l === 0 ? 0 : labelFs + 2}">${escapeXml(fitText(line, slot - 2, labelFs))}</tspan>`,
      )
      .join('');
    parts.push(
      `<text x="${num(xOf(i))}" y="${num(baseline + 15)}" text-anchor="middle" font-size="${labelFs}" fill="#222">${lines}</text>`,
    );
  });

  series.forEach((s, k) => {
    const style = STYLES[k % STYLES.length];
    const segments: string[][] = [[]];
    s.values.forEach((v, i) => {
      if (i >= points.length) return;
      if (v === null) {
        if (segments[segments.length - 1].length) segments.push([]);
        return;
      }
      segments[segments.length - 1].push(`${num(xOf(i))} ${num(yOf(v))}`);
    });
    const lines = segments
      .filter((seg) => seg.length > 1)
      .map(
        (seg) =>
          `<path d="M${seg.join('L')}" fill="none" stroke="${style.colour}" stroke-width="2.5"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}/>`,
      )
      .join('');
    const markers = s.values
      .map((v, i) =>
        v === null || i >= points.length
          ? ''
          : `<g><title>${escapeXml(`${s.label}, ${oneLine(points[i])}: ${pct(v)}`)}</title>${style.marker(xOf(i), yOf(v))}</g>`,
      )
      .join('');
    parts.push(`<g class="series" fill="${style.colour}">${lines}${markers}</g>`);
  });

  // Legend: the line sample with its marker, then the figure's name.
  const legendY = baseline + 46;
  let lx = 0;
  series.forEach((s, k) => {
    const style = STYLES[k % STYLES.length];
    parts.push(
      `<g fill="${style.colour}"><line x1="${lx}" y1="${legendY}" x2="${lx + 28}" y2="${legendY}" stroke="${style.colour}" stroke-width="2.5"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}/>${style.marker(lx + 14, legendY)}</g>` +
        `<text x="${lx + 34}" y="${num(legendY + fs * 0.35)}" font-size="${fs}" fill="#222" font-family="${FONT}">${escapeXml(s.label)}</text>`,
    );
    lx += 34 + s.label.length * fs * 0.58 + 20;
  });
  const height = legendY + 12;

  const desc = points.length
    ? points
        .map(
          (p, i) =>
            `${oneLine(p)}: ${series.map((s) => `${s.label} ${pct(s.values[i] ?? null)}`).join(', ')}.`,
        )
        .join(' ')
    : 'No dates.';
  return (
    svgOpen({ prefix, width, height, title: opts.label ?? 'Figures over time', desc }) +
    parts.join('') +
    '</svg>'
  );
}
