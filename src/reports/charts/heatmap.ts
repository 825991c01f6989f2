import { ImplementationStatus } from '../../assessments/implementation-status.enum.js';
import {
  STATUS_FILLS,
  chartPrefix,
  escapeXml,
  fillUrl,
  fitText,
  legend,
  num,
  onFillText,
  patternDefs,
  statusFill,
  statusLegendItems,
  svgOpen,
  textWidth,
  MIN_FONT,
} from './palette.js';

export interface HeatmapData {
  columns: readonly { ref: string; title: string }[];
  /** One row per State; `cells[i]` belongs to `columns[i]`, null where out of scope. */
  rows: readonly { code: string; name: string; cells: readonly (ImplementationStatus | null)[] }[];
}

export interface HeatmapOptions {
  /** Maximum SVG width in CSS pixels (default 680); cells shrink to fit the columns. */
  width?: number;
  id?: string;
  label?: string;
  /** Width of the row-label column (default 150). */
  labelWidth?: number;
  /** Largest cell side (default 28); the smallest is 8, below which the matrix gets wider. */
  maxCell?: number;
  legend?: boolean;
}

/** Height of a row: room for a rating code and a State's name of at least 7 pt. */
export const HEATMAP_ROW_HEIGHT = 13;

/** The smallest text of a heatmap, in CSS pixels: 9.5 px is 7.1 pt. */
export const HEATMAP_MIN_FONT = MIN_FONT;

/** Gap between the blocks of rows side by side when the columns are few. */
const BLOCK_GAP = 24;

/** The side of a cell for a number of columns in a width. */
export function heatmapCellSize(columns: number, width = 680, labelWidth = 150, maxCell = 28) {
  if (columns <= 0) return maxCell;
  return Math.max(8, Math.min(maxCell, Math.floor((width - labelWidth - 4) / columns)));
}

/** How many blocks of rows stand side by side: several when the columns leave the width empty. */
export function heatmapBlocks(columns: number, width = 680, labelWidth = 150, maxCell = 28) {
  const blockW = labelWidth + columns * heatmapCellSize(columns, width, labelWidth, maxCell);
  return Math.max(1, Math.floor((width + BLOCK_GAP) / (blockW + BLOCK_GAP)));
}

/**
 * The heatmap as pages: the rows split evenly into as few figures as fit `maxGridHeight` each,
 * so that no figure has to shrink its text to fit a page (a figure is never split across pages).
 */
export function statusHeatmapPages(
  data: HeatmapData,
  opts: HeatmapOptions & { maxGridHeight: number },
): string[] {
  const { maxGridHeight, ...rest } = opts;
  const blocks = heatmapBlocks(data.columns.length, rest.width, rest.labelWidth, rest.maxCell);
  const perPage = blocks * Math.max(1, Math.floor(maxGridHeight / HEATMAP_ROW_HEIGHT));
  const pages = Math.max(1, Math.ceil(data.rows.length / perPage));
  const size = Math.ceil(data.rows.length / pages);
  return Array.from({ length: pages }, (_, i) =>
    statusHeatmap(
      { columns: data.columns, rows: data.rows.slice(i * size, (i + 1) * size) },
      {
        ...rest,
        id: pages > 1 ? `${rest.id ?? 'map'}-${i + 1}` : rest.id,
        label:
          pages > 1
            ? `${rest.label ?? 'Status of each recommendation in each State'} (${i + 1} of ${pages})`
            : rest.label,
      },
    ),
  );
}

/**
 * States × recommendations: a grid of pattern-filled cells with the rating code inside. When the
 * columns are few, the rows run in blocks side by side (down the first block, then the next).
 */
