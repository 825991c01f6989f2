import type request from 'supertest';
import { today } from '../src/common/dates.js';
import { dateText } from '../src/common/views/hbs-helpers.js';
import { Role } from '../src/users/role.enum.js';
import { createTestApp, csrfOf, type Agent, type TestApp } from './utils/create-test-app.js';
import { assessmentsUrl, currentVersion } from './utils/factories.js';

const DLOS = 'JEW-II.4';
const CARICC = 'JEW-II.9';
const GRADED = 'JEW-II.2';

type Form = Record<string, string>;

/** The text a person reads in a page's HTML: tags dropped, entities decoded, spaces collapsed. */
function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&#x3D;/g, '=')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** The form fields of a count measure, one row per threshold (a null row is left blank). */
function countForm(target: number, thresholds: ([number, string] | null)[], more: Form = {}): Form {
  const form: Form = {
    kind: 'count',
    'rule.unit': 'drug liaison officers placed abroad',
    'rule.target': String(target),
  };
  thresholds.forEach((t, i) => {
    form[`rule.thresholds[${i}].min`] = t ? String(t[0]) : '';
    form[`rule.thresholds[${i}].status`] = t ? t[1] : '';
  });
  return { ...form, ...more };
}

const digestOf = (html: string): string | undefined =>
  /name='previewDigest' value='([0-9a-f]{64})'/.exec(html)?.[1];

