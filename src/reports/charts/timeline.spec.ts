import { ImplementationStatus as S } from '../../assessments/implementation-status.enum.js';
import { emptyCounts } from '../../assessments/progress.js';
import { columnSegments, statusTimeline } from './timeline.js';

function counts(values: Partial<Record<S, number>>) {
  return { ...emptyCounts(), ...values };
}

/** The status rects of a chart: [status, y, height]. */
function rects(svg: string): [string, number, number][] {
  return [
    ...svg.matchAll(
      /<rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)" fill="url\(#[\w-]+-p-(\w+)\)"/g,
    ),
  ].map((m) => [m[3], Number(m[1]), Number(m[2])]);
}

describe('statusTimeline', () => {
  it('stacks each column from the baseline up in scale order, heights proportional to counts', () => {
    const segments = columnSegments(
      counts({ [S.Implemented]: 1, [S.NoInformation]: 2, [S.NotImplemented]: 1 }),
      100,
      200,
    );
    expect(segments.map((s) => [s.status, s.y, s.height])).toEqual([
      ['no_information', 150, 50],
      ['not_implemented', 125, 25],
      ['implemented', 100, 25],
    ]);
  });

  it('fills each column exactly whatever the rounding', () => {
    for (const height of [7, 97, 101, 180]) {
      const segments = columnSegments(
        counts({ [S.NoInformation]: 1, [S.PartiallyImplemented]: 1, [S.NotApplicable]: 1 }),
        height,
        300,
      );
      expect(segments.reduce((t, s) => t + s.height, 0)).toBe(height);
      expect(segments[segments.length - 1].y).toBe(300 - height);
    }
  });

  it('draws columns as tall as their totals, one after the other, labelled', () => {
    const svg = statusTimeline(
      [
        { label: '2009', counts: counts({ [S.NoInformation]: 4 }) },
        { label: '2010', counts: counts({ [S.NoInformation]: 2, [S.Implemented]: 6 }) },
      ],
      { plotHeight: 160, id: 'rec', legend: false },
    );
    const r = rects(svg);
    expect(r).toEqual([
      ['no_information', 96, 80],
      ['no_information', 136, 40],
      ['implemented', 16, 120],
    ]);
    expect(svg).toMatch(/>2009<\/text>/);
    expect(svg).toMatch(/>2010<\/text>/);
    // The totals over the bars.
    expect(svg).toMatch(/>4<\/text>/);
    expect(svg).toMatch(/>8<\/text>/);
  });

  it('is an accessible SVG that says its numbers, escapes labels and keeps ids apart', () => {
    const svg = statusTimeline(
      [{ label: '<b>2010</b> & "after"', counts: counts({ [S.MostlyImplemented]: 3 }) }],
      { id: 'x', label: 'Pairs <by> status' },
    );
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('<title id="timeline-x-title">Pairs &lt;by&gt; status</title>');
    expect(svg).toContain(
      '<desc id="timeline-x-desc">&lt;b&gt;2010&lt;/b&gt; &amp; &quot;after&quot;: Mostly implemented (LC): 3; 3 in all.</desc>',
    );
    expect(svg).not.toContain('<b>');
    // Patterns, not colours alone, so the statuses read in black and white.
    expect(svg).toContain('<pattern id="timeline-x-p-mostly_implemented"');
    expect(svg).toContain('fill="url(#timeline-x-p-mostly_implemented)"');
    expect(statusTimeline([], { id: 'y' })).toContain('No dates.');
    expect(
      rects(statusTimeline([{ label: '2010', counts: counts({}) }], { legend: false })),
    ).toEqual([]);
  });
});
