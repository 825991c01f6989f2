import { ImplementationStatus, STATUS_INFO } from '../../assessments/implementation-status.enum.js';

/**
 * Status fills for the report charts: the colours of views/assets/app.css and, for each status, an
 * SVG pattern, so that a chart printed in black and white still tells the statuses apart.
 */
export interface StatusFill {
  status: ImplementationStatus;
  label: string;
  /** The FATF-style code printed on segments and cells; a dash for "no information". */
  short: string;
  /** The dominant colour (legends, outlines). */
  colour: string;
  /** Colour of text printed on the fill. */
  textColour: string;
  /** Pattern body (its children), drawn in user space; `size` is the tile size. */
  tile: { width: number; height: number; transform?: string; body: string };
}

const TILES: Record<ImplementationStatus, StatusFill['tile'] & { colour: string; text: string }> = {
  // Light vertical hatch (app.css: 90deg gradient, white 3px then grey 1px).
  [ImplementationStatus.NoInformation]: {
    colour: '#c9ced6',
    text: '#222',
    width: 4,
    height: 4,
    body: '<rect width="4" height="4" fill="#fff"/><rect x="3" width="1" height="4" fill="#c9ced6"/>',
  },
  // Red diagonal stripes (45deg: running from top left to bottom right).
  [ImplementationStatus.NotImplemented]: {
    colour: '#d9534f',
    text: '#222',
    width: 6,
    height: 6,
    transform: 'rotate(-45)',
    body: '<rect width="6" height="6" fill="#f3c1bf"/><rect width="3" height="6" fill="#d9534f"/>',
  },
  // Orange horizontal stripes.
  [ImplementationStatus.PartiallyImplemented]: {
    colour: '#f0ad4e',
    text: '#222',
    width: 6,
    height: 6,
    body: '<rect width="6" height="6" fill="#fbe3c2"/><rect width="6" height="3" fill="#f0ad4e"/>',
  },
  // Light-green anti-diagonal stripes (-45deg: bottom left to top right).
  [ImplementationStatus.MostlyImplemented]: {
    colour: '#7fbf7f',
    text: '#222',
    width: 6,
    height: 6,
    transform: 'rotate(45)',
    body: '<rect width="6" height="6" fill="#cfe8cf"/><rect width="4" height="6" fill="#7fbf7f"/>',
  },
  // Solid dark green, white text.
  [ImplementationStatus.Implemented]: {
    colour: '#2e7d32',
    text: '#fff',
    width: 4,
    height: 4,
    body: '<rect width="4" height="4" fill="#2e7d32"/>',
  },
  // White with a diagonal slash: a tile cannot know the shape it fills, so sparse thin slashes.
  [ImplementationStatus.NotApplicable]: {
    colour: '#777',
    text: '#222',
    width: 10,
    height: 10,
    body: '<rect width="10" height="10" fill="#fff"/><path d="M0 10L10 0M-1 1L1 -1M9 11L11 9" stroke="#777" stroke-width="1"/>',
  },
};

export const STATUS_FILLS: readonly StatusFill[] = STATUS_INFO.map((info) => {
  const { colour, text, ...tile } = TILES[info.value];
  return {
    status: info.value,
    label: info.label,
    short: info.fatf ?? '–',
    colour,
    textColour: text,
    tile,
  };
});

const fillByStatus = new Map(STATUS_FILLS.map((f) => [f.status, f]));

export function statusFill(status: ImplementationStatus): StatusFill {
  const fill = fillByStatus.get(status);
  if (!fill) throw new Error(`Unknown status ${String(status)}`);
  return fill;
}

