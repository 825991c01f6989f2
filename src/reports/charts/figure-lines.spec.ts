import { figureLines } from './figure-lines.js';

describe('figureLines', () => {
  const points = ['2024', '2025', '30 Nov 2026'];

  it('draws one line per figure on a 0-100% scale, a gap where a figure is unknown', () => {
    const svg = figureLines(points, [
      { label: 'Implementation rate', values: [0.2, 0.4, 0.5] },
      { label: 'Coverage', values: [null, 0.5, 1] },
    ]);
    const paths = [...svg.matchAll(/<path d="(M[^"]+)" fill="none"/g)].map((m) => m[1]);
    expect(paths).toHaveLength(2);
    // Plot from y 10 (100%) to 190 (0%): 20% sits at 154, 100% at 10.
    expect(paths[0]).toMatch(/^M[\d.]+ 154L/);
    expect(paths[1].split('L')).toHaveLength(2);
    expect(paths[1]).toMatch(/ 10$/);
  });

  it('tells the lines apart without colour and repeats every value in its description', () => {
    const svg = figureLines(points, [
      { label: 'Implementation rate', values: [0.2, 0.4, 0.5] },
      { label: 'Progress index', values: [0.3, 0.35, 0.45] },
      { label: 'Coverage', values: [0.5, 0.5, 0.75] },
    ]);
    expect(svg).toContain('stroke-dasharray="7 4"');
    expect(svg).toContain('stroke-dasharray="2 3"');
    expect(svg).toContain('<circle');
    expect(svg).toContain(
      '2024: Implementation rate 20%, Progress index 30%, Coverage 50%. 2025: Implementation rate 40%',
    );
    expect(svg).toMatch(/role="img" aria-labelledby="lines-title lines-desc"/);
  });

  it('escapes text from the data', () => {
    const svg = figureLines(['<b>'], [{ label: 'A & B', values: [0.5] }]);
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('A &amp; B');
  });

  it('breaks a label in two lines under the axis, on one line in the description', () => {
    const svg = figureLines(['2025', '30 Nov\n2026'], [{ label: 'Coverage', values: [0.5, 1] }]);
    expect(svg).toMatch(/<tspan[^>]*>30 Nov<\/tspan><tspan[^>]*dy="12">2026<\/tspan>/);
    expect(svg).toContain('30 Nov 2026: Coverage 100%.');
  });

  it('says when there is no date', () => {
    expect(figureLines([], [])).toContain('No dates.');
  });
});
