import ExcelJS from 'exceljs';
import {
  cellText,
  detectFormat,
  FileRefused,
  linesOf,
  readCsvRows,
  readStored,
  readUpload,
} from './assessment-file.js';

function refusal(fn: () => unknown): FileRefused {
  try {
    fn();
  } catch (err) {
    if (err instanceof FileRefused) return err;
    throw err;
  }
  throw new Error('not refused');
}

describe('reading an import file', () => {
  it('gives each CSV row the line it starts on, across quoted line breaks and empty lines', () => {
    const text =
      '\ufeffref,iso3\r\n' + // 1 (with a byte order mark)
      'A,"two\r\nlines"\r\n' + // 2-3
      '\r\n' + // 4: empty
      ',\n' + // 5: blank cells only
      'B,"é"\n' + // 6, LF only
      'C,x\r' + // 7, a lone CR
      'D,y'; // 8, no final line break
    expect(readCsvRows(text, 'f.csv')).toEqual([
      { line: 1, cells: ['ref', 'iso3'] },
      { line: 2, cells: ['A', 'two\r\nlines'] },
      { line: 6, cells: ['B', 'é'] },
      { line: 7, cells: ['C', 'x'] },
      { line: 8, cells: ['D', 'y'] },
    ]);
  });

  it('reads semicolon- and tab-separated files by their header', () => {
    expect(readCsvRows('ref;iso3\nA;B,C\n', 'f.csv')[1].cells).toEqual(['A', 'B,C']);
    expect(readCsvRows('ref\tiso3\nA\tB\n', 'f.csv')[1].cells).toEqual(['A', 'B']);
  });

  it('removes the apostrophe an export puts before a formula-like value', () => {
    expect(readCsvRows("note\n'=1+1\n'plain\n'-x\n", 'f.csv').map((r) => r.cells[0])).toEqual([
      'note',
      '=1+1',
      "'plain",
      '-x',
    ]);
  });

  it('names the line of broken CSV', () => {
    const err = refusal(() => readCsvRows('ref,iso3\nA,"B\n', 'f.csv'));
    expect(err.problems).toEqual([
      expect.objectContaining({ line: 2, field: 'file', rule: 'csv' }),
    ]);
  });

  it('maps the header in any order and case, ignoring export-only columns', () => {
    const lines = linesOf(
      [
        { line: 1, cells: [' STATUS ', 'Ref', 'iso3', 'assessedon', 'Author', 'recordedAt'] },
        { line: 2, cells: ['implemented ', ' A', 'kaz', '2009-01-01', 'someone', 'x'] },
      ],
      'f.csv',
    );
    expect(lines).toEqual([
      {
        line: 2,
        values: { status: 'implemented', ref: 'A', iso3: 'kaz', assessedOn: '2009-01-01' },
        problems: [],
      },
    ]);
  });

  it('refuses a header with unknown, repeated or missing columns in one problem on line 1', () => {
    const err = refusal(() =>
      linesOf(
        [
          { line: 1, cells: ['ref', 'REF', 'state', 'status'] },
          { line: 2, cells: ['a', 'b', 'c', 'd'] },
        ],
        'f.csv',
      ),
    );
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatchObject({ line: 1, field: 'header', rule: 'columns' });
    expect(err.problems[0].message).toBe(
      'f.csv, line 1 (header): unknown column "state"; column "ref" given twice; missing required ' +
        'columns "iso3", "assessedOn". The columns are ref, iso3, status, assessedOn (required) and ' +
        'note, evidenceUrl, evidenceCitation, instrument, milestone, count, places, rating, source, ' +
        'overrideReason (optional), in any order, named in the first line.',
    );
  });

  it('refuses an empty file and a file without data lines, naming it', () => {
    expect(refusal(() => linesOf([], 'a.csv')).message).toMatch(/^a\.csv is empty/);
    expect(
      refusal(() => linesOf([{ line: 1, cells: ['ref', 'iso3', 'status', 'assessedOn'] }], 'b.csv'))
        .message,
    ).toBe('b.csv has a header but no data lines: nothing to import.');
  });

  it('flags a value in a column without a name', () => {
    const [line] = linesOf(
      [
        { line: 1, cells: ['ref', 'iso3', 'status', 'assessedOn', ''] },
        { line: 2, cells: ['a', 'b', 'c', 'd', '', 'extra'] },
      ],
      'f.csv',
    );
    expect(line.problems).toEqual([
      expect.objectContaining({ line: 2, field: 'column 6', rule: 'unexpectedValue' }),
    ]);
  });

  it('tells XLSX from CSV by content, refuses a fake .xlsx, and refuses non-UTF-8 text', async () => {
    expect(detectFormat(Buffer.from('PK\u0003\u0004rest'), 'x.csv')).toBe('xlsx');
    expect(detectFormat(Buffer.from('ref'), 'x.csv')).toBe('csv');
    expect(() => detectFormat(Buffer.from('ref'), 'x.XLSX')).toThrow(FileRefused);
    await expect(readUpload(Buffer.from([0x72, 0xe9, 0x0a]), 'latin.csv')).rejects.toThrow(
      /latin\.csv is not UTF-8 text/,
    );
  });

  it('reads the first worksheet of an XLSX, with dates, numbers and rich text as text', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('First');
    sheet.addRow(['ref', 'iso3', 'status', 'assessedOn', 'note']);
    sheet.addRow([]);
    sheet.addRow([
      'A',
      { richText: [{ text: 'KA' }, { text: 'Z' }] },
      'implemented',
      new Date(Date.UTC(2009, 5, 30)),
      42,
    ]);
    workbook.addWorksheet('Second').addRow(['ignored']);
    const file = await readUpload(Buffer.from(await workbook.xlsx.writeBuffer()), 'b.xlsx');
    expect(file.format).toBe('xlsx');
    const expected = [
      {
        line: 3,
        values: {
          ref: 'A',
          iso3: 'KAZ',
          status: 'implemented',
          assessedOn: '2009-06-30',
          note: '42',
        },
        problems: [],
      },
    ];
    expect(file.lines).toEqual(expected);
    // What is stored reads back the same.
    expect(readStored('xlsx', file.content, 'b.xlsx')).toEqual(expected);
  });

  it('turns cell values into text', () => {
    expect(cellText(null)).toBe('');
    expect(cellText(true)).toBe('true');
    expect(cellText({ formula: 'A1', result: 'x', date1904: false })).toBe('x');
    expect(cellText({ text: 'link', hyperlink: 'https://x.org' })).toBe('link');
    expect(cellText({ error: '#N/A' })).toBe('');
  });
});
