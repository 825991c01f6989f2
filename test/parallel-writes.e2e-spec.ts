import request from 'supertest';
import type { App } from 'supertest/types.js';
import { Role } from '../src/users/role.enum.js';
import { createTestApp, itOnPostgres, type TestApp } from './utils/create-test-app.js';
import { assessmentsUrl, buildAssessment, MEASURED_REFS } from './utils/factories.js';

/**
 * Many writes at once, over many pairs, as a busy day (or a load balancer over several app
 * instances) sends them: none may fail, none acknowledged may be lost, and the figures kept by
 * the database must stay what counting the pairs gives.
 */

const STATUSES = ['not_implemented', 'partially_implemented', 'mostly_implemented', 'implemented'];
/** Pairs written to, writes per pair, and requests in flight at once. */
const PAIRS = 60;
const WRITES_PER_PAIR = 5;
const IN_FLIGHT = 16;

interface Pair {
  id: number;
  ref: string;
  iso3: string;
  version: number;
  assessments: number;
}

interface Outcome {
  pair: Pair;
  status: number;
  body: { assessment?: { id: number }; current?: { version: number }; detail?: string };
}

describe('Writes in parallel', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp();
    token = await t.token(Role.Admin);
  });
  afterAll(() => t.close());

  /** Pairs of States in scope, spread over the graded recommendations, with what they hold now. */
  const pairs = async (count: number, offset: number): Promise<Pair[]> => {
    const rows = await t.dataSource.query<
      { id: number; ref: string; iso3: string; version: number; n: number | string }[]
    >(
      `SELECT p.id AS id, r.ref AS ref, s.iso3 AS iso3, p.version AS version,
              (SELECT COUNT(*) FROM assessments a WHERE a.pair_id = p.id) AS n
       FROM current_statuses p
       JOIN recommendations r ON r.id = p.recommendation_id
       JOIN states s ON s.id = p.state_id
       WHERE p.in_scope = ${t.postgres ? 'true' : '1'}
         -- Recommendations measured by facts take facts, not statuses: not these writes.
         AND r.ref NOT IN (${[...MEASURED_REFS].map((ref) => `'${ref}'`).join(', ')})
       ORDER BY (p.id * 7919) % 1009, p.id LIMIT ${count} OFFSET ${offset}`,
    );
    expect(rows).toHaveLength(count);
    expect(new Set(rows.map((r) => r.ref)).size).toBeGreaterThan(count / 6);
    return rows.map((r) => ({
      id: Number(r.id),
      ref: r.ref,
      iso3: r.iso3,
      version: Number(r.version),
      assessments: Number(r.n),
    }));
  };

  /** Posts an assessment to a pair through one of the servers, based on the version given. */
  const write = async (server: App, pair: Pair, version: number, n: number): Promise<Outcome> => {
    const res = await request(server)
      .post(assessmentsUrl(pair.ref, pair.iso3))
      .set('Authorization', `Bearer ${token}`)
      .send(
        buildAssessment({
          status: STATUSES[n % STATUSES.length],
          assessedOn: `2020-01-${String(1 + (n % 28)).padStart(2, '0')}`,
          note: `Parallel write ${n}`,
          baseVersion: version,
        }),
      );
    return { pair, status: res.status, body: res.body as Outcome['body'] };
  };

  /**
   * Writes WRITES_PER_PAIR assessments to each pair, one after another per pair (each based on
   * the version the previous answer gave), the pairs' chains in parallel, IN_FLIGHT at a time,
   * each write through the next server in turn.
   */
  const writeChains = async (servers: App[], chosen: Pair[]): Promise<Outcome[]> => {
    const outcomes: Outcome[] = [];
    let turn = 0;
    const chain = async (pair: Pair): Promise<void> => {
      let version = pair.version;
      for (let k = 0; k < WRITES_PER_PAIR; k++) {
        const outcome = await write(servers[turn++ % servers.length], pair, version, pair.id + k);
        outcomes.push(outcome);
        if (outcome.status !== 201) return;
        version = outcome.body.current?.version ?? NaN;
      }
    };
    const queue = [...chosen];
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        for (let pair = queue.shift(); pair; pair = queue.shift()) await chain(pair);
      }),
    );
    return outcomes;
  };

  /** Every acknowledged write is in its pair's history, and each pair moved by its writes alone. */
  const expectNothingLost = async (chosen: Pair[], outcomes: Outcome[]): Promise<void> => {
    const acknowledged = outcomes.filter((o) => o.status === 201);
    const ids = acknowledged.map((o) => o.body.assessment?.id);
    expect(new Set(ids).size).toBe(acknowledged.length);
    const stored = await t.dataSource.query<{ id: number; pair_id: number }[]>(
      `SELECT id, pair_id FROM assessments WHERE id IN (${ids.map(Number).join(', ')})`,
    );
    expect(new Map(stored.map((r) => [Number(r.id), Number(r.pair_id)]))).toEqual(
      new Map(acknowledged.map((o) => [Number(o.body.assessment?.id), o.pair.id])),
    );
    const now = await t.dataSource.query<{ id: number; version: number; n: number | string }[]>(
      `SELECT p.id AS id, p.version AS version,
              (SELECT COUNT(*) FROM assessments a WHERE a.pair_id = p.id) AS n
       FROM current_statuses p WHERE p.id IN (${chosen.map((p) => p.id).join(', ')})`,
    );
    const written = (pair: Pair) => acknowledged.filter((o) => o.pair.id === pair.id).length;
    expect(
      Object.fromEntries(now.map((r) => [r.id, { version: Number(r.version), n: Number(r.n) }])),
    ).toEqual(
      Object.fromEntries(
        chosen.map((p) => [
          p.id,
          { version: p.version + written(p), n: p.assessments + written(p) },
        ]),
      ),
    );
  };

  /** The figures of everything and of each theme, as the API prints them and as counting gives. */
  const expectFiguresCounted = async (servers: App[]): Promise<void> => {
    const yes = t.postgres ? 'true' : '1';
    const nonZero = (counts: Record<string, number>) =>
      Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
    const counted = async (sql: string) =>
      Object.fromEntries(
        (await t.dataSource.query<{ status: string; n: number | string }[]>(sql)).map((r) => [
          r.status,
          Number(r.n),
        ]),
      );
    const all = await counted(
      `SELECT status, COUNT(*) AS n FROM current_statuses WHERE in_scope = ${yes} GROUP BY status`,
    );
    const themes = await t.dataSource.query<{ slug: string }[]>(
      'SELECT slug FROM themes ORDER BY id',
    );
    for (const server of servers) {
      const printed = await request(server)
        .get('/api/v1/progress')
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      expect(nonZero(printed.body.counts as Record<string, number>)).toEqual(all);
      for (const { slug } of themes) {
        const ofTheme = await request(server)
          .get('/api/v1/progress')
          .query({ theme: slug })
          .set('Authorization', `Bearer ${token}`)
          .expect(200);
        expect({ slug, counts: nonZero(ofTheme.body.counts as Record<string, number>) }).toEqual({
          slug,
          counts: await counted(
            `SELECT p.status AS status, COUNT(*) AS n FROM current_statuses p
             JOIN recommendation_themes rt ON rt.recommendation_id = p.recommendation_id
             JOIN themes th ON th.id = rt.theme_id
             WHERE p.in_scope = ${yes} AND th.slug = '${slug}' GROUP BY p.status`,
          ),
        });
      }
    }
  };

  it('records hundreds of writes over many pairs at once on one instance: no failure, none lost, figures counted', async () => {
    const chosen = await pairs(PAIRS, 0);
    const outcomes = await writeChains([t.server], chosen);
    expect(outcomes.filter((o) => o.status !== 201).map((o) => o.body.detail)).toEqual([]);
    expect(outcomes).toHaveLength(PAIRS * WRITES_PER_PAIR);
    await expectNothingLost(chosen, outcomes);
    await expectFiguresCounted([t.server]);
  });

  itOnPostgres(
    'records hundreds of writes over many pairs from two instances at once: no failure, none lost, figures counted',
    'several app instances share a PostgreSQL database; SQLite is for one instance',
    async () => {
      const other = (await t.secondInstance()).getHttpServer() as App;
      const chosen = await pairs(PAIRS, PAIRS);
      const outcomes = await writeChains([t.server, other], chosen);
      expect(outcomes.filter((o) => o.status !== 201).map((o) => o.body.detail)).toEqual([]);
      expect(outcomes).toHaveLength(PAIRS * WRITES_PER_PAIR);
      await expectNothingLost(chosen, outcomes);
      await expectFiguresCounted([t.server, other]);
    },
  );

  itOnPostgres(
    'gives one success and one conflict when two instances write the same pair from the same version',
    'several app instances share a PostgreSQL database; SQLite is for one instance',
    async () => {
      const other = (await t.secondInstance()).getHttpServer() as App;
      const chosen = await pairs(20, 2 * PAIRS);
      const outcomes = (
        await Promise.all(
          chosen.map((pair, i) =>
            Promise.all([
              write(t.server, pair, pair.version, i),
              write(other, pair, pair.version, i + 1),
            ]),
          ),
        )
      ).map((both) => both.map((o) => o.status).sort());
      expect(outcomes).toEqual(chosen.map(() => [201, 409]));
      await expectFiguresCounted([t.server]);
    },
  );
});
