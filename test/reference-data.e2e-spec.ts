import { ReferenceDataService } from '../src/reference-data/reference-data.service.js';
import { Role } from '../src/users/role.enum.js';
import { createTestApp, itOnSqlite, type Agent, type TestApp } from './utils/create-test-app.js';

interface StatusRow {
  subject: { kind: string; code: string; name: string };
  status: string;
  version: number;
}

describe('Reference data and schema on a new database', () => {
  let t: TestApp;
  let api: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    api = await t.api(Role.Admin);
  });
  afterAll(() => t.close());

  it('loads the 68 States, the organisations, themes and 5 events', async () => {
    const states = await api.get('/api/v1/states').expect(200);
    expect(states.body).toHaveLength(68);
    const groups = (states.body as { group: string }[]).reduce<Record<string, number>>(
      (acc, s) => ({ ...acc, [s.group]: (acc[s.group] ?? 0) + 1 }),
      {},
    );
    expect(groups).toEqual({ participating: 57, 'mediterranean-partner': 6, 'asian-partner': 5 });
    expect(states.body).toContainEqual(
      expect.objectContaining({ iso3: 'TJK', name: 'Tajikistan', group: 'participating' }),
    );

    const orgs = await api.get('/api/v1/organisations').expect(200);
    expect(orgs.body).toContainEqual({ acronym: 'SPMU', name: expect.any(String), parent: 'TNTD' });
    const themes = await api.get('/api/v1/themes').expect(200);
    expect(themes.body).toContainEqual(expect.objectContaining({ slug: 'anti-money-laundering' }));

    const events = await api.get('/api/v1/events').expect(200);
    expect(events.body.items).toHaveLength(5);
    const total = (events.body.items as { recommendationCount: number }[]).reduce(
      (n, e) => n + e.recommendationCount,
      0,
    );
    expect(total).toBe(21);
  });

  it('keeps unknown event dates unknown and lists sessions with their recommendations', async () => {
    const jew = await api.get('/api/v1/events/joint-expert-workshop-illicit-drugs').expect(200);
    expect(jew.body.startDate).toBeNull();
    expect(jew.body.sessions.map((s: { number: string }) => s.number)).toEqual([
      'I',
      'II',
      'III',
      'IV',
    ]);
    expect(jew.body.sessions[1].recommendations).toHaveLength(10);

    const istanbul = await api.get('/api/v1/events/2007-istanbul-balkan-drug-routes').expect(200);
    expect(istanbul.body.publishedOn).toBe('2007-12-12');
    expect(istanbul.body.country).toEqual({ iso3: 'TUR', name: 'Türkiye' });
    expect(istanbul.body.participatingStates).toHaveLength(11);
    expect(istanbul.body.organisers.map((o: { acronym: string }) => o.acronym).sort()).toEqual([
      'SPMU',
      'UNODC',
    ]);
  });

  it('tracks the CARICC recommendation for the 57 participating States, all without information', async () => {
    const res = await api.get('/api/v1/recommendations/JEW-II.9/statuses').expect(200);
    const rows = res.body.statuses as StatusRow[];
    expect(res.body.recommendation).toEqual({
      ref: 'JEW-II.9',
      title: 'Sign the CARICC Agreement',
    });
    expect(rows).toHaveLength(57);
    expect(rows.every((r) => r.subject.kind === 'state' && r.status === 'no_information')).toBe(
      true,
    );
    expect(rows.map((r) => r.subject.code)).toContain('KAZ');
    expect(rows.map((r) => r.subject.code)).not.toContain('AFG');
    expect(res.body.progress).toMatchObject({ pairs: 57, coverage: 0, implementationRate: null });
  });

  it('tracks recommendations addressed to the OSCE as one line for the OSCE', async () => {
    const osceOnly = await api.get('/api/v1/recommendations/JEW-IV.4/statuses');
    expect(osceOnly.body.statuses).toEqual([
      expect.objectContaining({
        subject: { kind: 'organisation', code: 'OSCE', name: expect.any(String) },
        status: 'no_information',
      }),
    ]);
    const both = await api.get('/api/v1/recommendations/JEW-IV.1/statuses');
    const codes = (both.body.statuses as StatusRow[]).map((r) => r.subject.code);
    expect(codes).toHaveLength(58);
    expect(codes[codes.length - 1]).toBe('OSCE');
  });

  it('changes nothing when the reference data is loaded again', async () => {
    const counts = async () =>
      t.dataSource.query<{ n: number }[]>(
        `SELECT (SELECT COUNT(*) FROM states) + (SELECT COUNT(*) FROM organisations) * 1000 +
                (SELECT COUNT(*) FROM recommendations) * 100000 + (SELECT COUNT(*) FROM current_statuses) * 10000000 +
                (SELECT COUNT(*) FROM event_sessions) * 1000000000 AS n`,
      );
    const before = await counts();
    const summary = await t.app.get(ReferenceDataService).load();
    expect(summary).toEqual({
      states: 0,
      organisations: 0,
      themes: 0,
      events: 0,
      sessions: 0,
      recommendations: 0,
      pairs: 0,
      measures: 0,
    });
    await expect(t.app.get(ReferenceDataService).loadIfEmpty()).resolves.toBeNull();
    expect(await counts()).toEqual(before);
  });

  it('has a schema that matches the entities exactly (no drift between entities and migrations)', async () => {
    const sql = await t.dataSource.driver.createSchemaBuilder().log();
    expect(sql.upQueries.map((q) => q.query)).toEqual([]);
  });

  itOnSqlite('runs SQLite in WAL mode with foreign keys on', 'SQLite PRAGMAs', async () => {
    const [journal] = await t.dataSource.query<{ journal_mode: string }[]>('PRAGMA journal_mode');
    const [fk] = await t.dataSource.query<{ foreign_keys: number }[]>('PRAGMA foreign_keys');
    expect(journal.journal_mode).toBe('wal');
    expect(fk.foreign_keys).toBe(1);
  });

  it('refuses, in the database itself, to change or delete an assessment', async () => {
    const version = (await api.get('/api/v1/recommendations/JEW-II.2/states/ALB/assessments')).body
      .current.version as number;
    await api
      .post('/api/v1/recommendations/JEW-II.2/states/ALB/assessments')
      .send({ status: 'implemented', assessedOn: '2010-01-01', baseVersion: version })
      .expect(201);
    await expect(
      t.dataSource.query(`UPDATE assessments SET status = 'not_implemented'`),
    ).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query('DELETE FROM assessments')).rejects.toThrow(/append-only/);
  });
});
