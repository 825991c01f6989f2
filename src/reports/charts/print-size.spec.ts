import { ImplementationStatus as S } from '../../assessments/implementation-status.enum.js';
import { emptyCounts } from '../../assessments/progress.js';
import { comparisonBars } from './comparison.js';
import { statusDistribution } from './distribution.js';
import { figureLines } from './figure-lines.js';
import { statusHeatmapPages } from './heatmap.js';
import { osceMap, osceStatusMap } from './map.js';
import { MIN_FONT } from './palette.js';
import { stackedStatusBar, stackedStatusBars } from './stacked-bar.js';
import { statusTimeline } from './timeline.js';

/** The width of a report page's body in CSS pixels: 180 mm at 96 pixels an inch. */
const PAGE_WIDTH_PX = (180 / 25.4) * 96;

/** 7 pt in CSS pixels. */
const SEVEN_POINTS = (7 / 72) * 96;

const counts = {
  ...emptyCounts(),
  [S.NotImplemented]: 267,
  [S.Implemented]: 3,
  [S.NotApplicable]: 1,
};

/** Every chart of the reports as they draw it, with the data of a large event. */
const CHARTS: Record<string, string[]> = {
  'stacked bar': [stackedStatusBar(counts, { height: 22, legend: true })],
  'stacked bars': [
    stackedStatusBars(
      Array.from({ length: 21 }, (_, i) => ({ label: `JEW-I.${i} A long title`, counts })),
      { labelWidth: 240, legend: true },
    ),
  ],
  distribution: [statusDistribution(counts)],
  comparison: [
    comparisonBars(
      [
        { label: 'All recommendations', value: 0.31, reference: 0.33 },
        { label: 'Border management', value: null, reference: 0.29 },
      ],
      { labelWidth: 300 },
    ),
  ],
  timeline: [
    statusTimeline(
      Array.from({ length: 15 }, (_, i) => ({ label: String(1997 + i), counts })),
      { label: 'By year' },
    ),
  ],
  'figure lines': [
    figureLines(['2009', '2010', '2011'], [{ label: 'Progress index', values: [0.1, 0.2, 0.3] }]),
  ],
  map: [
    osceMap(
      new Map([
        ['KAZ', 0.3],
        ['AND', 0.2],
      ]),
      { scale: 'fitted' },
    ),
  ],
  'status map': [
    osceStatusMap(
      new Map([
        ['KAZ', S.Implemented],
        ['AND', S.NotImplemented],
      ]),
    ),
  ],
  heatmap: statusHeatmapPages(
    {
      columns: Array.from({ length: 21 }, (_, i) => ({ ref: `JEW-III.${i}`, title: 't' })),
      rows: Array.from({ length: 68 }, (_, i) => ({
        code: `S${i}`,
        name: `State ${i}`,
        cells: Array.from({ length: 21 }, () => S.PartiallyImplemented),
      })),
    },
    { maxGridHeight: 760 },
  ),
};

describe('charts at print size', () => {
  it.each(Object.entries(CHARTS))(
    '%s: fits the page width and prints no text under 7 pt',
    (_name, svgs) => {
      expect(MIN_FONT).toBeGreaterThanOrEqual(SEVEN_POINTS);
      for (const svg of svgs) {
        const width = Number(/ width="([\d.]+)"/.exec(svg)?.[1]);
        expect(width).toBeLessThanOrEqual(Math.ceil(PAGE_WIDTH_PX));
        // Drawn at most as wide as the page, a chart prints at its own size: no text shrinks.
        const sizes = [...svg.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1]));
        expect(sizes.length).toBeGreaterThan(0);
        expect(Math.min(...sizes)).toBeGreaterThanOrEqual(SEVEN_POINTS);
      }
    },
  );
});
