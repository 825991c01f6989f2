import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { geoConicEqualArea, geoPath, type GeoProjection } from 'd3-geo';
import { feature } from 'topojson-client';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { projectRoot } from '../../common/project-root.js';
import { ImplementationStatus } from '../../assessments/implementation-status.enum.js';
import {
  STATUS_FILLS,
  chartPrefix,
  escapeXml,
  fillUrl,
  fitText,
  legend,
  patternDefs,
  statusFill,
  statusLegendItems,
  svgOpen,
} from './palette.js';

/*
 * Projection and extent. The OSCE area runs from Vancouver eastwards to Vladivostok: one frame
 * showing all of it would leave Europe, where most of the 57 States are, a few pixels wide. So:
 *
 * - the main frame is an equal-area conic (central meridian 50°E, standard parallels 40° and
 *   65°N) fitted to Europe, the Caucasus, Central Asia and Mongolia, from Iceland to 120°E and from
 *   the southern Mediterranean to the Arctic coast; Russia east of it is cropped (its western part
 *   is what matters for shading, and the frame edge shows the crop);
 * - Canada and the United States sit in an inset at the top of the column on the right of the map
 *   (above the legend), with their own equal-area conic; Hawaii is cropped. An inset over the map
 *   itself would hide Iceland and the British Isles (North Atlantic) or the Mediterranean Partners.
 *
 * Equal-area projections keep the "too small to see" test fair: it compares the area a State
 * covers on the page, summed over both frames, with a threshold in square CSS pixels. States drawn
 * below it, and States outside both frames (Partners such as Japan or Australia), are listed beside
 * the map with their values.
 */

interface StateRow {
  name: string;
  iso2: string;
  iso3: string;
  isoNumeric: string;
  group: string;
}

let statesCache: readonly StateRow[] | undefined;

/** The project's States (names and ISO codes), read once, like the reference-data service does. */
function states(): readonly StateRow[] {
  statesCache ??= (
    JSON.parse(
      readFileSync(join(projectRoot(), 'src', 'reference-data', 'data', 'states.json'), 'utf8'),
    ) as { states: StateRow[] }
  ).states;
  return statesCache;
}

type Country = Feature<Geometry, { name?: string }>;

let countriesCache: Country[] | undefined;

/** The countries of world-atlas (1:50m), parsed once per process. */
function countries(): Country[] {
  if (!countriesCache) {
    const require = createRequire(import.meta.url);
    const file = require.resolve('world-atlas/countries-50m.json');
    const topology = JSON.parse(readFileSync(file, 'utf8')) as Topology<{
      countries: GeometryCollection<{ name?: string }>;
    }>;
    const collection = feature(topology, topology.objects.countries) as FeatureCollection<
      Geometry,
      { name?: string }
    >;
    countriesCache = collection.features;
  }
  return countriesCache;
}

export interface MapOptions {
  /** SVG width in CSS pixels (default 680): the map and, on its right, legend and list. */
  width?: number;
  id?: string;
  /** What the shades show, for the title and legend (default "Progress index"). */
  label?: string;
  /** States covering fewer square pixels than this are listed beside the map (default 10). */
  minArea?: number;
  /** How a value is printed (default a whole percentage). */
  format?: (value: number) => string;
  /**
   * `fixed` (default): five classes of 0..1; `fitted`: five classes over the data's own range
   * (from its lowest to its highest value), so that the States set apart are told apart.
   */
  scale?: 'fixed' | 'fitted';
}

/** A class of the legend: values from `from` (included) to `to`, in one colour. */
export interface MapClass {
  from: number;
  to: number;
  colour: string;
}

/** The five classes of the legend: equal intervals of 0..1, light to dark (reads in grey too). */
export const MAP_CLASSES: readonly MapClass[] = [
  { from: 0, to: 0.2, colour: '#c7e9c0' },
  { from: 0.2, to: 0.4, colour: '#8fd18a' },
  { from: 0.4, to: 0.6, colour: '#4fae5b' },
  { from: 0.6, to: 0.8, colour: '#238b45' },
  { from: 0.8, to: 1, colour: '#00441b' },
];
const OTHER_FILL = '#f2f2f2';

export function mapClass(value: number): number {
  const v = Math.min(1, Math.max(0, value));
  return Math.min(MAP_CLASSES.length - 1, Math.floor(v * MAP_CLASSES.length));
}

