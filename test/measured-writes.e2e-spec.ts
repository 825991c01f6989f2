import { Role } from '../src/users/role.enum.js';
import { createTestApp, csrfOf, type Agent, type TestApp } from './utils/create-test-app.js';
import { assessmentsUrl, currentVersion } from './utils/factories.js';

const CARICC = 'JEW-II.9';
const DLOS = 'JEW-II.4';
const FATF = 'JEW-II.8';
const GRADED = 'JEW-II.10';
const CARICC_REFUSAL =
  'JEW-II.9 is measured by milestones: record the milestone reached, or give a reason to set the status by hand';

/**
 * On a recommendation measured by facts, a status without a fact is an override and needs its
 * reason: the rule every writer obeys (the API, the pair and bulk forms; imports in
 * imports-facts.e2e-spec.ts).
 */
describe('Measured recommendations are recorded by their facts, everywhere', () => {
  let t: TestApp;
  let api: Agent;
  let analyst: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    api = await t.api(Role.Analyst);
    await t.user('measured.analyst', Role.Analyst);
    analyst = await t.signIn('measured.analyst');
  });
  afterAll(() => t.close());

  const post = async (ref: string, iso3: string, body: object) =>
    api.post(assessmentsUrl(ref, iso3)).send({
      assessedOn: '2010-01-01',
      baseVersion: await currentVersion(api, ref, iso3),
      ...body,
    });
  const history = async (ref: string, iso3: string) =>
    (await api.get(assessmentsUrl(ref, iso3)).expect(200)).body as {
      current: { status: string; version: number; basis: string | null };
      assessments: unknown[];
    };

  describe('through the API', () => {
    it('refuses a status without a fact or a reason, naming the fact, and records nothing', async () => {
      const before = await history(CARICC, 'KAZ');
      const res = await post(CARICC, 'KAZ', { status: 'mostly_implemented' });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        { field: 'fact', rule: 'factRequired', message: `fact: ${CARICC_REFUSAL}` },
      ]);
      // Neither does a body with no status at all get a status refusal: the fact is what is missing.
      const empty = await post(CARICC, 'KAZ', {});
      expect(empty.status).toBe(400);
      expect(empty.body.errors).toEqual([expect.objectContaining({ field: 'fact' })]);
      const dlos = await post(DLOS, 'KAZ', { status: 'implemented' });
      expect(dlos.body.errors[0].message).toBe(
        'fact: JEW-II.4 is measured by a count: record the number of drug liaison officers placed abroad, or give a reason to set the status by hand',
      );
      const fatf = await post(FATF, 'KAZ', { status: 'implemented' });
      expect(fatf.body.errors[0].message).toBe(
        'fact: JEW-II.8 is measured by a rating: record the FATF technical compliance rating, or give a reason to set the status by hand',
      );
      expect(await history(CARICC, 'KAZ')).toEqual(before);
    });

    it('records a fact, the status following from it', async () => {
      const res = await post(CARICC, 'KAZ', { fact: { milestone: 'ratified' } });
      expect(res.status).toBe(201);
      expect(res.body.assessment).toMatchObject({
        status: 'mostly_implemented',
        basis: 'derived',
        fact: { kind: 'milestones', instrument: 'caricc-agreement', milestone: 'ratified' },
      });
    });

    it('records a status with a reason as an override of the facts', async () => {
      const res = await post(CARICC, 'KGZ', {
        status: 'partially_implemented',
        overrideReason: 'Signature announced, the instrument not yet seen',
      });
      expect(res.status).toBe(201);
      expect(res.body.assessment).toMatchObject({
        status: 'partially_implemented',
        basis: 'override',
        fact: null,
        derivedStatus: 'no_information',
        overrideReason: 'Signature announced, the instrument not yet seen',
      });
    });

    it('still records a plain status on a graded recommendation', async () => {
      const res = await post(GRADED, 'KAZ', { status: 'implemented' });
      expect(res.status).toBe(201);
      expect(res.body.assessment).toMatchObject({ status: 'implemented', basis: 'judged' });
    });
  });

  describe('through the bulk update', () => {
    const FIVE = ['AZE', 'ARM', 'GEO', 'MDA', 'UKR'];
    const bulkPage = async (ref: string) =>
      (await analyst.get('/bulk').query({ ref }).expect(200)).text;
    const bulk = async (ref: string, states: string[], fields: Record<string, string>) => {
      const page = await bulkPage(ref);
      const versions = Object.fromEntries(
        states.map((code) => [
          `v-${code}`,
          new RegExp(`name='v-${code}' value='(\\d+)'`).exec(page)?.[1] ?? '',
        ]),
      );
      return analyst
        .post('/bulk')
        .type('form')
        .send({ _csrf: csrfOf(page), ref, states, ...versions, ...fields });
    };

    it('asks for the fact of a measured recommendation, with its rule', async () => {
      const page = (await bulkPage(CARICC)).replace(/&#x3D;/g, '=');
      expect(page).toContain(
        'JEW-II.9 is measured by milestones of the CARICC Agreement: signed = partially implemented',
      );
      expect(page).toContain(
        "<label class='govuk-label' for='factMilestone'>Milestone reached</label>",
      );
      expect(page).toContain("<option value=''>As the facts give</option>");
      expect(page).toContain("<label class='govuk-label' for='overrideReason'>");
      // A graded one asks for the status alone.
      const graded = await bulkPage(GRADED);
      expect(graded).not.toContain('factMilestone');
      expect(graded).toContain('Choose a status');
    });

    it('records the same dated fact for every State chosen; each pair page shows the status derived', async () => {
      const res = await bulk(CARICC, FIVE, {
        factKind: 'milestones',
        factMilestone: 'caricc-agreement|ratified',
        status: '',
        assessedOn: '2009-11-12',
        note: 'Ratified at the same session of the Council',
      });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/recommendations/${CARICC}`);
      const flash = (await analyst.get(res.headers.location).expect(200)).text;
      expect(flash).toContain(`Recorded 5 assessments for ${CARICC}`);
      for (const iso3 of FIVE) {
        const pair = (await analyst.get(`/recommendations/${CARICC}/states/${iso3}`).expect(200))
          .text;
        const text = pair.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
        expect(text).toContain('Status Mostly implemented');
        expect(text).toMatch(/Facts in force CARICC Agreement: Ratified \( ?12 Nov 2009 ?\)/);
        expect((await history(CARICC, iso3)).current).toMatchObject({
          status: 'mostly_implemented',
          basis: 'derived',
        });
      }
    });

    it('refuses a status without a fact or a reason, naming the fact beside its field, writing nothing', async () => {
      const before = await history(CARICC, 'BLR');
      const res = await bulk(CARICC, ['BLR', 'RUS'], {
        factKind: 'milestones',
        factMilestone: '',
        status: 'implemented',
        assessedOn: '2010-02-01',
      });
      expect(res.status).toBe(400);
      expect(res.text).toContain(
        `<p class='govuk-error-message' id='fact-error'>${CARICC_REFUSAL}</p>`,
      );
      expect(res.text).toContain(`<li><a href='#fact'>${CARICC_REFUSAL}</a></li>`);
      expect(await history(CARICC, 'BLR')).toEqual(before);
    });

    it('records a status set by hand for several States, with the reason', async () => {
      const res = await bulk(CARICC, ['BLR', 'RUS'], {
        factKind: 'milestones',
        factMilestone: '',
        status: 'not_implemented',
        overrideReason: 'Both declined to sign, by letter',
        assessedOn: '2010-02-01',
      });
      expect(res.status).toBe(303);
      for (const iso3 of ['BLR', 'RUS']) {
        expect((await history(CARICC, iso3)).current).toMatchObject({
          status: 'not_implemented',
          basis: 'override',
        });
      }
      // Nothing to override: the facts already give that status (the State named).
      const same = await bulk(CARICC, ['AZE'], {
        factKind: 'milestones',
        factMilestone: '',
        status: 'mostly_implemented',
        overrideReason: 'As ratified',
        assessedOn: '2010-03-01',
      });
      expect(same.status).toBe(400);
      expect(same.text).toContain('already; an override needs a different status (Azerbaijan)');
    });

    it('records a count for several States', async () => {
      const res = await bulk(DLOS, ['KAZ', 'UZB'], {
        factKind: 'count',
        factCount: '2',
        factPlaces: 'Kabul; Tehran',
        status: '',
        assessedOn: '2011-01-01',
      });
      expect(res.status).toBe(303);
      expect((await history(DLOS, 'UZB')).current).toMatchObject({
        status: 'partially_implemented',
        basis: 'derived',
      });
    });
  });

  describe('on the State and recommendation pages', () => {
    it("offers a measured row's fact on the pair page, and keeps the form of a graded row", async () => {
      const state = (await analyst.get('/states/KAZ').expect(200)).text;
      const row = (ref: string): string => {
        const start = state.indexOf(`<tr id='rec-${ref}'`);
        return state.slice(start, state.indexOf('</tr>', start));
      };
      expect(row(CARICC)).toContain(
        `<a class='govuk-link' href='/recommendations/${CARICC}/states/KAZ#record-heading'>Record the fact<span class='visually-hidden'> of ${CARICC}</span></a>`,
      );
      expect(row(CARICC)).not.toContain("name='status'");
      expect(row(GRADED)).toContain("name='status'");

      const rec = (await analyst.get(`/recommendations/${CARICC}`).expect(200)).text;
      const kaz = rec.slice(
        rec.indexOf("<tr id='pair-KAZ'"),
        rec.indexOf('</tr>', rec.indexOf("<tr id='pair-KAZ'")),
      );
      expect(kaz).toContain('>Record the fact<');
      expect(kaz).not.toContain("name='status'");

      // The link leads to the pair's own form, which asks for the fact.
      const pair = (await analyst.get(`/recommendations/${CARICC}/states/KAZ`).expect(200)).text;
      expect(pair).toContain(
        "<h2 class='govuk-heading-m' id='record-heading'>Record the fact</h2>",
      );
      expect(pair).toContain("for='factMilestone'>Milestone reached</label>");
    });
  });
});
