import { PdfService } from '../src/reports/pdf.service.js';
import { Role } from '../src/users/role.enum.js';
import type { Agent, TestApp } from './utils/create-test-app.js';
import {
  CARICC,
  DLO,
  EXCHANGE,
  JEW,
  NATIONAL,
  pct,
  SEE,
  SEE_EVENT,
  stateReportFixture,
  text,
  THEME,
  type Figures,
} from './utils/state-report-fixture.js';

/** The refs of the recommendations the State report prints an entry for, in order. */
const entries = (html: string): string[] =>
  [...html.matchAll(/<article id='rec-([^']+)' class='state-rec'>/g)].map((m) => m[1]);

describe('State report narrowed to an event, a theme or a period', () => {
  let t: TestApp;
  let admin: Agent;
  let viewer: Agent;

  beforeAll(async () => {
    // Two pages at most: every State report of the reference data is longer.
    const fixture = await stateReportFixture({ PDF_MAX_PAGES: '2' });
    ({ t, admin } = fixture);
    const { write } = fixture;
    await write(CARICC, 'KAZ', 'partially_implemented', '2009-03-01');
    await write(CARICC, 'KAZ', 'implemented', '2010-05-01');
    await write(DLO, 'KAZ', 'mostly_implemented', '2010-02-01');
    await write(NATIONAL, 'KAZ', 'partially_implemented', '2009-05-01');
    await write(SEE, 'KAZ', 'mostly_implemented', '2011-03-01');
    await write(SEE, 'ALB', 'implemented', '2009-11-01');
    await write(CARICC, 'KGZ', 'not_implemented', '2010-04-01');
    viewer = await fixture.viewer();
  });
  afterAll(() => t.close());

  const stateReport = async (query: Record<string, string>): Promise<string> =>
    (await viewer.get('/reports/states/KAZ').query(query).expect(200)).text;
  const progress = async (query: Record<string, string>): Promise<Figures> =>
    (await admin.get('/api/v1/progress').query(query).expect(200)).body as Figures;

  it('an event: only its recommendations, its figures, and the selection on the cover', async () => {
    const html = await stateReport({ event: SEE_EVENT, asOf: '2011-12-31' });
    expect(entries(html)).toEqual([SEE]);
    const plain = text(html);
    expect(plain).toContain('Selection Only the recommendations of the event “');
    expect(html).toMatch(/<title>State report: Kazakhstan: only the recommendations of the event/);
    const figures = await progress({ state: 'KAZ', event: SEE_EVENT, asOf: '2011-12-31' });
    expect(plain).toContain(`Progress index ${pct(figures.progressIndex)}`);
    expect(plain).toMatch(/1 recommendations of 1 event are tracked for Kazakhstan/);

    const all = entries(await stateReport({ asOf: '2011-12-31' }));
    expect(all).toEqual(expect.arrayContaining([SEE, CARICC, DLO]));
    expect(entries(await stateReport({ event: JEW, asOf: '2011-12-31' }))).toEqual(
      all.filter((ref) => ref !== SEE),
    );
  });

  it('a theme: only the recommendations with it, across events', async () => {
    const html = await stateReport({ theme: THEME, asOf: '2011-12-31' });
    expect(entries(html).sort()).toEqual([CARICC, EXCHANGE, SEE].sort());
    const figures = await progress({ state: 'KAZ', theme: THEME, asOf: '2011-12-31' });
    expect(text(html)).toContain(`Implementation rate ${pct(figures.implementationRate)}`);
    expect(text(html)).toContain(
      'with the theme “Regional information sharing and intelligence exchange”',
    );
  });

  it('a period: the recommendations assessed for the State in it, as of its end compared with its start', async () => {
    const html = await stateReport({ from: '2009-12-31', to: '2010-12-31' });
    expect(entries(html)).toEqual([DLO, CARICC]);
    const plain = text(html);
    expect(plain).toContain('assessed for the State after 2009-12-31 and up to 2010-12-31');
    expect(plain).toContain('Status as of 2010-12-31');
    expect(plain).toContain('Compared with 2009-12-31');
    // CARICC moved from partially (2009) to implemented (2010): a move up in the period.
    expect(plain).toMatch(/Moved up \(1\)/);
    // Combined with the theme: CARICC alone.
    expect(
      entries(await stateReport({ from: '2009-12-31', to: '2010-12-31', theme: THEME })),
    ).toEqual([CARICC]);
    // Nothing assessed then: said in one line.
    expect(text(await stateReport({ from: '2005-12-31', to: '2006-12-31' }))).toContain(
      'No recommendation tracked for Kazakhstan is left by this selection',
    );
  });

  it('refuses an unknown event or theme and a bad or mixed date with 400 naming the field', async () => {
    const refused = async (query: Record<string, string>, said: RegExp) => {
      const res = await viewer
        .get('/reports/states/KAZ')
        .set('Accept', 'text/html')
        .query(query)
        .expect(400);
      expect(text(res.text)).toMatch(said);
    };
    await refused({ event: 'no-such-event' }, /event: no event "no-such-event"/);
    await refused({ theme: 'no-such-theme' }, /theme: no theme "no-such-theme"/);
    await refused({ from: '2010-02-30' }, /from must be a real date/);
    await refused({ from: '2011-01-01', to: '2010-12-31' }, /from must be before to/);
    await refused({ to: '2010-12-31', asOf: '2010-06-30' }, /asOf cannot be given with a period/);
  });

  it('the reports page form: an event by words goes to its slug; none matching is named beside the field', async () => {
    const page = (await viewer.get('/reports').expect(200)).text;
    expect(page).toMatch(
      /<select id='state-event' name='event'[^>]*>\s*<option value=''>All events/,
    );
    expect(page).toMatch(/<select class='govuk-select' id='state-theme' name='theme'>/);
    expect(page).toContain("<label class='govuk-label' for='state-from'>Assessed after</label>");

    const opened = await viewer
      .get('/reports/open')
      .query({ kind: 'state', target: 'KAZ', event: 'Sarajevo', theme: '', from: '', to: '' })
      .expect(303);
    expect(opened.headers.location).toBe(`/reports/states/KAZ?event=${SEE_EVENT}`);

    const none = await viewer
      .get('/reports/open')
      .set('Accept', 'text/html')
      .query({ kind: 'state', target: 'KAZ', event: 'no such meeting', theme: THEME })
      .expect(400);
    expect(none.text).toContain('Event: no event matches &quot;no such meeting&quot;');
    expect(none.text).toMatch(/<select id='state-event'[^>]*aria-invalid='true'/);
    // The rest of the form as sent.
    expect(none.text).toContain("<option value='KAZ' selected>Kazakhstan</option>");
    expect(none.text).toContain(`<option value='${THEME}' selected>`);
  });

  it('refuses a PDF longer than PDF_MAX_PAGES with 422 before Chromium is asked, offering the filters', async () => {
    const pdf = t.app.get(PdfService);
    const launched = pdf.launches;
    const res = await viewer
      .get('/reports/states/KAZ')
      .set('Accept', 'text/html')
      .query({ asOf: '2011-12-31', edition: 'public', format: 'pdf' })
      .expect(422);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const plain = text(res.text);
    expect(plain).toMatch(
      /This report would print about \d+ pages as a PDF, more than the 2 one PDF may have here\. Narrow it to an event, a theme or a period/,
    );
    // The same report as a web page, and the State form filled in to narrow it.
    expect(res.text).toContain(
      "<a href='/reports/states/KAZ?asOf&#x3D;2011-12-31&amp;edition&#x3D;public'>Open the same report as a web page</a>",
    );
    expect(res.text).toContain("<option value='KAZ' selected>Kazakhstan</option>");
    expect(pdf.launches).toBe(launched);
    expect(pdf.prints).toBe(0);
  });

  it('a State document carries the filters, and its method says so', async () => {
    const created = await admin
      .post('/api/v1/documents')
      .send({ kind: 'state', target: 'KAZ', options: { theme: THEME, asOf: '2011-12-31' } })
      .expect(201);
    const id = (created.body as { id: number }).id;
    await t.user('writer', Role.Analyst);
    const writer = await t.signIn('writer');
    const html = (await writer.get(`/documents/${id}/preview`).expect(200)).text;
    expect(entries(html).sort()).toEqual([CARICC, EXCHANGE, SEE].sort());
    expect(text(html)).toContain(
      'Only the recommendations with the theme “Regional information sharing and intelligence exchange”: the figures, averages and changes of this document are those of these recommendations only.',
    );
    expect((created.body as { options: object }).options).toEqual({
      theme: THEME,
      asOf: '2011-12-31',
    });
    await admin
      .post('/api/v1/documents')
      .send({ kind: 'state', target: 'KAZ', options: { theme: 'no-such-theme' } })
      .expect(400);
  });
});