/**
 * A sequential ramp for a scale fitted to the data, light yellow to dark blue: apart from the
 * status colours (red, orange, green), and light to dark in grey as well (ColorBrewer YlGnBu).
 */
const FITTED_RAMP = ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'];

/**
 * Five classes of equal width over the data's range, in whole percentage points: from the lowest
 * value (rounded down) to the highest (rounded up), so that most States do not fall in one or
 * two shades. One class when every value is the same; none without values.
 */
export function fittedClasses(values: readonly number[]): MapClass[] {
  const finite = values.filter((v) => Number.isFinite(v)).map((v) => Math.min(1, Math.max(0, v)));
  if (finite.length === 0) return [];
  const low = Math.floor(Math.min(...finite) * 100 + 1e-9);
  const high = Math.ceil(Math.max(...finite) * 100 - 1e-9);
  if (high <= low) return [{ from: low / 100, to: high / 100, colour: FITTED_RAMP[2] }];
  const step = Math.ceil((high - low) / FITTED_RAMP.length);
  const classes: MapClass[] = [];
  for (let i = 0; i < FITTED_RAMP.length && low + i * step < high; i++) {
    const from = low + i * step;
    classes.push({ from: from / 100, to: Math.min(high, from + step) / 100, colour: '' });
  }
  // Spread the ramp over the classes there are, darkest last.
  return classes.map((c, i) => ({
    ...c,
    colour:
      FITTED_RAMP[
        classes.length === 1 ? 2 : Math.round((i * (FITTED_RAMP.length - 1)) / (classes.length - 1))
      ],
  }));
}

/** The index of the class a value falls in (the last class includes its upper end). */
export function classOf(classes: readonly MapClass[], value: number): number {
  const i = classes.findIndex((c) => value < c.to);
  return i === -1 ? classes.length - 1 : i;
}

function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

/**
 * A d3 path context writing coordinates rounded to one decimal, relative after each ring's start
 * (deltas between rounded points, so no drift). It simplifies on the fly for a page: a point closer
 * than `tolerance` pixels to the last point kept is dropped, and so is a ring (an islet) that ends
 * up smaller than that. Keeps a 1:50m map of the area well under 150 KB.
 */
class RoundedPath {
  private parts: string[] = [];
  private ring: number[] = [];
  private closed = false;
  private lastX = 0;
  private lastY = 0;
  private minX = 0;
  private maxX = 0;
  private minY = 0;
  private maxY = 0;
  constructor(private readonly tolerance = 1) {}
  beginPath(): void {
    // Paths start with moveTo.
  }
  moveTo(x: number, y: number): void {
    this.flush();
    this.closed = false;
    this.ring = [Math.round(x * 10), Math.round(y * 10)];
    this.lastX = this.minX = this.maxX = x;
    this.lastY = this.minY = this.maxY = y;
  }
  lineTo(x: number, y: number): void {
    if (Math.hypot(x - this.lastX, y - this.lastY) < this.tolerance) return;
    this.ring.push(Math.round(x * 10), Math.round(y * 10));
    this.lastX = x;
    this.lastY = y;
    this.minX = Math.min(this.minX, x);
    this.maxX = Math.max(this.maxX, x);
    this.minY = Math.min(this.minY, y);
    this.maxY = Math.max(this.maxY, y);
  }
  closePath(): void {
    this.closed = true;
    this.flush();
  }
  arc(): void {
    // Only used for Point geometries, which countries are not.
  }
  private flush(): void {
    const r = this.ring;
    this.ring = [];
    const points = r.length / 2;
    const big = Math.max(this.maxX - this.minX, this.maxY - this.minY) >= this.tolerance;
    // A closed ring needs three points; an open line (cut by the frame) two.
    if (!big || points < (this.closed ? 3 : 2)) return;
    const t = (n: number) => String(n / 10);
    let out = `M${t(r[0])}${sep(t(r[1]))}l`;
    let first = true;
    for (let i = 2; i < r.length; i += 2) {
      const dx = t(r[i] - r[i - 2]);
      const dy = t(r[i + 1] - r[i - 1]);
      out += (first ? dx : sep(dx)) + sep(dy);
      first = false;
    }
    this.parts.push(out + (this.closed ? 'z' : ''));
  }
  toString(): string {
    this.flush();
    return this.parts.join('');
  }
}