/** XML-escapes text for element content and attribute values alike. */
export function escapeXml(text: unknown): string {
  return String(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * The id prefix of one SVG: the chart kind plus the caller's optional id, reduced to characters
 * safe in an XML id and a CSS url(). Deterministic (no counter): give each chart of a page its own
 * `id` when a page shows several charts of one kind.
 */
export function chartPrefix(kind: string, id?: string): string {
  const clean = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, '-');
  return id ? `${clean(kind)}-${clean(id)}` : clean(kind);
}

/** The pattern id of a status within one SVG. */
export function patternId(prefix: string, status: ImplementationStatus): string {
  return `${prefix}-p-${status}`;
}

/** `url(#…)` of a status's pattern, for a fill attribute. */
export function fillUrl(prefix: string, status: ImplementationStatus): string {
  return `url(#${patternId(prefix, status)})`;
}

/** The six status patterns, as `<pattern>` elements to place inside `<defs>`. */
export function patternDefs(prefix: string): string {
  return STATUS_FILLS.map((f) => {
    const t = f.tile;
    const transform = t.transform ? ` patternTransform="${t.transform}"` : '';
    return `<pattern id="${patternId(prefix, f.status)}" patternUnits="userSpaceOnUse" width="${t.width}" height="${t.height}"${transform}>${t.body}</pattern>`;
  }).join('');
}

export const FONT = 'system-ui, sans-serif';

/**
 * The smallest text of a chart, in CSS pixels: 9.5 px is 7.1 pt. Reports print the charts at
 * their own size (680 pixels fill the 180 mm of the page), so this is the size on paper too.
 */
export const MIN_FONT = 9.5;

/** Rounds to at most one decimal, without a trailing ".0" (keeps the SVG small and stable). */
export function num(n: number): string {
  const r = Math.round(n * 10) / 10;
  return String(Object.is(r, -0) ? 0 : r);
}

/** A rough width of text in CSS pixels for the sans-serif fonts (no DOM to measure). */
export function textWidth(text: string, fontSize: number): number {
  return [...text].length * fontSize * 0.58;
}

/** Shortens text with an ellipsis to fit a width (estimated). */
export function fitText(text: string, maxWidth: number, fontSize: number): string {
  const chars = [...text];
  const max = Math.floor(maxWidth / (fontSize * 0.58));
  if (chars.length <= max) return text;
  return max <= 1 ? '…' : `${chars.slice(0, max - 1).join('')}…`;
}

/** The opening of a chart: svg element with its accessible title and description, and defs. */
export function svgOpen(opts: {
  prefix: string;
  width: number;
  height: number;
  title: string;
  desc: string;
  defs?: string;
}): string {
  const { prefix, width, height } = opts;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${num(width)} ${num(height)}" width="${num(width)}" height="${num(height)}" role="img" aria-labelledby="${prefix}-title ${prefix}-desc" font-family="${FONT}">` +
    `<title id="${prefix}-title">${escapeXml(opts.title)}</title>` +
    `<desc id="${prefix}-desc">${escapeXml(opts.desc)}</desc>` +
    (opts.defs ? `<defs>${opts.defs}</defs>` : '')
  );
}

/** Text attributes for a label printed on a status fill, with a halo on the striped fills. */
export function onFillText(status: ImplementationStatus): string {
  const f = statusFill(status);
  return status === ImplementationStatus.Implemented
    ? `fill="${f.textColour}"`
    : `fill="${f.textColour}" stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"`;
}

/**
 * A legend laid out in rows within `width`: a swatch per item and its text. Returns the markup
 * and the height it takes.
 */
export function legend(
  items: { fill: string; text: string; stroke?: string; mark?: string }[],
  x: number,
  y: number,
  width: number,
  fontSize = 11,
): { svg: string; height: number } {
  const sw = 12;
  const rowH = 18;
  let cx = x;
  let cy = y;
  const parts: string[] = [];
  for (const item of items) {
    const w = sw + 5 + textWidth(item.text, fontSize) + 16;
    if (cx > x && cx + w > x + width) {
      cx = x;
      cy += rowH;
    }
    parts.push(
      `<rect x="${num(cx)}" y="${num(cy)}" width="${sw}" height="${sw}" fill="${item.fill}" stroke="${item.stroke ?? '#555'}" stroke-width="0.5"/>` +
        (item.mark ?? '').replace(/\{x\}/g, num(cx + sw / 2)).replace(/\{y\}/g, num(cy + sw / 2)) +
        `<text x="${num(cx + sw + 5)}" y="${num(cy + sw - 2)}" font-size="${fontSize}" fill="#222">${escapeXml(item.text)}</text>`,
    );
    cx += w;
  }
  return {
    svg: `<g class="legend">${parts.join('')}</g>`,
    height: items.length ? cy - y + rowH : 0,
  };
}

/** The legend items of the six statuses (code and label, optionally a count). */
export function statusLegendItems(
  prefix: string,
  counts?: Record<ImplementationStatus, number>,
): { fill: string; text: string }[] {
  return STATUS_FILLS.map((f) => ({
    fill: fillUrl(prefix, f.status),
    text: `${f.short} ${f.label}${counts ? ` (${counts[f.status]})` : ''}`,
  }));
}

/** Splits `total` into integers proportional to `weights` that sum exactly to `total`
 * (largest remainder; ties go to the earlier weight). All weights 0 gives all 0. */
export function apportion(weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (w / sum) * total);
  const result = exact.map((e) => Math.floor(e));
  let left = total - result.reduce((a, b) => a + b, 0);
  const order = exact
    .map((e, i) => ({ i, rem: e - Math.floor(e) }))
    .filter(({ i }) => weights[i] > 0)
    .sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (let k = 0; left > 0 && order.length > 0; k = (k + 1) % order.length, left -= 1) {
    result[order[k].i] += 1;
  }
  return result;
}
