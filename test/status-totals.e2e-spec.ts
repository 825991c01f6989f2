import { StatusTotalsInBuckets1797300000000 } from '../src/database/migrations/1797300000000-StatusTotalsInBuckets.js';
import { Role } from '../src/users/role.enum.js';
import { createTestApp, type Agent, type TestApp } from './utils/create-test-app.js';
import { BY_HAND, recordAssessment } from './utils/factories.js';

/**
 * The figures of everything come from totals the database keeps by status; they must stay what
 * counting the pairs gives, whatever writes the pairs.
 */
describe('Figures of everything from the kept totals', () => {
  let t: TestApp;
  let api: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    api = await t.api(Role.Admin);
  });
  afterAll(() => t.close());

  /** The figures the API prints, and the counts the pairs themselves give. */
  const both = async () => {
    const api1 = (await api.get('/api/v1/progress').expect(200)).body as {
      pairs: number;
      counts: Record<string, number>;
    };
    const rows = await t.dataSource.query<{ status: string; n: number | string }[]>(
      `SELECT status, COUNT(*) AS n FROM current_statuses WHERE in_scope = ${t.postgres ? 'true' : '1'} GROUP BY status`,
    );
    const counted = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    const printed = Object.fromEntries(Object.entries(api1.counts).filter(([, n]) => n > 0));
    return { printed, counted, pairs: api1.pairs };
  };

  it('stay equal to counting the pairs after assessments, a new recommendation and a scope change', async () => {
    const start = await both();
    expect(start.printed).toEqual(start.counted);

    expect(
      (await recordAssessment(api, 'JEW-II.9', 'KAZ', { status: 'implemented', ...BY_HAND }))
        .status,
    ).toBe(201);
    expect(
      (await recordAssessment(api, 'JEW-II.9', 'KGZ', { status: 'not_applicable', ...BY_HAND }))
        .status,
    ).toBe(201);
    const afterWrites = await both();
    expect(afterWrites.printed).toEqual(afterWrites.counted);
    expect(afterWrites.printed.implemented).toBe((start.printed.implemented ?? 0) + 1);

    await api
      .post('/api/v1/recommendations')
      .send({
        ref: 'JEW-V.9',
        event: 'joint-expert-workshop-illicit-drugs',
        title: 'A recommendation for five States',
        text: 'Central Asian States should do something measurable.',
        addressee: 'participating-states',
        scope: ['KAZ', 'KGZ', 'TJK', 'TKM', 'UZB'],
      })
      .expect(201);
    await recordAssessment(api, 'JEW-V.9', 'TKM', { status: 'mostly_implemented' });
    const current = await api.get('/api/v1/recommendations/JEW-V.9').expect(200);
    await api
      .patch('/api/v1/recommendations/JEW-V.9')
      .send({ scope: ['KAZ', 'KGZ', 'TJK', 'UZB'], baseVersion: current.body.version })
      .expect(200);
    const end = await both();
    expect(end.printed).toEqual(end.counted);
    expect(end.pairs).toBe(start.pairs + 4);
  });

  it('stay equal to counting when the totals in buckets are undone, written to, and done again', async () => {
    const migration = new StatusTotalsInBuckets1797300000000();
    const inTransaction = async (work: 'up' | 'down'): Promise<void> => {
      const runner = t.dataSource.createQueryRunner();
      await runner.startTransaction();
      try {
        await migration[work](runner);
        await runner.commitTransaction();
      } catch (err) {
        await runner.rollbackTransaction();
        throw err;
      } finally {
        await runner.release();
      }
    };
    await inTransaction('down');
    expect(
      (await recordAssessment(api, 'JEW-II.10', 'TJK', { status: 'implemented' })).status,
    ).toBe(201);
    const undone = await both();
    expect(undone.printed).toEqual(undone.counted);
    await inTransaction('up');
    expect(
      (await recordAssessment(api, 'JEW-II.10', 'TJK', { status: 'not_implemented' })).status,
    ).toBe(201);
    const redone = await both();
    expect(redone.printed).toEqual(redone.counted);
    expect(redone.printed.not_implemented).toBe((undone.printed.not_implemented ?? 0) + 1);
  });
});

