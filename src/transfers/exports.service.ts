import { Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { Backpressure, OutputClosed } from '../common/backpressure.js';
import { today } from '../common/dates.js';
import { toIsoDate, toIsoTimestamp } from '../common/sql-values.js';
import { cleanText } from '../common/text.js';
import { jsonIdList } from '../database/dialect.js';
import { FACT_FIELDS } from '../measures/dto/fact.dto.js';
import { factColumns, factFromJson } from '../measures/facts.js';
import type { MatrixQueryDto } from '../progress/dto/progress-query.dto.js';
import { ProgressService } from '../progress/progress.service.js';
import { EXPORT_ONLY_COLUMNS, IMPORT_COLUMNS } from './assessment-file.js';
import { csvLine } from './csv-writer.js';

export type ExportFormat = 'csv' | 'xlsx';
export type ExportKind = 'history' | 'matrix';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'xlsx'];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export type Cell = string | null;

/** A table to write: its columns, its rows as they are read, and how many rows to expect. */
export interface ExportTable {
  /** The file name without extension. */
  name: string;
  sheetName: string;
  columns: string[];
  /** Rows expected, for a progress bar. */
  total: number;
  rows: AsyncIterable<Cell[]> | Iterable<Cell[]>;
}

/**
 * History columns: the import columns first (the facts and override reasons with them), so that
 * an export can be imported again.
 */
export const HISTORY_COLUMNS = [...IMPORT_COLUMNS, ...EXPORT_ONLY_COLUMNS];

/**
 * Recommendations whose history is read at once: about 1,500 assessments. The rows of a batch
 * live until they are written; with 200 recommendations (6,000 rows) a batch outlived the young
 * generation of the heap and the export of 3M rows added 90 to 270 MB; with 50, about 30 MB,
 * for a tenth less speed.
 */
const RECOMMENDATION_BATCH = 50;
/** CSV text is handed to the output in pieces of about this many characters. */
const CSV_FLUSH = 64 * 1024;

interface HistoryRow {
  ref: string;
  /** The State's ISO3 code or the organisation's acronym. */
  code: string;
  status: string;
  assessedOn: unknown;
  note: string | null;
  evidenceUrl: string | null;
  evidenceCitation: string | null;
  fact: string | null;
  overrideReason: string | null;
  recordedAt: unknown;
  author: string;
}

/** The output went away (a download cancelled): stop reading. */

