import { judgementAsOf } from '../src/assessments/as-of.js';
import type { ImplementationStatus } from '../src/assessments/implementation-status.enum.js';
import { StatusesRepository } from '../src/assessments/statuses.repository.js';
import { seededRandom } from '../src/common/random.js';
import { Role } from '../src/users/role.enum.js';
import { createTestApp, csrfOf, type Agent, type TestApp } from './utils/create-test-app.js';
import { assessmentsUrl, currentVersion, recordAssessment } from './utils/factories.js';

/**
 * Every way of recording assessments goes through the one append, and the database keeps each
 * pair's current status and version: the same assessments written through each path leave the
 * same pair and the same history.
 */
// Graded on the scale: every writer records the same plain statuses (a recommendation measured by
// facts takes them only with a fact or a reason).
const REF = 'JEW-II.10';

/** In the order they are written: a back-dated one, and two on the same day (the later wins). */
const SERIES = [
  { status: 'partially_implemented', assessedOn: '2009-06-30', note: 'Signed' },
  { status: 'not_implemented', assessedOn: '2008-01-15', note: 'Back-dated: nothing yet' },
  { status: 'mostly_implemented', assessedOn: '2011-03-01', note: 'Ratified' },
  { status: 'implemented', assessedOn: '2011-03-01', note: 'In force, same day' },
];

interface PairSeen {
  current: { status: string; assessedOn: string | null; version: number; note: string | null };
  history: { status: string; assessedOn: string; note: string | null }[];
}