/**
 * The current figures of a theme come from totals the database keeps by theme and status; they
 * must stay what counting the theme's pairs gives, whatever changes the pairs or the themes.
 */
describe('Figures of a theme from the kept totals', () => {
  let t: TestApp;
  let api: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    api = await t.api(Role.Admin);
  });
  afterAll(() => t.close());

  const THEMES = ['information-sharing', 'anti-money-laundering', 'liaison-officers', 'strategy'];

  /** Each theme's counts as the progress API prints them, and as counting the pairs gives. */
  const both = async () => {
    const printed: Record<string, Record<string, number>> = {};
    const counted: Record<string, Record<string, number>> = {};
    for (const theme of THEMES) {
      const body = (await api.get('/api/v1/progress').query({ theme }).expect(200)).body as {
        counts: Record<string, number>;
      };
      printed[theme] = Object.fromEntries(Object.entries(body.counts).filter(([, n]) => n > 0));
      const rows = await t.dataSource.query<{ status: string; n: number | string }[]>(
        `SELECT p.status AS status, COUNT(*) AS n FROM current_statuses p
         JOIN recommendation_themes rt ON rt.recommendation_id = p.recommendation_id
         JOIN themes th ON th.id = rt.theme_id
         WHERE p.in_scope = ${t.postgres ? 'true' : '1'} AND th.slug = '${theme}'
         GROUP BY p.status`,
      );
      counted[theme] = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    }
    return { printed, counted };
  };

  it('stay equal to counting after assessments, scope changes, themes given and taken, and a new recommendation', async () => {
    const start = await both();
    expect(start.printed).toEqual(start.counted);
    expect(Object.keys(start.printed['information-sharing']).length).toBeGreaterThan(0);

    // Assessments of a recommendation with themes.
    const ref = 'JEW-II.9';
    const themed = (await api.get(`/api/v1/recommendations/${ref}`).expect(200)).body as {
      version: number;
      themes: { slug: string }[];
    };
    expect(themed.themes.length).toBeGreaterThan(0);
    await recordAssessment(api, ref, 'KAZ', { status: 'implemented', ...BY_HAND });
    await recordAssessment(api, ref, 'KGZ', { status: 'not_applicable', ...BY_HAND });
    await recordAssessment(api, ref, 'KAZ', {
      ...BY_HAND,
      status: 'partially_implemented',
      assessedOn: '2010-01-01',
    });
    const afterWrites = await both();
    expect(afterWrites.printed).toEqual(afterWrites.counted);

    // Themes given and taken, and a State out of scope, in one edit.
    await api
      .patch(`/api/v1/recommendations/${ref}`)
      .send({
        themes: ['strategy', 'liaison-officers'],
        scope: ['KAZ', 'KGZ', 'TJK', 'TKM', 'UZB'],
        baseVersion: themed.version,
      })
      .expect(200);
    const afterEdit = await both();
    expect(afterEdit.printed).toEqual(afterEdit.counted);
    expect(afterEdit.printed.strategy).not.toEqual(start.printed.strategy);

    // A new recommendation with a theme, then assessed.
    await api
      .post('/api/v1/recommendations')
      .send({
        ref: 'JEW-V.8',
        event: 'joint-expert-workshop-illicit-drugs',
        title: 'Share seizure data monthly',
        text: 'Participating States should share seizure data every month.',
        addressee: 'participating-states',
        themes: ['information-sharing', 'anti-money-laundering'],
      })
      .expect(201);
    await recordAssessment(api, 'JEW-V.8', 'ARM', { status: 'mostly_implemented' });
    const end = await both();
    expect(end.printed).toEqual(end.counted);
  });
});