/** A number as the next one of a list: negative numbers need no separator. */
function sep(n: string): string {
  return n.startsWith('-') ? n : ` ${n}`;
}

interface Frame {
  projection: GeoProjection;
  x: number;
  y: number;
  width: number;
  height: number;
}

function frames(mapW: number, sideW: number): Frame[] {
  const mainH = Math.round(mapW * 0.72);
  const main = geoConicEqualArea()
    .rotate([-50, 0])
    .parallels([40, 65])
    .fitExtent(
      [
        [0, 0],
        [mapW, mainH],
      ],
      {
        type: 'MultiPoint',
        coordinates: [
          [-24, 66],
          [-11, 43],
          [-10, 35],
          [0, 33],
          [35, 30],
          [70, 31],
          [120, 42],
          [110, 56],
          [60, 70],
          [20, 71],
        ],
      },
    )
    .clipExtent([
      [0, 0],
      [mapW, mainH],
    ]);
  const insetW = sideW;
  const insetH = Math.round(insetW * 0.72);
  const na = geoConicEqualArea()
    .rotate([100, 0])
    .parallels([35, 65])
    .fitExtent(
      [
        [4, 4],
        [insetW - 4, insetH - 4],
      ],
      {
        type: 'MultiPoint',
        coordinates: [
          [-165, 65],
          [-125, 33],
          [-97, 26],
          [-67, 44],
          [-55, 50],
          [-75, 80],
          [-120, 76],
        ],
      },
    )
    .clipExtent([
      [0, 0],
      [insetW, insetH],
    ]);
  return [
    { projection: main, x: 0, y: 0, width: mapW, height: mainH },
    { projection: na, x: mapW + 8, y: 0, width: insetW, height: insetH },
  ];
}

export interface MapEntry<T = number> {
  key: string;
  iso3: string;
  name: string;
  value: T | null;
  /** Square CSS pixels it covers on the map, both frames together. */
  area: number;
}

const projectedCache = new Map<string, { id: string | undefined; d: string; area: number }[]>();

/** Every country's path and area in a frame; the same for every call at one size, so cached. */
function projected(frame: Frame) {
  const key = `${frame.width}x${frame.height}:${String(frame.projection.rotate())}`;
  let list = projectedCache.get(key);
  if (!list) {
    list = countries().map((country) => {
      const ctx = new RoundedPath();
      geoPath(frame.projection, ctx)(country);
      return {
        id: country.id === undefined ? undefined : String(country.id),
        d: ctx.toString(),
        area: geoPath(frame.projection).area(country),
      };
    });
    projectedCache.set(key, list);
  }
  return list;
}

/** Resolves a key (ISO alpha-3, alpha-2 or numeric code) to a State of states.json. */
function findState(key: string): StateRow | undefined {
  const k = key.trim().toUpperCase();
  return states().find((s) => s.iso3 === k || s.iso2 === k || s.isoNumeric === k.padStart(3, '0'));
}

/** How one State is drawn: its fill and what its tooltip and the list beside the map say. */
interface Shade {
  fill: string;
  text: string;
  /** What the list of States too small to see says (default `text`). */
  short?: string;
}

/** The map's own parts: a legend, the definitions its fills use, and each State's shade. */
interface MapStyle<T> {
  prefix: string;
  label: string;
  /** Share of the width the column beside the map takes (default 0.24). */
  side?: number;
  legendItems: { fill: string; text: string; stroke?: string }[];
  defs: string;
  shade: (value: T | null) => Shade;
  /** Text for the accessible description, e.g. "47%" or "Partially implemented". */
  describe: (value: T | null) => string;
}

/**
 * A map of the OSCE area, each State shaded by its value (a progress index, 0..1); null = no data,
 * hatched grey; States not in `values` plain light grey. `values` is keyed by ISO 3166 alpha-3
 * code (as in the States' addresses); alpha-2 and numeric codes are accepted as well.
 */
export function osceMap(values: ReadonlyMap<string, number | null>, opts: MapOptions = {}): string {
  return osceMapWithEntries(values, opts).svg;
}

