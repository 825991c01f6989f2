import { jest } from '@jest/globals';
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { today } from '../src/common/dates.js';
import { cellText, readCsvRows } from '../src/transfers/assessment-file.js';
import { execute } from '../src/cli/run.js';
import { Role } from '../src/users/role.enum.js';
import { createTestApp, type Agent, type TestApp } from './utils/create-test-app.js';
import { BY_HAND, recordAssessment } from './utils/factories.js';

const CARICC = 'JEW-II.9';
const HISTORY_HEADER = [
  'ref',
  'iso3',
  'status',
  'assessedOn',
  'note',
  'evidenceUrl',
  'evidenceCitation',
  'instrument',
  'milestone',
  'count',
  'places',
  'rating',
  'source',
  'overrideReason',
  'recordedAt',
  'author',
];

/** Collects a binary response body into a Buffer. */
function binary(res: request.Response, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

async function xlsxRows(buffer: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const rows: string[][] = [];
  workbook.worksheets[0].eachRow((row) => {
    rows.push((row.values as ExcelJS.CellValue[]).slice(1).map((v) => cellText(v)));
  });
  return rows;
}

describe('Exports of the matrix and the history (CSV and XLSX)', () => {
  let t: TestApp;
  let admin: Agent;
  let viewer: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.api(Role.Admin);
    viewer = await t.api(Role.Viewer);
    const record = async (
      ref: string,
      iso3: string,
      body: Parameters<typeof recordAssessment>[3],
    ): Promise<void> => {
      expect((await recordAssessment(admin, ref, iso3, body)).status).toBe(201);
    };
    // Signed, then in force: partially, then fully implemented by the CARICC rule.
    await record(CARICC, 'KAZ', {
      status: undefined,
      fact: { milestone: 'signed' },
      assessedOn: '2009-06-30',
      note: 'Signed, "at last"\r\nRatification pending',
      evidenceUrl: 'https://example.org/caricc?a=1,2',
      evidenceCitation: 'PC.JOUR/765',
    });
    await record(CARICC, 'KAZ', {
      status: undefined,
      fact: { milestone: 'in-force' },
      assessedOn: '2010-03-01',
      note: '=cmd',
    });
    // Two assessments of one pair on the same date (statuses set by hand): both are history.
    await record(CARICC, 'KGZ', {
      status: 'not_implemented',
      assessedOn: '2009-06-30',
      note: '',
      ...BY_HAND,
    });
    await record(CARICC, 'KGZ', {
      status: 'mostly_implemented',
      assessedOn: '2009-06-30',
      ...BY_HAND,
    });
    await record('JEW-IV.4', 'OSCE', { status: 'implemented', assessedOn: '2008-11-11' });
  });
  afterAll(() => t.close());

  const count = async (): Promise<number> => {
    const [{ n }] = await t.dataSource.query<{ n: number }[]>(
      'SELECT COUNT(*) AS n FROM assessments',
    );
    return Number(n);
  };

  describe('the history', () => {
    it('is CSV with a header row, RFC 4180 quoting, as a download', async () => {
      const res = await viewer.get('/api/v1/exports/history.csv').expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="assessment-history-${today()}.csv"`,
      );
      expect(res.text.startsWith(`${HISTORY_HEADER.join(',')}\r\n`)).toBe(true);
      expect(res.text).toContain(
        'JEW-II.9,KAZ,partially_implemented,2009-06-30,"Signed, ""at last""\r\nRatification pending","https://example.org/caricc?a=1,2",PC.JOUR/765,',
      );
      // A value a spreadsheet would run as a formula is guarded.
      expect(res.text).toContain(`JEW-II.9,KAZ,implemented,2010-03-01,'=cmd,,PC.JOUR/765,`);
      const rows = readCsvRows(res.text, 'h.csv');
      expect(rows).toHaveLength(1 + (await count()));
      const kaz = rows.filter((r) => r.cells[0] === CARICC && r.cells[1] === 'KAZ');
      expect(kaz.map((r) => r.cells[3])).toEqual(['2009-06-30', '2010-03-01']);
      expect(kaz[0].cells[HISTORY_HEADER.indexOf('recordedAt')]).toMatch(
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/,
      );
      expect(kaz[0].cells[HISTORY_HEADER.indexOf('author')]).toMatch(/^token:test admin/);
      // The OSCE's own line comes after the States of its recommendation.
      expect(rows.some((r) => r.cells[1] === 'OSCE')).toBe(true);
    });

    it('imports again as it is: every line unchanged, nothing written', async () => {
      const before = await count();
      const csv = (await admin.get('/exports/history.csv').expect(200)).text;
      const res = await admin
        .post('/api/v1/imports')
        .attach('file', Buffer.from(csv), 'history.csv')
        .expect(201);
      expect(res.body.problems).toEqual([]);
      expect(res.body.counts).toEqual({
        lines: before,
        changes: 0,
        unchanged: before,
        bad: 0,
        problems: 0,
      });
      expect(await count()).toBe(before);
    });

    it('is XLSX with the same rows, and that imports again unchanged too', async () => {
      const before = await count();
      const res = await viewer
        .get('/api/v1/exports/history.xlsx')
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(res.headers['content-type']).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      expect(res.headers['content-disposition']).toContain('.xlsx"');
      const body = res.body as Buffer;
      const rows = await xlsxRows(body);
      expect(rows[0]).toEqual(HISTORY_HEADER);
      expect(rows).toHaveLength(1 + before);
      expect(rows.find((r) => r[3] === '2010-03-01')?.[4]).toBe('=cmd');

      const again = await admin
        .post('/api/v1/imports')
        .attach('file', body, 'history.xlsx')
        .expect(201);
      expect(again.body.counts).toEqual({
        lines: before,
        changes: 0,
        unchanged: before,
        bad: 0,
        problems: 0,
      });
    });
  });

  describe('the matrix', () => {
    it('is one row per State, one column per recommendation, as of a date', async () => {
      const res = await viewer
        .get('/api/v1/exports/matrix.csv')
        .query({ event: 'joint-expert-workshop-illicit-drugs', asOf: '2009-12-31' })
        .expect(200);
      expect(res.headers['content-disposition']).toBe(
        'attachment; filename="matrix-joint-expert-workshop-illicit-drugs-as-of-2009-12-31.csv"',
      );
      const rows = readCsvRows(res.text, 'm.csv').map((r) => r.cells);
      const [header] = rows;
      expect(header.slice(0, 2)).toEqual(['iso3', 'name']);
      expect(header).toHaveLength(2 + 21);
      const col = header.indexOf(CARICC);
      const kaz = rows.find((r) => r[0] === 'KAZ') as string[];
      expect(kaz[1]).toBe('Kazakhstan');
      expect(kaz[col]).toBe('partially_implemented'); // as of 2009: not yet implemented
      expect(rows.find((r) => r[0] === 'KGZ')?.[col]).toBe('mostly_implemented');
      // Organisations last; out of scope cells empty.
      const osce = rows[rows.length - 1];
      expect(osce[0]).toBe('OSCE');
      expect(osce[col]).toBe('');
      expect(osce[header.indexOf('JEW-IV.4')]).toBe('implemented');
      expect(rows).toHaveLength(1 + 57 + 1);

      const now = readCsvRows(
        (await viewer.get('/api/v1/exports/matrix.csv').expect(200)).text,
        'm',
      )
        .map((r) => r.cells)
        .find((r) => r[0] === 'KAZ') as string[];
      expect(now[col]).toBe('implemented');
    });

    it('is XLSX too, filtered by theme', async () => {
      const res = await viewer
        .get('/exports/matrix.xlsx')
        .query({ event: '', theme: '', asOf: '' })
        .buffer(true)
        .parse(binary)
        .expect(200);
      const rows = await xlsxRows(res.body as Buffer);
      expect(rows[0].slice(0, 3)).toEqual(['iso3', 'name', 'JEW-I.1']);
      expect(rows.find((r) => r[0] === 'KAZ')?.[rows[0].indexOf(CARICC)]).toBe('implemented');
    });

    it('refuses an unknown filter or a bad date with 400 naming the field', async () => {
      const event = await viewer.get('/api/v1/exports/matrix.csv?event=nope').expect(400);
      expect(event.body.errors).toEqual([
        expect.objectContaining({ field: 'event', rule: 'exists' }),
      ]);
      const date = await viewer.get('/api/v1/exports/matrix.xlsx?asOf=2009-13-01').expect(400);
      expect(date.body.errors).toEqual([expect.objectContaining({ field: 'asOf' })]);
      const page = await viewer
        .get('/exports/matrix.csv?theme=nope')
        .set('Accept', 'text/html')
        .expect(400);
      expect(page.text).toContain('no theme');
    });
  });

  describe('access and pages', () => {
    it('is for anyone signed in, and nobody else', async () => {
      await request(t.server).get('/api/v1/exports/history.csv').expect(401);
      const page = await request(t.server).get('/exports/matrix.csv').expect(303);
      expect(page.headers.location).toMatch(/^\/login/);
    });

    it('offers the matrix with filters and the history on the Export page', async () => {
      await t.user('export-viewer', Role.Viewer);
      const browser = await t.signIn('export-viewer');
      const page = await browser.get('/exports').expect(200);
      expect(page.text).toContain("action='/exports/matrix.csv'");
      expect(page.text).toContain("formaction='/exports/matrix.xlsx'");
      expect(page.text).toContain("<option value='joint-expert-workshop-illicit-drugs'>");
      expect(page.text).toContain("href='/exports/history.csv'");
      expect(page.text).toContain("href='/exports/history.xlsx'");
      expect(page.text).not.toContain("href='/imports/new'");
      const csv = await browser.get('/exports/history.csv').expect(200);
      expect(csv.text.split('\r\n')[0]).toBe(HISTORY_HEADER.join(','));
    });
  });

  describe('command line', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'rt-export-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    async function cli(args: string[]): Promise<{ code: number; out: string }> {
      const lines: string[] = [];
      const spy = jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
        lines.push(a.map(String).join(' '));
      });
      try {
        const code = await execute(t.app, ['export', ...args], {
          progressStream: { write: () => undefined, isTTY: false },
        });
        return { code, out: lines.join('\n') };
      } finally {
        spy.mockRestore();
      }
    }

    it('writes the history and the matrix to files, like the downloads', async () => {
      const history = join(dir, 'history.csv');
      const res = await cli(['history', '--format', 'csv', '--out', history]);
      expect(res.code).toBe(0);
      expect(res.out).toBe(`Wrote ${await count()} assessments to ${history}.`);
      const download = (await admin.get('/api/v1/exports/history.csv').expect(200)).text;
      expect(readFileSync(history, 'utf8')).toBe(download);

      const matrix = join(dir, 'matrix.xlsx');
      expect((await cli(['matrix', '--out', matrix, '--as-of', '2009-12-31'])).code).toBe(0);
      const rows = await xlsxRows(readFileSync(matrix));
      expect(rows.find((r) => r[0] === 'KAZ')?.[rows[0].indexOf(CARICC)]).toBe(
        'partially_implemented',
      );
    });

    it('names the wrong argument', async () => {
      const out = join(dir, 'x.csv');
      await expect(cli(['everything', '--out', out])).rejects.toThrow(/export history\|matrix/);
      await expect(cli(['history'])).rejects.toThrow(/--out/);
      await expect(cli(['history', '--out', join(dir, 'x.txt')])).rejects.toThrow(
        /--format: must be csv or xlsx/,
      );
      await expect(cli(['history', '--out', out, '--event', 'x'])).rejects.toThrow(
        /--event: only the matrix is filtered/,
      );
      await expect(cli(['matrix', '--out', out, '--as-of', '2009-02-30'])).rejects.toThrow(
        /as-of: asOf must be a real date/,
      );
      await expect(cli(['matrix', '--out', out, '--theme', 'nope'])).rejects.toThrow(
        /theme: no theme "nope"/,
      );
    });
  });
});
