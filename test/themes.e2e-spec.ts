import { ThemePagesService } from '../src/themes/theme-pages.service.js';
import { Role } from '../src/users/role.enum.js';
import { createTestApp, type Agent, type TestApp } from './utils/create-test-app.js';
import { BY_HAND, recordAssessment } from './utils/factories.js';

const CARICC = 'JEW-II.9';
const THEME = 'information-sharing';
const EVENT = 'joint-expert-workshop-illicit-drugs';

describe('Theme pages and report buttons', () => {
  let t: TestApp;
  let admin: Agent;
  let viewer: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.api(Role.Admin);
    const write = async (iso3: string, status: string, assessedOn: string) =>
      (await recordAssessment(admin, CARICC, iso3, { status, assessedOn, ...BY_HAND })).status;
    expect(await write('KAZ', 'partially_implemented', '2009-03-01')).toBe(201);
    expect(await write('KAZ', 'implemented', '2010-05-01')).toBe(201);
    expect(await write('KGZ', 'not_implemented', '2009-06-01')).toBe(201);
    await t.user('reader', Role.Viewer);
    viewer = await t.signIn('reader');
  });
  afterAll(() => t.close());

  const text = (html: string): string => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  const pct = (x: number | null): string => (x === null ? '–' : `${Math.round(x * 100)}%`);
  const progress = async (query: Record<string, string>) =>
    (await admin.get('/api/v1/progress').query(query).expect(200)).body as {
      implementationRate: number | null;
      progressIndex: number | null;
      coverage: number | null;
      pairs: number;
    };

  it('the main navigation leads to the themes', async () => {
    const home = await viewer.get('/').expect(200);
    expect(home.text).toContain("href='/themes'>Themes</a>");
  });

  it('lists every theme with its recommendations and the figures of the progress API', async () => {
    const page = await viewer.get('/themes').expect(200);
    const themes = (await admin.get('/api/v1/themes').expect(200)).body as { slug: string }[];
    for (const { slug } of themes) expect(page.text).toContain(`href='/themes/${slug}'`);
    const row = page.text.slice(
      page.text.indexOf(`href='/themes/${THEME}'`),
      page.text.indexOf('</tr>', page.text.indexOf(`href='/themes/${THEME}'`)),
    );
    const recs = (
      await admin.get('/api/v1/recommendations').query({ theme: THEME, pageSize: '1' }).expect(200)
    ).body as { total: number };
    const p = await progress({ theme: THEME });
    expect(p.implementationRate).not.toBeNull();
    expect(row).toContain(`href='/recommendations?theme=${THEME}'>${recs.total}</a>`);
    expect(text(row)).toContain(
      `${pct(p.implementationRate)} ${pct(p.progressIndex)} ${pct(p.coverage)} ${p.pairs}`,
    );
  });

  it('gives every theme the figures, pairs and events that counting them one by one gives', async () => {
    const page = (await viewer.get('/themes').expect(200)).text;
    const themes = (await admin.get('/api/v1/themes').expect(200)).body as { slug: string }[];
    expect(themes.length).toBeGreaterThan(5);
    let withPairs = 0;
    for (const { slug } of themes) {
      const start = page.indexOf(`href='/themes/${slug}'`);
      const row = text(page.slice(start, page.indexOf('</tr>', start)));
      const p = await progress({ theme: slug });
      const recs = (
        await admin.get('/api/v1/recommendations').query({ theme: slug, pageSize: 200 }).expect(200)
      ).body as { total: number; items: { event: { slug: string } }[] };
      const events = new Set(recs.items.map((r) => r.event.slug)).size;
      expect(row).toContain(
        ` ${recs.total} ${events} ${pct(p.implementationRate)} ${pct(p.progressIndex)} ${pct(p.coverage)} ${p.pairs}`,
      );
      if (p.pairs > 0) withPairs += 1;
    }
    expect(withPairs).toBeGreaterThan(5);
  });

  it('lists every theme with its figures, and its events only while the index is small enough', async () => {
    const list = await t.app.get(ThemePagesService).list(0);
    expect(list.withEvents).toBe(false);
    expect(list.pairs).toBe((await progress({})).pairs);
    const mine = list.themes.find((th) => th.slug === THEME);
    const recs = (
      await admin.get('/api/v1/recommendations').query({ theme: THEME, pageSize: 1 }).expect(200)
    ).body as { total: number };
    expect(mine).toMatchObject({ slug: THEME, recommendations: recs.total, events: null });
    // The figures the progress API gives for the theme, counted there.
    expect(await progress({ theme: THEME })).toMatchObject(mine?.progress ?? {});
    expect(mine?.progress.pairs).toBeGreaterThan(0);
  });

  it('shows a theme’s recommendations by event, with counts, figures, the matrix and the reports', async () => {
    const page = await viewer.get(`/themes/${THEME}`).expect(200);
    const p = await progress({ theme: THEME });
    const body = text(page.text);
    expect(body).toContain(
      `Implementation rate ${pct(p.implementationRate)} Progress index ${pct(p.progressIndex)}`,
    );
    expect(page.text).toContain(`<a href='/events/${EVENT}'>`);
    const row = page.text.slice(
      page.text.indexOf(`<a href='/recommendations/${CARICC}'>`),
      page.text.indexOf('</tr>', page.text.indexOf(`<a href='/recommendations/${CARICC}'>`)),
    );
    const rec = (await admin.get(`/api/v1/recommendations/${CARICC}`).expect(200)).body as {
      progress: { implementationRate: number; progressIndex: number };
    };
    expect(text(row).trim()).toMatch(
      new RegExp(`${pct(rec.progress.implementationRate)} ${pct(rec.progress.progressIndex)}$`),
    );
    expect(page.text).toContain(`href='/matrix?theme=${THEME}'`);
    expect(page.text).toContain(`href='/reports/themes/${THEME}'>Theme report (internal)</a>`);
    expect(page.text).toContain(
      `href='/reports/themes/${THEME}?edition=public'>Theme report (public)</a>`,
    );
  });

  it('reads a theme as of a date, and carries the date into the matrix and report links', async () => {
    const page = await viewer.get(`/themes/${THEME}`).query({ asOf: '2009-12-31' }).expect(200);
    const p = await progress({ theme: THEME, asOf: '2009-12-31' });
    expect(text(page.text)).toContain(`Progress index ${pct(p.progressIndex)}`);
    expect(page.text).toContain(`href='/matrix?theme=${THEME}&amp;asOf=2009-12-31'`);
    expect(page.text).toContain(`href='/reports/themes/${THEME}?asOf=2009-12-31'`);
    expect(page.text).toContain(
      `href='/reports/themes/${THEME}?edition=public&amp;asOf=2009-12-31'`,
    );
  });

  it('answers 404 for an unknown theme and names a bad date', async () => {
    await viewer.get('/themes/no-such-theme').set('Accept', 'text/html').expect(404);
    const bad = await viewer
      .get(`/themes/${THEME}`)
      .set('Accept', 'text/html')
      .query({ asOf: '2009-02-30' })
      .expect(400);
    expect(bad.text).toContain('asOf must be a real date');
  });

  it('the State and recommendation pages have report buttons carrying their as-of date', async () => {
    const state = await viewer.get('/states/KAZ').expect(200);
    expect(state.text).toContain("href='/reports/states/KAZ'>State report (internal)</a>");
    expect(state.text).toContain(
      "href='/reports/states/KAZ?edition=public'>State report (public)</a>",
    );
    const stateThen = await viewer.get('/states/KAZ').query({ asOf: '2009-12-31' }).expect(200);
    expect(stateThen.text).toContain("href='/reports/states/KAZ?asOf=2009-12-31'");
    expect(stateThen.text).toContain(
      "href='/reports/states/KAZ?edition=public&amp;asOf=2009-12-31'",
    );

    const rec = await viewer.get(`/recommendations/${CARICC}`).expect(200);
    expect(rec.text).toContain(
      `href='/reports/recommendations/${CARICC}'>Recommendation report (internal)</a>`,
    );
    expect(rec.text).toContain(
      `href='/reports/recommendations/${CARICC}?edition=public'>Recommendation report (public)</a>`,
    );
    const recThen = await viewer
      .get(`/recommendations/${CARICC}`)
      .query({ asOf: '2009-12-31' })
      .expect(200);
    expect(recThen.text).toContain(
      `href='/reports/recommendations/${CARICC}?edition=public&amp;asOf=2009-12-31'`,
    );
  });
});