/** osceMap, plus every entry with the area it covers (what decides the list beside the map). */
export function osceMapWithEntries(
  values: ReadonlyMap<string, number | null>,
  opts: MapOptions = {},
): { svg: string; entries: MapEntry[]; listed: MapEntry[] } {
  const prefix = chartPrefix('map', opts.id);
  const format = opts.format ?? percent;
  const classes =
    opts.scale === 'fitted'
      ? fittedClasses([...values.values()].filter((v): v is number => typeof v === 'number'))
      : MAP_CLASSES;
  const fixed = opts.scale !== 'fitted';
  const noData = `url(#${prefix}-nodata)`;
  const colourOf = (v: number): string =>
    fixed ? MAP_CLASSES[mapClass(v)].colour : classes[classOf(classes, v)].colour;
  return drawMap<number>(values, opts, {
    prefix,
    label: opts.label ?? 'Progress index',
    legendItems: [
      ...classes.map((c, i) => ({
        fill: c.colour,
        text:
          c.from === c.to
            ? format(c.from)
            : i === classes.length - 1
              ? `${format(c.from)}–${format(c.to)}`
              : `${format(c.from)} to < ${format(c.to)}`,
      })),
      { fill: noData, text: 'no data' },
      { fill: OTHER_FILL, stroke: '#bbb', text: 'not in this report' },
    ],
    defs: NODATA_PATTERN(prefix),
    shade: (v) =>
      v === null ? { fill: noData, text: 'no data' } : { fill: colourOf(v), text: format(v) },
    describe: (v) => (v === null ? 'no data' : format(v)),
  });
}

/**
 * A map of one recommendation: each State in the colour (and pattern, for black and white) of its
 * status, as the app and the reports' other charts show statuses; States not tracked for it plain
 * light grey. Keyed like osceMap.
 */
export function osceStatusMap(
  statuses: ReadonlyMap<string, ImplementationStatus | null>,
  opts: Omit<MapOptions, 'format' | 'scale'> = {},
): string {
  const prefix = chartPrefix('status-map', opts.id);
  const counts = Object.fromEntries(STATUS_FILLS.map((f) => [f.status, 0])) as Record<
    ImplementationStatus,
    number
  >;
  for (const status of statuses.values()) if (status) counts[status] += 1;
  return drawMap<ImplementationStatus>(statuses, opts, {
    prefix,
    label: opts.label ?? 'Status',
    // Room for the longest status and its count in the legend.
    side: 0.31,
    legendItems: [
      ...statusLegendItems(prefix, counts),
      { fill: OTHER_FILL, stroke: '#bbb', text: 'not tracked' },
    ],
    defs: patternDefs(prefix),
    shade: (status) => {
      const s = statusFill(status ?? ImplementationStatus.NoInformation);
      return { fill: fillUrl(prefix, s.status), text: `${s.short} ${s.label}`, short: s.short };
    },
    describe: (status) => statusFill(status ?? ImplementationStatus.NoInformation).label,
  }).svg;
}

const NODATA_PATTERN = (prefix: string): string =>
  `<pattern id="${prefix}-nodata" patternUnits="userSpaceOnUse" width="5" height="5" patternTransform="rotate(45)"><rect width="5" height="5" fill="#e4e4e4"/><rect width="1.5" height="5" fill="#888"/></pattern>`;

/** The map title over the legend, on up to two lines of the side column. */
function sideTitle(
  label: string,
  x: number,
  y: number,
  width: number,
): { svg: string; height: number } {
  const fs = 11;
  const max = Math.floor(width / (fs * 0.58));
  const words = label.split(/\s+/);
  const lines: string[] = [''];
  for (const word of words) {
    const line = lines[lines.length - 1];
    if (line && `${line} ${word}`.length > max && lines.length < 2) lines.push(word);
    else lines[lines.length - 1] = line ? `${line} ${word}` : word;
  }
  const svg = lines
    .map(
      (line, i) =>
        `<text x="${x}" y="${y + i * 14}" font-size="${fs}" font-weight="bold" fill="#222">${escapeXml(fitText(line, width, fs))}</text>`,
    )
    .join('');
  return { svg, height: lines.length * 14 };
}

