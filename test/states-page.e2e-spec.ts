import { Role } from '../src/users/role.enum.js';
import { createTestApp, type Agent, type TestApp } from './utils/create-test-app.js';
import { BY_HAND, recordAssessment } from './utils/factories.js';

const CARICC = 'JEW-II.9';
const FIRST = 'JEW-I.1';

/** The States page: each State's figures, sortable, by region, as of a date. */
describe('States page', () => {
  let t: TestApp;
  let viewer: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.api(Role.Admin);
    // CARICC's statuses by hand (with a reason): the page's figures are what this test reads.
    const record = async (ref: string, iso3: string, status: string, assessedOn: string) =>
      expect(
        (
          await recordAssessment(admin, ref, iso3, {
            status,
            assessedOn,
            ...(ref === CARICC ? BY_HAND : {}),
          })
        ).status,
      ).toBe(201);
    await record(CARICC, 'KAZ', 'implemented', '2009-06-30');
    await record(FIRST, 'KAZ', 'not_implemented', '2010-03-01');
    await record(CARICC, 'TJK', 'mostly_implemented', '2009-06-30');
    await t.user('reader', Role.Viewer);
    viewer = await t.signIn('reader');
  });
  afterAll(() => t.close());

  /** The cells of a State's row: name, region, pairs, rate, progress, coverage, latest. */
  const row = (html: string, code: string): string[] => {
    const tr = new RegExp(
      `<tr class='govuk-table__row' data-code='${code}'>([\\s\\S]*?)</tr>`,
    ).exec(html)?.[1];
    if (!tr) throw new Error(`no row for ${code}`);
    return [...tr.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((m) =>
      m[1].replace(/<[^>]+>/g, '').trim(),
    );
  };
  /** Handlebars writes `=` and `&` in attributes as entities. */
  const hrefs = (html: string): string => html.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
  const codes = (html: string): string[] =>
    [...html.matchAll(/<tr class='govuk-table__row' data-code='([^']+)'>/g)].map((m) => m[1]);

  it('shows the figures of every State, each linking to its page, with the map above', async () => {
    const res = await viewer.get('/states').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    const html = res.text;
    const kaz = row(html, 'KAZ');
    const pairs = Number(kaz[2]);
    expect(pairs).toBeGreaterThan(2);
    // Implemented and not implemented: rate 1/2, progress (1 + 0) / 2, coverage 2 of the pairs.
    expect(kaz).toEqual([
      'Kazakhstan',
      'Central Asia and Mongolia',
      String(pairs),
      '50%',
      '50%',
      `${Math.round((2 / pairs) * 100)}%`,
      '1 Mar 2010',
    ]);
    const tjk = row(html, 'TJK');
    expect(tjk.slice(0, 2)).toEqual(['Tajikistan', 'Central Asia and Mongolia']);
    expect(tjk.slice(3)).toEqual([
      '0%',
      '67%',
      `${Math.round((1 / Number(tjk[2])) * 100)}%`,
      '30 Jun 2009',
    ]);
    // A State without any information: dashes, no date.
    expect(row(html, 'ALB').slice(3)).toEqual(['–', '–', '0%', 'none']);
    expect(html).toContain("<a class='govuk-link' href='/states/KAZ'>Kazakhstan</a>");
    // Every participating State and Partner, then the organisations.
    const all = codes(html);
    expect(all.length).toBeGreaterThanOrEqual(68);
    expect(all.at(-1)).toBe('OSCE');
    // The map comes first, named, and is shaded by progress index.
    expect(html.indexOf('<svg')).toBeLessThan(html.indexOf('<table'));
    expect(html).toMatch(/<title id="[^"]+-title">Map: Progress index by State<\/title>/);
    expect(html).toContain('Kazakhstan: 50%');
    // Sorted by name by default.
    expect(html).toMatch(
      /<th scope='col' class='govuk-table__header' aria-sort='ascending'><a[^>]*>State/,
    );
  });

  it('sorts by progress index with header links, aria-sort on the sorted column', async () => {
    const desc = (await viewer.get('/states?sort=progress&dir=desc').expect(200)).text;
    expect(codes(desc).slice(0, 2)).toEqual(['TJK', 'KAZ']);
    expect(hrefs(desc)).toMatch(
      /aria-sort='descending'><a class='govuk-link app-sort-link' href='\/states\?sort=progress&dir=asc'>Progress index/,
    );
    expect(desc.match(/aria-sort=/g)).toHaveLength(1);
    const asc = (await viewer.get('/states?sort=progress&dir=asc').expect(200)).text;
    // Lines without a figure stay last, whatever the direction.
    expect(codes(asc).slice(0, 2)).toEqual(['KAZ', 'TJK']);
  });

  it('filters by region, keeping the sort in the header links', async () => {
    const html = (await viewer.get('/states?region=central-asia&sort=name').expect(200)).text;
    expect(codes(html)).toEqual(['KAZ', 'KGZ', 'MNG', 'TJK', 'TKM', 'UZB']);
    expect(html).toContain(
      "<option value='central-asia' selected>Central Asia and Mongolia</option>",
    );
    expect(hrefs(html)).toContain("href='/states?region=central-asia&sort=progress&dir=desc'");
  });

  it('shows the figures as of a date', async () => {
    const html = (await viewer.get('/states?asOf=2009-12-31').expect(200)).text;
    // On that date Kazakhstan had only its CARICC assessment: implemented.
    expect(row(html, 'KAZ').slice(3)).toEqual([
      '100%',
      '100%',
      `${Math.round((1 / Number(row(html, 'KAZ')[2])) * 100)}%`,
      '30 Jun 2009',
    ]);
    expect(html).toContain("value='2009-12-31'");
    expect(html).toContain('Progress index as of 31 Dec 2009');
    const before = (await viewer.get('/states?asOf=2009-01-01').expect(200)).text;
    expect(row(before, 'TJK').slice(3)).toEqual(['–', '–', '0%', 'none']);
  });

  it('refuses a date that is not one, naming the field by its label', async () => {
    const res = await viewer.get('/states?asOf=2009-13-45').set('Accept', 'text/html').expect(400);
    expect(res.text).toContain('Figures as of must be a real date written YYYY-MM-DD');
    const api = await viewer.get('/states?region=atlantis').set('Accept', 'application/json');
    expect(api.status).toBe(400);
  });
});
