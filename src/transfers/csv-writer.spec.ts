import { readCsvRows } from './assessment-file.js';
import { csvCell, csvLine, guardCell, unguardCell } from './csv-writer.js';

describe('CSV writing', () => {
  it('quotes as RFC 4180 says, with CRLF line ends', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', 'two\nlines', ' padded', null, 3])).toBe(
      'a,"b,c","say ""hi""","two\nlines"," padded",,3\r\n',
    );
  });

  it('guards values a spreadsheet would run as formulas, and reading undoes it', () => {
    for (const value of ['=SUM(A1)', '+1', '-x', '@cmd', '\tx']) {
      expect(guardCell(value)).toBe(`'${value}`);
      expect(unguardCell(guardCell(value))).toBe(value);
    }
    expect(guardCell('plain')).toBe('plain');
    expect(csvCell(-5)).toBe('-5');
  });

  it('writes what it reads back, cell for cell', () => {
    const rows = [
      ['ref', 'note'],
      ['A', 'comma, "quote"\r\nand a line'],
      ['B', '=1+1'],
      ['C', 'Ünïcødé ✓'],
    ];
    const text = rows.map(csvLine).join('');
    expect(readCsvRows(text, 'x.csv').map((r) => r.cells)).toEqual(rows);
  });
});