/**
 * Exports of the matrix and of the full assessment history, as CSV or XLSX, written row by row
 * to a stream (an HTTP response or a file): the history is read a batch of pairs at a time and
 * never held whole in memory.
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly progress: ProgressService,
  ) {}

  /** Every assessment, by recommendation, State (organisations last) and date. */
  async history(): Promise<ExportTable> {
    const [{ n }] = await this.dataSource.query<{ n: number }[]>(
      'SELECT COUNT(*) AS n FROM "assessments"',
    );
    return {
      name: `assessment-history-${today()}`,
      sheetName: 'Assessments',
      columns: HISTORY_COLUMNS,
      total: Number(n),
      rows: this.historyRows(),
    };
  }

  /**
   * The history a batch of recommendations at a time, in their order: only their ids are held
   * (a few MB at 100,000 recommendations), never the pairs or assessments of the whole history.
   */
  private async *historyRows(): AsyncGenerator<Cell[]> {
    const recs = await this.dataSource.query<{ id: number }[]>(
      `SELECT r."id" FROM "recommendations" r ORDER BY r."event_id", r."position", r."id"`,
    );
    for (let i = 0; i < recs.length; i += RECOMMENDATION_BATCH) {
      const batch = recs.slice(i, i + RECOMMENDATION_BATCH).map((r) => Number(r.id));
      const rows = await this.dataSource.query<HistoryRow[]>(
        `SELECT r."ref", COALESCE(s."iso3", o."acronym") AS "code", a."status",
                a."assessed_on" AS "assessedOn", a."note", a."evidence_url" AS "evidenceUrl",
                a."evidence_citation" AS "evidenceCitation", a."fact",
                a."override_reason" AS "overrideReason", a."recorded_at" AS "recordedAt",
                a."author"
         FROM "assessments" a
         JOIN "current_statuses" p ON p."id" = a."pair_id"
         JOIN "recommendations" r ON r."id" = p."recommendation_id"
         LEFT JOIN "states" s ON s."id" = p."state_id"
         LEFT JOIN "organisations" o ON o."id" = p."organisation_id"
         WHERE p."recommendation_id" IN (${jsonIdList(this.dataSource, 1)})
         ORDER BY r."event_id", r."position", r."id",
                  CASE WHEN p."state_id" IS NULL THEN 1 ELSE 0 END, COALESCE(s."name", o."name"),
                  a."assessed_on", a."id"`,
        [JSON.stringify(batch)],
      );
      for (const a of rows) {
        const fact = factColumns(factFromJson(a.fact));
        yield [
          a.ref,
          a.code,
          a.status,
          toIsoDate(a.assessedOn),
          a.note,
          a.evidenceUrl,
          a.evidenceCitation,
          ...FACT_FIELDS.map((f) => fact[f]),
          a.overrideReason,
          toIsoTimestamp(a.recordedAt),
          a.author,
        ];
      }
    }
  }

  /**
   * States (and organisations) by recommendations, as the matrix page shows them: one row per
   * subject, one column per recommendation ref, each cell the status value, as of `asOf` if given
   * (empty where the subject is not in the recommendation's scope).
   */
  async matrix(query: MatrixQueryDto): Promise<ExportTable> {
    const view = await this.progress.matrix(query);
    const name = ['matrix', query.event, query.theme, query.asOf ? `as-of-${query.asOf}` : today()]
      .filter(Boolean)
      .join('-');
    function* rows(): Generator<Cell[]> {
      for (const row of view.rows) {
        yield [row.subject.code, row.subject.name, ...row.cells.map((c) => c?.status ?? null)];
      }
    }
    return {
      name,
      sheetName: 'Matrix',
      columns: ['iso3', 'name', ...view.recommendations.map((r) => r.ref)],
      total: view.rows.length,
      rows: rows(),
    };
  }

  /** Writes the table to `out` and ends it; `onRow` hears how many rows are written so far. */
  async write(
    table: ExportTable,
    format: ExportFormat,
    out: Writable,
    onRow?: (written: number) => void,
  ): Promise<number> {
    return format === 'csv' ? writeCsv(table, out, onRow) : writeXlsx(table, out, onRow);
  }
}

async function writeCsv(
  table: ExportTable,
  out: Writable,
  onRow?: (written: number) => void,
): Promise<number> {
  const output = new Backpressure(out);
  let pending = csvLine(table.columns);
  let n = 0;
  for await (const row of table.rows) {
    pending += csvLine(row);
    n++;
    if (pending.length >= CSV_FLUSH) {
      await output.write(pending);
      pending = '';
      onRow?.(n);
    }
  }
  if (pending) await output.write(pending);
  onRow?.(n);
  out.end();
  return n;
}

async function writeXlsx(
  table: ExportTable,
  out: Writable,
  onRow?: (written: number) => void,
): Promise<number> {
  // Loaded with the first spreadsheet: a large module most requests never need.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(table.sheetName, {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = table.columns.map((c) => ({ key: c, width: columnWidth(c) }));
  const header = sheet.addRow(table.columns);
  header.font = { bold: true };
  header.commit();
  let n = 0;
  for await (const row of table.rows) {
    if (out.destroyed) throw new OutputClosed();
    // Every value is written as text (a date stays YYYY-MM-DD), so the file imports as it is.
    // A character XML cannot hold (stored before the text rule) would leave a file that does
    // not open: it is left out.
    sheet.addRow(row.map((v) => (typeof v === 'string' ? cleanText(v) : (v ?? '')))).commit();
    n++;
    if (n % 1000 === 0) onRow?.(n);
  }
  sheet.commit();
  await workbook.commit();
  onRow?.(n);
  return n;
}

function columnWidth(column: string): number {
  if (column === 'note' || column === 'evidenceCitation' || column === 'overrideReason') return 50;
  if (column === 'places' || column === 'source') return 30;
  if (column === 'evidenceUrl' || column === 'name') return 30;
  if (column === 'status') return 24;
  return 14;
}
