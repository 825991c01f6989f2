import { jest } from '@jest/globals';
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { UsageError } from '../src/cli/args.js';
import { today } from '../src/common/dates.js';
import { param } from '../src/database/dialect.js';
import { execute } from '../src/cli/run.js';
import { ImportsRepository } from '../src/transfers/imports.repository.js';
import { Role } from '../src/users/role.enum.js';
import { createTestApp, csrfOf, type Agent, type TestApp } from './utils/create-test-app.js';
import { assessmentsUrl, recordAssessment } from './utils/factories.js';

// Graded on the scale: the lines carry plain statuses (a recommendation measured by facts takes them
// only with a fact or a reason; see imports-facts.e2e-spec.ts).
const GRADED = 'JEW-II.10';
const HEADER = 'ref,iso3,status,assessedOn,note,evidenceUrl,evidenceCitation';

interface Problem {
  line: number;
  field: string;
  rule: string;
  message: string;
}

interface Change {
  line: number;
  ref: string;
  iso3: string;
  currentStatus: string;
  status: string;
  assessedOn: string;
  becomesCurrent: boolean;
}

interface Report {
  id: number;
  status: string;
  counts: {
    lines: number;
    changes: number;
    unchanged: number;
    bad: number;
    problems: number;
    written?: number;
  };
  changes: Change[];
  problems: Problem[];
}

function csv(...lines: string[]): string {
  return `${[HEADER, ...lines].join('\r\n')}\r\n`;
}

/** A date `days` after today (negative: before), YYYY-MM-DD. */
function dayFromToday(days: number): string {
  return today(new Date(Date.now() + days * 86_400_000));
}

function upload(api: Agent, text: string | Buffer, filename = 'assessments.csv'): request.Test {
  return api.post('/api/v1/imports').attach('file', Buffer.from(text), filename);
}

