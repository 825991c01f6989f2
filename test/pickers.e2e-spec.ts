import { Addressee } from '../src/recommendations/addressee.enum.js';
import { Event, EventKind } from '../src/events/event.entity.js';
import { PICKER_CHOICES_SHOWN, PICKER_SELECT_MAX } from '../src/common/views/picker.js';
import { Recommendation } from '../src/recommendations/recommendation.entity.js';
import { Role } from '../src/users/role.enum.js';
import { createTestApp, type Agent, type TestApp } from './utils/create-test-app.js';

const JEW = 'joint-expert-workshop-illicit-drugs';
const BALKAN = '2007-istanbul-balkan-drug-routes';
const CARICC = 'JEW-II.9';

/** Handlebars writes `=` in attributes as `&#x3D;`: the addresses of links as written. */
const hrefs = (html: string, path: string): string[] =>
  [...html.matchAll(/<li><a href='([^']+)'>/g)]
    .map((m) => m[1].replace(/&#x3D;/g, '=').replace(/&amp;/g, '&'))
    .filter((href) => href.startsWith(path));

/**
 * The event filters of the recommendations list, the reports page and the export page, and the
 * recommendation of the bulk update: a select among few, a search field among many, where words
 * of a title pick the one they match, list the choices when several match, and name the field
 * when none does.
 */
describe('Pickers of events and recommendations', () => {
  let t: TestApp;
  let viewer: Agent;
  let analyst: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    await t.user('reader', Role.Viewer);
    await t.user('central', Role.Analyst, ['KAZ', 'KGZ']);
    viewer = await t.signIn('reader');
    analyst = await t.signIn('central');
  });
  afterAll(() => t.close());

  describe('with the reference data (few events and recommendations)', () => {
    it('recommendations: a select of the events; words of a title list that event, filters kept', async () => {
      const page = (await viewer.get('/recommendations').expect(200)).text;
      expect(page).toMatch(/<select id='recommendations-event' name='event'[^>]*>/);
      expect(page).toContain(`<option value='${JEW}'>`);
      const bySlug = (await viewer.get('/recommendations').query({ event: JEW }).expect(200)).text;
      expect(bySlug).toContain(`<option value='${JEW}' selected>`);
      expect(bySlug).toContain("href='/recommendations/JEW-II.9'");
      expect(bySlug).not.toContain("href='/recommendations/IST-");

      const typed = await viewer
        .get('/recommendations')
        .query({ q: 'caricc', event: 'threat of illicit DRUGS', theme: 'information-sharing' })
        .expect(303);
      expect(typed.headers.location).toBe(
        `/recommendations?event=${JEW}&theme=information-sharing&q=caricc`,
      );
    });

    it('recommendations: several events match → choices and no list; none → 400 by the field', async () => {
      const several = (
        await viewer.get('/recommendations').query({ event: 'regional', q: 'drug' }).expect(200)
      ).text;
      expect(several).toMatch(/\d events match “regional”: pick one/);
      const picks = hrefs(several, '/recommendations?');
      expect(picks).toContain(`/recommendations?event=${BALKAN}&q=drug`);
      expect(several).not.toContain("role='status'");

      const none = await viewer
        .get('/recommendations')
        .set('Accept', 'text/html')
        .query({ event: 'no such meeting' })
        .expect(400);
      expect(none.text).toContain(
        'Event: no event matches &quot;no such meeting&quot; (its slug, or words of its title)',
      );
      expect(none.text).toContain("aria-invalid='true'");
      expect(none.text).not.toContain("href='/recommendations/JEW-II.9'");
    });

    it('reports: the event report opens from its slug as before, or from words of its title', async () => {
      const page = (await viewer.get('/reports').expect(200)).text;
      expect(page).toMatch(/<select id='event-target' name='target' required[^>]*>/);
      expect(page).toMatch(
        /<select id='period-event' name='event'[^>]*>\s*<option value=''>All events/,
      );

      const bySlug = await viewer
        .get('/reports/open')
        .query({ kind: 'event', target: JEW, edition: 'public' })
        .expect(303);
      expect(bySlug.headers.location).toBe(`/reports/events/${JEW}?edition=public`);
      const byWords = await viewer
        .get('/reports/open')
        .query({ kind: 'event', target: 'Balkan drug routes', asOf: '2010-12-31' })
        .expect(303);
      expect(byWords.headers.location).toBe(`/reports/events/${BALKAN}?asOf=2010-12-31`);
      // Other kinds are not looked up: as before.
      const state = await viewer
        .get('/reports/open')
        .query({ kind: 'state', target: 'KAZ' })
        .expect(303);
      expect(state.headers.location).toBe('/reports/states/KAZ');
    });

    it('reports: several events → choices that open the report; none → 400 naming the field', async () => {
      const several = (
        await viewer
          .get('/reports/open')
          .query({ kind: 'event', target: 'workshop', edition: 'public' })
          .expect(200)
      ).text;
      expect(several).toMatch(/\d events match “workshop”: pick one/);
      expect(hrefs(several, '/reports/open')).toContain(
        `/reports/open?kind=event&target=${JEW}&edition=public`,
      );

      const none = await viewer
        .get('/reports/open')
        .set('Accept', 'text/html')
        .query({ kind: 'event', target: 'no such meeting' })
        .expect(400);
      expect(none.text).toContain('Event: no event matches &quot;no such meeting&quot;');
      expect(none.text).toMatch(/<select id='event-target'[^>]*aria-invalid='true'/);

      const period = await viewer
        .get('/reports/period')
        .query({ from: '2009-12-31', event: 'balkan routes' })
        .expect(303);
      expect(period.headers.location).toBe(`/reports/period?from=2009-12-31&event=${BALKAN}`);
      await viewer.get(period.headers.location).expect(200);
      const nothing = await viewer
        .get('/reports/period')
        .set('Accept', 'text/html')
        .query({ event: 'no such meeting' })
        .expect(400);
      expect(nothing.text).toMatch(/<select id='period-event'[^>]*aria-invalid='true'/);
    });

    it('exports: the matrix of an event typed by words of its title', async () => {
      const page = (await viewer.get('/exports').expect(200)).text;
      expect(page).toContain(`<option value='${JEW}'>`);
      const typed = await viewer
        .get('/exports/matrix.csv')
        .query({ event: 'threat of illicit drugs', theme: '', asOf: '2010-12-31' })
        .expect(303);
      expect(typed.headers.location).toBe(`/exports/matrix.csv?event=${JEW}&asOf=2010-12-31`);
      const csv = await viewer.get(typed.headers.location).expect(200);
      expect(csv.text).toContain(CARICC);

      const several = (
        await viewer.get('/exports/matrix.xlsx').query({ event: 'workshop' }).expect(200)
      ).text;
      expect(hrefs(several, '/exports/')).toContain(`/exports/matrix.xlsx?event=${JEW}`);
      const none = await viewer
        .get('/exports/matrix.csv')
        .set('Accept', 'text/html')
        .query({ event: 'no such meeting' })
        .expect(400);
      expect(none.text).toContain('Event: no event matches &quot;no such meeting&quot;');
    });

    it('bulk: the recommendation by ref as before, by words of its title, or among choices', async () => {
      const page = (await analyst.get('/bulk').expect(200)).text;
      expect(page).toMatch(/<select id='bulk-ref' name='ref'[^>]*>\s*<option value=''>Choose…/);
      expect(page).toContain(
        `<option value='${CARICC}'>${CARICC} Sign the CARICC Agreement</option>`,
      );
      const byRef = (await analyst.get('/bulk').query({ ref: CARICC }).expect(200)).text;
      expect(byRef).toContain(
        `<h2 class='govuk-heading-m'>${CARICC} Sign the CARICC Agreement</h2>`,
      );
      expect(byRef).toContain("name='states' value='KAZ'");

      const typed = await analyst.get('/bulk').query({ ref: 'caricc AGREEMENT' }).expect(303);
      expect(typed.headers.location).toBe(`/bulk?ref=${CARICC}`);
      const several = (await analyst.get('/bulk').query({ ref: 'caricc' }).expect(200)).text;
      expect(several).toContain('2 recommendations match “caricc”: pick one');
      expect(hrefs(several, '/bulk?')).toEqual([`/bulk?ref=${CARICC}`, '/bulk?ref=JEW-IV.7']);
      expect(several).not.toContain("name='states'");
      const none = await analyst.get('/bulk').query({ ref: 'no such text' }).expect(400);
      expect(none.text).toContain(
        'Recommendation: no recommendation matches &quot;no such text&quot; (its ref, or words of its title)',
      );
    });
  });

  describe(`with more than ${PICKER_SELECT_MAX} events and recommendations`, () => {
    const MANY = PICKER_SELECT_MAX + 30;

    beforeAll(async () => {
      const events = Array.from({ length: MANY }, (_, i) => ({
        slug: `extra-${String(i + 1).padStart(4, '0')}`,
        title: `Extra seminar ${String(i + 1).padStart(4, '0')} on border control`,
        kind: EventKind.Workshop,
        startDate: `2015-01-${String((i % 28) + 1).padStart(2, '0')}`,
        audience: [],
        tags: [],
      }));
      for (let i = 0; i < events.length; i += 50) {
        await t.dataSource.getRepository(Event).insert(events.slice(i, i + 50));
      }
      const host = await t.dataSource.getRepository(Event).findOneByOrFail({ slug: 'extra-0001' });
      const recommendations = Array.from({ length: MANY }, (_, i) => ({
        ref: `EXTRA-${i + 1}`,
        eventId: host.id,
        sessionId: null,
        position: i + 1,
        title: `Extra measure ${String(i + 1).padStart(4, '0')} against smuggling`,
        text: 'A recommendation made up for the test.',
        addressee: Addressee.ParticipatingStates,
      }));
      for (let i = 0; i < recommendations.length; i += 50) {
        await t.dataSource.getRepository(Recommendation).insert(recommendations.slice(i, i + 50));
      }
    });

    it('the pages offer search fields, not a select of every event', async () => {
      const list = (await viewer.get('/recommendations').query({ event: JEW }).expect(200)).text;
      expect(list).not.toContain("<select id='recommendations-event'");
      expect(list).toContain("<label for='recommendations-event' class='govuk-label'>Event");
      expect(list).toMatch(
        /<input type='search' id='recommendations-event' name='event' value='joint-expert-workshop-illicit-drugs'/,
      );
      expect(list).toContain('Showing Joint expert workshop');
      expect(list).toContain("href='/recommendations/JEW-II.9'");

      const reports = (await viewer.get('/reports').expect(200)).text;
      expect(reports).toMatch(
        /<input type='search' id='event-target' name='target' value='' autocomplete='off' maxlength='100' required/,
      );
      expect(reports).toMatch(/<input type='search' id='period-event' name='event'/);
      const exports = (await viewer.get('/exports').expect(200)).text;
      expect(exports).toMatch(/<input type='search' id='event' name='event'/);
      for (const html of [list, reports, exports]) expect(html).not.toContain('extra-0001');
    });

    it('words of a title still find the one event among many, or list a few of many', async () => {
      const one = await viewer.get('/recommendations').query({ event: 'seminar 0123' }).expect(303);
      expect(one.headers.location).toBe('/recommendations?event=extra-0123');
      const report = await viewer
        .get('/reports/open')
        .query({ kind: 'event', target: 'seminar 0042' })
        .expect(303);
      expect(report.headers.location).toBe('/reports/events/extra-0042');
      const many = (
        await viewer
          .get('/reports/open')
          .query({ kind: 'event', target: 'border control' })
          .expect(200)
      ).text;
      expect(many).toContain(`${MANY} events match “border control”`);
      expect(hrefs(many, '/reports/open')).toHaveLength(PICKER_CHOICES_SHOWN);
      expect(many).toContain(`And ${MANY - PICKER_CHOICES_SHOWN} more`);
    });

    it('bulk: a search field for the recommendation, by ref or words of its title', async () => {
      const page = (await analyst.get('/bulk').expect(200)).text;
      expect(page).not.toContain("<select id='bulk-ref'");
      expect(page).not.toContain('EXTRA-1');
      expect(page).toContain(
        "<label for='bulk-ref' class='govuk-label'>Recommendation <span class='app-label-hint'>(ref or words of its title)</span>",
      );

      const byRef = (await analyst.get('/bulk').query({ ref: CARICC }).expect(200)).text;
      expect(byRef).toContain(
        `<h2 class='govuk-heading-m'>${CARICC} Sign the CARICC Agreement</h2>`,
      );
      expect(byRef).toContain('Showing JEW-II.9 Sign the CARICC Agreement');
      const typed = await analyst.get('/bulk').query({ ref: 'measure 0150 smuggling' }).expect(303);
      expect(typed.headers.location).toBe('/bulk?ref=EXTRA-150');
      const many = (await analyst.get('/bulk').query({ ref: 'smuggling' }).expect(200)).text;
      expect(many).toContain(`${MANY} recommendations match “smuggling”`);
      expect(hrefs(many, '/bulk?')[0]).toBe('/bulk?ref=EXTRA-1');
      expect(hrefs(many, '/bulk?')).toHaveLength(PICKER_CHOICES_SHOWN);
    });
  });
});