describe('Measure pages: an admin previews a change of a measure, then applies it', () => {
  let t: TestApp;
  let api: Agent;
  let admin: Agent;
  let analyst: Agent;

  const yesterday = (): string => {
    const d = new Date(`${today()}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - 1);
    return d.toISOString().slice(0, 10);
  };

  /** The statuses of JEW-II.4 as of a date, without the pairs' versions (they move on). */
  const statusesAsOf = async (asOf: string): Promise<unknown[]> =>
    (
      (await api.get(`/api/v1/recommendations/${DLOS}/statuses`).query({ asOf }).expect(200)).body
        .statuses as { version: number }[]
    ).map(({ version: _version, ...row }) => row);

  const recordCount = (iso3: string, assessedOn: string, count: number, more: object = {}) =>
    currentVersion(api, DLOS, iso3).then((baseVersion) =>
      api
        .post(assessmentsUrl(DLOS, iso3))
        .send({
          assessedOn,
          fact: { count },
          evidenceCitation: 'Notification',
          baseVersion,
          ...more,
        })
        .expect(201),
    );

  /** Posts the measure form of `ref` as the page would, with its CSRF token and version. */
  const post = async (
    agent: Agent,
    ref: string,
    action: 'preview' | 'apply',
    form: Form,
    status: number,
  ): Promise<request.Response> => {
    const page = await agent.get(`/admin/measures/${ref}`).expect(200);
    const baseVersion = /name='baseVersion' value='(\d+)'/.exec(page.text)?.[1] ?? '';
    return agent
      .post(`/admin/measures/${ref}${action === 'preview' ? '/preview' : ''}`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), baseVersion, ...form })
      .expect(status);
  };

  beforeAll(async () => {
    t = await createTestApp();
    api = await t.api(Role.Admin);
    admin = await t.signIn(await t.user('m.admin', Role.Admin));
    analyst = await t.signIn(await t.user('m.analyst', Role.Analyst));
    await recordCount('KAZ', '2010-05-01', 1);
    await recordCount('KGZ', '2012-06-01', 2);
    await recordCount('TKM', '2012-06-01', 3, {
      status: 'implemented',
      overrideReason: 'Two more posted, not yet notified',
    });
  });
  afterAll(() => t.close());

  it('lists the recommendations measured by facts, and opens any one by its ref', async () => {
    const page = await admin.get('/admin/measures').expect(200);
    const text = textOf(page.text);
    expect(page.text).toContain("href='/admin/measures'");
    expect(text).toContain('JEW-II.4 Expand placement of drug liaison officers');
    for (const ref of ['JEW-II.1', DLOS, 'JEW-II.8', CARICC]) {
      expect(page.text).toContain(`href='/admin/measures/${ref}'`);
    }
    expect(text).toMatch(
      /JEW-II\.4 .* A count .*JEW-II\.4 is measured by the count of drug liaison officers placed abroad, against a target of 5/,
    );
    expect(text).not.toContain(`${GRADED} is measured`);

    const open = await admin.get('/admin/measures').query({ ref: GRADED }).expect(303);
    expect(open.headers.location).toBe(`/admin/measures/${GRADED}`);
    const graded = textOf((await admin.get(`/admin/measures/${GRADED}`).expect(200)).text);
    expect(graded).toContain('JEW-II.2 is graded: analysts judge its status on the scale.');
    expect(graded).toContain('never set');

    const unknown = await admin.get('/admin/measures').query({ ref: 'no such thing' }).expect(400);
    expect(textOf(unknown.text)).toContain('no recommendation matches "no such thing"');
  });

  it('shows the measure now, its versions, and a form filled with its rule', async () => {
    const page = await admin.get(`/admin/measures/${DLOS}`).expect(200);
    const text = textOf(page.text);
    expect(text).toContain('Measure of JEW-II.4');
    expect(text).toMatch(/Version 1, since/);
    expect(text).toContain('Reference data');
    expect(page.text).toMatch(/id='kind-count' name='kind' type='radio' value='count' checked/);
    expect(page.text).toContain("name='rule.target' value='5'");
    expect(page.text).toContain("name='rule.thresholds[3].min' value='5'");
    // Two blank rows to add thresholds, and the status labels of the scale.
    expect(page.text).toContain("name='rule.thresholds[5].min' value=''");
    expect(page.text).not.toContain("name='rule.thresholds[6].min'");
    expect(text).toContain('Mostly implemented');
  });

  it('refuses a bad rule, naming each field by its label on the page, and changes nothing', async () => {
    // Thresholds not increasing, after a blank row: the rule's third is the form's fourth.
    const bad = countForm(5, [
      [0, 'not_implemented'],
      null,
      [3, 'partially_implemented'],
      [2, 'mostly_implemented'],
    ]);
    const res = await post(admin, DLOS, 'preview', bad, 400);
    const text = textOf(res.text);
    expect(text).toContain('There is a problem');
    expect(text).toContain('Threshold 4: From — the thresholds must increase: 2 comes after 3');
    expect(res.text).toContain("href='#rule.thresholds[3].min'");
    expect(res.text).toMatch(
      /id='rule\.thresholds\[3\]\.min' name='rule\.thresholds\[3\]\.min' value='2'[^>]*aria-invalid='true'/,
    );
    // What was typed stays, and no preview is offered.
    expect(res.text).toContain("name='rule.thresholds[2].min' value='3'");
    expect(digestOf(res.text)).toBeUndefined();

    const steps = await post(
      admin,
      CARICC,
      'preview',
      {
        kind: 'milestones',
        'rule.combine': 'least-advanced',
        'rule.instruments[0].key': 'caricc-agreement',
        'rule.instruments[0].label': 'CARICC Agreement',
        'rule.instruments[0].steps[0].key': 'signed',
        'rule.instruments[0].steps[0].label': 'Signed',
        'rule.instruments[0].steps[0].status': 'partially_implemented',
        'rule.instruments[0].steps[1].label': 'Ratified',
        'rule.instruments[0].steps[1].status': '',
        'rule.instruments[0].steps[2].key': 'in-force',
        'rule.instruments[0].steps[2].label': 'In force',
        'rule.instruments[0].steps[2].status': 'implemented',
      },
      400,
    );
    expect(textOf(steps.text)).toContain('Instrument 1, step 2: Status — choose a status');

    const measure = await api.get(`/api/v1/recommendations/${DLOS}/measure`).expect(200);
    expect(measure.body.version).toBe(1);
  });

  it('previews a good change: what moves, what is kept, what stays, and the new rule', async () => {
    const change = countForm(
      4,
      [
        [0, 'not_implemented'],
        [1, 'partially_implemented'],
        [2, 'mostly_implemented'],
        [4, 'implemented'],
      ],
      { note: 'Target lowered to four after the review' },
    );
    const res = await post(admin, DLOS, 'preview', change, 200);
    const text = textOf(res.text);
    expect(text).toContain('What the change would do');
    expect(text).toContain(
      'JEW-II.4 is measured by the count of drug liaison officers placed abroad, against a target of 4',
    );
    expect(text).toMatch(
      /Kyrgyzstan Partially implemented to Mostly implemented 2 drug liaison officers placed abroad \(target 4\)/,
    );
    expect(text).toMatch(/Turkmenistan Implemented set by an analyst against the facts/);
    expect(text).toMatch(/1 status moves, 1 set by analysts is kept, 1 stays as it is/);
    expect(digestOf(res.text)).toMatch(/^[0-9a-f]{64}$/);
    expect(res.text).toContain("name='baseVersion' value='1'");
    // The form keeps what was typed, and offers to apply it.
    expect(res.text).toContain("name='rule.target' value='4'");
    expect(res.text).toContain('Target lowered to four after the review</textarea>');
    expect(text).toContain('Apply the change');
    // A preview writes nothing.
    expect(
      (await api.get(`/api/v1/recommendations/${DLOS}/measure`).expect(200)).body.version,
    ).toBe(1);
  });

  it('applies the previewed change: a new version, statuses re-derived today, the past unchanged', async () => {
    const before = await statusesAsOf(yesterday());
    const change = countForm(
      4,
      [
        [0, 'not_implemented'],
        [1, 'partially_implemented'],
        [2, 'mostly_implemented'],
        [4, 'implemented'],
      ],
      { note: 'Target lowered to four after the review' },
    );
    const preview = await post(admin, DLOS, 'preview', change, 200);
    const applied = await admin
      .post(`/admin/measures/${DLOS}`)
      .type('form')
      .send({
        _csrf: csrfOf(preview.text),
        ...change,
        baseVersion: '1',
        previewDigest: digestOf(preview.text),
      })
      .expect(303);
    expect(applied.headers.location).toBe(`/admin/measures/${DLOS}`);
    const page = textOf((await admin.get(`/admin/measures/${DLOS}`).expect(200)).text);
    expect(page).toContain(
      `Measure of JEW-II.4 changed: 1 status re-derived, dated ${dateText(today())}.`,
    );
    expect(page).toMatch(/Version 2, since/);
    expect(page).toContain('Target lowered to four after the review');

    const measure = (await api.get(`/api/v1/recommendations/${DLOS}/measure`).expect(200)).body;
    expect(measure).toMatchObject({ version: 2, effectiveOn: today(), rule: { target: 4 } });
    expect(measure.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const kgz = (await api.get(assessmentsUrl(DLOS, 'KGZ')).expect(200)).body;
    expect(kgz.current).toMatchObject({
      status: 'mostly_implemented',
      assessedOn: today(),
      basis: 'rederived',
      author: 'm.admin',
    });
    expect(await statusesAsOf(yesterday())).toEqual(before);
  });

  it('shows the page again with the measure now when the version or the preview is out of date', async () => {
    // Based on version 1, now at 2.
    const stale = await admin
      .post(`/admin/measures/${DLOS}/preview`)
      .type('form')
      .send({
        _csrf: csrfOf((await admin.get(`/admin/measures/${DLOS}`).expect(200)).text),
        ...countForm(3, [
          [0, 'not_implemented'],
          [3, 'implemented'],
        ]),
        baseVersion: '1',
      })
      .expect(409);
    const staleText = textOf(stale.text);
    expect(staleText).toContain(
      'The measure of JEW-II.4 was changed meanwhile: it is now at version 2',
    );
    expect(stale.text).toContain("name='baseVersion' value='2'");
    expect(stale.text).toContain("name='rule.target' value='3'");

    // Previewed, then a count recorded for a State it moves: the apply is refused with the new preview.
    const change = countForm(3, [
      [0, 'not_implemented'],
      [1, 'partially_implemented'],
      [3, 'implemented'],
    ]);
    const preview = await post(admin, DLOS, 'preview', change, 200);
    expect(textOf(preview.text)).toMatch(/Kyrgyzstan Mostly implemented to Partially implemented/);
    await recordCount('KGZ', '2016-01-01', 3);
    const moved = await admin
      .post(`/admin/measures/${DLOS}`)
      .type('form')
      .send({
        _csrf: csrfOf(preview.text),
        ...change,
        baseVersion: '2',
        previewDigest: digestOf(preview.text),
      })
      .expect(409);
    const movedText = textOf(moved.text);
    expect(movedText).toContain('What this change moves has changed since you previewed it');
    // Kyrgyzstan now counts three: the change moves it to implemented, not partially.
    expect(movedText).toMatch(
      /Kyrgyzstan Mostly implemented to Implemented 3 drug liaison officers/,
    );
    expect(moved.text).toContain("name='rule.target' value='3'");
    expect(digestOf(moved.text)).not.toBe(digestOf(preview.text));
    expect(
      (await api.get(`/api/v1/recommendations/${DLOS}/measure`).expect(200)).body.version,
    ).toBe(2);
  });

  it('refuses analysts, and offers admins the link from the recommendation and pair pages', async () => {
    await analyst.get('/admin/measures').expect(403);
    await analyst.get(`/admin/measures/${DLOS}`).expect(403);
    const page = await analyst.get('/recommendations').expect(200);
    await analyst
      .post(`/admin/measures/${DLOS}/preview`)
      .type('form')
      .send({
        _csrf: csrfOf(page.text),
        ...countForm(5, [[0, 'not_implemented']]),
        baseVersion: '2',
      })
      .expect(403);
    expect((await analyst.get(`/recommendations/${DLOS}`).expect(200)).text).not.toContain(
      'Change the measure',
    );
    for (const url of [`/recommendations/${DLOS}`, `/recommendations/${DLOS}/states/KGZ`]) {
      expect((await admin.get(url).expect(200)).text).toContain(
        `<a href='/admin/measures/${DLOS}'>Change the measure</a>`,
      );
    }
  });
});
