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
import { createTestApp, type TestApp } from './utils/create-test-app.js';
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
});