describe('Imports of assessments (CSV and XLSX)', () => {
  let t: TestApp;
  let admin: Agent;
  let analyst: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.api(Role.Admin);
    analyst = await t.api(Role.Analyst);
  });
  afterAll(() => t.close());

  const count = async (table: 'assessments' | 'imports'): Promise<number> => {
    const [{ n }] = await t.dataSource.query<{ n: number }[]>(`SELECT COUNT(*) AS n FROM ${table}`);
    return Number(n);
  };
  const pair = async (ref: string, iso3: string): Promise<{ status: string; version: number }> =>
    (await admin.get(assessmentsUrl(ref, iso3)).expect(200)).body.current;

  describe('refused files: nothing is stored or changed', () => {
    it('refuses a wrong header with one problem naming line 1 and the expected columns', async () => {
      const [assessments, imports] = [await count('assessments'), await count('imports')];
      const res = await upload(
        analyst,
        'Ref, ISO3 ,stat,assessedOn,colour\nJEW-II.10,KAZ,implemented,2009-01-01,red\n',
      ).expect(400);
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors[0]).toMatchObject({ line: 1, field: 'header', rule: 'columns' });
      const message = res.body.errors[0].message as string;
      expect(message).toContain('line 1 (header)');
      expect(message).toContain('unknown columns "stat", "colour"');
      expect(message).toContain('missing required column "status"');
      expect(message).toContain(
        'ref, iso3, status, assessedOn (required) and note, evidenceUrl, evidenceCitation, ' +
          'instrument, milestone, count, places, rating, source, overrideReason (optional)',
      );
      expect(await count('assessments')).toBe(assessments);
      expect(await count('imports')).toBe(imports);
    });

    it('refuses a file with no data lines, naming the file', async () => {
      const res = await upload(analyst, `${HEADER}\n\n,,,,,,\n`, 'empty.csv').expect(400);
      expect(res.body.errors).toEqual([
        expect.objectContaining({ field: 'file', rule: 'notEmpty' }),
      ]);
      expect(res.body.message).toContain('empty.csv');
      expect(res.body.message).toContain('no data lines');
      const none = await upload(analyst, '', 'nothing.csv').expect(400);
      expect(none.body.message).toContain('nothing.csv is empty');
    });

    it('refuses unreadable CSV and a fake XLSX, naming the line or the file', async () => {
      const quote = await upload(analyst, csv('JEW-II.10,KAZ,implemented,2009-01-01,"open')).expect(
        400,
      );
      expect(quote.body.errors[0]).toMatchObject({ field: 'file', rule: 'csv' });
      expect(quote.body.message).toMatch(/not valid CSV near line 2: Quote Not Closed/);
      const fake = await upload(analyst, 'not a workbook', 'book.xlsx').expect(400);
      expect(fake.body.message).toContain('book.xlsx is named .xlsx but is not an Excel workbook');
      const latin1 = await upload(
        analyst,
        Buffer.concat([
          Buffer.from(csv('JEW-II.10,KAZ,implemented,2009-01-01,Caf')),
          Buffer.from([0xe9]),
        ]),
      ).expect(400);
      expect(latin1.body.errors[0]).toMatchObject({ rule: 'utf8' });
    });

    it('asks for a file when none is sent, and refuses more than 20 MB with 413', async () => {
      const none = await analyst.post('/api/v1/imports').field('note', 'no file').expect(400);
      expect(none.body.errors[0]).toMatchObject({ field: 'file', rule: 'isNotEmpty' });
      // JSON is not a file: the answer names the types an upload may be.
      const json = await analyst.post('/api/v1/imports').send({}).expect(415);
      expect(json.body.detail).toMatch(/multipart\/form-data or text\/csv/);
      const big = Buffer.alloc(20 * 1024 * 1024 + 10, 'a');
      const res = await upload(analyst, big, 'huge.csv').expect(413);
      expect(res.body.message).toMatch(/larger than 20 MB/);
      const raw = await analyst
        .post('/api/v1/imports?filename=huge.csv')
        .set('Content-Type', 'text/csv')
        .send(big.toString())
        .expect(413);
      expect(raw.body.error).toBe('Payload Too Large');
    });
  });

  describe('the dry run', () => {
    it('names the line, field and rule of every bad line, and applies nothing of the file', async () => {
      const before = await count('assessments');
      const long = 'x'.repeat(4001);
      const res = await upload(
        analyst,
        csv(
          'JEW-X.99,KAZ,implemented,2009-01-01', // 2: unknown ref
          'JEW-II.10,XXX,implemented,2009-01-01', // 3: unknown State
          'JEW-II.10,JPN,implemented,2009-01-01', // 4: a partner, not in scope
          'JEW-II.10,KAZ,done,2009-01-01', // 5: bad status
          'JEW-II.10,KAZ,implemented,2009-02-30', // 6: no such date
          `JEW-II.10,KAZ,implemented,${dayFromToday(2)}`, // 7: in the future
          `JEW-II.10,KAZ,implemented,2009-01-01,${long},ftp://example.org`, // 8: two problems
          ',,implemented,30/06/2009', // 9: empty ref and State, date written otherwise
          'JEW-II.10,KGZ,implemented,2009-01-01,Fine', // 10: good
          'JEW-X.98,XXX,maybe,2009-01-01', // 11: three problems
        ),
      ).expect(201);
      const body = res.body as Report;
      expect(body.status).toBe('dry-run');
      expect(body.counts).toEqual({
        lines: 10,
        changes: 1,
        unchanged: 0,
        bad: 9,
        problems: 14,
      });
      const seen = body.problems.map((p) => [p.line, p.field, p.rule]);
      expect(seen).toEqual([
        [2, 'ref', 'exists'],
        [3, 'iso3', 'exists'],
        [4, 'iso3', 'inScope'],
        [5, 'status', 'isIn'],
        [6, 'assessedOn', 'isIsoDate'],
        [7, 'assessedOn', 'notInFuture'],
        [8, 'note', 'maxLength'],
        [8, 'evidenceUrl', 'isUrl'],
        [9, 'ref', 'isNotEmpty'],
        [9, 'iso3', 'isNotEmpty'],
        [9, 'assessedOn', 'isIsoDate'],
        [11, 'ref', 'exists'],
        [11, 'iso3', 'exists'],
        [11, 'status', 'isIn'],
      ]);
      const message = (line: number): string =>
        body.problems.find((p) => p.line === line)?.message ?? '';
      expect(message(2)).toBe('no recommendation with ref "JEW-X.99"');
      expect(message(3)).toContain('"XXX"');
      expect(message(4)).toBe('Japan (JPN) is not in the scope of recommendation JEW-II.10');
      expect(message(5)).toContain('status "done" is not one of: no_information, not_implemented');
      expect(message(5)).toContain('"Partially implemented"');
      expect(message(6)).toBe('assessedOn "2009-02-30" must be a real date written YYYY-MM-DD');
      expect(message(7)).toContain('must not be in the future');
      expect(body.changes).toEqual([
        expect.objectContaining({ line: 10, ref: GRADED, iso3: 'KGZ', status: 'implemented' }),
      ]);

      const refused = await analyst.post(`/api/v1/imports/${body.id}/apply`).expect(409);
      expect(refused.body.message).toContain('had 9 bad lines');
      expect(await count('assessments')).toBe(before);
      expect((await analyst.get(`/api/v1/imports/${body.id}`).expect(200)).body.status).toBe(
        'dry-run',
      );
    });

    it('reads labels in any case, organisation acronyms, and a header in any order and case', async () => {
      const res = await upload(
        analyst,
        [
          ' AssessedOn ,STATUS, iso3 ,Ref,Note',
          '2009-03-01,Partially implemented,kaz,JEW-II.10,Signed',
          '2009-03-01,NOT APPLICABLE,osce,JEW-IV.4,"A note, with a comma"',
          '2009-03-01,mostly_implemented,TJK,jew-ii.10,',
        ].join('\n'),
      ).expect(201);
      const body = res.body as Report;
      expect(body.problems).toEqual([]);
      expect(body.changes.map((c) => [c.line, c.ref, c.iso3, c.status])).toEqual([
        [2, GRADED, 'KAZ', 'partially_implemented'],
        [3, 'JEW-IV.4', 'OSCE', 'not_applicable'],
        [4, GRADED, 'TJK', 'mostly_implemented'],
      ]);
      await analyst.post(`/api/v1/imports/${body.id}/discard`).expect(200);
    });

    it('refuses duplicate lines, naming both line numbers', async () => {
      const res = await upload(
        analyst,
        csv(
          'JEW-II.10,UZB,implemented,2009-05-01,One',
          'JEW-II.3,UZB,implemented,2009-05-01',
          'JEW-II.10,UZB,not_implemented,2009-05-01,Two',
          'JEW-II.10,uzb,implemented,2009-05-01,One',
        ),
      ).expect(201);
      const body = res.body as Report;
      expect(body.problems).toEqual([
        {
          line: 4,
          field: 'assessedOn',
          rule: 'duplicate',
          message:
            'duplicate of line 2: the same ref (JEW-II.10), iso3 (UZB) and assessedOn (2009-05-01)',
        },
        expect.objectContaining({
          line: 5,
          rule: 'duplicate',
          message: expect.stringContaining('line 2'),
        }),
      ]);
      expect(body.counts).toMatchObject({ lines: 4, changes: 2, bad: 2 });
    });

    it('counts lines as in the file: quoted values over several lines, empty lines, CR LF', async () => {
      const res = await upload(
        analyst,
        `${HEADER}\r\nJEW-II.10,KAZ,implemented,2009-01-01,"two\r\nlines"\r\n\r\nJEW-II.10,KAZ,done,2009-01-02\r\n`,
      ).expect(201);
      expect((res.body as Report).problems.map((p) => p.line)).toEqual([5]);
    });

    it('reads semicolon-separated CSV and an XLSX workbook with real date cells', async () => {
      const semi = await upload(
        analyst,
        'ref;iso3;status;assessedOn;note\nJEW-II.10;KAZ;implemented;2009-07-01;Ratified, at last\n',
      ).expect(201);
      expect((semi.body as Report).changes).toHaveLength(1);

      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Data');
      sheet.addRow(['ref', 'iso3', 'status', 'assessedOn', 'note']);
      sheet.addRow([GRADED, 'KAZ', 'Implemented', new Date(Date.UTC(2009, 6, 1)), 'From Excel']);
      sheet.addRow([GRADED, 'KAZ', 'implemented', 'not a date', null]);
      const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
      const res = await upload(analyst, buffer, 'book.xlsx').expect(201);
      const body = res.body as Report;
      expect(body.changes).toEqual([
        expect.objectContaining({ line: 2, status: 'implemented', assessedOn: '2009-07-01' }),
      ]);
      expect(body.problems).toEqual([
        expect.objectContaining({ line: 3, field: 'assessedOn', rule: 'isIsoDate' }),
      ]);
      const [{ format }] = await t.dataSource.query<{ format: string }[]>(
        `SELECT format FROM imports WHERE id = ${param(t.dataSource, 1)}`,
        [body.id],
      );
      expect(format).toBe('xlsx');
    });

    it('takes the file as a raw text/csv body, named by ?filename=', async () => {
      const res = await analyst
        .post('/api/v1/imports?filename=nightly.csv')
        .set('Content-Type', 'text/csv')
        .send(csv('JEW-II.10,KAZ,implemented,2009-08-01'))
        .expect(201);
      const body = (await analyst.get(`/api/v1/imports/${res.body.id}`).expect(200)).body;
      expect(body).toMatchObject({ filename: 'nightly.csv', format: 'csv', status: 'dry-run' });
    });

    it('limits an analyst to their States: a TJK line is bad with rule allowedStates', async () => {
      const kazOnly = await t.api(Role.Analyst, ['KAZ']);
      const res = await upload(
        kazOnly,
        csv(
          'JEW-II.10,KAZ,implemented,2009-09-01',
          'JEW-II.10,TJK,implemented,2009-09-01',
          'JEW-IV.4,OSCE,implemented,2009-09-01',
        ),
      ).expect(201);
      const body = res.body as Report;
      expect(body.problems).toEqual([
        {
          line: 3,
          field: 'iso3',
          rule: 'allowedStates',
          message: 'TJK is not among the States you may write for (KAZ)',
        },
        expect.objectContaining({ line: 4, rule: 'allowedStates' }),
      ]);
      expect(body.changes.map((c) => c.iso3)).toEqual(['KAZ']);
    });
  });

  describe('applying', () => {
    it('writes every change at once, attributed to the caller, moving current statuses', async () => {
      const recorded = await recordAssessment(admin, 'JEW-II.7', 'ARM', {
        status: 'partially_implemented',
        assessedOn: '2009-06-30',
      });
      expect(recorded.status).toBe(201);
      const before = await count('assessments');
      const armVersion = (await pair('JEW-II.7', 'ARM')).version;
      const res = await upload(
        analyst,
        csv(
          'JEW-II.7,ARM,implemented,2010-01-15,Done,https://example.org/arm,Decree 12',
          'JEW-II.7,ARM,not_implemented,2008-01-15,Before', // back-dated: history only
          'JEW-II.7,AZE,mostly_implemented,2009-12-01',
          'JEW-II.7,AZE,implemented,2010-02-01', // the later one becomes current
        ),
      ).expect(201);
      const report = res.body as Report;
      expect(report.changes).toEqual([
        expect.objectContaining({
          line: 2,
          currentStatus: 'partially_implemented',
          status: 'implemented',
          becomesCurrent: true,
        }),
        expect.objectContaining({ line: 3, becomesCurrent: false }),
        expect.objectContaining({
          line: 4,
          currentStatus: 'no_information',
          becomesCurrent: false,
        }),
        expect.objectContaining({ line: 5, becomesCurrent: true }),
      ]);
      expect(await count('assessments')).toBe(before);

      const applied = await analyst.post(`/api/v1/imports/${report.id}/apply`).expect(200);
      expect(applied.body).toMatchObject({ status: 'applied', counts: { written: 4 } });
      expect(applied.body.appliedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(await count('assessments')).toBe(before + 4);

      const arm = (await admin.get(assessmentsUrl('JEW-II.7', 'ARM')).expect(200)).body;
      expect(arm.current).toMatchObject({
        status: 'implemented',
        assessedOn: '2010-01-15',
        version: armVersion + 2,
        note: 'Done',
        evidenceUrl: 'https://example.org/arm',
        evidenceCitation: 'Decree 12',
      });
      expect(arm.assessments.map((a: { assessedOn: string }) => a.assessedOn)).toEqual([
        '2010-01-15',
        '2009-06-30',
        '2008-01-15',
      ]);
      expect(arm.assessments[0].author).toMatch(/^token:test analyst/);
      const [row] = await t.dataSource.query<
        { api_token_id: number | null; user_id: number | null }[]
      >(`SELECT api_token_id, user_id FROM assessments WHERE id = ${param(t.dataSource, 1)}`, [
        arm.current.assessmentId,
      ]);
      expect(row.user_id).toBeNull();
      expect(row.api_token_id).not.toBeNull();
      expect(await pair('JEW-II.7', 'AZE')).toMatchObject({
        status: 'implemented',
        assessedOn: '2010-02-01',
        version: 3,
      });

      const audit = (
        await admin.get('/api/v1/audit').query({ action: 'import.applied' }).expect(200)
      ).body.items;
      expect(audit[0]).toMatchObject({ target: `import #${report.id}` });
      expect(audit[0].detail).toContain('4 assessments from assessments.csv');

      const again = await analyst.post(`/api/v1/imports/${report.id}/apply`).expect(409);
      expect(again.body.message).toContain('already applied');
      expect(await count('assessments')).toBe(before + 4);

      // The same file again: every line is already recorded.
      const repeat = await upload(
        analyst,
        csv(
          'JEW-II.7,ARM,implemented,2010-01-15,Done,https://example.org/arm,Decree 12',
          'JEW-II.7,ARM,not_implemented,2008-01-15,Before',
          'JEW-II.7,AZE,mostly_implemented,2009-12-01',
          'JEW-II.7,AZE,implemented,2010-02-01',
        ),
      ).expect(201);
      expect(repeat.body.counts).toEqual({
        lines: 4,
        changes: 0,
        unchanged: 4,
        bad: 0,
        problems: 0,
      });
    });

    it('a mixed file: one bad line blocks everything', async () => {
      const before = await count('assessments');
      const res = await upload(
        analyst,
        csv(
          'JEW-II.7,ALB,implemented,2009-01-01',
          'JEW-II.7,AND,implemented,2009-01-01',
          'JEW-II.7,ARM,implemented,2009-01-01',
          'JEW-II.7,AUT,implemented,2009-31-01',
          'JEW-II.7,AZE,implemented,2009-01-01',
        ),
      ).expect(201);
      expect(res.body.counts).toMatchObject({ changes: 4, bad: 1 });
      await analyst.post(`/api/v1/imports/${res.body.id}/apply`).expect(409);
      expect(await count('assessments')).toBe(before);
      expect((await pair('JEW-II.7', 'ALB')).status).toBe('no_information');
    });

    it('refuses, writing nothing, when a pair was assessed between the dry run and the apply', async () => {
      const res = await upload(
        analyst,
        csv('JEW-II.2,BEL,implemented,2009-01-01', 'JEW-II.2,BGR,implemented,2009-01-01'),
      ).expect(201);
      const recorded = await recordAssessment(admin, 'JEW-II.2', 'BGR', {
        assessedOn: '2009-02-01',
      });
      expect(recorded.status).toBe(201);
      const before = await count('assessments');

      const shown = (await analyst.get(`/api/v1/imports/${res.body.id}`).expect(200))
        .body as Report;
      expect(shown.problems).toEqual([
        expect.objectContaining({ line: 3, field: 'iso3', rule: 'stale' }),
      ]);
      const refused = await analyst.post(`/api/v1/imports/${res.body.id}/apply`).expect(409);
      expect(refused.body.message).toContain('Nothing was imported');
      expect(refused.body.errors).toEqual([
        expect.objectContaining({
          line: 3,
          rule: 'stale',
          message: expect.stringContaining(
            'JEW-II.2 / BGR was assessed by someone else after the dry run (version 1, now 2)',
          ),
        }),
      ]);
      expect(await count('assessments')).toBe(before);
      expect((await pair('JEW-II.2', 'BEL')).status).toBe('no_information');
    });

    it('lets only the uploader or an admin see, apply or discard an import', async () => {
      const res = await upload(analyst, csv('JEW-II.3,BEL,implemented,2009-01-01')).expect(201);
      const other = await t.api(Role.Analyst);
      const viewer = await t.api(Role.Viewer);
      await other.get(`/api/v1/imports/${res.body.id}`).expect(403);
      const refused = await other.post(`/api/v1/imports/${res.body.id}/apply`).expect(403);
      expect(refused.body.message).toContain('only they, or an admin');
      await viewer.post(`/api/v1/imports/${res.body.id}/apply`).expect(403);
      await upload(viewer, csv('JEW-II.3,BEL,implemented,2009-01-01')).expect(403);
      expect((await other.get('/api/v1/imports').expect(200)).body).toEqual([]);
      expect((await admin.get('/api/v1/imports').expect(200)).body.length).toBeGreaterThan(0);
      await admin.get('/api/v1/imports/999999').expect(404);
      await admin.get('/api/v1/imports/abc').expect(404);

      await admin.post(`/api/v1/imports/${res.body.id}/apply`).expect(200);
      expect((await pair('JEW-II.3', 'BEL')).status).toBe('implemented');
    });

    it('discards a dry run, which can then not be applied', async () => {
      const res = await upload(analyst, csv('JEW-II.3,BIH,implemented,2009-01-01')).expect(201);
      const discarded = await analyst.post(`/api/v1/imports/${res.body.id}/discard`).expect(200);
      expect(discarded.body.status).toBe('discarded');
      const refused = await analyst.post(`/api/v1/imports/${res.body.id}/apply`).expect(409);
      expect(refused.body.message).toContain('discarded');
      expect((await pair('JEW-II.3', 'BIH')).status).toBe('no_information');
    });
  });

  describe('retention', () => {
    it('discards a dry run not applied within 30 days, deleting its file, when the next file comes', async () => {
      const old = await upload(analyst, csv('JEW-II.3,KGZ,implemented,2009-01-01')).expect(201);
      const recent = await upload(
        analyst,
        csv('JEW-II.3,KGZ,mostly_implemented,2009-01-02'),
      ).expect(201);
      // The first one uploaded 31 days ago, the second 29.
      const ago = (days: number) =>
        new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 19).replace('T', ' ');
      await t.dataSource.query(
        `UPDATE imports SET created_at = ${param(t.dataSource, 1)} WHERE id = ${param(t.dataSource, 2)}`,
        [ago(31), old.body.id],
      );
      await t.dataSource.query(
        `UPDATE imports SET created_at = ${param(t.dataSource, 1)} WHERE id = ${param(t.dataSource, 2)}`,
        [ago(29), recent.body.id],
      );
      await upload(analyst, csv('JEW-II.3,KGZ,partially_implemented,2009-01-03')).expect(201);
      expect((await analyst.get(`/api/v1/imports/${old.body.id}`).expect(200)).body.status).toBe(
        'discarded',
      );
      const refused = await analyst.post(`/api/v1/imports/${old.body.id}/apply`).expect(409);
      expect(refused.body.message).toMatch(/discarded .*not applied in time/);
      const [kept] = await t.dataSource.query<{ content: string }[]>(
        `SELECT content FROM imports WHERE id = ${Number(old.body.id)}`,
      );
      expect(kept.content).toBe('');
      expect((await analyst.get(`/api/v1/imports/${recent.body.id}`).expect(200)).body.status).toBe(
        'dry-run',
      );
    });
  });

  describe('pages', () => {
    let browser: Agent;

    beforeAll(async () => {
      await t.user('page-analyst', Role.Analyst, ['KAZ', 'KGZ']);
      browser = await t.signIn('page-analyst');
    });

    it('uploads a file, shows the dry run, applies it and says so', async () => {
      const form = await browser.get('/imports/new').expect(200);
      expect(form.text).toContain("enctype='multipart/form-data'");
      expect(form.text).toContain('/imports/template.csv');
      const template = await browser.get('/imports/template.csv').expect(200);
      expect(template.headers['content-disposition']).toContain('attachment');
      expect(template.text).toBe(
        `${HEADER},instrument,milestone,count,places,rating,source,overrideReason\r\n`,
      );

      const page = await browser
        .post('/imports')
        .field('_csrf', csrfOf(form.text))
        .attach(
          'file',
          Buffer.from(
            csv(
              'JEW-II.10,KAZ,implemented,2009-04-01,From the page',
              'JEW-II.10,KGZ,Mostly implemented,2009-04-01',
            ),
          ),
          'page.csv',
        )
        .expect(200);
      expect(page.text).toContain('Import #');
      expect(page.text).toContain('page.csv');
      expect(page.text).toContain('Lines that would change (2)');
      expect(page.text).toContain('No information');
      expect(page.text).toContain('Mostly implemented');
      const id = /action='\/imports\/(\d+)\/apply'/.exec(page.text)?.[1];
      expect(id).toBeDefined();

      const applied = await browser
        .post(`/imports/${id}/apply`)
        .type('form')
        .send({ _csrf: csrfOf(page.text) })
        .expect(303);
      expect(applied.headers.location).toBe(`/imports/${id}`);
      const after = await browser.get(`/imports/${id}`).expect(200);
      expect(after.text).toContain('Imported 2 assessments from page.csv.');
      expect(after.text).toContain('Applied');
      expect(after.text).not.toContain(`action='/imports/${id}/apply'`);
      expect((await pair('JEW-II.10', 'KGZ')).status).toBe('mostly_implemented');
      const list = await browser.get('/imports').expect(200);
      expect(list.text).toContain(`href='/imports/${id}'`);
    });

    it('shows bad lines without an Apply button, and a wrong header on the form (400)', async () => {
      const form = await browser.get('/imports/new').expect(200);
      const page = await browser
        .post('/imports')
        .field('_csrf', csrfOf(form.text))
        .attach(
          'file',
          Buffer.from(
            csv('JEW-II.10,TJK,implemented,2009-04-01', 'JEW-II.10,KAZ,<b>bad</b>,2009-04-01'),
          ),
          'bad.csv',
        )
        .expect(200);
      expect(page.text).toContain('Bad lines (2)');
      expect(page.text).toContain('TJK is not among the States you may write for (KAZ, KGZ)');
      expect(page.text).toContain('&lt;b&gt;bad&lt;/b&gt;');
      // The page says what is wrong in words: no rule codes.
      expect(page.text).toContain('>What is wrong</th>');
      expect(page.text).not.toMatch(/>(isIn|inScope|exists)</);
      expect(page.text).toContain('a file is applied whole or not at all');
      expect(page.text).not.toMatch(/action='\/imports\/\d+\/apply'/);
      expect(page.text).toMatch(/action='\/imports\/\d+\/discard'/);

      const header = await browser
        .post('/imports')
        .field('_csrf', csrfOf(form.text))
        .attach('file', Buffer.from('a,b\n1,2\n'), 'header.csv')
        .expect(400);
      expect(header.text).toContain('The file was not accepted');
      expect(header.text).toContain('line 1 (header)');
      const nothing = await browser.post('/imports').field('_csrf', csrfOf(form.text)).expect(400);
      expect(nothing.text).toContain('Choose a CSV or XLSX file');
    });

    it('refuses a multipart upload without the CSRF token (403), storing nothing', async () => {
      const imports = await count('imports');
      await browser
        .post('/imports')
        .attach('file', Buffer.from(csv('JEW-II.10,KAZ,implemented,2009-05-01')), 'csrf.csv')
        .expect(403);
      await browser
        .post('/imports')
        .field('_csrf', 'not the token')
        .attach('file', Buffer.from(csv('JEW-II.10,KAZ,implemented,2009-05-01')), 'csrf.csv')
        .expect(403);
      expect(await count('imports')).toBe(imports);
    });

    it('refuses a stale apply from the page with 409, showing why', async () => {
      const form = await browser.get('/imports/new').expect(200);
      const page = await browser
        .post('/imports')
        .field('_csrf', csrfOf(form.text))
        .attach('file', Buffer.from(csv('JEW-III.1,KAZ,implemented,2009-04-01')), 'stale.csv')
        .expect(200);
      const id = /action='\/imports\/(\d+)\/apply'/.exec(page.text)?.[1];
      expect((await recordAssessment(admin, 'JEW-III.1', 'KAZ')).status).toBe(201);
      const refused = await browser
        .post(`/imports/${id}/apply`)
        .type('form')
        .send({ _csrf: csrfOf(page.text) })
        .expect(409);
      expect(refused.text).toContain('Nothing was imported');
      expect(refused.text).toContain('was assessed by someone else after the dry run');
      const discard = await browser
        .post(`/imports/${id}/discard`)
        .type('form')
        .send({ _csrf: csrfOf(page.text) })
        .expect(303);
      expect(discard.headers.location).toBe('/imports');
    });

    it('checks the file once per apply, and shows a refusal from that one check', async () => {
      const repository = t.app.get(ImportsRepository);
      const reads = jest.spyOn(repository, 'refsByKey');
      const pairReads = jest.spyOn(repository, 'pairsOf');
      try {
        const form = await browser.get('/imports/new').expect(200);
        const page = await browser
          .post('/imports')
          .field('_csrf', csrfOf(form.text))
          .attach(
            'file',
            Buffer.from(
              csv('JEW-III.2,KAZ,implemented,2009-04-01', 'JEW-III.2,KGZ,implemented,2009-04-01'),
            ),
            'once.csv',
          )
          .expect(200);
        const id = /action='\/imports\/(\d+)\/apply'/.exec(page.text)?.[1];
        expect((await recordAssessment(admin, 'JEW-III.2', 'KGZ')).status).toBe(201);

        reads.mockClear();
        pairReads.mockClear();
        const refused = await browser
          .post(`/imports/${id}/apply`)
          .type('form')
          .send({ _csrf: csrfOf(page.text) })
          .expect(409);
        expect(reads).toHaveBeenCalledTimes(1);
        expect(pairReads).toHaveBeenCalledTimes(1);
        // The report shown is that of the refusing check: the stale line, no Apply button.
        expect(refused.text).toContain('Nothing was imported');
        expect(refused.text).toContain('JEW-III.2 / KGZ was assessed by someone else');
        expect(refused.text).not.toMatch(/action='\/imports\/\d+\/apply'/);

        reads.mockClear();
        const api = await analyst.post(`/api/v1/imports/${id}/apply`).expect(403);
        expect(api.body.statusCode).toBe(403);
        expect(reads).not.toHaveBeenCalled();
        const again = await admin.post(`/api/v1/imports/${id}/apply`).expect(409);
        expect(again.body.errors).toEqual([expect.objectContaining({ line: 3, rule: 'stale' })]);
        expect(reads).toHaveBeenCalledTimes(1);
      } finally {
        reads.mockRestore();
        pairReads.mockRestore();
      }
    });
  });

  describe('command line', () => {
    let dir: string;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'rt-import-'));
      await t.user('cli-analyst', Role.Analyst, ['KAZ']);
      await t.user('cli-viewer', Role.Viewer);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
      const lines: string[] = [];
      const err: string[] = [];
      const spy = jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
        lines.push(a.map(String).join(' '));
      });
      try {
        const code = await execute(t.app, ['import', ...args], {
          progressStream: { write: (s: string) => err.push(s), isTTY: false },
        });
        return { code, out: lines.join('\n'), err: err.join('') };
      } finally {
        spy.mockRestore();
      }
    }

    it('prints the dry run, then applies all of it with --apply', async () => {
      const file = join(dir, 'cli.csv');
      writeFileSync(file, csv('JEW-IV.2,KAZ,implemented,2009-10-01,From the CLI'));
      const dry = await cli([file, '--as', 'cli-analyst']);
      expect(dry.code).toBe(0);
      expect(dry.out).toContain('cli.csv (CSV): 1 line, 1 to change, 0 unchanged, 0 bad.');
      expect(dry.out).toMatch(
        /line 2 {2}JEW-IV\.2 {2}KAZ {2}No information → Implemented {2}as of 2009-10-01/,
      );
      expect(dry.out).toContain('Dry run only');
      expect((await pair('JEW-IV.2', 'KAZ')).status).toBe('no_information');

      const applied = await cli([file, '--as', 'cli-analyst', '--apply']);
      expect(applied.code).toBe(0);
      expect(applied.out).toContain('Imported 1 assessment (import #');
      expect(applied.out).toContain('attributed to cli-analyst.');
      const history = (await admin.get(assessmentsUrl('JEW-IV.2', 'KAZ')).expect(200)).body;
      expect(history.current).toMatchObject({ status: 'implemented', author: 'cli-analyst' });
    });

    it('prints every bad line and exits with code 2, writing nothing', async () => {
      const file = join(dir, 'bad.csv');
      writeFileSync(
        file,
        csv('JEW-IV.2,TJK,implemented,2009-10-01', 'JEW-IV.2,KAZ,maybe,2009-10-01'),
      );
      const before = await count('assessments');
      const res = await cli([file, '--as', 'cli-analyst', '--apply']);
      expect(res.code).toBe(2);
      expect(res.out).toContain(
        'line 2  iso3  allowedStates: TJK is not among the States you may write for (KAZ)',
      );
      expect(res.out).toContain('line 3  status  isIn');
      expect(res.out).toContain('Nothing was applied');
      expect(await count('assessments')).toBe(before);

      const header = join(dir, 'header.csv');
      writeFileSync(header, 'ref,iso3\nJEW-IV.2,KAZ\n');
      const refused = await cli([header, '--as', 'cli-analyst']);
      expect(refused.code).toBe(2);
      expect(refused.out).toContain('line 1  header  columns');
    });

    it('shows progress lines on a pipe for a large file', async () => {
      const file = join(dir, 'large.csv');
      const lines = Array.from(
        { length: 1200 },
        (_, i) => `JEW-IV.2,KAZ,implemented,2001-01-01,Line ${i}`,
      );
      writeFileSync(file, csv(...lines));
      const res = await cli([file, '--as', 'cli-analyst']);
      expect(res.code).toBe(2); // all duplicates but the first
      expect(res.err).toContain('Checking lines: 1200/1200 (100%)');
    });

    it('names the wrong argument (UsageError, exit code 2)', async () => {
      await expect(cli([])).rejects.toThrow(/import needs one file/);
      await expect(cli([join(dir, 'cli.csv')])).rejects.toThrow(/--as: name the user/);
      await expect(cli([join(dir, 'cli.csv'), '--as', 'nobody'])).rejects.toThrow(
        /--as: no user "nobody"/,
      );
      await expect(cli([join(dir, 'cli.csv'), '--as', 'cli-viewer'])).rejects.toThrow(
        /is a viewer/,
      );
      await expect(cli([join(dir, 'missing.csv'), '--as', 'cli-analyst'])).rejects.toThrow(
        /file: cannot read/,
      );
      await expect(
        cli([join(dir, 'cli.csv'), '--as', 'cli-analyst', '--force', 'yes']),
      ).rejects.toBeInstanceOf(UsageError);
    });
  });

  describe('a 10,000-line file', () => {
    it('is checked and applied in one go, within seconds', async () => {
      const pairs = await t.dataSource.query<{ ref: string; code: string }[]>(
        `SELECT r.ref, COALESCE(s.iso3, o.acronym) AS code FROM current_statuses p
         JOIN recommendations r ON r.id = p.recommendation_id
         LEFT JOIN states s ON s.id = p.state_id LEFT JOIN organisations o ON o.id = p.organisation_id
         WHERE p.in_scope = TRUE AND p.assessment_id IS NULL
           -- Plain statuses: the recommendations measured by facts would need facts.
           AND NOT EXISTS (SELECT 1 FROM measures m WHERE m.recommendation_id = r.id AND m.kind <> 'graded')
         ORDER BY p.id`,
      );
      const statuses = [
        'not_implemented',
        'partially_implemented',
        'mostly_implemented',
        'implemented',
      ];
      const lines: string[] = [];
      const last = new Map<string, string>();
      for (let d = 0; lines.length < 10_000; d++) {
        const date = `2011-${String(1 + (d % 12)).padStart(2, '0')}-${String(1 + Math.floor(d / 12)).padStart(2, '0')}`;
        for (const p of pairs) {
          if (lines.length === 10_000) break;
          const status = statuses[(lines.length + d) % statuses.length];
          lines.push(`${p.ref},${p.code},${status},${date},"Line ${lines.length + 2}, bulk"`);
          last.set(`${p.ref}/${p.code}`, status);
        }
      }
      expect(pairs.length).toBeGreaterThan(700);
      const before = await count('assessments');

      const started = Date.now();
      const res = await upload(admin, csv(...lines), 'ten-thousand.csv').expect(201);
      expect(res.body.counts).toEqual({
        lines: 10_000,
        changes: 10_000,
        unchanged: 0,
        bad: 0,
        problems: 0,
      });
      const applied = await admin.post(`/api/v1/imports/${res.body.id}/apply`).expect(200);
      const seconds = (Date.now() - started) / 1000;
      expect(applied.body.counts.written).toBe(10_000);
      expect(await count('assessments')).toBe(before + 10_000);
      expect(seconds).toBeLessThan(30);

      // Every pair's current status is its latest line; the version counts its lines.
      const rows = await t.dataSource.query<
        { ref: string; code: string; status: string; n: number; version: number }[]
      >(
        `SELECT r.ref, COALESCE(s.iso3, o.acronym) AS code, p.status, p.version,
                (SELECT COUNT(*) FROM assessments a WHERE a.pair_id = p.id) AS n
         FROM current_statuses p JOIN recommendations r ON r.id = p.recommendation_id
         LEFT JOIN states s ON s.id = p.state_id LEFT JOIN organisations o ON o.id = p.organisation_id
         WHERE p.in_scope = TRUE`,
      );
      const mismatches = rows.filter((r) => {
        const want = last.get(`${r.ref}/${r.code}`);
        return want !== undefined && (r.status !== want || Number(r.version) !== Number(r.n) + 1);
      });
      expect(mismatches).toEqual([]);
      const [check] = await t.dataSource.query<{ n: number }[]>(
        `SELECT COUNT(*) AS n FROM current_statuses p WHERE p.assessment_id IS NOT NULL AND p.assessment_id <>
           (SELECT a.id FROM assessments a WHERE a.pair_id = p.id ORDER BY a.assessed_on DESC, a.id DESC LIMIT 1)`,
      );
      expect(Number(check.n)).toBe(0);

      // Importing it again changes nothing.
      const again = await upload(admin, csv(...lines), 'ten-thousand.csv').expect(201);
      expect(again.body.counts).toMatchObject({ changes: 0, unchanged: 10_000 });
    }, 120_000);
  });
});