export function statusHeatmap(data: HeatmapData, opts: HeatmapOptions = {}): string {
  const prefix = chartPrefix('heatmap', opts.id);
  const maxWidth = Math.round(opts.width ?? 680);
  const labelW = opts.labelWidth ?? 150;
  const nCols = data.columns.length;
  const maxCell = opts.maxCell ?? 28;
  const cell = heatmapCellSize(nCols, maxWidth, labelW, maxCell);
  const rowH = HEATMAP_ROW_HEIGHT;
  const blocks = Math.min(
    heatmapBlocks(nCols, maxWidth, labelW, maxCell),
    Math.max(1, data.rows.length),
  );
  const perBlock = Math.max(1, Math.ceil(data.rows.length / blocks));
  const blockW = labelW + nCols * cell + BLOCK_GAP;
  const cfs = HEATMAP_MIN_FONT;
  const lfs = 10;
  const rfs = HEATMAP_MIN_FONT;
  const colLabelMax = 110;
  const longest = Math.max(0, ...data.columns.map((c) => textWidth(c.ref, lfs)));
  const headH = Math.ceil(Math.min(colLabelMax, longest) + 8);
  const gridW = blocks * blockW - BLOCK_GAP;
  const gridH = Math.min(data.rows.length, perBlock) * rowH;
  const width = Math.max(maxWidth, Math.ceil(gridW + 4));
  const parts: string[] = [];

  for (let b = 0; b < blocks; b++) {
    data.columns.forEach((c, j) => {
      const x = b * blockW + labelW + j * cell + cell / 2 + lfs * 0.35;
      const y = headH - 4;
      parts.push(
        `<text x="${num(x)}" y="${num(y)}" transform="rotate(-90 ${num(x)} ${num(y)})" font-size="${num(lfs)}" fill="#222"><title>${escapeXml(`${c.ref}: ${c.title}`)}</title>${escapeXml(fitText(c.ref, colLabelMax, lfs))}</text>`,
      );
    });
  }

  const counts = new Map<ImplementationStatus, number>(STATUS_FILLS.map((f) => [f.status, 0]));
  let outOfScope = 0;
  // The cells of one status are one path under one pattern fill: a PDF printer makes a pattern
  // object per filled shape, and a matrix of 68 States has over a thousand cells.
  const fills = new Map<ImplementationStatus, string>();
  data.rows.forEach((row, index) => {
    const b = Math.floor(index / perBlock);
    const i = index % perBlock;
    const x0 = b * blockW;
    const y = headH + i * rowH;
    parts.push(
      `<text x="${num(x0 + labelW - 6)}" y="${num(y + rowH / 2 + rfs * 0.35)}" text-anchor="end" font-size="${num(rfs)}" fill="#222"><title>${escapeXml(`${row.code} ${row.name}`)}</title>${escapeXml(fitText(row.name, labelW - 8, rfs))}</text>`,
    );
    for (let j = 0; j < nCols; j++) {
      const status = row.cells[j] ?? null;
      const x = x0 + labelW + j * cell;
      const col = data.columns[j];
      if (status === null) {
        outOfScope += 1;
        parts.push(
          `<rect x="${num(x + 0.5)}" y="${num(y + 0.5)}" width="${num(cell - 1)}" height="${num(rowH - 1)}" fill="#fff" stroke="#ccc" stroke-width="0.5"/>` +
            `<circle cx="${num(x + cell / 2)}" cy="${num(y + rowH / 2)}" r="${num(Math.max(0.8, Math.min(cell, rowH) * 0.06))}" fill="#999"/>`,
        );
        continue;
      }
      const f = statusFill(status);
      counts.set(status, (counts.get(status) ?? 0) + 1);
      const slash =
        status === ImplementationStatus.NotApplicable
          ? `<line x1="${num(x + 1)}" y1="${num(y + rowH - 1)}" x2="${num(x + cell - 1)}" y2="${num(y + 1)}" stroke="#777" stroke-width="1"/>`
          : '';
      const code =
        cell >= 16
          ? `<text x="${num(x + cell / 2)}" y="${num(y + rowH / 2 + cfs * 0.35)}" text-anchor="middle" font-size="${num(cfs)}" ${onFillText(status)}>${escapeXml(f.short)}</text>`
          : '';
      fills.set(
        status,
        `${fills.get(status) ?? ''}M${num(x)} ${num(y)}h${num(cell)}v${num(rowH)}h${num(-cell)}z`,
      );
      parts.push(
        `<g><title>${escapeXml(`${row.name} – ${col.ref}: ${f.label}`)}</title>` +
          `<rect x="${num(x)}" y="${num(y)}" width="${num(cell)}" height="${num(rowH)}" fill="#fff" fill-opacity="0"/>` +
          slash +
          code +
          '</g>',
      );
    }
  });

  const legendY = headH + gridH + 10;
  const leg =
    opts.legend === false
      ? { svg: '', height: 0 }
      : legend(
          [
            ...statusLegendItems(prefix),
            {
              fill: '#fff',
              stroke: '#ccc',
              text: 'out of scope',
              mark: '<circle cx="{x}" cy="{y}" r="1.5" fill="#999"/>',
            },
          ],
          0,
          legendY,
          width,
        );
  const height = headH + gridH + (leg.height ? 10 + leg.height : 4);
  const desc =
    `${data.rows.length} States × ${nCols} recommendations. ` +
    STATUS_FILLS.map((f) => `${f.label}: ${counts.get(f.status) ?? 0}`).join('; ') +
    `; out of scope: ${outOfScope}. ` +
    data.rows
      .map(
        (r) =>
          `${r.name}: ` +
          data.columns
            .map((c, j) => `${c.ref} ${r.cells[j] ? statusFill(r.cells[j]).short : 'out of scope'}`)
            .join(', ') +
          '.',
      )
      .join(' ');
  return (
    svgOpen({
      prefix,
      width,
      height,
      title: opts.label ?? 'Status of each recommendation in each State',
      desc,
      defs: patternDefs(prefix),
    }) +
    [...fills]
      .map(
        ([status, d]) =>
          `<path d="${d}" fill="${fillUrl(prefix, status)}" stroke="#fff" stroke-width="1"/>`,
      )
      .join('') +
    parts.join('') +
    leg.svg +
    '</svg>'
  );
}
