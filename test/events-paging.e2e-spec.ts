import { Event, EventKind } from '../src/events/event.entity.js';
import { Role } from '../src/users/role.enum.js';
import { createTestApp, type Agent, type TestApp } from './utils/create-test-app.js';

interface EventRow {
  slug: string;
  title: string;
  startDate: string | null;
  publishedOn: string | null;
  recommendationCount: number;
}

interface EventPage {
  items: EventRow[];
  links: { self: string; first: string; last: string; prev: string | null; next: string | null };
}

/** The events list, page and API, a page at a time. */
describe('Events list paged', () => {
  let t: TestApp;
  let api: Agent;
  let viewer: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    api = await t.api(Role.Admin);
    await t.user('reader', Role.Viewer);
    viewer = await t.signIn('reader');
  });
  afterAll(() => t.close());

  const api_ = (): Agent => api;
  const slugsOn = (html: string): string[] =>
    [...html.matchAll(/<td[^>]*><a href='\/events\/([^']+)'>/g)].map((m) => m[1]);

  it('answers the five reference events in one page: oldest first, undated last', async () => {
    const res = await api.get('/api/v1/events').expect(200);
    const events = (res.body as EventPage).items;
    expect(events.map((e) => e.slug)).toEqual([
      // Dated by its publication only.
      '2007-istanbul-balkan-drug-routes',
      '2008-vienna-expert-conference',
      '2009-sarajevo-south-east-europe',
      '2010-vilnius-baltic-synthetic-drugs',
      // Undated.
      'joint-expert-workshop-illicit-drugs',
    ]);
    expect(events.find((e) => e.slug === 'joint-expert-workshop-illicit-drugs')).toMatchObject({
      startDate: null,
      recommendationCount: 21,
    });
    expect(res.body).toMatchObject({ page: 1, pageSize: 20, total: 5, pages: 1 });
    expect((res.body as EventPage).links).toEqual({
      self: '/api/v1/events?page=1&pageSize=20',
      first: '/api/v1/events?page=1&pageSize=20',
      last: '/api/v1/events?page=1&pageSize=20',
      prev: null,
      next: null,
    });
    expect(res.headers.link).toBe(
      '</api/v1/events?page=1&pageSize=20>; rel="first", </api/v1/events?page=1&pageSize=20>; rel="last"',
    );
  });

  describe('with 45 more events', () => {
    let all: EventRow[];

    beforeAll(async () => {
      const rows = Array.from({ length: 45 }, (_, i) => ({
        slug: `extra-${String(i + 1).padStart(2, '0')}`,
        title: `Extra event ${i + 1}`,
        kind: EventKind.Conference,
        // Inserted newest first, and two on one day: the list orders them, not the insertion.
        startDate: `2012-${String(12 - Math.floor(i / 4)).padStart(2, '0')}-1${i % 2}`,
        audience: [],
        tags: [],
      }));
      await t.dataSource.getRepository(Event).insert(rows);
      all = (
        (await api.get('/api/v1/events').query({ pageSize: 200 }).expect(200)).body as EventPage
      ).items;
    });

    it('orders all fifty by date, then slug, in the largest page', () => {
      expect(all).toHaveLength(50);
      const key = (e: EventRow): string => e.startDate ?? e.publishedOn ?? '9999';
      for (let i = 1; i < all.length; i++) {
        const [a, b] = [all[i - 1], all[i]];
        expect(key(a) < key(b) || (key(a) === key(b) && a.slug < b.slug)).toBe(true);
      }
    });

    it('serves the API a page at a time, with the total and the neighbouring pages', async () => {
      const res = await api.get('/api/v1/events').query({ page: 2, pageSize: 20 }).expect(200);
      expect((res.body as EventPage).items.map((e) => e.slug)).toEqual(
        all.slice(20, 40).map((e) => e.slug),
      );
      expect(res.body).toMatchObject({ total: 50, pages: 3, page: 2 });
      expect(res.headers.link).toBe(
        [
          '</api/v1/events?page=1&pageSize=20>; rel="first"',
          '</api/v1/events?page=1&pageSize=20>; rel="prev"',
          '</api/v1/events?page=3&pageSize=20>; rel="next"',
          '</api/v1/events?page=3&pageSize=20>; rel="last"',
        ].join(', '),
      );
      const first = await api.get('/api/v1/events').expect(200);
      expect((first.body as EventPage).items.map((e) => e.slug)).toEqual(
        all.slice(0, 20).map((e) => e.slug),
      );
      expect((first.body as EventPage).links.next).toBe('/api/v1/events?page=2&pageSize=20');
      expect((first.body as EventPage).links.prev).toBeNull();
      const big = await api.get('/api/v1/events').query({ pageSize: 500 }).expect(400);
      expect(JSON.stringify(big.body)).toContain('pageSize');
    });

    it('shows the events page 20 at a time, in order, with links between the pages', async () => {
      const one = (await viewer.get('/events').expect(200)).text;
      expect(slugsOn(one)).toEqual(all.slice(0, 20).map((e) => e.slug));
      expect(one).toContain('Events 1–20 of 50 (page 1 of 3)');
      expect(one).toContain("href='/events?page&#x3D;2' rel='next'");
      expect(one).not.toContain("rel='prev'");

      const three = (await viewer.get('/events').query({ page: 3 }).expect(200)).text;
      expect(slugsOn(three)).toEqual(all.slice(40).map((e) => e.slug));
      expect(three).toContain('Events 41–50 of 50 (page 3 of 3)');
      expect(three).toContain("href='/events?page&#x3D;2' rel='prev'");
      expect(three).not.toContain("rel='next'");
      // The reference event, undated, comes last, with its recommendations counted.
      expect(three).toContain(
        "<a href='/recommendations?event=joint-expert-workshop-illicit-drugs'>21</a>",
      );

      const small = (await viewer.get('/events').query({ page: 2, pageSize: 7 }).expect(200)).text;
      expect(slugsOn(small)).toEqual(all.slice(7, 14).map((e) => e.slug));
      expect(small).toContain("href='/events?pageSize&#x3D;7&amp;page&#x3D;3' rel='next'");

      const beyond = (await viewer.get('/events').query({ page: 9 }).expect(200)).text;
      expect(slugsOn(beyond)).toEqual([]);
      expect(beyond).toContain('No events on this page: the last is page 3.');
    });

    it('finds events by words of their title or slug, a page at a time, the words kept in the links', async () => {
      // Every word as a part of the title or slug: "1" is in "Extra event 1", "10" to "19", "21"...
      const words = ['extra', 'event', '1'];
      const found = all
        .filter((e) => words.every((w) => e.title.toLowerCase().includes(w) || e.slug.includes(w)))
        .map((e) => e.slug);
      expect(found).toHaveLength(14);
      const one = (
        await viewer.get('/events').query({ q: 'EXTRA  Event 1', pageSize: 5 }).expect(200)
      ).text;
      expect(slugsOn(one)).toEqual(found.slice(0, 5));
      expect(one).toContain('14 events match · Events 1–5 of 14 (page 1 of 3)');
      expect(one).toContain("value='EXTRA  Event 1'");
      expect(one).toContain(
        "href='/events?q&#x3D;EXTRA++Event+1&amp;pageSize&#x3D;5&amp;page&#x3D;2' rel='next'",
      );
      const three = (
        await viewer.get('/events').query({ q: 'extra event 1', pageSize: 5, page: 3 }).expect(200)
      ).text;
      expect(slugsOn(three)).toEqual(found.slice(10));
      const api = await api_().get('/api/v1/events').query({ q: 'threat illicit' }).expect(200);
      expect((api.body as EventPage).items.map((e) => e.slug)).toEqual([
        'joint-expert-workshop-illicit-drugs',
      ]);
      // The links keep the search words.
      expect((api.body as EventPage).links.self).toBe(
        '/api/v1/events?q=threat+illicit&page=1&pageSize=20',
      );
      const none = (await viewer.get('/events').query({ q: 'extra_event%' }).expect(200)).text;
      expect(slugsOn(none)).toEqual([]);
      expect(none).toContain('No event has all these words in its title or slug.');
    });
  });
});
