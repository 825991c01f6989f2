import { jest } from '@jest/globals';
import { ImplementationStatus } from '../src/assessments/implementation-status.enum.js';
import {
  PairsMoved,
  PairsRepository,
  type AppendGuard,
  type NewAssessment,
} from '../src/assessments/pairs.repository.js';
import { TransactionRunner } from '../src/database/transaction-runner.js';
import { SubjectsService } from '../src/subjects/subjects.service.js';
import { Role } from '../src/users/role.enum.js';
import { createTestApp, itOnSqlite, type TestApp } from './utils/create-test-app.js';
import { assessmentsUrl, buildAssessment, currentVersion } from './utils/factories.js';

/**
 * A single write is planned before the write queue and written only if what it was planned on
 * is unchanged: the pair's version and scope, and the versions of its recommendation's measure.
 * When anything moved, nothing is written.
 */
describe('The guard of a single write', () => {
  let t: TestApp;
  let pairs: PairsRepository;
  let transactions: TransactionRunner;
  let guard: AppendGuard;
  let entry: NewAssessment;

  beforeAll(async () => {
    t = await createTestApp();
    pairs = t.app.get(PairsRepository);
    transactions = t.app.get(TransactionRunner);
    const subject = await t.app.get(SubjectsService).get('KAZ');
    const found = await pairs.pairOfRef(t.dataSource.manager, 'JEW-II.10', subject);
    if (!found?.pair) throw new Error('JEW-II.10 is not tracked for KAZ');
    const [{ n }] = await t.dataSource.query<{ n: number }[]>(
      `SELECT COUNT(*) AS n FROM measures WHERE recommendation_id = ${found.recommendation.id}`,
    );
    guard = {
      pairVersion: found.pair.version,
      recommendationId: found.recommendation.id,
      measureVersions: Number(n),
    };
    entry = {
      pairId: found.pair.id,
      status: ImplementationStatus.PartiallyImplemented,
      assessedOn: '2015-05-05',
      note: 'Guarded write',
      internalNote: null,
      evidenceUrl: null,
      evidenceCitation: null,
      author: 'test',
      userId: null,
      apiTokenId: null,
    };
  });
  afterAll(() => t.close());

  const assessments = async (): Promise<number> =>
    Number(
      (
        await t.dataSource.query<{ n: number }[]>(
          `SELECT COUNT(*) AS n FROM assessments WHERE pair_id = ${entry.pairId}`,
        )
      )[0].n,
    );
  const write = (g: AppendGuard) =>
    transactions.run((m) => pairs.appendOne(m, entry, g), { savepoint: false });

  it('writes nothing when the pair moved or the measure changed, and writes when neither did', async () => {
    const before = await assessments();
    await expect(write({ ...guard, pairVersion: guard.pairVersion - 1 })).rejects.toBeInstanceOf(
      PairsMoved,
    );
    await expect(
      write({ ...guard, measureVersions: guard.measureVersions + 1 }),
    ).rejects.toBeInstanceOf(PairsMoved);
    expect(await assessments()).toBe(before);

    const written = await write(guard);
    expect(written.assessments[0].becameCurrent).toBe(true);
    expect(written.pairs.get(entry.pairId)?.version).toBe(guard.pairVersion + 1);
    expect(await assessments()).toBe(before + 1);
    // The same guard again: the pair has moved on since.
    await expect(write(guard)).rejects.toBeInstanceOf(PairsMoved);
    expect(await assessments()).toBe(before + 1);
  });

  it('plans a write again when the measure changed after it was read: a plain status on a measured recommendation is refused', async () => {
    const admin = await t.api(Role.Admin);
    const ref = 'JEW-II.9';
    const baseVersion = await currentVersion(admin, ref, 'KAZ');
    // The pair read before the write says the recommendation is graded, as it was before a
    // measure was given to it meanwhile.
    const pairOfRef = pairs.pairOfRef.bind(pairs);
    const spy = jest.spyOn(pairs, 'pairOfRef').mockImplementation(async (...args) => {
      const found = await pairOfRef(...args);
      return found && { ...found, measureVersions: 0 };
    });
    try {
      const res = await admin
        .post(assessmentsUrl(ref, 'KAZ'))
        .send(buildAssessment({ status: 'implemented', baseVersion }))
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['fact']);
    } finally {
      spy.mockRestore();
    }
    expect(await currentVersion(admin, ref, 'KAZ')).toBe(baseVersion);
  });

  itOnSqlite(
    'inserts the single writes of one transaction together: a second write to a pair is checked against the first',
    'on PostgreSQL every write is a transaction of its own',
    async () => {
      const subject = await t.app.get(SubjectsService).get('UZB');
      const other = await pairs.pairOfRef(t.dataSource.manager, 'JEW-II.10', subject);
      if (!other?.pair) throw new Error('JEW-II.10 is not tracked for UZB');
      const [{ v }] = await t.dataSource.query<{ v: number }[]>(
        `SELECT version AS v FROM current_statuses WHERE id = ${entry.pairId}`,
      );
      const now = { ...guard, pairVersion: Number(v) };
      const otherGuard = { ...guard, pairVersion: other.pair.version };
      const before = await assessments();
      const outcomes = await transactions.run(
        (m) =>
          Promise.allSettled([
            pairs.appendOne(m, { ...entry, note: 'First of two' }, now),
            pairs.appendOne(m, { ...entry, note: 'Second of two, same version' }, now),
            pairs.appendOne(m, { ...entry, pairId: other.pair!.id }, otherGuard),
          ]),
        { savepoint: false },
      );
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(outcomes[1].status === 'rejected' && outcomes[1].reason).toBeInstanceOf(PairsMoved);
      expect(await assessments()).toBe(before + 1);
      const [first, , third] = outcomes;
      if (first.status !== 'fulfilled' || third.status !== 'fulfilled') throw new Error('refused');
      expect(first.value.pairs.get(entry.pairId)?.version).toBe(Number(v) + 1);
      expect(third.value.pairs.get(other.pair.id)?.version).toBe(other.pair.version + 1);
      expect(first.value.assessments[0].id).not.toBe(third.value.assessments[0].id);
    },
  );
});
