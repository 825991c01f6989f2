import { StatusesRepository } from '../src/assessments/statuses.repository.js';
import { Role } from '../src/users/role.enum.js';
import { createTestApp, type Agent, type TestApp } from './utils/create-test-app.js';
import { recordAssessment } from './utils/factories.js';

/** Pages that would grow with the data read it a page at a time. */
describe('Paging of large pages', () => {
  let t: TestApp;
  let api: Agent;
  let viewer: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    api = await t.api(Role.Admin);
    expect(
      (await recordAssessment(api, 'JEW-III.1', 'KAZ', { status: 'implemented' })).status,
    ).toBe(201);
    await t.user('reader', Role.Viewer);
    viewer = await t.signIn('reader');
  });
  afterAll(() => t.close());

  it('reads the matrix a page of recommendations at a time, with the figures of them all', async () => {
    const all = (await api.get('/api/v1/progress').expect(200)).body;
    const first = (await api.get('/api/v1/matrix').query({ pageSize: 10 }).expect(200)).body;
    const total = (first.page as { total: number }).total;
    expect(total).toBeGreaterThan(20);
    expect(first.page).toMatchObject({
      page: 1,
      pageSize: 10,
      total,
      pages: Math.ceil(total / 10),
    });
    expect((first.page as { links: { next: string } }).links.next).toBe(
      '/api/v1/matrix?page=2&pageSize=10',
    );
    expect(first.recommendations).toHaveLength(10);
    expect(first.recommendations[0].ref).toBe('JEW-I.1');
    expect(first.progress.pairs).toBe(all.pairs);

    const last = (await api.get('/api/v1/matrix').query({ pageSize: 10, page: 3 }).expect(200))
      .body;
    expect(last.recommendations).toHaveLength(total - 20);
    const second = (await api.get('/api/v1/matrix').query({ pageSize: 10, page: 2 }).expect(200))
      .body as {
      recommendations: { ref: string }[];
      rows: { subject: { code: string }; cells: ({ status: string } | null)[] }[];
    };
    const refs = [first, second, last].flatMap((m: { recommendations: { ref: string }[] }) =>
      m.recommendations.map((r) => r.ref),
    );
    expect(new Set(refs).size).toBe(total);
    // The cell recorded above is on the page that holds its column.
    const col = second.recommendations.findIndex((r) => r.ref === 'JEW-III.1');
    expect(col).toBeGreaterThanOrEqual(0);
    expect(second.rows.find((r) => r.subject.code === 'KAZ')?.cells[col]?.status).toBe(
      'implemented',
    );

    const res = await api.get('/api/v1/matrix').query({ pageSize: 500 }).expect(400);
    expect(JSON.stringify(res.body)).toContain('pageSize');
  });

  it('shows which columns the matrix page holds and links to the next ones, filters kept', async () => {
    const html = (
      await viewer
        .get('/matrix')
        .query({ event: 'joint-expert-workshop-illicit-drugs', pageSize: 10 })
        .expect(200)
    ).text;
    expect(html).toContain('Recommendations 1–10 of 21 (page 1 of 3)');
    expect(html).toContain(
      "href='/matrix?event&#x3D;joint-expert-workshop-illicit-drugs&amp;pageSize&#x3D;10&amp;page&#x3D;2' rel='next'",
    );
    expect(html).not.toContain("rel='prev'");
  });

  it('pages filtered recommendation lists: page 2 is not page 1 again', async () => {
    for (const query of [
      { theme: 'information-sharing' },
      { state: 'KAZ' },
      { state: 'KAZ', status: 'no_information' },
    ]) {
      const list = async (page: number) =>
        (
          await api
            .get('/api/v1/recommendations')
            .query({ ...query, pageSize: 1, page })
            .expect(200)
        ).body as { items: { ref: string }[]; total: number };
      const [one, two] = [await list(1), await list(2)];
      expect(one.total).toBeGreaterThan(1);
      expect(two.items[0].ref).not.toBe(one.items[0].ref);
    }
  });

  it("reads a State's pairs a page at a time, with the figures of them all", async () => {
    const figures = (await api.get('/api/v1/progress').query({ state: 'KAZ' }).expect(200)).body;
    const page = async (n: number) =>
      (await api.get('/api/v1/states/KAZ/statuses').query({ pageSize: 5, page: n }).expect(200))
        .body as {
        progress: { pairs: number };
        statuses: {
          page: number;
          pageSize: number;
          total: number;
          pages: number;
          items: { recommendation: string }[];
        };
      };
    const [one, two] = [await page(1), await page(2)];
    expect(one.statuses.total).toBe(figures.pairs);
    expect(one.progress.pairs).toBe(figures.pairs);
    expect(one.statuses.items).toHaveLength(5);
    expect(two.statuses).toMatchObject({ pageSize: 5, total: one.statuses.total, page: 2 });
    const refs = [...one.statuses.items, ...two.statuses.items].map((s) => s.recommendation);
    expect(new Set(refs).size).toBe(10);
  });

  it("pages a State's (or the OSCE line's) pairs in the order of the whole list, none lost or repeated", async () => {
    for (const code of ['KAZ', 'OSCE']) {
      const expected = (
        await t.dataSource.query<{ ref: string }[]>(
          `SELECT r.ref AS ref FROM current_statuses p
           JOIN recommendations r ON r.id = p.recommendation_id
           LEFT JOIN states s ON s.id = p.state_id
           LEFT JOIN organisations o ON o.id = p.organisation_id
           WHERE p.in_scope = ${t.postgres ? 'true' : '1'} AND (s.iso3 = '${code}' OR o.acronym = '${code}')
           ORDER BY r.event_id, r.position, r.id`,
        )
      ).map((row) => row.ref);
      expect(expected.length).toBeGreaterThan(3);
      const paged: string[] = [];
      for (let n = 1; paged.length < expected.length && n <= expected.length; n++) {
        const body = (
          await api
            .get(`/api/v1/states/${code}/statuses`)
            .query({ pageSize: 3, page: n })
            .expect(200)
        ).body as { statuses: { items: { recommendation: string }[] } };
        paged.push(...body.statuses.items.map((s) => s.recommendation));
      }
      expect(paged).toEqual(expected);
    }
  });

  it('reads the pairs of more recommendations than the database takes parameters', async () => {
    const statuses = t.app.get(StatusesRepository);
    const all = await statuses.pairs({});
    const ids = [...new Set(all.map((p) => p.recommendationId))];
    // 70,000 ids: more than SQLite (32,766) and PostgreSQL (65,535) take as parameters.
    const many = [...ids, ...Array.from({ length: 70_000 - ids.length }, (_, i) => 1_000_000 + i)];
    const read = await statuses.pairs({ recommendationIds: many });
    expect(read.map((p) => p.pairId)).toEqual(all.map((p) => p.pairId));
    const figures = await statuses.progress({ recommendationIds: many });
    expect(figures).toEqual(await statuses.progress({ recommendationIds: ids }));
  });

  it('shows a State page a page at a time and comes back to that page after recording', async () => {
    const analyst = await t.signIn(await t.user('kaz-analyst', Role.Analyst, ['KAZ']));
    const html = (await analyst.get('/states/KAZ').query({ pageSize: 5, page: 2 }).expect(200))
      .text;
    expect(html).toMatch(/6–10 of \d+ \(page 2 of \d+\)/);
    expect(html).toContain("rel='prev'");
    const form = /<form method='post' action='([^']+\/assessments)'[\s\S]*?<\/form>/.exec(html);
    expect(form).not.toBeNull();
    const fields = Object.fromEntries(
      [...form![0].matchAll(/<input type='hidden' name='([^']+)' value='([^']*)' \/>/g)].map(
        (m) => [m[1], m[2]],
      ),
    );
    expect(fields.returnPage).toBe('2');
    const res = await analyst
      .post(form![1])
      .type('form')
      .send({ ...fields, status: 'partially_implemented', assessedOn: '2010-01-01' })
      .expect(303);
    expect(res.headers.location).toMatch(/^\/states\/KAZ\?page=2#rec-/);
  });

  it('lists on the dashboard the pairs never assessed, oldest event first, and counts them', async () => {
    const dashboard = async () => {
      const html = (await viewer.get('/').expect(200)).text;
      const section = html.slice(html.indexOf("id='unassessed-heading'"));
      return {
        total: Number(/(\d+) pairs in scope have never been assessed/.exec(section)?.[1]),
        first: /href='\/recommendations\/([^/']+)\/states\/([A-Z]{3})'/.exec(section)?.slice(1),
      };
    };
    const before = await dashboard();
    expect(before.first).toEqual(['JEW-I.1', 'ALB']);
    expect(
      (await recordAssessment(api, 'JEW-I.1', 'ALB', { status: 'not_implemented' })).status,
    ).toBe(201);
    const after = await dashboard();
    expect(after.total).toBe(before.total - 1);
    expect(after.first).toEqual(['JEW-I.1', 'AND']);
  });

  it("shows a theme's recommendations a page at a time, its figures and counts over them all", async () => {
    const all = (
      await api.get('/api/v1/progress').query({ theme: 'information-sharing' }).expect(200)
    ).body;
    const pageOf = async (n: number) =>
      (await viewer.get('/themes/information-sharing').query({ pageSize: 1, page: n }).expect(200))
        .text;
    const [one, two] = [await pageOf(1), await pageOf(2)];
    const total = Number(/(\d+) recommendations in \d+ event/.exec(one)?.[1]);
    expect(total).toBeGreaterThan(1);
    expect(one).toContain(`page 1 of ${total}`);
    expect(two).toContain(`page 2 of ${total}`);
    const firstRef = (html: string) =>
      /<th scope='row'[^>]*><a href='\/recommendations\/([^']+)'>/.exec(html)?.[1];
    expect(firstRef(two)).not.toBe(firstRef(one));
    expect(two).toContain("rel='prev'");
    // The theme's figures are those of all its recommendations on every page.
    expect(two).toContain(`${Math.round(all.coverage * 100)}%`);
  });
});
