import type request from 'supertest';
import { today } from '../src/common/dates.js';
import { Role } from '../src/users/role.enum.js';
import { createTestApp, type Agent, type TestApp } from './utils/create-test-app.js';
import { assessmentsUrl, currentVersion } from './utils/factories.js';

const CARICC = 'JEW-II.9';
const CONVENTIONS = 'JEW-II.1';
const DLOS = 'JEW-II.4';
const FATF = 'JEW-II.8';
const GRADED = 'JEW-II.2';

interface Problem {
  field: string;
  rule: string;
  message: string;
}

interface StatusRow {
  subject: { code: string };
  status: string;
  basis: string | null;
  fact: unknown;
}

describe('Measures: facts recorded, statuses derived, rules changed without rewriting history', () => {
  let t: TestApp;
  let analyst: Agent;
  let admin: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    analyst = await t.api(Role.Analyst);
    admin = await t.api(Role.Admin);
  });
  afterAll(() => t.close());

  /** Records a fact (and any other fields) on the pair's current version. */
  const recordFact = async (
    ref: string,
    iso3: string,
    assessedOn: string,
    fact: Record<string, unknown> | undefined,
    more: Record<string, unknown> = {},
  ): Promise<request.Response> =>
    analyst.post(assessmentsUrl(ref, iso3)).send({
      assessedOn,
      ...(fact ? { fact } : {}),
      evidenceCitation: 'Depositary notification',
      baseVersion: await currentVersion(analyst, ref, iso3),
      ...more,
    });

  const statusOf = async (ref: string, iso3: string, asOf?: string): Promise<StatusRow> => {
    const res = await analyst
      .get(`/api/v1/recommendations/${ref}/statuses`)
      .query(asOf ? { asOf } : {})
      .expect(200);
    const row = (res.body.statuses as StatusRow[]).find((r) => r.subject.code === iso3);
    if (!row) throw new Error(`${iso3} is not in the scope of ${ref}`);
    return row;
  };

  const statusesOver = async (ref: string, iso3: string, dates: string[]) =>
    Promise.all(dates.map(async (d) => (await statusOf(ref, iso3, d)).status));

  const problemsOf = (res: request.Response): string[] =>
    (res.body.errors as Problem[]).map((p) => `${p.field} ${p.rule}`);

  it('gives the four recommendations of the reference data their measures; the others are graded', async () => {
    const list = await analyst.get('/api/v1/measures').expect(200);
    expect(list.body).toEqual([
      expect.objectContaining({ ref: CONVENTIONS, kind: 'milestones', version: 1 }),
      expect.objectContaining({ ref: DLOS, kind: 'count', version: 1 }),
      expect.objectContaining({ ref: FATF, kind: 'rating', version: 1 }),
      expect.objectContaining({ ref: CARICC, kind: 'milestones', version: 1 }),
    ]);
    const caricc = await analyst.get(`/api/v1/recommendations/${CARICC}/measure`).expect(200);
    expect(caricc.body).toMatchObject({
      kind: 'milestones',
      version: 1,
      rule: {
        combine: 'least-advanced',
        instruments: [
          {
            key: 'caricc-agreement',
            steps: [
              { key: 'signed', status: 'partially_implemented' },
              { key: 'ratified', status: 'mostly_implemented' },
              { key: 'in-force', status: 'implemented' },
            ],
          },
        ],
      },
      versions: [expect.objectContaining({ version: 1, author: 'Reference data' })],
    });
    const graded = await analyst.get(`/api/v1/recommendations/${GRADED}/measure`).expect(200);
    expect(graded.body).toMatchObject({ kind: 'graded', version: 0, rule: null, versions: [] });
    await analyst.get('/api/v1/recommendations/JEW-X.99/measure').expect(404);
  });

  describe('milestones, one instrument (the CARICC Agreement)', () => {
    it('derives the status of each step recorded and keeps the fact with the assessment', async () => {
      const signed = await recordFact(CARICC, 'KAZ', '2009-03-01', { milestone: 'Signed' });
      expect(signed.status).toBe(201);
      expect(signed.body.assessment).toMatchObject({
        status: 'partially_implemented',
        derivedStatus: 'partially_implemented',
        basis: 'derived',
        overrideReason: null,
        fact: { kind: 'milestones', instrument: 'caricc-agreement', milestone: 'signed' },
        evidenceCitation: 'Depositary notification',
      });
      expect(signed.body.current).toMatchObject({
        status: 'partially_implemented',
        basis: 'derived',
      });
      expect(signed.body.followUps).toEqual([]);

      await recordFact(CARICC, 'KAZ', '2011-06-01', {
        instrument: 'caricc-agreement',
        milestone: 'ratified',
      }).then((r) => expect(r.body.assessment.status).toBe('mostly_implemented'));
      const inForce = await recordFact(CARICC, 'KAZ', '2012-01-15', { milestone: 'in-force' });
      expect(inForce.body.current).toMatchObject({
        status: 'implemented',
        assessedOn: '2012-01-15',
        fact: { milestone: 'in-force' },
      });
    });

    it('reads the derived status now and as of earlier dates, with the facts then in force', async () => {
      expect(
        await statusesOver(CARICC, 'KAZ', ['2009-02-28', '2010-01-01', '2011-12-31', today()]),
      ).toEqual(['no_information', 'partially_implemented', 'mostly_implemented', 'implemented']);
      expect(await statusOf(CARICC, 'KAZ', '2010-01-01')).toMatchObject({
        basis: 'derived',
        fact: { milestone: 'signed' },
      });

      const history = await analyst.get(assessmentsUrl(CARICC, 'KAZ')).expect(200);
      expect(
        history.body.assessments.map((a: { fact: { milestone: string } }) => a.fact.milestone),
      ).toEqual(['in-force', 'ratified', 'signed']);
      expect(history.body.measure).toMatchObject({
        kind: 'milestones',
        version: 1,
        derivedStatus: 'implemented',
        factsInForce: [{ assessedOn: '2012-01-15', text: 'CARICC Agreement: In force' }],
      });
      const then = await analyst
        .get(assessmentsUrl(CARICC, 'KAZ'))
        .query({ asOf: '2010-06-30' })
        .expect(200);
      expect(then.body.current.status).toBe('partially_implemented');
      expect(then.body.measure.factsInForce).toEqual([
        expect.objectContaining({ assessedOn: '2009-03-01', text: 'CARICC Agreement: Signed' }),
      ]);

      const state = await analyst
        .get('/api/v1/states/KAZ/statuses')
        .query({ asOf: '2011-12-31' })
        .expect(200);
      expect(
        (state.body.statuses.items as { recommendation: string; status: string }[]).find(
          (r) => r.recommendation === CARICC,
        )?.status,
      ).toBe('mostly_implemented');
    });

    it('takes a status without a fact only with a reason: an override (see measured-writes.e2e-spec.ts)', async () => {
      const refused = await recordFact(CARICC, 'UZB', '2010-01-01', undefined, {
        status: 'mostly_implemented',
      });
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'fact' })]);
      const res = await recordFact(CARICC, 'UZB', '2010-01-01', undefined, {
        status: 'mostly_implemented',
        overrideReason: 'Ratified by decree, not yet deposited',
      });
      expect(res.status).toBe(201);
      expect(res.body.assessment).toMatchObject({
        basis: 'override',
        fact: null,
        derivedStatus: 'no_information',
      });
    });
  });

  describe('milestones, three instruments: the least advanced decides', () => {
    it('re-derives the later statuses a back-dated step moves, as new assessments on their dates', async () => {
      const a = await recordFact(CONVENTIONS, 'TJK', '2000-01-01', {
        instrument: 'single-convention-1961',
        milestone: 'in-force',
      });
      // The two other conventions have reached no step yet.
      expect(a.body.assessment.status).toBe('not_implemented');
      await recordFact(CONVENTIONS, 'TJK', '2001-01-01', {
        instrument: 'Convention on Psychotropic Substances, 1971',
        milestone: 'in force',
      }).then((r) => expect(r.body.assessment.status).toBe('not_implemented'));

      const back = await recordFact(CONVENTIONS, 'TJK', '1999-06-01', {
        instrument: 'trafficking-convention-1988',
        milestone: 'ratified-or-acceded',
      });
      expect(back.status).toBe(201);
      expect(back.body.assessment).toMatchObject({
        assessedOn: '1999-06-01',
        status: 'not_implemented',
      });
      expect(back.body.becameCurrent).toBe(false);
      expect(back.body.followUps).toEqual([
        expect.objectContaining({
          assessedOn: '2001-01-01',
          status: 'mostly_implemented',
          basis: 'rederived',
          fact: null,
          note: expect.stringContaining('a fact dated 1999-06-01 was recorded'),
        }),
      ]);
      expect(back.body.current).toMatchObject({
        status: 'mostly_implemented',
        assessedOn: '2001-01-01',
      });

      expect(
        await statusesOver(CONVENTIONS, 'TJK', [
          '1999-05-31',
          '1999-12-31',
          '2000-06-01',
          '2001-01-01',
          today(),
        ]),
      ).toEqual([
        'no_information',
        'not_implemented',
        'not_implemented',
        'mostly_implemented',
        'mostly_implemented',
      ]);
      const history = await analyst.get(assessmentsUrl(CONVENTIONS, 'TJK')).expect(200);
      // Nothing rewritten: the four assessments, the 2001 fact kept under its re-derivation.
      expect(
        history.body.assessments.map(
          (x: { assessedOn: string; basis: string }) => `${x.assessedOn} ${x.basis}`,
        ),
      ).toEqual([
        '2001-01-01 rederived',
        '2001-01-01 derived',
        '2000-01-01 derived',
        '1999-06-01 derived',
      ]);
      expect(history.body.measure.factsInForce.map((f: { text: string }) => f.text)).toEqual([
        'UN Convention against Illicit Traffic in Narcotic Drugs and Psychotropic Substances, 1988: Ratified or acceded',
        'Single Convention on Narcotic Drugs, 1961: In force',
        'Convention on Psychotropic Substances, 1971: In force',
      ]);
    });

    it('lets an analyst override the derived status with a reason, visibly', async () => {
      const override = await recordFact(
        CONVENTIONS,
        'TJK',
        '2006-01-01',
        { instrument: 'trafficking-convention-1988', milestone: 'in-force' },
        {
          status: 'mostly_implemented',
          overrideReason: 'Implementing legislation still pending',
        },
      );
      expect(override.status).toBe(201);
      expect(override.body.assessment).toMatchObject({
        status: 'mostly_implemented',
        derivedStatus: 'implemented',
        basis: 'override',
        overrideReason: 'Implementing legislation still pending',
      });
      expect(await statusOf(CONVENTIONS, 'TJK')).toMatchObject({
        status: 'mostly_implemented',
        basis: 'override',
      });
      const current = (await analyst.get(assessmentsUrl(CONVENTIONS, 'TJK')).expect(200)).body
        .current;
      expect(current).toMatchObject({
        overrideReason: 'Implementing legislation still pending',
        derivedStatus: 'implemented',
      });
    });
  });

  describe('a count and a rating', () => {
    it('derives a count of liaison officers placed, with its places', async () => {
      const res = await recordFact(DLOS, 'UZB', '2012-01-01', {
        count: 2,
        places: ['Kabul', 'Tehran'],
      });
      expect(res.body.assessment).toMatchObject({
        status: 'partially_implemented',
        fact: { kind: 'count', count: 2, places: ['Kabul', 'Tehran'] },
      });
      await recordFact(DLOS, 'UZB', '2015-01-01', {
        count: '5',
        places: 'Kabul; Tehran; Islamabad; Dushanbe; Moscow',
      }).then((r) => expect(r.body.assessment.status).toBe('implemented'));
      const history = await analyst
        .get(assessmentsUrl(DLOS, 'UZB'))
        .query({ asOf: '2013-01-01' })
        .expect(200);
      expect(history.body.measure.factsInForce[0].text).toBe(
        '2 drug liaison officers placed abroad (target 5): Kabul, Tehran',
      );
    });

    it('derives a FATF rating, citing its source', async () => {
      const res = await recordFact(FATF, 'ALB', '2018-07-01', {
        rating: 'LC',
        source: 'MONEYVAL mutual evaluation report, July 2018',
      });
      expect(res.body.assessment).toMatchObject({
        status: 'mostly_implemented',
        fact: {
          kind: 'rating',
          rating: 'LC',
          source: 'MONEYVAL mutual evaluation report, July 2018',
        },
      });
      await recordFact(FATF, 'ALB', '2020-07-01', {
        rating: 'N/A',
        source: 'Follow-up report 2020',
      }).then((r) => expect(r.body.assessment.status).toBe('not_applicable'));
    });

    it('refuses an override without a reason, and a reason without an override', async () => {
      const noReason = await recordFact(
        FATF,
        'ARM',
        '2015-01-01',
        { rating: 'PC', source: 'MER 2015' },
        { status: 'implemented' },
      );
      expect(noReason.status).toBe(400);
      expect(problemsOf(noReason)).toEqual(['overrideReason required']);
      expect(noReason.body.errors[0].message).toMatch(/the facts give partially implemented/);
      const nothing = await recordFact(
        FATF,
        'ARM',
        '2015-01-01',
        { rating: 'PC', source: 'MER 2015' },
        { overrideReason: 'Because' },
      );
      expect(problemsOf(nothing)).toEqual(['overrideReason nothingToOverride']);
      expect((await analyst.get(assessmentsUrl(FATF, 'ARM')).expect(200)).body.assessments).toEqual(
        [],
      );
    });

    it.each<[string, string, unknown, string[]]>([
      ['a fact for a graded recommendation', GRADED, { milestone: 'signed' }, ['fact graded']],
      ['an unknown step', CARICC, { milestone: 'acceded' }, ['fact.milestone isIn']],
      [
        'no instrument where there are three',
        CONVENTIONS,
        { milestone: 'signed' },
        ['fact.instrument isDefined'],
      ],
      ['a rating without its source', FATF, { rating: 'C' }, ['fact.source isDefined']],
      [
        'a count of another kind of measure',
        CARICC,
        { milestone: 'signed', count: 1 },
        ['fact.count notForMeasure'],
      ],
      ['a negative count', DLOS, { count: -2 }, ['fact.count isInt']],
      ['a fact that is not an object', DLOS, 'three', ['fact isObject']],
    ])('refuses %s, naming the field', async (_, ref, fact, expected) => {
      const res = await analyst.post(assessmentsUrl(ref, 'GEO')).send({
        assessedOn: '2014-01-01',
        fact,
        baseVersion: await currentVersion(analyst, ref, 'GEO'),
      });
      expect(res.status).toBe(400);
      expect(problemsOf(res)).toEqual(expected);
    });

    it('keeps the version check and the State limits of every write', async () => {
      const version = await currentVersion(analyst, DLOS, 'KAZ');
      await recordFact(DLOS, 'KAZ', '2012-01-01', { count: 1 }).then((r) =>
        expect(r.status).toBe(201),
      );
      const stale = await analyst
        .post(assessmentsUrl(DLOS, 'KAZ'))
        .send({ assessedOn: '2013-01-01', fact: { count: 2 }, baseVersion: version })
        .expect(409);
      expect(stale.body.current).toMatchObject({
        version: version + 1,
        status: 'partially_implemented',
      });
      const limited = await t.api(Role.Analyst, ['TJK']);
      await limited
        .post(assessmentsUrl(DLOS, 'KAZ'))
        .send({ assessedOn: '2013-01-01', fact: { count: 2 }, baseVersion: version + 1 })
        .expect(403);
    });
  });

  describe('changing a rule', () => {
    const raised = {
      kind: 'count',
      rule: {
        unit: 'drug liaison officers placed abroad',
        target: 4,
        thresholds: [
          { min: 0, status: 'not_implemented' },
          { min: 1, status: 'partially_implemented' },
          { min: 2, status: 'mostly_implemented' },
          { min: 4, status: 'implemented' },
        ],
      },
      note: 'Target lowered to four after the 2026 review',
    };
    let before: { rows: unknown; history: unknown };
    /** What a list of statuses as of a date says of each pair (its version is the pair's now). */
    const asOf2013 = async () =>
      (
        (
          await analyst
            .get(`/api/v1/recommendations/${DLOS}/statuses`)
            .query({ asOf: '2013-01-01' })
            .expect(200)
        ).body.statuses as (StatusRow & { version: number })[]
      ).map(({ version: _version, ...row }) => row);

    beforeAll(async () => {
      await recordFact(DLOS, 'KGZ', '2012-06-01', { count: 2, places: ['Kabul', 'Tashkent'] });
      await recordFact(
        DLOS,
        'TKM',
        '2012-06-01',
        { count: 3 },
        { status: 'implemented', overrideReason: 'Two more posted, not yet notified' },
      );
      before = {
        rows: await asOf2013(),
        history: (await analyst.get(assessmentsUrl(DLOS, 'KGZ')).expect(200)).body.assessments,
      };
    });

    it('refuses bad rules, naming the field', async () => {
      const preview = (body: object) =>
        admin
          .post(`/api/v1/recommendations/${DLOS}/measure/preview`)
          .send({ baseVersion: 1, ...body });
      const steps = (statuses: (string | undefined)[]) =>
        statuses.map((status, i) => ({
          key: ['signed', 'ratified', 'in-force'][i],
          label: `Step ${i}`,
          status,
        }));
      const cases: [object, string, string[]][] = [
        [
          {
            kind: 'count',
            rule: {
              ...raised.rule,
              thresholds: [
                { min: 0, status: 'not_implemented' },
                { min: 3, status: 'partially_implemented' },
                { min: 2, status: 'implemented' },
              ],
            },
          },
          DLOS,
          ['rule.thresholds[2].min increasing'],
        ],
        [
          {
            kind: 'count',
            rule: { ...raised.rule, thresholds: [{ min: 1, status: 'implemented' }] },
          },
          DLOS,
          ['rule.thresholds[0].min startsAtZero'],
        ],
        [
          {
            kind: 'rating',
            rule: { scale: 'x', ratings: [{ code: 'C', label: 'C', status: 'implemented' }] },
          },
          DLOS,
          ['kind factsRecorded'],
        ],
        [
          {
            kind: 'milestones',
            rule: {
              instruments: [
                {
                  key: 'caricc-agreement',
                  label: 'CARICC',
                  steps: steps(['mostly_implemented', 'partially_implemented', 'implemented']),
                },
              ],
            },
          },
          CARICC,
          ['rule.instruments[0].steps[1].status stepsInOrder'],
        ],
        [
          {
            kind: 'milestones',
            rule: {
              instruments: [
                {
                  key: 'caricc-agreement',
                  label: 'CARICC',
                  steps: steps(['partially_implemented', undefined, 'implemented']),
                },
              ],
            },
          },
          CARICC,
          ['rule.instruments[0].steps[1].status isDefined'],
        ],
        [
          // "ratified" is dropped, but KAZ's 2011 fact says it.
          {
            kind: 'milestones',
            rule: {
              instruments: [
                {
                  key: 'caricc-agreement',
                  label: 'CARICC',
                  steps: [
                    { key: 'signed', label: 'Signed', status: 'partially_implemented' },
                    { key: 'in-force', label: 'In force', status: 'implemented' },
                  ],
                },
              ],
            },
          },
          CARICC,
          ['rule.instruments[0].steps inUse'],
        ],
      ];
      for (const [body, ref, expected] of cases) {
        const res = await admin
          .post(`/api/v1/recommendations/${ref}/measure/preview`)
          .send({ baseVersion: 1, ...body });
        expect({ body, status: res.status, problems: problemsOf(res) }).toEqual({
          body,
          status: 400,
          problems: expected,
        });
      }
      await preview({ ...raised, baseVersion: 7 }).expect(409);
    });

    it('previews what moves, then re-derives it as new assessments by the admin, dated today', async () => {
      const preview = await admin
        .post(`/api/v1/recommendations/${DLOS}/measure/preview`)
        .send({ ...raised, baseVersion: 1 })
        .expect(200);
      expect(preview.body).toMatchObject({
        baseVersion: 1,
        version: 2,
        effectiveOn: today(),
        moves: [
          {
            subject: { code: 'KGZ' },
            from: 'partially_implemented',
            to: 'mostly_implemented',
            facts: [{ text: '2 drug liaison officers placed abroad (target 4): Kabul, Tashkent' }],
          },
          // KAZ's one officer stays partially, UZB's five implemented: not listed.
        ],
        kept: [{ subject: { code: 'TKM' }, status: 'implemented', basis: 'override' }],
        unchanged: 2,
      });
      // The preview writes nothing.
      expect(
        (await analyst.get(`/api/v1/recommendations/${DLOS}/measure`).expect(200)).body.version,
      ).toBe(1);

      await admin
        .put(`/api/v1/recommendations/${DLOS}/measure`)
        .send({ ...raised, baseVersion: 1 })
        .expect(400);
      const applied = await admin
        .put(`/api/v1/recommendations/${DLOS}/measure`)
        .send({ ...raised, baseVersion: 1, previewDigest: preview.body.previewDigest })
        .expect(200);
      expect(applied.body.measure).toMatchObject({
        version: 2,
        effectiveOn: today(),
        note: raised.note,
        rule: { target: 4 },
      });
      expect(applied.body.measure.versions.map((v: { version: number }) => v.version)).toEqual([
        1, 2,
      ]);
      expect(applied.body.moves).toHaveLength(1);

      const kgz = (await analyst.get(assessmentsUrl(DLOS, 'KGZ')).expect(200)).body;
      expect(kgz.current).toMatchObject({
        status: 'mostly_implemented',
        assessedOn: today(),
        basis: 'rederived',
      });
      expect(kgz.assessments[0]).toMatchObject({
        assessedOn: today(),
        author: expect.stringMatching(/test admin/),
        note: expect.stringContaining('Target lowered to four'),
        fact: null,
        derivedStatus: 'mostly_implemented',
      });
      // The old history is all there, and reads as of earlier dates are unchanged.
      expect(kgz.assessments.slice(1)).toEqual(before.history);
      expect(await asOf2013()).toEqual(before.rows);
      expect((await statusOf(DLOS, 'TKM')).status).toBe('implemented');

      const audit = await admin
        .get('/api/v1/audit')
        .query({ action: 'measure.changed' })
        .expect(200);
      expect(audit.body.items[0]).toMatchObject({
        target: DLOS,
        detail: expect.stringContaining('1 statuses re-derived'),
      });
    });

    it('derives a fact back-dated before the change by the rule then in force, and by the new one from the change', async () => {
      const res = await recordFact(DLOS, 'KGZ', '2014-01-01', { count: 4 });
      // Four officers: mostly under version 1; implemented under version 2, from its day.
      expect(res.body.assessment).toMatchObject({
        status: 'mostly_implemented',
        assessedOn: '2014-01-01',
      });
      expect(res.body.followUps).toEqual([
        expect.objectContaining({ assessedOn: today(), status: 'implemented' }),
      ]);
      expect(await statusesOver(DLOS, 'KGZ', ['2013-01-01', '2015-01-01', today()])).toEqual([
        'partially_implemented',
        'mostly_implemented',
        'implemented',
      ]);
    });

    it('refuses to apply a preview that no longer says what the change moves', async () => {
      const change = {
        ...raised,
        rule: { ...raised.rule, target: 3, thresholds: raised.rule.thresholds.slice(0, 3) },
        note: 'Three is enough',
      };
      const preview = await admin
        .post(`/api/v1/recommendations/${DLOS}/measure/preview`)
        .send({ ...change, baseVersion: 2 })
        .expect(200);
      expect(preview.body.moves.map((m: { subject: { code: string } }) => m.subject.code)).toEqual([
        'KGZ',
        'UZB',
      ]);
      // Meanwhile a new count for Uzbekistan.
      await recordFact(DLOS, 'UZB', '2016-01-01', { count: 1 }).then((r) =>
        expect(r.status).toBe(201),
      );
      const refused = await admin
        .put(`/api/v1/recommendations/${DLOS}/measure`)
        .send({ ...change, baseVersion: 2, previewDigest: preview.body.previewDigest })
        .expect(409);
      expect(
        refused.body.current.moves.map((m: { subject: { code: string } }) => m.subject.code),
      ).toEqual(['KGZ']);
      expect(
        (await analyst.get(`/api/v1/recommendations/${DLOS}/measure`).expect(200)).body.version,
      ).toBe(2);
    });

    it('gives a recommendation without facts a measure of another kind, moving nothing', async () => {
      const rating = {
        kind: 'rating',
        rule: {
          scale: 'Peer review',
          ratings: [
            { code: 'A', label: 'Adequate', status: 'implemented' },
            { code: 'I', label: 'Inadequate', status: 'not_implemented' },
          ],
        },
        baseVersion: 0,
      };
      await recordFact(GRADED, 'KAZ', '2011-01-01', undefined, { status: 'partially_implemented' });
      const preview = await admin
        .post(`/api/v1/recommendations/${GRADED}/measure/preview`)
        .send(rating)
        .expect(200);
      expect(preview.body).toMatchObject({ moves: [], kept: [], unchanged: 0, version: 1 });
      await admin
        .put(`/api/v1/recommendations/${GRADED}/measure`)
        .send({ ...rating, previewDigest: preview.body.previewDigest })
        .expect(200);
      expect((await statusOf(GRADED, 'KAZ')).status).toBe('partially_implemented');
      const rated = await recordFact(GRADED, 'KAZ', '2012-01-01', {
        rating: 'a',
        source: 'Peer review 2012',
      });
      expect(rated.body.assessment).toMatchObject({ status: 'implemented', basis: 'derived' });
    });
  });

  it('describes facts, overrides and the measure routes in the OpenAPI document', async () => {
    const doc = (await analyst.get('/api/docs/openapi.json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/measures',
        '/api/v1/recommendations/{ref}/measure',
        '/api/v1/recommendations/{ref}/measure/preview',
      ]),
    );
    expect(Object.keys(doc.paths['/api/v1/recommendations/{ref}/measure'])).toEqual(
      expect.arrayContaining(['get', 'put']),
    );
    const record = doc.components.schemas.RecordAssessmentDto;
    expect(Object.keys(record.properties)).toEqual(
      expect.arrayContaining(['fact', 'overrideReason', 'status']),
    );
    expect(record.required).not.toContain('status');
    expect(Object.keys(doc.components.schemas.FactDto.properties).sort()).toEqual([
      'count',
      'instrument',
      'milestone',
      'places',
      'rating',
      'source',
    ]);
    for (const name of ['MilestonesRuleDto', 'CountRuleDto', 'RatingRuleDto', 'ChangeMeasureDto']) {
      expect(doc.components.schemas[name]).toBeDefined();
    }
    // Every reference resolves (the rules are referred to from the change's `rule`).
    const refs = JSON.stringify(doc).match(/"#\/components\/schemas\/[^"]+"/g) ?? [];
    const missing = refs
      .map((r) => r.slice(22, -1))
      .filter((name) => doc.components.schemas[name] === undefined);
    expect(missing).toEqual([]);
    expect(refs).toContain('"#/components/schemas/CountRuleDto"');
  });
});
