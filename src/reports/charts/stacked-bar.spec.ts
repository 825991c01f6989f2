import { ImplementationStatus as S } from '../../assessments/implementation-status.enum.js';
import { countByStatus, emptyCounts } from '../../assessments/progress.js';
import { barSegments, stackedStatusBar, stackedStatusBars } from './stacked-bar.js';

function counts(values: Partial<Record<S, number>>) {
  return { ...emptyCounts(), ...values };
}

/** The status rects of a bar: [status, x, width]. */
function rects(svg: string): [string, number, number][] {
  return [
    ...svg.matchAll(
      /<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="[\d.]+" fill="url\(#[\w-]+-p-(\w+)\)"/g,
    ),
  ].map((m) => [m[3], Number(m[1]), Number(m[2])]);
}

describe('stackedStatusBar', () => {
  it('gives each status a width proportional to its count, in scale order, zeros left out', () => {
    const svg = stackedStatusBar(
      counts({ [S.Implemented]: 30, [S.NotImplemented]: 10, [S.PartiallyImplemented]: 20 }),
      { width: 600 },
    );
    expect(rects(svg)).toEqual([
      ['not_implemented', 0, 100],
      ['partially_implemented', 100, 200],
      ['implemented', 300, 300],
    ]);
  });

  it('fills the bar exactly whatever the rounding', () => {
    for (const width of [97, 100, 333, 680]) {
      const segments = barSegments(
        counts({
          [S.NoInformation]: 1,
          [S.NotImplemented]: 1,
          [S.Implemented]: 1,
          [S.NotApplicable]: 4,
        }),
        width,
      );
      expect(segments.reduce((t, s) => t + s.width, 0)).toBe(width);
      const last = segments[segments.length - 1];
      expect(last.x + last.width).toBe(width);
    }
  });

  it('prints counts in wide segments only, and says the numbers in its description', () => {
    const svg = stackedStatusBar(counts({ [S.Implemented]: 99, [S.NotImplemented]: 1 }), {
      width: 200,
    });
    expect(svg).toMatch(/>99<\/text>/);
    expect(svg).not.toMatch(/>1<\/text>/);
    expect(svg).toContain(
      '<desc id="stacked-bar-desc">Not implemented (NC): 1; Implemented (C): 99; 100 in all.</desc>',
    );
  });

  it('is a complete accessible SVG with a legend on request, and deterministic', () => {
    const c = countByStatus([S.Implemented, S.MostlyImplemented]);
    const svg = stackedStatusBar(c, { id: 'r1', label: 'Event <A>', legend: true });
    expect(svg).toMatch(
      /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 680 \d+" width="680" height="\d+" role="img" aria-labelledby="stacked-bar-r1-title stacked-bar-r1-desc"/,
    );
    expect(svg).toContain('<title id="stacked-bar-r1-title">Event &lt;A&gt;</title>');
    expect(svg).toContain('LC Mostly implemented (1)');
    expect(svg).toContain('N/A Not applicable (0)');
    expect(svg).not.toMatch(/<script|on\w+=|href/);
    expect(stackedStatusBar(c, { id: 'r1', legend: true })).toBe(
      stackedStatusBar(c, { id: 'r1', legend: true }),
    );
  });

  it('draws an empty bar when there is nothing to count', () => {
    expect(stackedStatusBar(emptyCounts())).toContain('no pairs');
  });
});

describe('stackedStatusBars', () => {
  const rows = [
    { label: 'R1 <b>', counts: counts({ [S.Implemented]: 2, [S.NotImplemented]: 2 }) },
    { label: 'R2', counts: counts({ [S.Implemented]: 1 }) },
  ];

  it('draws one bar per row with its label escaped and its total', () => {
    const svg = stackedStatusBars(rows, { width: 400, labelWidth: 100 });
    expect(svg).toContain('>R1 &lt;b&gt;</text>');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('>4</text>');
    // share scale: both bars as wide, split by their own counts
    const r = rects(svg);
    expect(r).toHaveLength(3);
    expect(r[0][2]).toBe(r[1][2]);
    expect(r[0][2] + r[1][2]).toBe(r[2][2]);
  });

  it('scales bars by their totals on request', () => {
    const r = rects(stackedStatusBars(rows, { width: 400, labelWidth: 100, scale: 'count' }));
    const first = r[0][2] + r[1][2];
    expect(r[2][2] * 4).toBe(first);
  });
});

describe('stackedStatusBars with no rows', () => {
  it('still returns a complete SVG that says so', () => {
    const svg = stackedStatusBars([]);
    expect(svg).toContain('<desc id="stacked-bars-desc">No rows.</desc>');
    expect(svg.endsWith('</svg>')).toBe(true);
  });
});
