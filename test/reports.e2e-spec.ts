import { existsSync } from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import { chromiumPath } from '../src/common/chromium.js';
import { Role } from '../src/users/role.enum.js';
import { createTestApp, type Agent, type TestApp } from './utils/create-test-app.js';
import { BY_HAND, recordAssessment } from './utils/factories.js';

const EVENT = 'joint-expert-workshop-illicit-drugs';
const CARICC = 'JEW-II.9';

describe('Event progress report', () => {
  let t: TestApp;
  let admin: Agent;
  let viewer: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.api(Role.Admin);
    const write = async (iso3: string, status: string, assessedOn: string, extra = {}) =>
      (await recordAssessment(admin, CARICC, iso3, { status, assessedOn, ...BY_HAND, ...extra }))
        .status;
    expect(await write('KAZ', 'partially_implemented', '2009-03-01')).toBe(201);
    expect(
      await write('KAZ', 'implemented', '2010-05-01', {
        internalNote: 'Secret: the minister hesitates',
      }),
    ).toBe(201);
    expect(await write('KGZ', 'implemented', '2009-06-01')).toBe(201);
    expect(
      await write('KGZ', 'not_implemented', '2010-04-01', { note: 'Ratification withdrawn' }),
    ).toBe(201);
    expect(await write('TJK', 'not_applicable', '2009-01-01')).toBe(201);
    await t.user('printer', Role.Viewer);
    viewer = await t.signIn('printer');
  });
  afterAll(() => t.close());

  const report = async (query: Record<string, string>): Promise<string> =>
    (await viewer.get(`/reports/events/${EVENT}`).query(query).expect(200)).text;
  const text = (html: string): string => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

  it('prints the figures of the progress functions for the same data and dates', async () => {
    const html = text(await report({ asOf: '2010-12-31', compareWith: '2009-12-31' }));
    for (const asOf of ['2010-12-31', '2009-12-31']) {
      const p = (await admin.get('/api/v1/progress').query({ event: EVENT, asOf }).expect(200))
        .body;
      expect(p.implementationRate).not.toBeNull();
      const pct = (x: number): string => `${Math.round(x * 100)}%`;
      expect(html).toContain(pct(p.implementationRate));
      expect(html).toContain(pct(p.progressIndex));
    }
    const now = (
      await admin.get('/api/v1/progress').query({ event: EVENT, asOf: '2010-12-31' }).expect(200)
    ).body;
    const before = (
      await admin.get('/api/v1/progress').query({ event: EVENT, asOf: '2009-12-31' }).expect(200)
    ).body;
    const pts = Math.round(now.progressIndex * 100) - Math.round(before.progressIndex * 100);
    expect(html).toMatch(
      new RegExp(
        `Progress index ${Math.round(now.progressIndex * 100)}% ${Math.round(before.progressIndex * 100)}% ${pts > 0 ? '\\+' : '−'}${Math.abs(pts)} pts`,
      ),
    );
    const rec = (
      await admin.get(`/api/v1/recommendations/${CARICC}`).query({ asOf: '2010-12-31' }).expect(200)
    ).body;
    expect(html).toContain(
      `Implementation rate ${Math.round(rec.progress.implementationRate * 100)}% · progress index ${Math.round(rec.progress.progressIndex * 100)}%`,
    );
  });

  it('lists the States that moved up and down since the comparison date', async () => {
    const html = await report({ asOf: '2010-12-31', compareWith: '2009-12-31' });
    const section = html.slice(
      html.indexOf(`id='rec-${CARICC}'`),
      html.indexOf('</article>', html.indexOf(`id='rec-${CARICC}'`)),
    );
    expect(text(section)).toMatch(
      /Moved up since 2009-12-31 .* Kazakhstan Partially implemented Implemented \(2010-05-01\)/,
    );
    expect(text(section)).toMatch(
      /Moved down since 2009-12-31 .* Kyrgyzstan Implemented Not implemented \(2010-04-01\) Ratification withdrawn/,
    );
  });

  it('prints the date on every page and the edition; the public edition has no internal note or author', async () => {
    const internal = await report({ asOf: '2010-12-31', compareWith: '2009-12-31' });
    expect(internal).toContain('Secret: the minister hesitates');
    expect(text(internal)).toMatch(/As of 2010-12-31 .*Internal edition/);
    const published = await report({
      asOf: '2010-12-31',
      compareWith: '2009-12-31',
      edition: 'public',
    });
    expect(published).not.toContain('Secret: the minister hesitates');
    expect(published).not.toContain("class='author'");
    expect(text(published)).toContain('Public edition · As of 2010-12-31');
    // The running header and footer are in a table head and foot, which print on every page.
    expect(published).toMatch(/<thead>\s*<tr><td>\s*<div class='running-header'>/);
  });

  it('names a bad parameter', async () => {
    const res = await viewer
      .get(`/reports/events/${EVENT}`)
      .set('Accept', 'text/html')
      .query({ edition: 'secret' })
      .expect(400);
    expect(res.text).toContain('edition must be internal or public');
    await viewer.get('/reports/events/no-such-event').set('Accept', 'text/html').expect(404);
  });

  it('offers every kind of report on the reports page, and its forms lead to the report', async () => {
    const page = (await viewer.get('/reports').expect(200)).text;
    for (const kind of ['event', 'state', 'theme', 'recommendation']) {
      expect(page).toContain(`name='kind' value='${kind}'`);
    }
    expect(page).toContain("action='/reports/period'");
    expect(page).toContain(`<option value='${EVENT}'>`);
    expect(page).toContain("<option value='KAZ'>Kazakhstan</option>");

    const res = await viewer
      .get('/reports/open')
      .query({
        kind: 'state',
        target: 'KAZ',
        asOf: '2010-12-31',
        compareWith: '',
        edition: 'public',
      })
      .expect(303);
    expect(res.headers.location).toBe('/reports/states/KAZ?asOf=2010-12-31&edition=public');
    const followed = (await viewer.get(res.headers.location).expect(200)).text;
    expect(text(followed)).toContain('Public edition · As of 2010-12-31');

    const bad = await viewer
      .get('/reports/open')
      .set('Accept', 'text/html')
      .query({ kind: 'everything', target: '' })
      .expect(400);
    expect(bad.text).toContain('kind must be one of event, state, theme, recommendation');
    expect(bad.text).toContain('target must name the event, State, theme or recommendation');
  });
});

