import { Role } from '../src/users/role.enum.js';
import { createTestApp, type Agent, type TestApp } from './utils/create-test-app.js';
import { BY_HAND, recordAssessment } from './utils/factories.js';

interface Summary {
  ref: string;
  themes: { slug: string }[];
  progress: { pairs: number; counts: Record<string, number> };
}

describe('Recommendations, progress and the API description', () => {
  let t: TestApp;
  let api: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    api = await t.api(Role.Admin);
    // FATF ratings C (implemented) and NC (not implemented); the CARICC one set by hand.
    await recordAssessment(api, 'JEW-II.8', 'ALB', {
      status: undefined,
      fact: { rating: 'C', source: 'MER 2009' },
      assessedOn: '2009-01-01',
    });
    await recordAssessment(api, 'JEW-II.8', 'AUT', {
      status: undefined,
      fact: { rating: 'NC', source: 'MER 2009' },
      assessedOn: '2009-01-01',
    });
    await recordAssessment(api, 'JEW-II.9', 'ALB', {
      status: 'not_applicable',
      assessedOn: '2009-01-01',
      ...BY_HAND,
    });
  });
  afterAll(() => t.close());

  const list = async (query: Record<string, string | number>) =>
    (await api.get('/api/v1/recommendations').query(query).expect(200)).body as {
      items: Summary[];
      total: number;
      page: number;
      pages: number;
    };

  it('pages through all 21 recommendations in source order', async () => {
    const first = await list({ pageSize: 10 });
    expect(first).toMatchObject({ total: 21, page: 1, pages: 3 });
    expect(first.items.map((r) => r.ref).slice(0, 3)).toEqual(['JEW-I.1', 'JEW-II.1', 'JEW-II.2']);
    const last = await list({ pageSize: 10, page: 3 });
    expect(last.items.map((r) => r.ref)).toEqual(['JEW-IV.8']);
  });

  it('filters by event, theme, organisation, State, status and words', async () => {
    expect((await list({ theme: 'anti-money-laundering' })).items.map((r) => r.ref)).toEqual([
      'JEW-II.8',
    ]);
    expect((await list({ organisation: 'caricc' })).items.map((r) => r.ref)).toEqual([
      'JEW-II.9',
      'JEW-IV.7',
    ]);
    expect((await list({ q: 'caricc agreement' })).items.map((r) => r.ref)).toEqual(['JEW-II.9']);
    expect((await list({ q: 'JEW-IV.' })).total).toBe(8);
    expect((await list({ q: '100%_' })).total).toBe(0);
    // The OSCE-only recommendations are not in scope for a State.
    expect((await list({ state: 'ALB' })).total).toBe(21 - 4);
    expect((await list({ state: 'OSCE' })).total).toBe(7);
    expect((await list({ status: 'implemented' })).items.map((r) => r.ref)).toEqual(['JEW-II.8']);
    expect((await list({ state: 'AUT', status: 'implemented' })).total).toBe(0);
    expect((await list({ status: 'implemented', asOf: '2008-12-31' })).total).toBe(0);
    expect((await list({ event: '2009-sarajevo-south-east-europe' })).total).toBe(0);
  });

  it('refuses unknown filters and values naming the field', async () => {
    for (const [query, field] of [
      [{ event: 'nowhere' }, 'event'],
      [{ theme: 'nothing' }, 'theme'],
      [{ state: 'XXX' }, 'state'],
      [{ status: 'great' }, 'status'],
      [{ pageSize: 1000 }, 'pageSize'],
      [{ page: 0 }, 'page'],
      [{ colour: 'red' }, 'colour'],
      [{ asOf: '2009-13-01' }, 'asOf'],
    ] as [Record<string, string | number>, string][]) {
      const res = await api.get('/api/v1/recommendations').query(query).expect(400);
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field }));
    }
  });

  it('computes progress over the filtered pairs, leaving out not applicable', async () => {
    const res = await api
      .get('/api/v1/progress')
      .query({ theme: 'anti-money-laundering' })
      .expect(200);
    expect(res.body).toMatchObject({
      pairs: 57,
      applicable: 57,
      withInformation: 2,
      implementationRate: 0.5,
      progressIndex: 0.5,
    });
    expect(res.body.coverage).toBeCloseTo(2 / 57);

    const alb = await api.get('/api/v1/progress').query({ state: 'ALB' }).expect(200);
    expect(alb.body).toMatchObject({
      pairs: 17,
      applicable: 16,
      withInformation: 1,
      implementationRate: 1,
    });
  });

  it('draws the matrix of States x recommendations for a theme', async () => {
    const res = await api.get('/api/v1/matrix').query({ theme: 'information-sharing' }).expect(200);
    expect(res.body.recommendations.map((r: { ref: string }) => r.ref)).toEqual([
      'JEW-II.9',
      'JEW-IV.7',
    ]);
    expect(res.body.rows).toHaveLength(58);
    const osce = res.body.rows.at(-1);
    expect(osce.subject.code).toBe('OSCE');
    expect(osce.cells[0]).toBeNull(); // JEW-II.9 is not tracked for the OSCE
    expect(osce.cells[1]).toMatchObject({ status: 'no_information' });
    const alb = res.body.rows.find((r: { subject: { code: string } }) => r.subject.code === 'ALB');
    expect(alb.cells[0]).toMatchObject({ status: 'not_applicable', assessedOn: '2009-01-01' });
  });

  it('creates a recommendation with a scope of its own, and refuses a taken ref', async () => {
    const body = {
      ref: 'JEW-V.1',
      event: 'joint-expert-workshop-illicit-drugs',
      title: 'Join the CARICC information exchange',
      text: 'Central Asian States should connect their drug control agencies to CARICC.',
      addressee: 'participating-states',
      themes: ['information-sharing'],
      organisations: ['CARICC'],
      scope: ['KAZ', 'KGZ', 'TJK', 'TKM', 'UZB'],
    };
    const res = await api.post('/api/v1/recommendations').send(body).expect(201);
    expect(res.body).toMatchObject({ ref: 'JEW-V.1', version: 1, progress: { pairs: 5 } });
    expect(res.body.scope.map((s: { code: string }) => s.code)).toEqual([
      'KAZ',
      'KGZ',
      'TJK',
      'TKM',
      'UZB',
    ]);

    const dup = await api.post('/api/v1/recommendations').send(body).expect(409);
    expect(dup.body.errors[0]).toMatchObject({ field: 'ref', rule: 'unique' });

    const bad = await api
      .post('/api/v1/recommendations')
      .send({ ...body, ref: 'JEW-V.2', themes: ['information-sharing', 'astrology'] })
      .expect(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'themes[1]', rule: 'exists' });
    await api.get('/api/v1/recommendations/JEW-V.2').expect(404);
  });

  it('edits a recommendation with a version check; a State taken out of scope keeps its history', async () => {
    await recordAssessment(api, 'JEW-V.1', 'TKM', {
      status: 'implemented',
      assessedOn: '2010-02-02',
    });
    const current = await api.get('/api/v1/recommendations/JEW-V.1').expect(200);

    const res = await api
      .patch('/api/v1/recommendations/JEW-V.1')
      .send({
        title: 'Connect to CARICC',
        scope: ['KAZ', 'KGZ', 'TJK', 'UZB'],
        baseVersion: current.body.version,
      })
      .expect(200);
    expect(res.body).toMatchObject({
      title: 'Connect to CARICC',
      version: 2,
      progress: { pairs: 4 },
    });

    const stale = await api
      .patch('/api/v1/recommendations/JEW-V.1')
      .send({ title: 'Lost update', baseVersion: current.body.version })
      .expect(409);
    expect(stale.body.current.title).toBe('Connect to CARICC');

    await api
      .patch('/api/v1/recommendations/JEW-V.1')
      .send({ ref: 'JEW-V.9', baseVersion: 2 })
      .expect(400);

    const history = await api
      .get('/api/v1/recommendations/JEW-V.1/states/TKM/assessments')
      .expect(200);
    expect(history.body.assessments).toHaveLength(1);
    expect(history.body.current.inScope).toBe(false);
    await recordAssessment(api, 'JEW-V.1', 'TKM', { status: 'implemented' }).then((r) =>
      expect(r.status).toBe(422),
    );
  });

  it('finds words with or without their accents, either way round', async () => {
    await api
      .post('/api/v1/recommendations')
      .send({
        ref: 'JEW-V.3',
        event: 'joint-expert-workshop-illicit-drugs',
        title: 'Liaison with Türkiye on precursor control',
        text: "Exchange liaison officers with the Agence de contrôle of the State's neighbours.",
        addressee: 'participating-states',
      })
      .expect(201);
    for (const q of ['turkiye', 'Türkiye', 'TURKIYE', 'controle', 'contrôle']) {
      expect({ q, refs: (await list({ q })).items.map((r) => r.ref) }).toEqual({
        q,
        refs: ['JEW-V.3'],
      });
    }
  });

  it('describes the API with OpenAPI', async () => {
    const res = await api.get('/api/docs/openapi.json').expect(200);
    const paths = Object.keys(res.body.paths as Record<string, unknown>);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/states',
        '/api/v1/organisations',
        '/api/v1/themes',
        '/api/v1/events',
        '/api/v1/events/{slug}',
        '/api/v1/recommendations',
        '/api/v1/recommendations/{ref}',
        '/api/v1/recommendations/{ref}/statuses',
        '/api/v1/recommendations/{ref}/states/{iso3}/assessments',
        '/api/v1/states/{iso3}/statuses',
        '/api/v1/matrix',
        '/api/v1/progress',
      ]),
    );
    const post = res.body.paths['/api/v1/recommendations/{ref}/states/{iso3}/assessments'].post;
    expect(Object.keys(post.responses as object)).toEqual(
      expect.arrayContaining(['201', '400', '404', '409', '422']),
    );
    await api.get('/api/docs').expect(200).expect('Content-Type', /html/);
  });

  it('serves a home page and a health check', async () => {
    const home = await api.get('/').expect(200).expect('Content-Type', /html/);
    // The 21 of the reference data and the two created above.
    expect(home.text).toMatch(/23\s+recommendations from\s+5\s+events/);
    expect(home.text).toContain('Latest assessments');
    // /health is readiness (see test/health.e2e-spec.ts).
    const health = await api.get('/health').expect(200);
    expect(health.body.details.database).toMatchObject({ status: 'up' });
  });
});
