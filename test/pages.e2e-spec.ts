import { DemoService } from '../src/demo/demo.service.js';
import { Role } from '../src/users/role.enum.js';
import { createTestApp, csrfOf, type Agent, type TestApp } from './utils/create-test-app.js';
import { BY_HAND, assessmentsUrl, currentVersion, recordAssessment } from './utils/factories.js';

const CARICC = 'JEW-II.9';

describe('Analyst pages: search, bulk update, demo data', () => {
  let t: TestApp;
  let admin: Agent;
  let analyst: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.api(Role.Admin);
    await t.user('central', Role.Analyst, ['KAZ', 'KGZ']);
    analyst = await t.signIn('central');
  });
  afterAll(() => t.close());

  const refsOn = (html: string): string[] =>
    [...html.matchAll(/<td[^>]*><a href='\/recommendations\/([^']+)'>/g)].map((m) => m[1]);

  describe('full-text search', () => {
    it('finds words and word beginnings in ref, title and text', async () => {
      const caric = await analyst.get('/recommendations').query({ q: 'caric' }).expect(200);
      expect(refsOn(caric.text)).toEqual(['JEW-II.9', 'JEW-IV.7']);
      const both = await analyst
        .get('/recommendations')
        .query({ q: 'CARICC agreement' })
        .expect(200);
      expect(refsOn(both.text)).toEqual(['JEW-II.9']);
      const byRef = await analyst.get('/recommendations').query({ q: 'JEW-II.9' }).expect(200);
      expect(refsOn(byRef.text)).toContain('JEW-II.9');
      const api = await admin.get('/api/v1/recommendations').query({ q: 'caric' }).expect(200);
      expect(api.body.total).toBe(2);
    });

    it('treats search syntax as plain words, never as an error', async () => {
      for (const q of ['"', 'NEAR(caricc', 'caricc*', 'a OR b', "o'clock", '-']) {
        await analyst.get('/recommendations').query({ q }).expect(200);
      }
    });

    it('names a bad filter on the page', async () => {
      const res = await analyst
        .get('/recommendations')
        .set('Accept', 'text/html')
        .query({ status: 'done' })
        .expect(400);
      expect(res.text).toContain('status must be one of');
    });
  });

  describe('bulk update', () => {
    const post = async (
      form: Record<string, string | string[]>,
    ): Promise<{ status: number; text: string }> => {
      const page = await analyst.get('/bulk').query({ ref: CARICC }).expect(200);
      return analyst
        .post('/bulk')
        .type('form')
        .send({
          _csrf: csrfOf(page.text),
          ref: CARICC,
          // Ratified: mostly implemented, by the CARICC recommendation's rule.
          factKind: 'milestones',
          factMilestone: 'caricc-agreement|ratified',
          status: '',
          assessedOn: '2010-03-01',
          ...form,
        });
    };
    const versions = async (): Promise<number[]> => [
      await currentVersion(admin, CARICC, 'KAZ'),
      await currentVersion(admin, CARICC, 'KGZ'),
    ];

    it('offers only the States the analyst may write for', async () => {
      const page = await analyst.get('/bulk').query({ ref: CARICC }).expect(200);
      expect(page.text).toContain("name='states' value='KAZ'");
      expect(page.text).not.toContain("name='states' value='UZB'");
    });

    it('records a whole region at once, only where the analyst may write', async () => {
      const before = await versions();
      const res = await post({ regions: 'central-asia' });
      expect(res.status).toBe(303);
      expect(await versions()).toEqual(before.map((v) => v + 1));
      const uzb = await admin.get(assessmentsUrl(CARICC, 'UZB')).expect(200);
      expect(uzb.body.assessments).toHaveLength(0);
      const kaz = await admin.get(assessmentsUrl(CARICC, 'KAZ')).expect(200);
      expect(kaz.body.assessments[0]).toMatchObject({
        status: 'mostly_implemented',
        author: 'central',
      });
    });

    it('writes nothing when one State was assessed by someone else meanwhile', async () => {
      const before = await versions();
      await recordAssessment(admin, CARICC, 'KGZ', { assessedOn: '2010-02-01', ...BY_HAND });
      const res = await post({
        states: ['KAZ', 'KGZ'],
        'v-KAZ': String(before[0]),
        'v-KGZ': String(before[1]),
      });
      expect(res.status).toBe(409);
      expect(res.text).toContain('Someone else assessed Kyrgyzstan');
      expect(await currentVersion(admin, CARICC, 'KAZ')).toBe(before[0]);
    });

    it('names a bad field and a missing choice, and writes nothing', async () => {
      const before = await versions();
      const noDate = await post({ states: 'KAZ', assessedOn: '2010-13-01' });
      expect(noDate.status).toBe(400);
      expect(noDate.text).toMatch(
        /id='assessedOn-error'>Date the facts refer to must be a real date/,
      );
      const none = await post({});
      expect(none.status).toBe(400);
      expect(none.text).toContain('Choose at least one State');
      expect(await versions()).toEqual(before);
    });

    it("refuses a State outside the analyst's list even when posted by hand", async () => {
      const before = await currentVersion(admin, CARICC, 'UZB');
      const res = await post({ states: ['KAZ', 'UZB'] });
      expect(res.status).toBe(403);
      expect(await currentVersion(admin, CARICC, 'UZB')).toBe(before);
    });
  });

  describe('pages', () => {
    it('shows an event, a State, an organisation line and the matrix as of a date', async () => {
      const event = await analyst.get('/events/joint-expert-workshop-illicit-drugs').expect(200);
      expect(event.text).toContain('Sessions and their recommendations');
      const kaz = await analyst.get('/states/KAZ').expect(200);
      expect(kaz.text).toContain(`id='rec-${CARICC}'`);
      await analyst.get('/states/OSCE').expect(200);
      const matrix = await analyst.get('/matrix').query({ asOf: '2010-02-15' }).expect(200);
      expect(matrix.text).toMatch(/title='JEW-II.9 · Kyrgyzstan: [^']+ as of 2010-02-01'/);
      await analyst.get('/states/XYZ').set('Accept', 'text/html').expect(404);
      // An unknown address gets the error page in the site layout, navigation included.
      const lost = await analyst.get('/no-such-page').set('Accept', 'text/html').expect(404);
      expect(lost.text).toContain('Page not found');
      expect(lost.text).toContain('Sign out');
    });
  });

  describe('demo data', () => {
    it('refuses to mix with real assessments', async () => {
      const demo = t.app.get(DemoService);
      await expect(demo.load()).rejects.toThrow(/already holds real assessments/);
      const page = await analyst.get('/').expect(200);
      expect(page.text).not.toContain('DEMO DATA');
    });
  });
});