/** Draws the map: both frames, the legend and the States too small to see, beside it. */
function drawMap<T>(
  values: ReadonlyMap<string, T | null>,
  opts: MapOptions,
  style: MapStyle<T>,
): {
  svg: string;
  entries: MapEntry<T>[];
  listed: MapEntry<T>[];
} {
  const { prefix, label } = style;
  const width = Math.round(opts.width ?? 680);
  const sideW = Math.max(150, Math.round(width * (style.side ?? 0.24)));
  const mapW = width - sideW - 8;
  const minArea = opts.minArea ?? 10;
  const [main, inset] = frames(mapW, sideW);

  type Entry = MapEntry<T> & { shade: Shade };
  const entries: Entry[] = [];
  const entryByNumeric = new Map<string, Entry>();
  for (const [key, raw] of values) {
    const state = findState(key);
    const value =
      raw === undefined || (typeof raw === 'number' && !Number.isFinite(raw)) ? null : raw;
    const entry: Entry = {
      key,
      iso3: state?.iso3 ?? key,
      name: state?.name ?? key,
      value,
      area: 0,
      shade: style.shade(value),
    };
    entries.push(entry);
    if (state) entryByNumeric.set(state.isoNumeric, entry);
  }

  const drawFrame = (frame: Frame, clipId: string): string => {
    const others: string[] = [];
    const shaded: string[] = [];
    for (const { id, d, area } of projected(frame)) {
      const entry = id ? entryByNumeric.get(id) : undefined;
      if (entry) entry.area += area;
      if (!d) continue;
      if (entry) {
        shaded.push(
          `<path d="${d}" fill="${entry.shade.fill}" stroke="#666" stroke-width="0.4"><title>${escapeXml(`${entry.name}: ${entry.shade.text}`)}</title></path>`,
        );
      } else {
        others.push(`<path d="${d}"/>`);
      }
    }
    return (
      `<g transform="translate(${frame.x} ${frame.y})" clip-path="url(#${clipId})">` +
      `<rect width="${frame.width}" height="${frame.height}" fill="#fff"/>` +
      `<g fill="${OTHER_FILL}" stroke="#fff" stroke-width="0.4">${others.join('')}</g>` +
      shaded.join('') +
      `</g><rect x="${frame.x + 0.5}" y="${frame.y + 0.5}" width="${frame.width - 1}" height="${frame.height - 1}" fill="none" stroke="#999" stroke-width="1"/>`
    );
  };

  const mainSvg = drawFrame(main, `${prefix}-clip-main`);
  const insetSvg = drawFrame(inset, `${prefix}-clip-inset`);

  // The title, legend and list of States too small to see, in the column on the right.
  const sideX = mapW + 8;
  const side: string[] = [];
  const title = sideTitle(label, sideX, inset.height + 16, sideW);
  side.push(title.svg);
  const legendY = inset.height + 10 + title.height;
  const leg = legend(style.legendItems, sideX, legendY, 1); // one item per row
  side.push(leg.svg);
  const listed = entries
    .filter((e) => e.area < minArea)
    .sort((a, b) => a.name.localeCompare(b.name, 'en') || a.key.localeCompare(b.key, 'en'));
  let y = legendY + leg.height + 14;
  if (listed.length > 0) {
    side.push(
      `<text x="${sideX}" y="${y}" font-size="10" font-weight="bold" fill="#222">Too small or outside the map</text>`,
    );
    y += 6;
    for (const e of listed) {
      side.push(
        `<g class="listed"><rect x="${sideX}" y="${y + 2}" width="10" height="10" fill="${e.shade.fill}" stroke="#666" stroke-width="0.5"/>` +
          `<text x="${sideX + 15}" y="${y + 11}" font-size="10" fill="#222">${escapeXml(fitText(`${e.name}: ${e.shade.short ?? e.shade.text}`, sideW - 16, 10))}</text></g>`,
      );
      y += 14;
    }
  }
  const height = Math.max(main.height, y + 4);

  const defs =
    style.defs +
    `<clipPath id="${prefix}-clip-main"><rect width="${main.width}" height="${main.height}"/></clipPath>` +
    `<clipPath id="${prefix}-clip-inset"><rect width="${inset.width}" height="${inset.height}"/></clipPath>`;

  const sorted = [...entries].sort((a, b) => a.name.localeCompare(b.name, 'en'));
  const desc =
    `${label} by State, ${entries.length} States: ` +
    (sorted.map((e) => `${e.name} ${style.describe(e.value)}`).join('; ') || 'none') +
    '.';
  const svg =
    svgOpen({ prefix, width, height, title: `Map: ${label} by State`, desc, defs }) +
    mainSvg +
    insetSvg +
    side.join('') +
    '</svg>';
  const strip = ({ shade: _shade, ...e }: Entry) => e;
  return { svg, entries: entries.map(strip), listed: listed.map(strip) };
}
