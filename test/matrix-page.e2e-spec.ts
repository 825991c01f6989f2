import { Event, EventKind } from '../src/events/event.entity.js';
import { EVENT_CHOICES_SHOWN, EVENT_SELECT_MAX } from '../src/events/event-picker.js';
import { Role } from '../src/users/role.enum.js';
import { createTestApp, csrfOf, type Agent, type TestApp } from './utils/create-test-app.js';
import { BY_HAND, recordAssessment } from './utils/factories.js';

const JEW = 'joint-expert-workshop-illicit-drugs';
const CARICC = 'JEW-II.9';

/** The matrix page's event filter: a select among few events, a search field among many. */
describe('Matrix page: choosing the event', () => {
  let t: TestApp;
  let viewer: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.api(Role.Admin);
    expect(
      (
        await recordAssessment(admin, CARICC, 'KAZ', {
          status: 'partially_implemented',
          ...BY_HAND,
        })
      ).status,
    ).toBe(201);
    await t.user('reader', Role.Viewer);
    viewer = await t.signIn('reader');
  });
  afterAll(() => t.close());

  const columns = (html: string): string[] =>
    [
      ...html.matchAll(/<th scope='col' class='matrix-ref'><a href='\/recommendations\/([^']+)'/g),
    ].map((m) => m[1]);
  const eventField = (html: string): string =>
    /<select id='matrix-event'[\s\S]*?<\/select>|<input type='search' id='matrix-event'[^>]*>/.exec(
      html,
    )?.[0] ?? '';

  describe('with the five events of the reference data', () => {
    it('offers every event in a select, the shown one selected, and draws its matrix by slug', async () => {
      const html = (await viewer.get('/matrix').query({ event: JEW }).expect(200)).text;
      const select = eventField(html);
      expect(select.match(/<option value='[^']+'/g)).toHaveLength(5);
      expect(select).toMatch(new RegExp(`<option value='${JEW}' selected>`));
      expect(columns(html)[0]).toBe('JEW-I.1');
      expect(columns(html).every((ref) => ref.startsWith('JEW-'))).toBe(true);
      // A cell: rating code, colour class, the pair's address, and its name: State,
      // recommendation, status and date.
      const cell = new RegExp(
        `<a class='cell status-partially_implemented age-(fresh|stale|very-stale)' href='/recommendations/${CARICC}/states/KAZ\\?returnTo&#x3D;%2Fmatrix%3Fevent%3D${JEW}%23cell-${CARICC}-KAZ#record-heading' title='${CARICC} · Kazakhstan: Partially implemented as of \\d{4}-\\d{2}-\\d{2}(, more than \\d+ months old)?' aria-label='Kazakhstan, ${CARICC}: Partially implemented, PC, \\d{4}-\\d{2}-\\d{2}(, more than \\d+ months old)?'>PC</a>`,
      );
      expect(html).toMatch(cell);
    });

    it('groups the States by region, with totals per State and per recommendation', async () => {
      const html = (await viewer.get('/matrix').query({ event: JEW }).expect(200)).text;
      const groups = [...html.matchAll(/<th scope='rowgroup'[^>]*><span>([^<]+) </g)].map((m) =>
        m[1].trim(),
      );
      expect(groups[0]).toBe('North America');
      expect(groups).toContain('Central Asia and Mongolia');
      // Kazakhstan: one pair partially implemented (weight 1/3), its other 16 in scope without information.
      const kaz = /<a href='\/states\/KAZ'>Kazakhstan<\/a><\/th>([\s\S]*?)<\/tr>/.exec(html)?.[1];
      expect(kaz).toContain(
        "<span class='visually-hidden'>Progress index 33%; 0 of 17 applicable implemented</span>",
      );
      // The CARICC column's total, in the totals row: over every State tracked for it.
      const footer = /<tfoot>([\s\S]*?)<\/tfoot>/.exec(html)?.[1] ?? '';
      const caricc = columns(html).indexOf(CARICC);
      const totals = [...footer.matchAll(/<td title='([^']+)'/g)].map((m) => m[1]);
      expect(totals[caricc]).toMatch(/^Progress index 33%; 0 of \d+ applicable implemented$/);
    });

    it('filters by region and by status, the totals following the region', async () => {
      const asia = (
        await viewer.get('/matrix').query({ event: JEW, region: 'central-asia' }).expect(200)
      ).text;
      expect([...asia.matchAll(/<th scope='rowgroup'/g)]).toHaveLength(1);
      expect(asia).toContain("Central Asia and Mongolia <span class='matrix-count'>(6)</span>");
      expect(asia).toContain("<option value='central-asia' selected>");
      const footer = /<tfoot>([\s\S]*?)<\/tfoot>/.exec(asia)?.[1] ?? '';
      const totals = [...footer.matchAll(/<td title='([^']+)'/g)].map((m) => m[1]);
      expect(totals[columns(asia).indexOf(CARICC)]).toBe(
        'Progress index 33%; 0 of 6 applicable implemented',
      );

      // Only the States with a pair in the status; their other cells drawn plain.
      const partial = (
        await viewer
          .get('/matrix')
          .query({ event: JEW, status: 'partially_implemented' })
          .expect(200)
      ).text;
      expect(
        [
          ...partial.matchAll(/<th scope='row' class='matrix-state'><a href='\/states\/(\w+)'/g),
        ].map((m) => m[1]),
      ).toEqual(['KAZ']);
      expect(partial).toMatch(/Showing 1 of \d+ States and organisations/);
      expect(partial).toMatch(/<a class='cell status-partially_implemented age-[\w-]+' href/);
      expect(partial).toContain("<a class='cell status-no_information age-never faded' href");

      await viewer.get('/matrix').query({ event: JEW, region: 'atlantis' }).expect(400);
      await viewer.get('/matrix').query({ event: JEW, status: 'done' }).expect(400);
      const age = await viewer.get('/matrix').query({ event: JEW, age: 'ancient' }).expect(400);
      expect(age.text).toContain('Age: choose one of the ages offered');
    });

    it('totals each State over all the event’s recommendations, also on a page of a few', async () => {
      // Page 1 of two columns: Kazakhstan's assessed pair (JEW-II.9) is not among them.
      const html = (
        await viewer.get('/matrix').query({ event: JEW, pageSize: 2, region: 'central-asia' })
      ).text;
      expect(columns(html)).toHaveLength(2);
      expect(columns(html)).not.toContain(CARICC);
      const kaz = html.slice(html.indexOf("href='/states/KAZ'"));
      expect(kaz.slice(0, kaz.indexOf('</tr>'))).toContain(
        'Progress index 33%; 0 of 17 applicable implemented',
      );
      expect(html).toContain('(not only those shown)');
    });

    it('shows the event whose title holds the words typed, at its slug, other filters kept', async () => {
      const res = await viewer
        .get('/matrix')
        .query({
          event: '  Threat of ILLICIT drugs ',
          asOf: '2010-12-31',
          theme: 'information-sharing',
        })
        .expect(303);
      expect(res.headers.location).toBe(
        `/matrix?event=${JEW}&theme=information-sharing&asOf=2010-12-31`,
      );
      const html = (await viewer.get(res.headers.location).expect(200)).text;
      expect(columns(html).length).toBeGreaterThan(0);
      expect(columns(html).every((ref) => ref.startsWith('JEW-'))).toBe(true);
    });

    it('lists the events to pick from when several match, and draws no matrix', async () => {
      const html = (await viewer.get('/matrix').query({ event: 'workshop', asOf: '2010-12-31' }))
        .text;
      expect(html).toContain('events match “workshop”: pick one');
      const picks = [...html.matchAll(/<li><a href='\/matrix\?event&#x3D;([^'&]+)([^']*)'>/g)];
      expect(picks.length).toBeGreaterThan(1);
      expect(picks.map((m) => m[1])).toContain(JEW);
      // Each choice keeps the date.
      expect(picks.every((m) => m[2] === '&amp;asOf&#x3D;2010-12-31')).toBe(true);
      expect(html).not.toContain("<table class='matrix");
      // Following a choice shows that event.
      const chosen = (await viewer.get(`/matrix?event=${JEW}&asOf=2010-12-31`).expect(200)).text;
      expect(columns(chosen)[0]).toBe('JEW-I.1');
    });

    it('names the event field when nothing matches (400), the form kept', async () => {
      const res = await viewer.get('/matrix').query({ event: 'no such workshop' }).expect(400);
      expect(res.text).toContain(
        'Event: no event matches &quot;no such workshop&quot; (its slug, or words of its title)',
      );
      expect(eventField(res.text)).toContain("aria-invalid='true'");
      expect(res.text).not.toContain("<table class='matrix");
    });
  });

  describe('recording from a cell without JavaScript', () => {
    let analyst: Agent;
    const pair = `/recommendations/${CARICC}/states/KGZ`;
    const back = `/matrix?event=${JEW}&region=central-asia#cell-${CARICC}-KGZ`;

    beforeAll(async () => {
      await t.user('c.asia', Role.Analyst, ['KAZ', 'KGZ']);
      analyst = await t.signIn('c.asia');
    });

    const post = async (returnTo: string, assessedOn: string): Promise<string> => {
      const page = (await analyst.get(pair).query({ returnTo }).expect(200)).text;
      const res = await analyst
        .post(`${pair}/assessments`)
        .type('form')
        .send({
          _csrf: csrfOf(page),
          baseVersion: /name='baseVersion' value='(\d+)'/.exec(page)?.[1],
          // The CARICC Agreement in force: implemented, by its rule.
          factKind: 'milestones',
          factMilestone: 'caricc-agreement|in-force',
          status: '',
          assessedOn,
          returnTo,
        })
        .expect(303);
      return res.headers.location;
    };

    it('carries the matrix from the cell to the pair page and back, the cell confirmed', async () => {
      const matrix = (
        await analyst.get('/matrix').query({ event: JEW, region: 'central-asia' }).expect(200)
      ).text;
      const href = new RegExp(
        `href='(/recommendations/${CARICC}/states/KGZ\\?returnTo&#x3D;[^'#]+)#record-heading'`,
      ).exec(matrix)?.[1];
      expect(href).toBe(`${pair}?returnTo&#x3D;${encodeURIComponent(back)}`);
      const page = (await analyst.get(pair).query({ returnTo: back }).expect(200)).text;
      expect(page).toContain(
        `<input type='hidden' name='returnTo' value='${back.replace(/=/g, '&#x3D;').replace(/&(?!#)/g, '&amp;')}' />`,
      );
      expect(await post(back, '2009-07-01')).toBe(back);
      const after = (
        await analyst.get('/matrix').query({ event: JEW, region: 'central-asia' }).expect(200)
      ).text;
      expect(after).toContain(
        `<td id='cell-${CARICC}-KGZ' class='matrix-recorded'><a class='cell status-implemented age-`,
      );
      expect(after).toMatch(
        /id='matrix-recorded' tabindex='-1' data-confirmation>Recorded: Kyrgyzstan is now &quot;Implemented&quot; for JEW-II\.9, as of /,
      );
      // Shown once.
      const again = (await analyst.get('/matrix').query({ event: JEW }).expect(200)).text;
      expect(again).not.toContain("id='matrix-recorded'");
    });

    it('ignores an address to go back to that is not the matrix of this site', async () => {
      for (const returnTo of [
        'https://elsewhere.example/matrix',
        '//elsewhere.example/matrix',
        '/\\elsewhere.example/matrix',
        '/logout',
      ]) {
        const page = (await analyst.get(pair).query({ returnTo }).expect(200)).text;
        expect(page).not.toContain("name='returnTo'");
        expect([returnTo, await post(returnTo, '2009-07-02')]).toEqual([
          returnTo,
          `${pair}#recorded`,
        ]);
      }
    });
  });

  describe(`with more than ${EVENT_SELECT_MAX} events`, () => {
    beforeAll(async () => {
      const rows = Array.from({ length: EVENT_SELECT_MAX + 50 }, (_, i) => ({
        slug: `extra-${String(i + 1).padStart(4, '0')}`,
        title: `Extra seminar ${String(i + 1).padStart(4, '0')} on border control`,
        kind: EventKind.Workshop,
        startDate: `2015-01-${String((i % 28) + 1).padStart(2, '0')}`,
        audience: [],
        tags: [],
      }));
      // A title that others contain, to be picked when typed in full.
      rows.push(
        { ...rows[0], slug: 'drug-routes', title: 'Drug routes' },
        { ...rows[0], slug: 'drug-routes-review', title: 'Drug routes review' },
      );
      for (let i = 0; i < rows.length; i += 50) {
        await t.dataSource.getRepository(Event).insert(rows.slice(i, i + 50));
      }
    });

    it('offers a labelled search field instead of a select, naming the event shown', async () => {
      const html = (await viewer.get('/matrix').query({ event: JEW }).expect(200)).text;
      expect(html).not.toContain("<select id='matrix-event'");
      expect(html).toContain("<label for='matrix-event' class='govuk-label'>Event");
      expect(eventField(html)).toContain(`value='${JEW}'`);
      expect(html).toContain('Showing Joint expert workshop');
      expect(columns(html)[0]).toBe('JEW-I.1');
      // The page no longer grows with the number of events.
      expect(html).not.toContain('extra-0001');
    });

    it('finds an event by part of its title among many, and lists a few when many match', async () => {
      const one = await viewer.get('/matrix').query({ event: 'seminar 0123' }).expect(303);
      expect(one.headers.location).toBe('/matrix?event=extra-0123');
      const many = (await viewer.get('/matrix').query({ event: 'border control' }).expect(200))
        .text;
      expect(many).toContain(`${EVENT_SELECT_MAX + 50} events match “border control”`);
      expect([...many.matchAll(/<li><a href='\/matrix\?event/g)]).toHaveLength(EVENT_CHOICES_SHOWN);
      expect(many).toContain(`And ${EVENT_SELECT_MAX + 50 - EVENT_CHOICES_SHOWN} more`);
      // A title typed in full picks its event even where other titles contain it.
      const routes = (await viewer.get('/matrix').query({ event: 'routes' }).expect(200)).text;
      expect(routes).toContain('3 events match “routes”');
      const full = await viewer.get('/matrix').query({ event: 'DRUG ROUTES' }).expect(303);
      expect(full.headers.location).toBe('/matrix?event=drug-routes');
    });

    it('reads a search with LIKE wildcards as plain text', async () => {
      await viewer.get('/matrix').query({ event: '%' }).expect(400);
      await viewer.get('/matrix').query({ event: 'seminar_0001' }).expect(400);
    });
  });
});
