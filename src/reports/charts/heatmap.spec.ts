import { ImplementationStatus as S } from '../../assessments/implementation-status.enum.js';
import {
  HEATMAP_MIN_FONT,
  HEATMAP_ROW_HEIGHT,
  heatmapBlocks,
  heatmapCellSize,
  statusHeatmap,
  statusHeatmapPages,
} from './heatmap.js';

const data = {
  columns: [
    { ref: 'R1', title: 'Free <media>' },
    { ref: 'R2', title: 'Courts' },
  ],
  rows: [
    { code: 'ALB', name: 'Albania', cells: [S.Implemented, null] },
    { code: 'X&Y', name: 'Bosnia & Herzegovina', cells: [S.NotApplicable, S.NoInformation] },
  ],
};

describe('statusHeatmap', () => {
  it('draws a pattern-filled square with the rating code per pair in scope', () => {
    const svg = statusHeatmap(data);
    expect(svg).toContain('fill="url(#heatmap-p-implemented)"');
    expect(svg).toContain('fill="url(#heatmap-p-not_applicable)"');
    expect(svg).toContain('fill="url(#heatmap-p-no_information)"');
    expect(svg).toMatch(/>C<\/text>/);
    expect(svg).toMatch(/>N\/A<\/text>/);
    expect(svg).toMatch(/>–<\/text>/);
    expect(svg).toContain('<title>Albania – R1: Implemented</title>');
  });

  it('leaves out-of-scope pairs blank with a dot, and says so', () => {
    const svg = statusHeatmap(data);
    expect(svg).toMatch(/fill="#fff" stroke="#ccc" stroke-width="0.5"\/><circle/);
    expect(svg).toContain('Albania: R1 C, R2 out of scope.');
  });

  it('rotates the column labels and escapes every label', () => {
    const svg = statusHeatmap(data);
    expect(svg).toMatch(
      /transform="rotate\(-90 [\d.]+ [\d.]+\)"[^>]*><title>R1: Free &lt;media&gt;<\/title>R1</,
    );
    expect(svg).toContain('Bosnia &amp; Herzegovina');
    expect(svg).toContain('X&amp;Y');
    expect(svg).not.toContain('<media>');
  });

  it('fits 25 columns in an A4 width and lets 60 rows grow the height, a row each', () => {
    const cell = heatmapCellSize(25);
    expect(cell).toBeGreaterThanOrEqual(14);
    expect(150 + 25 * cell).toBeLessThanOrEqual(680);
    const columns = Array.from({ length: 25 }, (_, i) => ({ ref: `R${i + 1}`, title: `t${i}` }));
    const rows = Array.from({ length: 60 }, (_, i) => ({
      code: `S${i}`,
      name: `State ${i}`,
      cells: columns.map((_, j) =>
        (i + j) % 7 === 6 ? null : [S.Implemented, S.NotImplemented][(i * j) % 2],
      ),
    }));
    const svg = statusHeatmap({ columns, rows });
    const [, w, h] = /width="(\d+)" height="(\d+)"/.exec(svg)!.map(Number);
    expect(w).toBe(680);
    expect(h).toBeGreaterThan(60 * HEATMAP_ROW_HEIGHT);
    expect(svg.match(/>NC<\/text>/g)!.length).toBeGreaterThan(100);
  });

  it('fills all the cells of one status with one shape, however many rows', () => {
    const columns = Array.from({ length: 20 }, (_, i) => ({ ref: `R${i + 1}`, title: `t${i}` }));
    const rows = Array.from({ length: 68 }, (_, i) => ({
      code: `S${i}`,
      name: `State ${i}`,
      cells: columns.map((_, j) => [S.Implemented, S.NotImplemented, S.NoInformation][(i + j) % 3]),
    }));
    const svg = statusHeatmap({ columns, rows }, { legend: false });
    // A PDF printer makes an object per pattern-filled shape: 1,360 cells, 3 shapes.
    expect(svg.match(/fill="url\(/g)).toHaveLength(3);
    expect(svg.match(/<title>State 5 – R2: /g)).toHaveLength(1);
  });

  it('splits the rows evenly into figures of a page each, never shrinking the text', () => {
    const columns = Array.from({ length: 20 }, (_, i) => ({ ref: `R${i + 1}`, title: `t${i}` }));
    const rows = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        code: `S${i}`,
        name: `State ${i}`,
        cells: columns.map(() => S.Implemented),
      }));
    const height = (svg: string) => Number(/height="(\d+)"/.exec(svg)![1]);
    const [one] = statusHeatmapPages({ columns, rows: rows(57) }, { maxGridHeight: 760 });
    expect(statusHeatmapPages({ columns, rows: rows(57) }, { maxGridHeight: 760 })).toHaveLength(1);
    expect(height(one)).toBeLessThanOrEqual(900);
    const pages = statusHeatmapPages({ columns, rows: rows(68) }, { maxGridHeight: 760, id: 'a' });
    expect(pages).toHaveLength(2);
    expect(pages.map((p) => p.match(/<title>State \d+ – R1: /g)!.length)).toEqual([34, 34]);
    expect(pages[1]).toContain('id="heatmap-a-2-p-implemented"');
    for (const svg of pages) {
      const sizes = [...svg.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1]));
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(HEATMAP_MIN_FONT);
    }
  });

  it('runs the rows in blocks side by side when the columns are few', () => {
    const columns = [{ ref: 'R1', title: 'Only one' }];
    const rows = Array.from({ length: 57 }, (_, i) => ({
      code: `S${i}`,
      name: `State ${i}`,
      cells: [S.Implemented],
    }));
    expect(heatmapBlocks(1)).toBe(3);
    expect(heatmapBlocks(21)).toBe(1);
    const svg = statusHeatmap({ columns, rows }, { legend: false });
    // 19 rows a block: the grid is a third as high as one column of 57 rows.
    const height = Number(/height="(\d+)"/.exec(svg)![1]);
    expect(height).toBeLessThan(19 * HEATMAP_ROW_HEIGHT + 40);
    expect(svg.match(/>R1<\/text>/g)).toHaveLength(3);
  });

  it('is deterministic and keeps ids per chart', () => {
    expect(statusHeatmap(data, { id: 'a' })).toBe(statusHeatmap(data, { id: 'a' }));
    expect(statusHeatmap(data, { id: 'a' })).toContain('id="heatmap-a-p-implemented"');
  });
});

describe('statusHeatmap with nothing to show', () => {
  it('still returns a complete SVG', () => {
    const svg = statusHeatmap({ columns: [], rows: [] });
    expect(svg).toMatch(/^<svg [^>]*width="680" height="\d+"/);
    expect(svg).toContain('0 States × 0 recommendations.');
    expect(svg.endsWith('</svg>')).toBe(true);
  });
});
