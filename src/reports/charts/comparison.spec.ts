import { comparisonBars } from './comparison.js';

/** The bars of a chart: [fill, width]. */
function bars(svg: string): [string, number][] {
  return [
    ...svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="10" fill="([^"]+)"/g),
  ].map((m) => [m[2], Number(m[1])]);
}

describe('comparisonBars', () => {
  const rows = [
    { label: 'Border management', value: 0.5, reference: 0.25 },
    { label: 'Strategy', value: 1, reference: 0 },
  ];

  it('draws the value solid and the reference hatched, as long as their shares', () => {
    const b = bars(comparisonBars(rows, { width: 600, labelWidth: 200, id: 'x' }));
    // Row 1: value, reference; row 2: value only (a zero reference has no bar).
    expect(b).toHaveLength(3);
    expect(b[0][0]).toBe('#1f3a5f');
    expect(b[1][0]).toBe('url(#comparison-x-hatch)');
    expect(b[0][1]).toBeCloseTo(2 * b[1][1], 0);
    expect(b[2][1]).toBeCloseTo(2 * b[0][1], 0);
  });

  it('prints each value and says the numbers in its description', () => {
    const svg = comparisonBars(rows, { valueName: 'Kazakhstan', referenceName: 'Average' });
    expect(svg).toContain('>50%</text>');
    expect(svg).toContain('>25%</text>');
    expect(svg).toContain(
      '<desc id="comparison-desc">Border management: Kazakhstan 50%, Average 25%. Strategy: Kazakhstan 100%, Average 0%.</desc>',
    );
  });

  it('says "no figure" where a share is unknown instead of drawing a zero bar', () => {
    const svg = comparisonBars([{ label: 'Theme', value: null, reference: 0.4 }]);
    expect(bars(svg)).toHaveLength(1);
    expect(svg).toContain('>no figure</text>');
    expect(svg).toContain('Theme: Value no figure, Reference 40%.');
  });

  it('escapes every text from the data and is a complete, deterministic SVG', () => {
    const svg = comparisonBars([{ label: 'A <b>&', value: 0.1, reference: 0.2 }], {
      id: 'c1',
      label: 'Index <x>',
      valueName: 'State "Q"',
    });
    expect(svg).toMatch(
      /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 680 \d+" width="680" height="\d+" role="img" aria-labelledby="comparison-c1-title comparison-c1-desc"/,
    );
    expect(svg).toContain('<title id="comparison-c1-title">Index &lt;x&gt;</title>');
    expect(svg).toContain('A &lt;b&gt;&amp;');
    expect(svg).toContain('State &quot;Q&quot;');
    expect(svg).not.toMatch(/<b>|<script|on\w+=|href/);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(comparisonBars(rows, { id: 'c1' })).toBe(comparisonBars(rows, { id: 'c1' }));
  });

  it('still returns a complete SVG without rows', () => {
    const svg = comparisonBars([]);
    expect(svg).toContain('<desc id="comparison-desc">No rows.</desc>');
    expect(svg.endsWith('</svg>')).toBe(true);
  });
});
