import type { parse as Parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { createRequire } from 'node:module';
import { FACT_FIELDS } from '../measures/dto/fact.dto.js';
import { unguardCell } from './csv-writer.js';
import type { ImportFormat } from './import.entity.js';
import {
  checkUnpackedSize,
  DEFAULT_UNPACK_LIMITS,
  UnpackRefused,
  type UnpackLimits,
} from './zip-inspection.js';

/**
 * The columns of an import file, in the order a template or an export writes them. The fact
 * columns (`instrument` ... `source`, named as the API's `fact` fields) and `overrideReason` are
 * for recommendations measured by milestones, a count or a rating.
 */
export const IMPORT_COLUMNS = [
  'ref',
  'iso3',
  'status',
  'assessedOn',
  'note',
  'evidenceUrl',
  'evidenceCitation',
  ...FACT_FIELDS,
  'overrideReason',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

export const REQUIRED_COLUMNS: readonly ImportColumn[] = ['ref', 'iso3', 'status', 'assessedOn'];
export const OPTIONAL_COLUMNS: readonly ImportColumn[] = [
  'note',
  'evidenceUrl',
  'evidenceCitation',
  ...FACT_FIELDS,
  'overrideReason',
];

/**
 * Columns a history export adds after the import columns. An import accepts and ignores them, so
 * that an export can be imported again as it is.
 */
export const EXPORT_ONLY_COLUMNS = ['recordedAt', 'author'] as const;

/** The most an upload may weigh, in megabytes, unless IMPORT_MAX_UPLOAD_MB says otherwise. */
export const DEFAULT_MAX_UPLOAD_MB = 20;

/** The most an XLSX workbook may unpack to, unless IMPORT_MAX_UNPACKED_MB says otherwise. */
export const DEFAULT_MAX_UNPACKED_MB = 50;

/** How an upload is read: the most an XLSX workbook may unpack to. */
export interface ReadOptions {
  maxUnpackedBytes?: number;
}

/** One problem with an import file: the line (the header is line 1), the field, the rule. */
export interface LineProblem {
  line: number;
  field: string;
  rule: string;
  message: string;
}

/** A data line of the file: its line number and its values by column (trimmed). */
export interface FileLine {
  line: number;
  values: Partial<Record<ImportColumn, string>>;
  /** Problems of the line's shape, found while reading (values under no column). */
  problems: LineProblem[];
}

/** A row as read from the file, before the header is applied. */
export interface RawRow {
  line: number;
  cells: string[];
}

/** The whole file is refused (a bad header, no data, unreadable): nothing is stored. */
export class FileRefused extends Error {
  constructor(readonly problems: LineProblem[]) {
    super(problems.map((p) => p.message).join('; '));
    this.name = 'FileRefused';
  }
}

export interface ReadFile {
  format: ImportFormat;
  lines: FileLine[];
  /** What is stored for the apply step: the CSV text, or the XLSX rows as JSON. */
  content: string;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function describeColumns(): string {
  return (
    `The columns are ${REQUIRED_COLUMNS.join(', ')} (required) and ` +
    `${OPTIONAL_COLUMNS.join(', ')} (optional), in any order, named in the first line.`
  );
}

function refuse(filename: string, field: string, rule: string, message: string): FileRefused {
  return new FileRefused([{ line: 1, field, rule, message: `${filename} ${message}` }]);
}

/** XLSX by its content (a ZIP archive) or, failing that, by its name; anything else is CSV. */
export function detectFormat(buffer: Buffer, filename: string): ImportFormat {
  if (ZIP_MAGIC.every((b, i) => buffer[i] === b)) return 'xlsx';
  if (/\.xlsx$/i.test(filename)) {
    throw refuse(filename, 'file', 'xlsx', 'is named .xlsx but is not an Excel workbook');
  }
  return 'csv';
}

/** Reads an uploaded file: its rows, header checked, and what to store for applying it. */
export async function readUpload(
  buffer: Buffer,
  filename: string,
  options: ReadOptions = {},
): Promise<ReadFile> {
  const format = detectFormat(buffer, filename);
  if (format === 'xlsx') {
    const rows = await readXlsxRows(buffer, filename, options);
    return { format, lines: linesOf(rows, filename), content: JSON.stringify(rows) };
  }
  const text = decodeUtf8(buffer, filename);
  return { format, lines: linesOf(readCsvRows(text, filename), filename), content: text };
}

/** Reads a stored file again, for applying it. */
export function readStored(format: ImportFormat, content: string, filename: string): FileLine[] {
  const rows =
    format === 'xlsx' ? (JSON.parse(content) as RawRow[]) : readCsvRows(content, filename);
  return linesOf(rows, filename);
}

function decodeUtf8(buffer: Buffer, filename: string): string {
  // NUL is no text at all (a UTF-16 file is full of them), and the stored copy of the file could
  // not hold it: the file is refused whole. The other characters that cannot be stored are
  // named in the lines that hold them (import-line.ts).
  const nul = buffer.indexOf(0);
  if (nul !== -1) {
    const line = countBreaks(buffer, 0, nul) + 1;
    throw new FileRefused([
      {
        line,
        field: 'file',
        rule: 'storableText',
        message:
          `${filename}: line ${line} contains a character that cannot be stored (U+0000). ` +
          'Save the CSV as "CSV UTF-8" (not UTF-16), or upload the XLSX workbook instead.',
      },
    ]);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    throw refuse(
      filename,
      'file',
      'utf8',
      'is not UTF-8 text. Save the CSV as "CSV UTF-8", or upload the XLSX workbook instead.',
    );
  }
}

/** Counts line breaks (\r\n, \n or a lone \r) in bytes `from` to `to` of UTF-8 text. */
function countBreaks(buf: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    if (buf[i] === 10) n++;
    else if (buf[i] === 13 && buf[i + 1] !== 10) n++;
  }
  return n;
}

/** The delimiter the header line uses: a comma, or a semicolon or tab as some spreadsheets write. */
function delimiterOf(text: string): string {
  const end = text.search(/[\r\n]/);
  const header = end === -1 ? text : text.slice(0, end);
  if (header.includes(',')) return ',';
  if (header.includes(';')) return ';';
  if (header.includes('\t')) return '\t';
  return ',';
}

let csvParse: typeof Parse | undefined;

/** csv-parse, loaded with the first CSV read, not at every start (its one-file CommonJS build). */
function csv(): typeof Parse {
  csvParse ??= (createRequire(import.meta.url)('csv-parse/sync') as { parse: typeof Parse }).parse;
  return csvParse;
}

/**
 * CSV rows with the line each starts on (a quoted value may span lines). Rows whose cells are all
 * blank (empty lines, or ",,,," as spreadsheets write) are left out.
 */
export function readCsvRows(text: string, filename: string): RawRow[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Byte offsets: csv-parse reports where each record ends, in bytes of the input.
  const buf = Buffer.from(body, 'utf8');
  let records: { record: string[]; info: { bytes: number } }[];
  try {
    records = csv()(buf, {
      delimiter: delimiterOf(body),
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as { record: string[]; info: { bytes: number } }[];
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    // csv-parse counts the line after a final line break; name the file's last line instead.
    const lastLine = countBreaks(buf, 0, buf.length) + (/[\r\n]$/.test(body) ? 0 : 1);
    const line = Math.max(1, Math.min(typeof e.lines === 'number' ? e.lines : 1, lastLine));
    const reason = String(e.message)
      .replace(/ at line \d+.*$/s, '')
      .trim();
    throw new FileRefused([
      {
        line,
        field: 'file',
        rule: 'csv',
        message:
          `${filename} is not valid CSV near line ${line}: ${reason}. A value with a comma, a ` +
          'quote or a line break must be in double quotes, each quote inside written twice ("").',
      },
    ]);
  }
  const rows: RawRow[] = [];
  let line = 1;
  let offset = 0;
  for (const { record, info } of records) {
    // Skip the line breaks (and empty lines) before the record: it starts on the next line.
    let start = offset;
    while (start < buf.length && (buf[start] === 10 || buf[start] === 13)) start++;
    line += countBreaks(buf, offset, start);
    if (record.some((c) => c.trim() !== '')) rows.push({ line, cells: record.map(unguardCell) });
    line += countBreaks(buf, start, info.bytes);
    offset = info.bytes;
  }
  return rows;
}

function megabytes(bytes: number): string {
  const mb = bytes / 1024 / 1024;
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

/**
 * Refuses a workbook that would unpack to more than the limit, before exceljs reads it: exceljs
 * inflates every part of the archive whole into memory, so a small upload that unpacks to
 * hundreds of megabytes would otherwise exhaust the server's memory.
 */
async function checkWorkbookSize(
  buffer: Buffer,
  filename: string,
  maxUnpackedBytes: number,
): Promise<void> {
  const limits: UnpackLimits = { ...DEFAULT_UNPACK_LIMITS, maxUnpackedBytes };
  try {
    await checkUnpackedSize(buffer, limits);
  } catch (err) {
    if (!(err instanceof UnpackRefused)) throw err;
    const problem = err.problem;
    const tooLarge =
      `would unpack to more than ${megabytes(maxUnpackedBytes)}, the most an import reads. ` +
      'Split it into smaller workbooks, or save it as CSV.';
    switch (problem.reason) {
      case 'tooLarge':
        throw refuse(filename, 'file', 'unpackedSize', tooLarge);
      case 'ratio':
        throw refuse(
          filename,
          'file',
          'compressionRatio',
          `is compressed ${problem.ratio} to 1 in part "${truncate(problem.entry)}", more than ` +
            `the ${limits.maxRatio} to 1 a spreadsheet program writes; it was not read.`,
        );
      case 'sizeMismatch':
        throw refuse(
          filename,
          'file',
          'unpackedSize',
          `could not be read as an Excel (XLSX) workbook: part "${truncate(problem.entry)}" ` +
            'unpacks to more than the archive declares.',
        );
      case 'tooManyEntries':
        throw refuse(
          filename,
          'file',
          'xlsx',
          `holds more than ${limits.maxEntries} parts, far more than an Excel workbook; it was not read.`,
        );
      default:
        throw refuse(filename, 'file', 'xlsx', 'could not be read as an Excel (XLSX) workbook');
    }
  }
}

/** The rows of the first worksheet, as text; empty rows are left out. */
export async function readXlsxRows(
  buffer: Buffer,
  filename: string,
  options: ReadOptions = {},
): Promise<RawRow[]> {
  await checkWorkbookSize(
    buffer,
    filename,
    options.maxUnpackedBytes ?? DEFAULT_MAX_UNPACKED_MB * 1024 * 1024,
  );
  // Loaded with the first workbook: a large module most requests never need.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw refuse(filename, 'file', 'xlsx', 'could not be read as an Excel (XLSX) workbook');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw refuse(filename, 'file', 'xlsx', 'has no worksheet');
  const rows: RawRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= '';
    if (cells.some((c) => c.trim() !== '')) rows.push({ line: rowNumber, cells });
  });
  return rows;
}

/** A cell's value as the text an import reads: dates as YYYY-MM-DD, formulas by their result. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as { result?: ExcelJS.CellValue }).result;
      return result === undefined ? '' : cellText(result);
    }
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('error' in value) return '';
  }
  return '';
}

function normaliseName(name: string): string {
  return name.trim().toLowerCase();
}

const KNOWN = new Map<string, ImportColumn | null>([
  ...IMPORT_COLUMNS.map((c) => [normaliseName(c), c] as [string, ImportColumn]),
  ...EXPORT_ONLY_COLUMNS.map((c) => [normaliseName(c), null] as [string, null]),
]);

/**
 * Applies the header (the first row) to the data rows. A header with an unknown, repeated or
 * missing required column refuses the whole file; so does a file without data lines.
 */
export function linesOf(rows: RawRow[], filename: string): FileLine[] {
  const [header, ...data] = rows;
  if (!header) {
    throw refuse(filename, 'file', 'notEmpty', `is empty. ${describeColumns()}`);
  }
  const columns: (ImportColumn | null | undefined)[] = [];
  const unknown: string[] = [];
  const repeated: string[] = [];
  header.cells.forEach((raw, i) => {
    const name = normaliseName(raw);
    if (name === '') return; // an unnamed column: its values must stay empty
    if (!KNOWN.has(name)) {
      unknown.push(raw.trim());
      return;
    }
    const column = KNOWN.get(name) ?? null;
    if (column && columns.includes(column)) repeated.push(column);
    columns[i] = column;
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (unknown.length || repeated.length || missing.length) {
    const parts = [
      unknown.length ? `unknown column${plural(unknown)} ${quoteAll(unknown)}` : '',
      repeated.length ? `column${plural(repeated)} ${quoteAll(repeated)} given twice` : '',
      missing.length ? `missing required column${plural(missing)} ${quoteAll(missing)}` : '',
    ].filter(Boolean);
    throw new FileRefused([
      {
        line: header.line,
        field: 'header',
        rule: 'columns',
        message: `${filename}, line ${header.line} (header): ${parts.join('; ')}. ${describeColumns()}`,
      },
    ]);
  }
  if (data.length === 0) {
    throw refuse(
      filename,
      'file',
      'notEmpty',
      'has a header but no data lines: nothing to import.',
    );
  }
  return data.map((row) => {
    const values: FileLine['values'] = {};
    const problems: LineProblem[] = [];
    row.cells.forEach((cell, i) => {
      const column = columns[i];
      const value = cell.trim();
      if (column) values[column] = value;
      else if (column === undefined && value !== '') {
        problems.push({
          line: row.line,
          field: `column ${i + 1}`,
          rule: 'unexpectedValue',
          message: `value "${truncate(value)}" in column ${i + 1}, which has no name in the header`,
        });
      }
    });
    return { line: row.line, values, problems };
  });
}

function plural(list: readonly unknown[]): string {
  return list.length === 1 ? '' : 's';
}

function quoteAll(list: readonly string[]): string {
  return list.map((s) => `"${s}"`).join(', ');
}

export function truncate(value: string, max = 40): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}
