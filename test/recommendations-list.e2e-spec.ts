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
});
