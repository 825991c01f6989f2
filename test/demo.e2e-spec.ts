import { DemoService } from '../src/demo/demo.service.js';
import { Role } from '../src/users/role.enum.js';
import { createTestApp, type TestApp } from './utils/create-test-app.js';

describe('Demo data set', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('loads once, keeps figures consistent, and marks every page DEMO DATA', async () => {
    const demo = t.app.get(DemoService);
    const first = await demo.load();
    expect(first.alreadyLoaded).toBe(false);
    expect(first.assessments).toBeGreaterThan(first.pairs);
    expect(await demo.load()).toMatchObject({ alreadyLoaded: true, assessments: 0 });

    const api = await t.api(Role.Admin);
    const progress = (await api.get('/api/v1/progress').expect(200)).body as {
      withInformation: number;
      applicable: number;
      counts: Record<string, number>;
    };
    const assessedPairs = progress.withInformation + progress.counts.not_applicable;
    expect(assessedPairs).toBe(first.pairs);

    // The pairs' current status is their latest assessment, and their version counts their
    // assessments, as for any other write.
    const [mismatch] = await t.dataSource.query<{ n: number | string }[]>(
      `SELECT COUNT(*) AS n FROM current_statuses p
        WHERE (p.assessment_id IS NOT NULL AND p.assessment_id <> (
          SELECT a.id FROM assessments a WHERE a.pair_id = p.id ORDER BY a.assessed_on DESC, a.id DESC LIMIT 1))
           OR p.version <> 1 + (SELECT COUNT(*) FROM assessments a WHERE a.pair_id = p.id)`,
    );
    expect(Number(mismatch.n)).toBe(0);

    // The four measured recommendations show facts, the statuses derived from them, labelled.
    for (const [ref, kind] of [
      ['JEW-II.1', 'milestones'],
      ['JEW-II.4', 'count'],
      ['JEW-II.8', 'rating'],
      ['JEW-II.9', 'milestones'],
    ]) {
      const rows = (await api.get(`/api/v1/recommendations/${ref}/statuses`).expect(200)).body
        .statuses as { basis: string | null; fact: { kind: string } | null; note: string | null }[];
      const measured = rows.filter((r) => r.basis === 'derived' || r.basis === 'override');
      expect({ ref, some: measured.length > 5 }).toEqual({ ref, some: true });
      expect(measured.every((r) => r.fact?.kind === kind && r.note?.startsWith('DEMO DATA:'))).toBe(
        true,
      );
      expect(rows.some((r) => r.basis === 'judged')).toBe(false);
    }

    await t.user('reader', Role.Viewer);
    const viewer = await t.signIn('reader');
    for (const url of ['/', '/matrix', '/states/KAZ']) {
      expect((await viewer.get(url).expect(200)).text).toContain('DEMO DATA');
    }
  });
});
