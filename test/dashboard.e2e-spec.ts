import { Role } from '../src/users/role.enum.js';
import { StatusesRepository } from '../src/assessments/statuses.repository.js';
import { today } from '../src/common/dates.js';
import { DashboardRepository } from '../src/home/dashboard.repository.js';
import { createTestApp, type Agent, type TestApp } from './utils/create-test-app.js';
import { BY_HAND, recordAssessment } from './utils/factories.js';

const CARICC = 'JEW-II.9';

/** The text of an element of the page by its id, tags removed and spaces collapsed. */
function textOf(html: string, id: string, tag: string): string {
  const m = new RegExp(`<${tag}[^>]*id='${id}'[^>]*>([\\s\\S]*?)</${tag}>`).exec(html);
  return (m?.[1] ?? '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The rows of a breakdown table: [name, pairs, rate, index, coverage]. */
function rowsOf(html: string, id: string): string[][] {
  const table = new RegExp(`<table[^>]*id='${id}'[^>]*>([\\s\\S]*?)</table>`).exec(html)?.[1] ?? '';
  const body = /<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) =>
      c[1].replace(/<[^>]+>/g, '').trim(),
    ),
  );
}

describe('Dashboard: figures, their change, what moved, trend and breakdowns', () => {
  let t: TestApp;
  let admin: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.api(Role.Admin);
    const record = async (iso3: string, status: string, assessedOn: string) =>
      (await recordAssessment(admin, CARICC, iso3, { status, assessedOn, ...BY_HAND })).status;
    // End of 2008: KAZ partially, KGZ mostly. During 2009: KAZ up, KGZ down, TJK first information.
    expect(await record('KAZ', 'partially_implemented', '2008-06-30')).toBe(201);
    expect(await record('KGZ', 'mostly_implemented', '2008-06-30')).toBe(201);
    expect(await record('KAZ', 'implemented', '2009-06-30')).toBe(201);
    expect(await record('KGZ', 'partially_implemented', '2009-06-30')).toBe(201);
    expect(await record('TJK', 'not_implemented', '2009-06-30')).toBe(201);
  });
  afterAll(() => t.close());

  const dashboard = async (query: Record<string, string>) =>
    (await admin.get('/').set('Accept', 'text/html').query(query).expect(200)).text;

  it('shows the three figures and their change since the comparison date, in words', async () => {
    const html = await dashboard({ asOf: '2009-12-31', compareWith: '2008-12-31' });
    expect(html).toMatch(/Figures as of <time datetime='2009-12-31'>31 Dec 2009<\/time>/);
    const figures = [
      ...html.matchAll(/<dt>([^<]+)<\/dt>\s*<dd>([^<]+)<p[^>]*>([\s\S]*?)<\/p>/g),
    ].map((m) => [m[1], m[2], m[3].replace(/<[^>]+>/g, '')]);
    expect(figures.slice(0, 3)).toEqual([
      ['Implementation rate', '33%', '▲ 33 pts since 31 Dec 2008'],
      ['Progress index', '44%', '▼ 6 pts since 31 Dec 2008'],
      ['Coverage', '0%', 'no change since 31 Dec 2008'],
    ]);
  });

  it('counts the pairs that moved, by the reports’ rule, and links to the period report', async () => {
    const html = await dashboard({ asOf: '2009-12-31', compareWith: '2008-12-31' });
    expect(textOf(html, 'moved', 'ul')).toBe(
      '1 pairs moved up the scale 1 pairs moved down 1 other changes (information recorded for the first time or withdrawn, or a change in whether the recommendation applies)',
    );
    expect(html).toContain("href='/reports/period?from=2008-12-31&amp;to=2009-12-31'");
    const report = await admin
      .get('/reports/period')
      .query({ from: '2008-12-31', to: '2009-12-31' })
      .expect(200);
    expect(report.text).toContain('Moved up');
  });

  it('draws the trend at each year’s end with a table of the same figures', async () => {
    const html = await dashboard({ asOf: '2009-12-31', compareWith: '2008-12-31' });
    expect(html).toContain('aria-labelledby="lines-trend-title lines-trend-desc"');
    expect(html).toContain(
      '2008: Implementation rate 0%, Progress index 50%, Coverage 0%. 31 Dec 2009: Implementation rate 33%, Progress index 44%, Coverage 0%.',
    );
    expect(html).toMatch(
      /<th scope='row' class='govuk-table__header'>2008<\/th><td[^>]*>0%<\/td><td[^>]*>50%<\/td>/,
    );
  });

  it('breaks the figures down by event, region and theme, highest progress first', async () => {
    const html = await dashboard({ asOf: '2009-12-31', compareWith: '2008-12-31' });
    const regions = rowsOf(html, 'by-region');
    expect(regions[0]).toEqual([
      'Central Asia and Mongolia',
      expect.any(String),
      '33%',
      '44%',
      expect.any(String),
    ]);
    expect(regions.slice(1).every((r) => r[3] === '–')).toBe(true);
    const events = rowsOf(html, 'by-event');
    expect(events[0].slice(2, 4)).toEqual(['33%', '44%']);
    expect(events.length).toBeGreaterThan(1);
    const themes = rowsOf(html, 'by-theme');
    expect(themes[0].slice(2, 4)).toEqual(['33%', '44%']);
    // As of the earlier date, the same breakdown reads the statuses then.
    const before = await dashboard({ asOf: '2008-12-31', compareWith: '2007-12-31' });
    expect(rowsOf(before, 'by-region')[0].slice(0, 4)).toEqual([
      'Central Asia and Mongolia',
      expect.any(String),
      '0%',
      '50%',
    ]);
  });

  it('defaults to today compared with a year before', async () => {
    const html = await dashboard({});
    expect(html).toContain(`id='dashboard-asOf' name='asOf' type='text'`);
    expect(html).toContain(`value='${today()}'`);
    expect(html).toMatch(/▲ 33 pts since|no change since/);
  });

  it('refuses a bad date naming the field by its label', async () => {
    const bad = await admin
      .get('/')
      .set('Accept', 'text/html')
      .query({ asOf: '2009-13-01' })
      .expect(400);
    expect(bad.text).toContain('As of: enter a real date as YYYY-MM-DD');
    const later = await admin
      .get('/')
      .set('Accept', 'text/html')
      .query({ asOf: '2009-12-31', compareWith: '2010-01-01' })
      .expect(400);
    expect(later.text).toContain('Compare with: the date must be before the as-of date');
    await admin.get('/').query({ compareWith: 'yesterday' }).expect(400);
  });

  it('reads the trend in one pass with the same as-of rule as every other page', async () => {
    // Two assessments dated the same day: the one recorded later holds.
    for (const status of ['implemented', 'not_applicable']) {
      const res = await recordAssessment(admin, 'JEW-II.1', 'UZB', {
        status,
        assessedOn: '2009-03-01',
        ...BY_HAND,
      });
      expect(res.status).toBe(201);
    }
    const dates = ['2008-06-29', '2008-06-30', '2009-02-28', '2009-03-01', '2009-12-31', today()];
    const trend = await t.app.get(DashboardRepository).countsAtDates(dates);
    const statuses = t.app.get(StatusesRepository);
    for (const [i, asOf] of dates.entries()) {
      expect(trend[i]).toEqual((await statuses.progress({ asOf })).counts);
    }
    expect(trend[3].not_applicable).toBe(1);
  });
});