describe('Event progress report as PDF', () => {
  let t: TestApp;
  let viewer: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    await t.user('printer', Role.Viewer);
    viewer = await t.signIn('printer');
  });
  afterAll(() => t.close());

  const haveChromium = existsSync(chromiumPath()) || process.env.CI === 'true';
  if (!haveChromium) {
    console.warn(`PDF test skipped: no Chromium at ${chromiumPath()} (set CHROMIUM_PATH).`);
  }
  (haveChromium ? it : it.skip)(
    'prints an A4 PDF that opens, with a sensible number of pages',
    async () => {
      const res = await viewer
        .get(`/reports/events/${EVENT}`)
        .query({ format: 'pdf', asOf: '2010-12-31', edition: 'public' })
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200)
        .expect('Content-Type', /application\/pdf/);
      const pdf = res.body as Buffer;
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.subarray(-8).toString()).toContain('%%EOF');
      const pages = (await PDFDocument.load(pdf)).getPageCount();
      // Cover, summary, one chapter per session with its recommendations, the annex.
      expect(pages).toBeGreaterThanOrEqual(8);
      expect(pages).toBeLessThanOrEqual(30);
      // Small enough to mail: status fills are vector shapes, not thousands of bitmaps.
      expect(pdf.length).toBeLessThan(1_500_000);
    },
  );

  it('answers 503 naming what to install when Chromium is missing, and the HTML still works', async () => {
    const saved = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    try {
      const res = await viewer.get(`/reports/events/${EVENT}`).query({ format: 'pdf' }).expect(503);
      expect(res.text).toContain('apt-get install -y chromium');
      await viewer.get(`/reports/events/${EVENT}`).expect(200);
    } finally {
      if (saved === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = saved;
    }
  });
});
