import { Role } from '../src/users/role.enum.js';
import { generateSyntheticData } from '../tools/synthetic/synthetic-data.js';
import { createTestApp, type Agent, type TestApp } from './utils/create-test-app.js';
import { recordAssessment } from './utils/factories.js';

/**
 * The synthetic data set writes its rows with ids of its own. Once it is loaded, the app must
 * take new ids past them (on PostgreSQL: its sequences moved on), so that every write works as
 * on any other database: assessments, new recommendations and their pairs.
 */
describe('Writes after the synthetic data set', () => {
  let t: TestApp;
  let api: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    api = await t.api(Role.Admin);
    await generateSyntheticData(t.dataSource, { size: 'small', seed: 7 });
  }, 180_000);
  afterAll(() => t.close());

  it('records an assessment, and adds a recommendation whose new pairs are then assessed', async () => {
    const [pair] = await t.dataSource.query<{ ref: string; iso3: string }[]>(
      `SELECT r.ref AS ref, s.iso3 AS iso3 FROM current_statuses p
       JOIN recommendations r ON r.id = p.recommendation_id JOIN states s ON s.id = p.state_id
       WHERE r.ref LIKE 'SYN-%' ORDER BY p.id DESC LIMIT 1`,
    );
    const written = await recordAssessment(api, pair.ref, pair.iso3, { status: 'implemented' });
    expect({ status: written.status, body: written.body as unknown }).toMatchObject({
      status: 201,
      body: { assessment: { status: 'implemented' } },
    });

    const [event] = await t.dataSource.query<{ slug: string }[]>(
      `SELECT slug FROM events WHERE slug LIKE 'synthetic-%' ORDER BY id DESC LIMIT 1`,
    );
    const created = await api.post('/api/v1/recommendations').send({
      ref: 'SYN-NEW.1',
      event: event.slug,
      title: 'A recommendation added after the synthetic data set',
      text: 'Participating States should record what they do.',
      addressee: 'participating-states',
      themes: ['information-sharing'],
      scope: ['KAZ', 'KGZ', 'TJK'],
    });
    expect({ status: created.status, body: created.body as unknown }).toMatchObject({
      status: 201,
    });
    for (const iso3 of ['KAZ', 'KGZ', 'TJK']) {
      const res = await recordAssessment(api, 'SYN-NEW.1', iso3, { status: 'mostly_implemented' });
      expect({ iso3, status: res.status }).toEqual({ iso3, status: 201 });
    }
    const progress = await api.get('/api/v1/progress').expect(200);
    expect((progress.body as { pairs: number }).pairs).toBeGreaterThan(10_000);
  });
});
