import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { browserSuite } from './utils/browser.js';
import { readOutline } from '../src/reports/pdf-document.js';
import { Role } from '../src/users/role.enum.js';
import { createTestApp, type Agent, type TestApp } from './utils/create-test-app.js';
import { recordAssessment } from './utils/factories.js';

const JEW = 'joint-expert-workshop-illicit-drugs';
const CARICC = 'JEW-II.9';

interface DocumentBody {
  id: number;
  symbol: string;
  stage: string;
  version: number;
  revises: string | null;
  supersededBy: string | null;
  issued: { pdfSha256: string; htmlSha256: string; pdfPages: number; pdfUrl: string } | null;
}

/** The text of a PDF, page by page, as poppler's pdftotext reads it. */
function pdfPages(pdf: Buffer): string[] {
  const file = join(mkdtempSync(join(tmpdir(), 'rt-doc-')), 'doc.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f');
}

const binary = (res: { body: unknown }): Buffer => res.body as Buffer;

// Issuing prints a PDF: without Chromium the suite says why it does not run.
browserSuite('Report documents: draft, four eyes, issued unchanged forever', () => {
  let t: TestApp;
  let analyst: Agent;
  let admin: Agent;
  let otherAdmin: Agent;
  let viewer: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    analyst = await t.api(Role.Analyst);
    admin = await t.api(Role.Admin);
    otherAdmin = await t.api(Role.Admin);
    viewer = await t.api(Role.Viewer);
    // Signed: partially implemented, by the CARICC recommendation's rule.
    await recordAssessment(admin, CARICC, 'KAZ', {
      status: undefined,
      fact: { milestone: 'signed' },
      assessedOn: '2009-06-30',
      note: 'Signed; ratification pending',
      internalNote: 'INTERNAL-ONLY-remark-42',
    });
  }, 60_000);
  afterAll(() => t?.close());

  const create = async (agent: Agent, body: object): Promise<DocumentBody> => {
    const res = await agent.post('/api/v1/documents').send(body).expect(201);
    expect(res.headers.location).toBe(`/api/v1/documents/${(res.body as DocumentBody).id}`);
    return res.body as DocumentBody;
  };
  const step = async (
    agent: Agent,
    doc: DocumentBody,
    action: string,
    status = 200,
  ): Promise<DocumentBody> => {
    const res = await agent
      .post(`/api/v1/documents/${doc.id}/${action}`)
      .send({ baseVersion: doc.version })
      .expect(status);
    return res.body as DocumentBody;
  };
  const issueAll = async (doc: DocumentBody): Promise<DocumentBody> => {
    const submitted = await step(analyst, doc, 'submit');
    const approved = await step(admin, submitted, 'approve');
    return step(admin, approved, 'issue');
  };
  const download = (agent: Agent, url: string) => agent.get(url).responseType('blob').expect(200);

  it('creates a draft with the next symbol of the year, and refuses what it cannot build', async () => {
    const year = new Date().getUTCFullYear();
    const doc = await create(analyst, { kind: 'event', target: JEW, marking: 'internal' });
    expect(doc).toMatchObject({ symbol: `SEC/EVT/${year}/1`, stage: 'draft', version: 1 });
    const second = await create(analyst, { kind: 'state', target: 'kaz' });
    expect(second.symbol).toBe(`SEC/STA/${year}/2`);

    const unknown = await analyst
      .post('/api/v1/documents')
      .send({ kind: 'event', target: 'no-such-event' })
      .expect(404);
    expect(JSON.stringify(unknown.body)).toContain('no-such-event');
    const bad = await analyst
      .post('/api/v1/documents')
      .send({ kind: 'memo', marking: 'secret', language: 'English', options: { annex: 'pie' } })
      .expect(400);
    const fields = (bad.body as { errors: { field: string }[] }).errors.map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(['kind', 'marking', 'language', 'options.annex']),
    );
    // Viewers do not see drafts.
    await viewer.get(`/api/v1/documents/${doc.id}`).expect(404);
    const listed = await viewer.get('/api/v1/documents').expect(200);
    expect((listed.body as { total: number }).total).toBe(0);
  });

  it('changes a draft on top of the version read, and refuses a stale one (409)', async () => {
    const doc = await create(analyst, { kind: 'recommendation', target: CARICC });
    const changed = await analyst
      .patch(`/api/v1/documents/${doc.id}`)
      .send({ baseVersion: 1, introduction: 'First words.', conclusions: { [CARICC]: 'Good.' } })
      .expect(200);
    expect((changed.body as DocumentBody).version).toBe(2);
    const stale = await analyst
      .patch(`/api/v1/documents/${doc.id}`)
      .send({ baseVersion: 1, introduction: 'Lost words.' })
      .expect(409);
    expect(JSON.stringify(stale.body)).toContain('baseVersion');
    const now = await analyst.get(`/api/v1/documents/${doc.id}`).expect(200);
    expect(now.body).toMatchObject({ introduction: 'First words.', version: 2 });
  });

  it('is approved by someone other than its author, and only when submitted', async () => {
    const own = await create(admin, { kind: 'recommendation', target: CARICC });
    await step(admin, own, 'approve', 403);
    const submitted = await step(admin, own, 'submit');
    const refused = await step(admin, submitted, 'approve', 403);
    expect(JSON.stringify(refused)).toContain('someone else must approve it');
    await step(analyst, submitted, 'approve', 403);
    const approved = await step(otherAdmin, submitted, 'approve');
    expect(approved.stage).toBe('approved');
    // Returned to draft, it must be approved again.
    const back = await step(admin, approved, 'return');
    expect(back.stage).toBe('draft');
    await step(admin, back, 'issue', 409);
  });

  it('issues the PDF and HTML once: the same bytes and hash after new assessments', async () => {
    const draft = await create(analyst, {
      kind: 'event',
      target: JEW,
      marking: 'internal',
      introduction: 'An **introduction** <script>alert(1)</script>',
      overallConclusion: 'Overall, progress is slow.',
    });
    const issued = await issueAll(draft);
    expect(issued.stage).toBe('issued');
    expect(issued.issued?.pdfSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(issued.issued?.pdfPages).toBeGreaterThan(1);

    const first = await download(viewer, `/api/v1/documents/${issued.id}/issued.pdf`);
    const pdf = binary(first);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(first.headers['repr-digest']).toBe(
      `sha-256=:${Buffer.from(issued.issued!.pdfSha256, 'hex').toString('base64')}:`,
    );
    // Its contents and bookmarks include the narrative and the method, each at the page where
    // its heading is printed; the cover names the document.
    const pages = pdfPages(pdf);
    expect(pages[0]).toMatch(/SEC\/EVT\/\d{4}\/\d+/);
    // Every page after the cover is headed by the symbol; the PDF's title is the document's.
    for (const page of pages.slice(1, -1))
      expect(page).toContain(`${issued.symbol} · Progress report`);
    const file = join(mkdtempSync(join(tmpdir(), 'rt-doc-')), 'info.pdf');
    writeFileSync(file, pdf);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(new RegExp(`Title:\\s+${issued.symbol.replace(/\//g, '\\/')} · `));
    const outline = await readOutline(pdf);
    const titles = outline.map((item) => item.title);
    expect(titles).toEqual(expect.arrayContaining(['Introduction', 'Method', 'Conclusions']));
    for (const item of outline.filter((i) =>
      ['Introduction', 'Method', 'Conclusions'].includes(i.title),
    )) {
      expect(pages[(item.page ?? 0) - 1]).toMatch(new RegExp(`^\\s*${item.title}$`, 'm'));
      // The contents (on the cover and the page after it) give that page.
      expect(`${pages[0]}${pages[1]}`).toMatch(new RegExp(`${item.title}\\s+${item.page}\\b`));
    }
    const html = (await viewer.get(`/api/v1/documents/${issued.id}/issued.html`).expect(200)).text;
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<strong>introduction</strong>');
    expect(html).toContain('<strong>introduction</strong>');
    expect(html).not.toContain('<script>alert(1)');

    await recordAssessment(admin, CARICC, 'KAZ', {
      status: undefined,
      fact: { milestone: 'in-force' },
      assessedOn: '2010-06-30',
    });
    const again = binary(await download(viewer, `/api/v1/documents/${issued.id}/issued.pdf`));
    expect(again.equals(pdf)).toBe(true);
    const html2 = (await viewer.get(`/api/v1/documents/${issued.id}/issued.html`).expect(200)).text;
    expect(html2).toBe(html);
    const read = await viewer.get(`/api/v1/documents/${issued.id}`).expect(200);
    expect((read.body as DocumentBody).issued?.pdfSha256).toBe(issued.issued?.pdfSha256);
    // Nor can anyone change or delete it in the database.
    await expect(
      t.dataSource.query(`UPDATE "issued_documents" SET "html" = 'changed'`),
    ).rejects.toThrow(/an issued document never changes/);
    await expect(t.dataSource.query(`DELETE FROM "issued_documents"`)).rejects.toThrow(
      /an issued document never changes/,
    );
    // An issued document is not changed through the API either.
    await analyst
      .patch(`/api/v1/documents/${issued.id}`)
      .send({ baseVersion: issued.version, title: 'New title' })
      .expect(409);
  });

  it('corrects an issued document with a revision that supersedes it once issued', async () => {
    const original = await issueAll(
      await create(analyst, { kind: 'recommendation', target: CARICC }),
    );
    const revision = await analyst.post(`/api/v1/documents/${original.id}/revise`).expect(201);
    const rev = revision.body as DocumentBody;
    expect(rev).toMatchObject({
      symbol: `${original.symbol}/Rev.1`,
      stage: 'draft',
      revises: original.symbol,
    });
    await analyst.post(`/api/v1/documents/${original.id}/revise`).expect(409);
    const issuedRev = await issueAll(rev);
    const old = (await viewer.get(`/api/v1/documents/${original.id}`).expect(200))
      .body as DocumentBody;
    expect(old.supersededBy).toBe(issuedRev.symbol);
    // The superseded document stays readable, unchanged.
    await download(viewer, `/api/v1/documents/${original.id}/issued.pdf`);
    await analyst.post(`/api/v1/documents/${original.id}/revise`).expect(409);
  });

  it('prints no internal note in a public document, and the note in an internal one', async () => {
    await recordAssessment(admin, CARICC, 'KGZ', {
      status: undefined,
      fact: { milestone: 'ratified' },
      assessedOn: '2010-03-31',
      internalNote: 'INTERNAL-ONLY-remark-43',
    });
    const text = async (marking: string): Promise<string> => {
      const doc = await issueAll(await create(analyst, { kind: 'state', target: 'KGZ', marking }));
      return pdfPages(
        binary(await download(viewer, `/api/v1/documents/${doc.id}/issued.pdf`)),
      ).join('\n');
    };
    expect(await text('public')).not.toContain('INTERNAL-ONLY-remark-43');
    expect(await text('internal')).toContain('INTERNAL-ONLY-remark-43');
  });

  it('writes every step to the audit log', async () => {
    const res = await admin.get('/api/v1/audit').query({ pageSize: 200 }).expect(200);
    const actions = new Set(
      (res.body as { items: { action: string }[] }).items.map((e) => e.action),
    );
    for (const action of [
      'document.created',
      'document.updated',
      'document.submitted',
      'document.approved',
      'document.returned',
      'document.issued',
      'document.revised',
    ]) {
      expect(actions).toContain(action);
    }
  });
});
