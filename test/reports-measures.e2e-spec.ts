import { Role } from '../src/users/role.enum.js';
import { createTestApp, type Agent, type TestApp } from './utils/create-test-app.js';
import { assessmentsUrl, currentVersion } from './utils/factories.js';

const EVENT = 'joint-expert-workshop-illicit-drugs';
const CARICC = 'JEW-II.9';
const DLOS = 'JEW-II.4';
const FATF = 'JEW-II.8';

describe('Reports of recommendations measured by facts', () => {
  let t: TestApp;
  let analyst: Agent;
  let viewer: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    analyst = await t.api(Role.Analyst);
    const fact = async (ref: string, iso3: string, assessedOn: string, value: object) => {
      const res = await analyst.post(assessmentsUrl(ref, iso3)).send({
        assessedOn,
        fact: value,
        baseVersion: await currentVersion(analyst, ref, iso3),
      });
      expect(res.status).toBe(201);
    };
    await fact(CARICC, 'KAZ', '2009-03-01', { milestone: 'signed' });
    await fact(CARICC, 'KAZ', '2011-06-01', { milestone: 'ratified' });
    await fact(CARICC, 'KGZ', '2010-02-15', { milestone: 'signed' });
    await fact(DLOS, 'UZB', '2010-01-01', { count: 1, places: 'Kabul' });
    await fact(DLOS, 'UZB', '2012-01-01', { count: 3, places: 'Kabul; Tashkent; Tehran' });
    await fact(DLOS, 'KAZ', '2011-05-01', { count: 2, places: ['Bishkek', 'Dushanbe'] });
    await fact(FATF, 'ALB', '2018-07-01', { rating: 'LC', source: 'MER 2018' });
    await t.user('measure-reader', Role.Viewer);
    viewer = await t.signIn('measure-reader');
  });
  afterAll(() => t.close());

  const text = (html: string): string =>
    html
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#x3D;/g, '=')
      .replace(/\s+/g, ' ');
  const eventReport = async (asOf: string): Promise<string> =>
    (await viewer.get(`/reports/events/${EVENT}`).query({ asOf }).expect(200)).text;

  /** The measure block printed in the article of `ref`, as text. */
  const articleFacts = (html: string, ref: string): string => {
    const start = html.indexOf(`<article id='rec-${ref}'`);
    const end = html.indexOf('</article>', start);
    const article = html.slice(start, end);
    const facts = article.indexOf("<div class='measure-facts'>");
    return facts < 0 ? '' : text(article.slice(facts));
  };

  it('prints the CARICC milestone table: each State with the step reached and its date', async () => {
    const html = await eventReport('2012-12-31');
    const caricc = articleFacts(html, CARICC);
    expect(caricc).toContain('The facts behind the statuses');
    expect(caricc).toContain(
      'JEW-II.9 is measured by milestones of the CARICC Agreement: signed = partially implemented, ratified = mostly implemented, in force = implemented.',
    );
    expect(caricc).toMatch(/Kazakhstan Ratified 2011-06-01/);
    expect(caricc).toMatch(/Kyrgyzstan Signed 2010-02-15/);
    expect(caricc).toContain('States at each step: CARICC Agreement: 1 signed, 1 ratified.');
    expect(caricc).toContain('No fact recorded by 2012-12-31 for the other 55 in scope.');
  });

  it('reads the facts as of the report date: an earlier report shows the earlier step', async () => {
    const caricc = articleFacts(await eventReport('2010-12-31'), CARICC);
    expect(caricc).toMatch(/Kazakhstan Signed 2009-03-01/);
    expect(caricc).not.toContain('Ratified 2011-06-01');
    expect(articleFacts(await eventReport('2010-12-31'), DLOS)).toContain(
      'Drug liaison officers placed abroad by 2010-12-31: 1 in total',
    );
  });

  it('prints the DLOs placed in total and by State, with their places', async () => {
    const dlos = articleFacts(await eventReport('2012-12-31'), DLOS);
    expect(dlos).toContain('Drug liaison officers placed abroad by 2012-12-31: 5 in total');
    expect(dlos).toMatch(/Uzbekistan 3 Kabul, Tashkent, Tehran 2012-01-01/);
    expect(dlos).toMatch(/Kazakhstan 2 Bishkek, Dushanbe 2011-05-01/);
    expect(dlos).toMatch(/Total 5 the target is 5 per State/);
  });

  it('prints ratings by State with their source and date', async () => {
    const fatf = articleFacts(await eventReport('2019-12-31'), FATF);
    expect(fatf).toMatch(/Albania LC Largely compliant MER 2018 2018-07-01/);
  });

  it('prints nothing of the kind under a graded recommendation', async () => {
    expect(articleFacts(await eventReport('2012-12-31'), 'JEW-II.2')).toBe('');
  });

  it('prints the table in the recommendation report of a measured recommendation', async () => {
    const html = (
      await viewer.get(`/reports/recommendations/${DLOS}`).query({ asOf: '2012-12-31' }).expect(200)
    ).text;
    expect(text(html)).toContain('Drug liaison officers placed abroad by 2012-12-31: 5 in total');
  });

  it("states each measured recommendation's rule in the method section of a document", async () => {
    const admin = await t.api(Role.Admin);
    const doc = await admin
      .post('/api/v1/documents')
      .send({ kind: 'event', target: EVENT, marking: 'internal', options: { asOf: '2012-12-31' } })
      .expect(201);
    await t.user('measure-admin', Role.Admin);
    const browser = await t.signIn('measure-admin');
    const preview = text(
      (await browser.get(`/documents/${doc.body.id as number}/preview`).expect(200)).text,
    );
    const method = preview.slice(preview.indexOf('Method'));
    expect(method).toContain('Recommendations measured by facts');
    expect(method).toContain(
      'JEW-II.9 is measured by milestones of the CARICC Agreement: signed = partially implemented, ratified = mostly implemented, in force = implemented.',
    );
    expect(method).toContain('JEW-II.4 is measured by the count of drug liaison officers');
    expect(method).toContain('JEW-II.8 is measured by the FATF technical compliance rating');
    expect(method).toContain('JEW-II.1 is measured by milestones of 3 instruments');
  });

  describe('State, theme and period reports', () => {
    const CARICC_RULE =
      'JEW-II.9 is measured by milestones of the CARICC Agreement: signed = partially implemented, ratified = mostly implemented, in force = implemented.';

    it("prints, under each measured recommendation of the State report, the State's facts in force and its timeline", async () => {
      // Turkmenistan ratifies the CARICC Agreement; the report says so with the date.
      const res = await analyst.post(assessmentsUrl(CARICC, 'TKM')).send({
        assessedOn: '2010-09-20',
        fact: { milestone: 'ratified' },
        baseVersion: await currentVersion(analyst, CARICC, 'TKM'),
      });
      expect(res.status).toBe(201);
      const report = async (iso3: string, asOf: string): Promise<string> =>
        (await viewer.get(`/reports/states/${iso3}`).query({ asOf }).expect(200)).text;

      const tkm = articleFacts(await report('TKM', '2012-12-31'), CARICC);
      expect(tkm).toContain(CARICC_RULE);
      expect(tkm).toMatch(/Turkmenistan Ratified 2010-09-20/);
      expect(tkm).toMatch(
        /Facts recorded for Turkmenistan up to 2012-12-31, oldest first .*2010-09-20 CARICC Agreement: Ratified Mostly implemented/,
      );

      // Kazakhstan: the step in force and both steps on the timeline, read as of the date.
      const kaz = await report('KAZ', '2012-12-31');
      const kazCaricc = articleFacts(kaz, CARICC);
      expect(kazCaricc).toMatch(/Kazakhstan Ratified 2011-06-01/);
      expect(kazCaricc).toMatch(
        /2009-03-01 CARICC Agreement: Signed Partially implemented 2011-06-01 CARICC Agreement: Ratified Mostly implemented/,
      );
      expect(articleFacts(kaz, DLOS)).toMatch(/Kazakhstan 2 Bishkek, Dushanbe 2011-05-01/);
      expect(articleFacts(kaz, DLOS)).not.toContain('Total');
      const earlier = articleFacts(await report('KAZ', '2010-12-31'), CARICC);
      expect(earlier).toMatch(/Kazakhstan Signed 2009-03-01/);
      expect(earlier).not.toContain('Ratified');

      // A measured recommendation without a fact for the State says so; a graded one prints nothing.
      const uzb = await report('UZB', '2012-12-31');
      expect(articleFacts(uzb, CARICC)).toContain('No fact recorded by 2012-12-31 for Uzbekistan.');
      expect(articleFacts(uzb, 'JEW-II.2')).toBe('');

      const alb = articleFacts(await report('ALB', '2019-12-31'), FATF);
      expect(alb).toMatch(/Albania LC Largely compliant MER 2018 2018-07-01/);
      expect(alb).toContain('FATF technical compliance LC (Largely compliant); source: MER 2018');
    });

    it('prints the same facts tables as the event report in the theme report', async () => {
      const html = (
        await viewer
          .get('/reports/themes/information-sharing')
          .query({ asOf: '2012-12-31' })
          .expect(200)
      ).text;
      const caricc = articleFacts(html, CARICC);
      expect(caricc).toContain(CARICC_RULE);
      expect(caricc).toMatch(/Kazakhstan Ratified 2011-06-01/);
      expect(caricc).toMatch(/Kyrgyzstan Signed 2010-02-15/);
      expect(caricc).toContain('States at each step: CARICC Agreement: 1 signed, 2 ratified.');
    });

    it('prints the facts tables of the measured recommendations of the selection in the period report', async () => {
      const html = (
        await viewer
          .get('/reports/period')
          .query({ from: '2010-01-01', to: '2012-12-31', event: EVENT })
          .expect(200)
      ).text;
      const section = text(html.slice(html.indexOf("<section id='measured'")));
      expect(section).toContain('Recommendations measured by facts');
      expect(articleFacts(html, CARICC)).toMatch(/Kazakhstan Ratified 2011-06-01/);
      expect(articleFacts(html, CARICC)).toContain(CARICC_RULE);
      expect(articleFacts(html, DLOS)).toContain(
        'Drug liaison officers placed abroad by 2012-12-31: 5 in total',
      );
      expect(articleFacts(html, 'JEW-II.2')).toBe('');
    });

    it('states the rules of the measured recommendations in the method of State, theme and period documents', async () => {
      const admin = await t.api(Role.Admin);
      await t.user('method-admin', Role.Admin);
      const browser = await t.signIn('method-admin');
      const method = async (kind: string, target: string, options: object): Promise<string> => {
        const doc = await admin
          .post('/api/v1/documents')
          .send({ kind, target, marking: 'internal', options })
          .expect(201);
        const preview = text(
          (await browser.get(`/documents/${doc.body.id as number}/preview`).expect(200)).text,
        );
        return preview.slice(preview.indexOf('Recommendations measured by facts'));
      };
      const state = await method('state', 'KAZ', { asOf: '2012-12-31' });
      expect(state).toContain(CARICC_RULE);
      expect(state).toContain('JEW-II.4 is measured by the count of drug liaison officers');
      const theme = await method('theme', 'information-sharing', { asOf: '2012-12-31' });
      expect(theme).toContain(CARICC_RULE);
      expect(theme).not.toContain('JEW-II.8 is measured');
      const period = await method('period', '', { from: '2010-01-01', to: '2012-12-31' });
      expect(period).toContain(CARICC_RULE);
      expect(period).toContain('JEW-II.8 is measured by the FATF technical compliance rating');
    });
  });
});