describe('One write path: every writer leaves the same pair and history', () => {
  let t: TestApp;
  let admin: Agent;
  let browser: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.api(Role.Admin);
    browser = await t.signIn(await t.user('writer', Role.Analyst));
  });
  afterAll(() => t.close());

  const seen = async (iso3: string): Promise<PairSeen> => {
    const body = (await admin.get(assessmentsUrl(REF, iso3)).expect(200)).body as {
      current: PairSeen['current'];
      assessments: PairSeen['history'];
    };
    return {
      current: {
        status: body.current.status,
        assessedOn: body.current.assessedOn,
        version: body.current.version,
        note: body.current.note,
      },
      history: body.assessments.map((a) => ({
        status: a.status,
        assessedOn: a.assessedOn,
        note: a.note,
      })),
    };
  };

  const expected: PairSeen = {
    current: {
      status: 'implemented',
      assessedOn: '2011-03-01',
      version: 5,
      note: 'In force, same day',
    },
    history: [
      { status: 'implemented', assessedOn: '2011-03-01', note: 'In force, same day' },
      { status: 'mostly_implemented', assessedOn: '2011-03-01', note: 'Ratified' },
      { status: 'partially_implemented', assessedOn: '2009-06-30', note: 'Signed' },
      { status: 'not_implemented', assessedOn: '2008-01-15', note: 'Back-dated: nothing yet' },
    ],
  };

  it('the API, one assessment at a time', async () => {
    for (const a of SERIES) {
      const res = await recordAssessment(admin, REF, 'KAZ', { ...a, evidenceCitation: undefined });
      expect(res.status).toBe(201);
    }
    expect(await seen('KAZ')).toEqual(expected);
  });

  it('the pair page form', async () => {
    for (const a of SERIES) {
      const page = await browser.get(`/recommendations/${REF}/states/KGZ`).expect(200);
      await browser
        .post(`/recommendations/${REF}/states/KGZ/assessments`)
        .type('form')
        .send({
          _csrf: csrfOf(page.text),
          ...a,
          baseVersion: await currentVersion(admin, REF, 'KGZ'),
        })
        .expect(303);
    }
    expect(await seen('KGZ')).toEqual(expected);
  });

  it('the bulk update', async () => {
    for (const a of SERIES) {
      const page = await browser.get('/bulk').query({ ref: REF }).expect(200);
      await browser
        .post('/bulk')
        .type('form')
        .send({ _csrf: csrfOf(page.text), ref: REF, states: ['TJK'], ...a })
        .expect(303);
    }
    expect(await seen('TJK')).toEqual(expected);
  });

  it('imports (one file cannot hold two lines for a pair on one date: two files)', async () => {
    const importFile = async (series: typeof SERIES): Promise<void> => {
      const lines = series.map((a) => `${REF},TKM,${a.status},${a.assessedOn},"${a.note}",,`);
      const file = ['ref,iso3,status,assessedOn,note,evidenceUrl,evidenceCitation', ...lines];
      const dry = await admin
        .post('/api/v1/imports')
        .attach('file', Buffer.from(file.join('\n')), 'series.csv')
        .expect(201);
      expect(dry.body.problems).toEqual([]);
      const applied = await admin.post(`/api/v1/imports/${dry.body.id}/apply`);
      expect(applied.body).toMatchObject({ status: 'applied' });
    };
    await importFile(SERIES.slice(0, 3));
    await importFile(SERIES.slice(3));
    expect(await seen('TKM')).toEqual(expected);
  });

  it('a row inserted by any other writer still moves its pair by the one rule', async () => {
    const [pair] = await t.dataSource.query<{ id: number }[]>(
      `SELECT p.id FROM current_statuses p JOIN recommendations r ON r.id = p.recommendation_id
       JOIN states s ON s.id = p.state_id WHERE r.ref = '${REF}' AND s.iso3 = 'UZB'`,
    );
    for (const a of SERIES) {
      await t.dataSource.query(
        `INSERT INTO assessments (pair_id, status, assessed_on, note, author)
         VALUES (${t.postgres ? '$1, $2, $3, $4, $5' : '?, ?, ?, ?, ?'})`,
        [pair.id, a.status, a.assessedOn, a.note, 'direct'],
      );
    }
    expect(await seen('UZB')).toEqual(expected);
  });

  it('the database, the as-of query and the in-memory rule agree on any history', async () => {
    // Random histories (dates from a few, so that many fall on the same day), written through
    // the API, then the current status read three ways.
    const random = seededRandom(7);
    const statuses = [
      'not_implemented',
      'partially_implemented',
      'mostly_implemented',
      'implemented',
    ];
    const dates = ['2010-01-01', '2010-06-30', '2011-01-01', '2012-12-31'];
    const codes = ['ALB', 'AUT', 'BEL', 'BGR', 'CAN', 'CYP'];
    for (const code of codes) {
      const n = 1 + Math.floor(random() * 6);
      for (let i = 0; i < n; i++) {
        const res = await recordAssessment(admin, REF, code, {
          status: statuses[Math.floor(random() * statuses.length)],
          assessedOn: dates[Math.floor(random() * dates.length)],
          note: `Step ${i}`,
        });
        expect(res.status).toBe(201);
      }
    }
    const statusesRepo = t.app.get(StatusesRepository);
    const [{ id: recommendationId }] = await t.dataSource.query<{ id: number }[]>(
      `SELECT id FROM recommendations WHERE ref = '${REF}'`,
    );
    const asOfFarAway = await statusesRepo.pairs({
      recommendationId: Number(recommendationId),
      asOf: '2099-12-31',
    });
    for (const code of codes) {
      const body = (await admin.get(assessmentsUrl(REF, code)).expect(200)).body as {
        current: { assessmentId: number; status: string; version: number };
        assessments: { id: number; status: string; assessedOn: string }[];
      };
      const inMemory = judgementAsOf(
        body.assessments.map((a) => ({ ...a, status: a.status as ImplementationStatus })),
        '2099-12-31',
      );
      const viaSql = asOfFarAway.find((p) => p.subject.code === code);
      expect(body.current.assessmentId).toBe(inMemory?.id);
      expect(viaSql?.assessmentId).toBe(inMemory?.id);
      expect(body.current.version).toBe(1 + body.assessments.length);
    }
  });
});
