import { Role } from '../src/users/role.enum.js';
import { createTestApp, type Agent, type TestApp } from './utils/create-test-app.js';
import {
  assessmentsUrl,
  buildAssessment,
  currentVersion,
  recordAssessment,
} from './utils/factories.js';

// A recommendation graded on the scale: a measured one (JEW-II.9, by the CARICC Agreement's
// milestones) takes a status only with a fact or a reason (see measured-writes.e2e-spec.ts).
const GRADED = 'JEW-II.10';

describe('Assessments: append-only history, as-of reads and version checks', () => {
  let t: TestApp;
  let api: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    api = await t.api(Role.Admin);
  });
  afterAll(() => t.close());

  const statusOf = async (ref: string, iso3: string, asOf?: string) => {
    const res = await api
      .get(`/api/v1/states/${iso3}/statuses`)
      .query(asOf ? { asOf } : {})
      .expect(200);
    const row = (res.body.statuses.items as { recommendation: string; status: string }[]).find(
      (r) => r.recommendation === ref,
    );
    return row?.status;
  };

  it('records an assessment and reads it back everywhere', async () => {
    const res = await api
      .post(assessmentsUrl(GRADED, 'KAZ'))
      .send(
        buildAssessment({
          status: 'implemented',
          assessedOn: '2009-03-15',
          note: 'Agreement signed and ratified',
          internalNote: 'Confirmed by phone with the MFA desk officer',
          evidenceUrl: 'https://example.org/caricc/ratifications',
          evidenceCitation: 'Depositary notification of 15 March 2009',
          baseVersion: 1,
        }),
      )
      .expect(201);
    expect(res.body.becameCurrent).toBe(true);
    expect(res.body.assessment).toMatchObject({
      recommendation: GRADED,
      subject: { kind: 'state', code: 'KAZ', name: 'Kazakhstan' },
      status: 'implemented',
      statusLabel: 'Implemented',
      assessedOn: '2009-03-15',
      note: 'Agreement signed and ratified',
      internalNote: 'Confirmed by phone with the MFA desk officer',
      evidenceUrl: 'https://example.org/caricc/ratifications',
      evidenceCitation: 'Depositary notification of 15 March 2009',
      author: expect.any(String),
    });
    expect(new Date(res.body.assessment.recordedAt as string).getTime()).toBeGreaterThan(
      Date.now() - 60_000,
    );
    expect(res.body.current).toMatchObject({ status: 'implemented', version: 2 });

    const history = await api.get(assessmentsUrl(GRADED, 'KAZ')).expect(200);
    expect(history.body.assessments).toHaveLength(1);
    expect(history.body.current).toMatchObject({
      status: 'implemented',
      assessedOn: '2009-03-15',
      note: 'Agreement signed and ratified',
      version: 2,
    });
    expect(await statusOf(GRADED, 'KAZ')).toBe('implemented');

    const statuses = await api.get(`/api/v1/recommendations/${GRADED}/statuses`);
    expect(statuses.body.progress).toMatchObject({
      pairs: 57,
      withInformation: 1,
      implementationRate: 1,
      progressIndex: 1,
    });
    expect(statuses.body.progress.coverage).toBeCloseTo(1 / 57);
  });

  it('keeps a back-dated assessment in history without displacing the newer one', async () => {
    await recordAssessment(api, GRADED, 'TJK', {
      status: 'mostly_implemented',
      assessedOn: '2010-05-01',
    }).then((r) => expect(r.status).toBe(201));
    const back = await recordAssessment(api, GRADED, 'TJK', {
      status: 'not_implemented',
      assessedOn: '2008-01-10',
    });
    expect(back.status).toBe(201);
    expect(back.body.becameCurrent).toBe(false);
    expect(back.body.current).toMatchObject({
      status: 'mostly_implemented',
      assessedOn: '2010-05-01',
      version: 3,
    });

    const history = await api.get(assessmentsUrl(GRADED, 'TJK')).expect(200);
    expect(history.body.assessments.map((a: { assessedOn: string }) => a.assessedOn)).toEqual([
      '2010-05-01',
      '2008-01-10',
    ]);
    expect(await statusOf(GRADED, 'TJK')).toBe('mostly_implemented');
  });

  it('answers any read as of a date', async () => {
    // TJK: not implemented from 2008-01-10, mostly implemented from 2010-05-01.
    expect(await statusOf(GRADED, 'TJK', '2007-12-31')).toBe('no_information');
    expect(await statusOf(GRADED, 'TJK', '2008-01-10')).toBe('not_implemented');
    expect(await statusOf(GRADED, 'TJK', '2010-04-30')).toBe('not_implemented');
    expect(await statusOf(GRADED, 'TJK', '2010-05-01')).toBe('mostly_implemented');

    const history = await api
      .get(assessmentsUrl(GRADED, 'TJK'))
      .query({ asOf: '2009-01-01' })
      .expect(200);
    expect(history.body.assessments).toHaveLength(1);
    expect(history.body.current.status).toBe('not_implemented');

    const progress = await api
      .get('/api/v1/progress')
      .query({ state: 'TJK', asOf: '2009-01-01' })
      .expect(200);
    expect(progress.body.counts.not_implemented).toBe(1);
    expect(progress.body.implementationRate).toBe(0);

    const matrix = await api
      .get('/api/v1/matrix')
      .query({ event: 'joint-expert-workshop-illicit-drugs', asOf: '2009-01-01' })
      .expect(200);
    const col = (matrix.body.recommendations as { ref: string }[]).findIndex(
      (r) => r.ref === GRADED,
    );
    const tjk = (
      matrix.body.rows as { subject: { code: string }; cells: ({ status: string } | null)[] }[]
    ).find((r) => r.subject.code === 'TJK');
    expect(tjk?.cells[col]?.status).toBe('not_implemented');
    const kaz = (
      matrix.body.rows as { subject: { code: string }; cells: ({ status: string } | null)[] }[]
    ).find((r) => r.subject.code === 'KAZ');
    expect(kaz?.cells[col]?.status).toBe('no_information');
  });

  it("counts a State's pairs as of any date by the assessment then in force", async () => {
    // TKM's pair: written out of order, the earliest back-dated, two on one day (the later holds).
    const dates = [
      '2008-01-14',
      '2008-01-15',
      '2009-06-29',
      '2009-06-30',
      '2011-03-01',
      '2030-01-01',
    ];
    const counts = async (asOf: string): Promise<Record<string, number>> =>
      (await api.get('/api/v1/progress').query({ state: 'TKM', asOf }).expect(200)).body.counts;
    const listed = async (status: string, asOf: string): Promise<boolean> => {
      const res = await api
        .get('/api/v1/recommendations')
        .query({ state: 'TKM', status, asOf, pageSize: 100 })
        .expect(200);
      return (res.body.items as { ref: string }[]).some((r) => r.ref === GRADED);
    };
    const before = await Promise.all(dates.map(counts));
    for (const a of [
      { status: 'partially_implemented', assessedOn: '2009-06-30' },
      { status: 'mostly_implemented', assessedOn: '2011-03-01' },
      { status: 'not_implemented', assessedOn: '2008-01-15' },
      { status: 'implemented', assessedOn: '2011-03-01' },
    ]) {
      await recordAssessment(api, GRADED, 'TKM', a).then((res) => expect(res.status).toBe(201));
    }
    const expected = [
      'no_information',
      'not_implemented',
      'not_implemented',
      'partially_implemented',
      'implemented',
      'implemented',
    ];
    for (const [i, asOf] of dates.entries()) {
      const moved = { ...before[i] };
      moved.no_information -= 1;
      moved[expected[i]] += 1;
      expect({ asOf, counts: await counts(asOf) }).toEqual({ asOf, counts: moved });
      expect({ asOf, listed: await listed(expected[i], asOf) }).toEqual({ asOf, listed: true });
    }
  });

  it('refuses a stale baseVersion with 409, the current state in the body, and changes nothing', async () => {
    const version = await currentVersion(api, GRADED, 'UZB');
    await api
      .post(assessmentsUrl(GRADED, 'UZB'))
      .send(
        buildAssessment({
          status: 'partially_implemented',
          assessedOn: '2009-09-01',
          baseVersion: version,
        }),
      )
      .expect(201);

    const before = await api.get(assessmentsUrl(GRADED, 'UZB')).expect(200);
    const stale = await api
      .post(assessmentsUrl(GRADED, 'UZB'))
      .send(
        buildAssessment({ status: 'implemented', assessedOn: '2009-10-01', baseVersion: version }),
      )
      .expect(409);
    expect(stale.body.message).toMatch(/version/);
    expect(stale.body.current).toMatchObject({
      status: 'partially_implemented',
      version: version + 1,
      subject: { code: 'UZB' },
    });
    const after = await api.get(assessmentsUrl(GRADED, 'UZB')).expect(200);
    expect(after.body).toEqual(before.body);
  });

  it('lets exactly one of several simultaneous writes on the same version through', async () => {
    const version = await currentVersion(api, GRADED, 'KGZ');
    const results = await Promise.all(
      ['implemented', 'not_implemented', 'mostly_implemented', 'partially_implemented'].map(
        (status) =>
          api
            .post(assessmentsUrl(GRADED, 'KGZ'))
            .send(buildAssessment({ status, assessedOn: '2009-07-01', baseVersion: version })),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    const history = await api.get(assessmentsUrl(GRADED, 'KGZ')).expect(200);
    expect(history.body.assessments).toHaveLength(1);
  });

  it('records many simultaneous writes to different States, and refuses the bad ones among them alone', async () => {
    const ref = 'JEW-III.1';
    const states = ['ARM', 'AZE', 'BLR', 'GEO', 'MDA', 'RUS', 'TJK', 'TKM', 'UKR', 'UZB'];
    const versions = await Promise.all(states.map((iso3) => currentVersion(api, ref, iso3)));
    const results = await Promise.all([
      ...states.map((iso3, i) =>
        api.post(assessmentsUrl(ref, iso3)).send(
          buildAssessment({
            status: 'mostly_implemented',
            assessedOn: '2010-03-01',
            note: `Simultaneous ${iso3}`,
            baseVersion: versions[i],
          }),
        ),
      ),
      // Among them, a stale version and a State out of scope.
      api
        .post(assessmentsUrl(ref, 'ARM'))
        .send(buildAssessment({ assessedOn: '2010-03-02', baseVersion: versions[0] + 5 })),
      api.post(assessmentsUrl(ref, 'AFG')).send(buildAssessment()),
    ]);
    expect(results.map((r) => r.status)).toEqual([...states.map(() => 201), 409, 422]);
    for (const [i, iso3] of states.entries()) {
      expect(results[i].body.current).toMatchObject({
        version: versions[i] + 1,
        status: 'mostly_implemented',
        note: `Simultaneous ${iso3}`,
      });
      const history = await api.get(assessmentsUrl(ref, iso3)).expect(200);
      expect(history.body.current).toEqual(results[i].body.current);
      expect(history.body.assessments[0]).toEqual(results[i].body.assessment);
      expect(
        history.body.assessments.filter(
          (a: { assessedOn: string }) => a.assessedOn === '2010-03-02',
        ),
      ).toEqual([]);
    }
  });

  it('refuses a State outside the scope of the recommendation', async () => {
    const res = await api
      .post(assessmentsUrl(GRADED, 'AFG')) // a Partner for Co-operation, not in scope
      .send(buildAssessment())
      .expect(422);
    expect(res.body.message).toMatch(/Afghanistan.*not in the scope of recommendation JEW-II\.10/);
    const osceOnly = await api
      .post(assessmentsUrl('JEW-IV.4', 'KAZ'))
      .send(buildAssessment())
      .expect(422);
    expect(osceOnly.body.errors[0]).toMatchObject({ rule: 'inScope' });
  });

  it('records for the OSCE line of a recommendation addressed to the OSCE', async () => {
    const res = await recordAssessment(api, 'JEW-IV.8', 'OSCE', { status: 'implemented' });
    expect(res.status).toBe(201);
    expect(res.body.current.subject).toMatchObject({ kind: 'organisation', code: 'OSCE' });
  });

  describe('bad bodies get 400 naming the field and rule, and change nothing', () => {
    const cases: [string, Record<string, unknown>, string, string][] = [
      ['wrong enum', { status: 'done' }, 'status', 'isIn'],
      ['impossible date', { assessedOn: '2009-02-30' }, 'assessedOn', 'isIsoDate'],
      ['date in another format', { assessedOn: '30/06/2009' }, 'assessedOn', 'isIsoDate'],
      ['future date', { assessedOn: '2999-01-01' }, 'assessedOn', 'notInFuture'],
      ['unknown field', { colour: 'red' }, 'colour', 'unknownField'],
      ['too-long note', { note: 'x'.repeat(4001) }, 'note', 'maxLength'],
      [
        'too-long citation',
        { evidenceCitation: 'x'.repeat(1001) },
        'evidenceCitation',
        'maxLength',
      ],
      ['not a URL', { evidenceUrl: 'see the file' }, 'evidenceUrl', 'isUrl'],
      ['missing baseVersion', { baseVersion: undefined }, 'baseVersion', 'isInt'],
      ['baseVersion as text', { baseVersion: 'one' }, 'baseVersion', 'isInt'],
    ];

    it.each(cases)('%s', async (_name, override, field, rule) => {
      const before = await api.get(assessmentsUrl(GRADED, 'ARM')).expect(200);
      const res = await api
        .post(assessmentsUrl(GRADED, 'ARM'))
        .send({
          ...buildAssessment({ baseVersion: before.body.current.version as number }),
          ...override,
        })
        .expect(400);
      expect(res.headers['content-type']).toMatch(/json/);
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field, rule }));
      expect(res.body.message).toContain(field);
      const after = await api.get(assessmentsUrl(GRADED, 'ARM')).expect(200);
      expect(after.body).toEqual(before.body);
    });

    it('malformed JSON', async () => {
      const res = await api
        .post(assessmentsUrl(GRADED, 'ARM'))
        .set('Content-Type', 'application/json')
        .send('{"status": ')
        .expect(400);
      expect(res.body.message).toMatch(/JSON/);
    });
  });

  describe('unknown ids get 404', () => {
    it.each([
      ['GET', assessmentsUrl('JEW-XX.1', 'KAZ'), /recommendation/],
      ['POST', assessmentsUrl('JEW-XX.1', 'KAZ'), /recommendation/],
      ['GET', assessmentsUrl(GRADED, 'XYZ'), /XYZ/],
      ['POST', assessmentsUrl(GRADED, 'XYZ'), /XYZ/],
      ['GET', '/api/v1/recommendations/JEW-XX.1', /recommendation/],
      ['GET', '/api/v1/recommendations/JEW-XX.1/statuses', /recommendation/],
      ['GET', '/api/v1/states/XYZ/statuses', /XYZ/],
      ['GET', '/api/v1/events/no-such-event', /event/],
    ])('%s %s', async (method, url, message) => {
      const req = method === 'GET' ? api.get(url) : api.post(url).send(buildAssessment());
      const res = await req.expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, message: expect.stringMatching(message) });
    });
  });
});
