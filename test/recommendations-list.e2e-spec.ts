import { Role } from '../src/users/role.enum.js';
import { groupByEvent } from '../src/recommendations/recommendation-pages.controller.js';
import { createTestApp, type Agent, type TestApp } from './utils/create-test-app.js';
import { recordAssessment } from './utils/factories.js';

describe('The recommendations list', () => {
  let t: TestApp;
  let admin: Agent;
  let viewer: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.api(Role.Admin);
    viewer = await t.signIn(await t.user('list.viewer', Role.Viewer));
  });
  afterAll(() => t.close());

  it("filtered by a State, shows that State's own status for each recommendation", async () => {
    const res = await recordAssessment(admin, 'JEW-II.9', 'KAZ', {
      status: 'mostly_implemented',
      assessedOn: '2010-05-01',
    });
    expect(res.status).toBe(201);
    const page = await viewer.get('/recommendations').query({ state: 'KAZ' }).expect(200);
    expect(page.text).toContain('Status in Kazakhstan');
    const row = /<a href='\/recommendations\/JEW-II.9'>JEW-II.9<\/a>[\s\S]*?<\/tr>/.exec(page.text);
    expect(row?.[0]).toContain('Mostly implemented');
    expect(row?.[0]).toContain("href='/recommendations/JEW-II.9/states/KAZ'");

    // The API's figures are that State's alone: one pair per recommendation listed.
    const api = await admin.get('/api/v1/recommendations').query({ state: 'KAZ', pageSize: 50 });
    const items = api.body.items as { ref: string; progress: { pairs: number } }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.progress.pairs === 1)).toBe(true);
    const all = await admin.get('/api/v1/recommendations').query({ pageSize: 50 });
    const caricc = (all.body.items as { ref: string; progress: { pairs: number } }[]).find(
      (i) => i.ref === 'JEW-II.9',
    );
    expect(caricc?.progress.pairs).toBeGreaterThan(1);
  });

  it('groups the recommendations under their event, once each', async () => {
    const page = await viewer.get('/recommendations').expect(200);
    const headers = page.text.match(/scope='rowgroup'/g) ?? [];
    expect(headers.length).toBeGreaterThan(0);
    expect(page.text).not.toContain("<th scope='col' class='govuk-table__header'>Event</th>");
  });

  it('groups consecutive items of one event together', () => {
    const e = (slug: string) => ({ event: { slug, title: slug.toUpperCase() } });
    expect(
      groupByEvent([e('a'), e('a'), e('b'), e('a')]).map((g) => [g.event.slug, g.items.length]),
    ).toEqual([
      ['a', 2],
      ['b', 1],
      ['a', 1],
    ]);
  });

  describe("a recommendation's page", () => {
    const stateRows = (html: string): string[] =>
      [...html.matchAll(/<tr id='pair-([A-Z]+)'/g)].map((m) => m[1]);

    it('draws its pairs by status and lists its States by region, status and date', async () => {
      await recordAssessment(admin, 'JEW-II.9', 'TJK', {
        status: 'implemented',
        assessedOn: '2012-01-01',
      });
      const page = await viewer.get('/recommendations/JEW-II.9').expect(200);
      expect(page.text).toMatch(/<svg[^>]*>[\s\S]*<title[^>]*>JEW-II.9: its \d+ pairs by status/);

      const central = await viewer
        .get('/recommendations/JEW-II.9')
        .query({ region: 'central-asia' })
        .expect(200);
      expect(stateRows(central.text).sort()).toEqual(['KAZ', 'KGZ', 'MNG', 'TJK', 'TKM', 'UZB']);
      expect(central.text).toContain('Showing 6 of');

      const implemented = await viewer
        .get('/recommendations/JEW-II.9')
        .query({ status: 'implemented' })
        .expect(200);
      expect(stateRows(implemented.text)).toEqual(['TJK']);

      const byDate = await viewer
        .get('/recommendations/JEW-II.9')
        .query({ sort: 'date' })
        .expect(200);
      expect(stateRows(byDate.text).slice(0, 2)).toEqual(['TJK', 'KAZ']);
    });

    it('refuses an unknown status, naming the field', async () => {
      const res = await viewer
        .get('/recommendations/JEW-II.9')
        .query({ status: 'done' })
        .expect(400);
      expect(res.text).toContain('Status must be one of the statuses listed');
    });
  });
});
