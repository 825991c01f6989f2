import { Role } from '../src/users/role.enum.js';
import { groupByEvent } from '../src/recommendations/recommendations-list.view-model.js';
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
    // Ratified: mostly implemented, by the CARICC recommendation's rule.
    const res = await recordAssessment(admin, 'JEW-II.9', 'KAZ', {
      status: undefined,
      fact: { milestone: 'ratified' },
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

  describe('sorted by a column heading, without JavaScript', () => {
    const refs = (html: string): string[] =>
      [
        ...html.matchAll(
          /<td class='govuk-table__cell app-nowrap'><a href='\/recommendations\/([^']+)'>/g,
        ),
      ].map((m) => m[1]);
    const events = (html: string): string[] =>
      [...html.matchAll(/scope='rowgroup'[^>]*><a href='\/events\/([^']+)'/g)].map((m) => m[1]);
    const list = async (query: Record<string, string | number>): Promise<string> =>
      (await viewer.get('/recommendations').query(query).expect(200)).text;
    let event: string;
    let listOrder: string[];

    beforeAll(async () => {
      event = (await admin.get('/api/v1/recommendations/JEW-II.9').expect(200)).body.event.slug;
      listOrder = refs(await list({ event, pageSize: 200 }));
      // The third of the event fully implemented where assessed, the second not at all.
      for (const iso3 of ['KAZ', 'KGZ']) {
        await recordAssessment(admin, listOrder[2], iso3, {
          status: 'implemented',
          assessedOn: '2013-01-01',
        });
      }
      await recordAssessment(admin, listOrder[1], 'KAZ', {
        status: 'not_implemented',
        assessedOn: '2013-01-01',
      });
    });

    it('orders an event by implementation, either way, what is unknown last', async () => {
      expect(listOrder.length).toBeGreaterThan(4);
      const desc = await list({ event, pageSize: 200, sort: 'rate', dir: 'desc' });
      const byRate = refs(desc);
      expect(byRate).not.toEqual(listOrder);
      expect([...byRate].sort()).toEqual([...listOrder].sort());
      expect(byRate[0]).toBe(listOrder[2]);
      // Ties keep the event's own order; nothing known comes last, in that order too.
      const rates = await figures('implementationRate');
      const known = listOrder.filter((ref) => rates.get(ref) !== null);
      const unknown = listOrder.filter((ref) => rates.get(ref) === null);
      const rate = (ref: string): number => rates.get(ref) ?? 0;
      expect(unknown.length).toBeGreaterThan(0);
      expect(byRate).toEqual([...[...known].sort((a, b) => rate(b) - rate(a)), ...unknown]);
      const asc = refs(await list({ event, pageSize: 200, sort: 'rate', dir: 'asc' }));
      expect(asc).toEqual([...[...known].sort((a, b) => rate(a) - rate(b)), ...unknown]);

      // The heading says so, and sorts the other way next, the filter kept.
      expect(desc).toMatch(
        /<th scope='col' class='govuk-table__header' aria-sort='descending'><a class='govuk-link app-sort-link' href='([^']+)'>Implementation/,
      );
      const href = /aria-sort='descending'><a class='govuk-link app-sort-link' href='([^']+)'/.exec(
        desc,
      )?.[1];
      expect(href?.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=')).toBe(
        `/recommendations?event=${event}&sort=rate&dir=asc`,
      );
      expect(desc).toContain('sorted by implementation, highest first, within each event');
    });

    it('orders by title, A to Z and back, and pages through the same order', async () => {
      const titles = new Map(
        (
          (await admin.get('/api/v1/recommendations').query({ event, pageSize: 200 })).body
            .items as { ref: string; title: string }[]
        ).map((i) => [i.ref, i.title]),
      );
      const byTitle = refs(await list({ event, pageSize: 200, sort: 'title' }));
      expect(byTitle).toEqual(
        [...listOrder].sort((a, b) =>
          (titles.get(a) ?? '').localeCompare(titles.get(b) ?? '', 'en'),
        ),
      );
      const back = refs(await list({ event, pageSize: 200, sort: 'title', dir: 'desc' }));
      expect(back).toEqual([...byTitle].reverse());
      const second = refs(await list({ event, pageSize: 2, page: 2, sort: 'title' }));
      expect(second).toEqual(byTitle.slice(2, 4));
    });

    it('keeps every event under its heading, in the same order of events', async () => {
      // A second event with recommendations, dated: listed before the undated workshop.
      for (const [ref, title] of [
        ['VIE-1', 'Airports'],
        ['VIE-2', 'Container ports'],
        ['VIE-3', 'Border crossings'],
      ]) {
        await admin
          .post('/api/v1/recommendations')
          .send({
            ref,
            event: '2008-vienna-expert-conference',
            title,
            text: `${title}: profiles shared between agencies.`,
            addressee: 'participating-states',
          })
          .expect(201);
      }
      const own = await list({ pageSize: 50 });
      const sorted = await list({ pageSize: 50, sort: 'title', dir: 'desc' });
      expect(events(own).length).toBeGreaterThan(1);
      expect(events(sorted)).toEqual(events(own));
      expect(refs(sorted)).not.toEqual(refs(own));
      expect([...refs(sorted)].sort()).toEqual([...refs(own)].sort());
      // Page 2 holds what follows page 1 in the same order.
      const first = refs(await list({ pageSize: 7, sort: 'title', dir: 'desc' }));
      const next = refs(await list({ pageSize: 7, page: 2, sort: 'title', dir: 'desc' }));
      expect([...first, ...next]).toEqual(refs(sorted).slice(0, 14));
    });

    it("with a State filter, orders by that State's status, most advanced first", async () => {
      const page = await list({ event, state: 'KAZ', pageSize: 200, sort: 'status' });
      const byStatus = refs(page);
      expect(byStatus[0]).toBe(listOrder[2]);
      expect(byStatus.indexOf(listOrder[1])).toBeLessThan(byStatus.indexOf(listOrder[3]));
      expect(page).toMatch(
        /aria-sort='descending'><a class='govuk-link app-sort-link' href='[^']*'>Status in Kazakhstan/,
      );
      // The filter form keeps the order.
      expect(page).toContain("<input type='hidden' name='sort' value='status' />");
    });

    it('refuses a column that is not one', async () => {
      const res = await viewer.get('/recommendations').query({ sort: 'colour' }).expect(400);
      expect(res.text).toContain('Sort must be one of the table columns');
    });

    /** Each recommendation of the event: one of its figures, from the API. */
    async function figures(
      name: 'implementationRate' | 'progressIndex',
    ): Promise<Map<string, number | null>> {
      const items = (await admin.get('/api/v1/recommendations').query({ event, pageSize: 200 }))
        .body.items as { ref: string; progress: Record<string, number | null> }[];
      return new Map(items.map((i) => [i.ref, i.progress[name]]));
    }
  });

  describe("a recommendation's page", () => {
    const stateRows = (html: string): string[] =>
      [...html.matchAll(/<tr id='pair-([A-Z]+)'/g)].map((m) => m[1]);

    it('draws its pairs by status and lists its States by region, status and date', async () => {
      await recordAssessment(admin, 'JEW-II.9', 'TJK', {
        status: undefined,
        fact: { milestone: 'in-force' },
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
