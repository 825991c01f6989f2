import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createCliContext } from '../src/cli/cli.module.js';
import { openDatabase } from '../src/database/data-source.js';
import {
  loadReferenceData,
  readReferenceData,
} from '../src/reference-data/reference-data.service.js';
import { syntheticCommand } from '../tools/synthetic/seed-synthetic.js';
import {
  generateSyntheticData,
  syntheticSummaryOf,
  type SyntheticSummary,
} from '../tools/synthetic/synthetic-data.js';

/** A new database with the reference data alone, as `recommendation-tracker seed` leaves it. */
async function freshDatabase(dir: string, name: string): Promise<DataSource> {
  const ds = await openDatabase(join(dir, `${name}.sqlite`));
  await ds.transaction((m) => loadReferenceData(m, readReferenceData()));
  return ds;
}

const count = async (ds: DataSource, sql: string): Promise<number> =>
  Number((await ds.query<{ n: number }[]>(sql))[0].n);

describe('Synthetic data set', () => {
  let dir: string;
  let context: INestApplicationContext;
  let ds: DataSource;
  let summary: SyntheticSummary;
  const progressLines: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rt-synthetic-'));
    // As the tool runs: on the command line's context, here on a database of the test's own.
    context = await createCliContext({ database: { path: join(dir, 'a.sqlite') } });
    ds = context.get(DataSource);
    await ds.transaction((m) => loadReferenceData(m, readReferenceData()));
    summary = await syntheticCommand(context, ['--size', 'small', '--seed', '7'], {
      write: (text: string) => progressLines.push(text),
    });
  });
  afterAll(async () => {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has the size asked for, scopes of realistic size over all 68 States, about 2.5 assessments a pair', async () => {
    expect(summary.recommendations).toBe(1000);
    expect(
      await count(ds, `SELECT COUNT(*) AS n FROM recommendations WHERE ref LIKE 'SYN-%'`),
    ).toBe(1000);
    const pairsPerRec = summary.pairs / summary.recommendations;
    expect(pairsPerRec).toBeGreaterThan(6);
    expect(pairsPerRec).toBeLessThan(16);
    const perPair = summary.assessments / summary.pairs;
    expect(perPair).toBeGreaterThan(2);
    expect(perPair).toBeLessThan(3);
    expect(await count(ds, 'SELECT COUNT(*) AS n FROM assessments')).toBe(summary.assessments);
    expect(await count(ds, 'SELECT COUNT(DISTINCT state_id) AS n FROM current_statuses')).toBe(68);
    expect(progressLines.join('')).toContain('1,000 recommendations');
  });

  it("keeps each pair's current status, date and version in step with its latest assessment", async () => {
    const wrong = await count(
      ds,
      `SELECT COUNT(*) AS n FROM current_statuses p
        LEFT JOIN assessments a ON a.id = (SELECT b.id FROM assessments b WHERE b.pair_id = p.id
                                           ORDER BY b.assessed_on DESC, b.id DESC LIMIT 1)
        WHERE p.assessment_id IS NOT a.id OR p.status IS NOT COALESCE(a.status, 'no_information')
           OR p.assessed_on IS NOT a.assessed_on
           OR p.version != 1 + (SELECT COUNT(*) FROM assessments c WHERE c.pair_id = p.id)`,
    );
    expect(wrong).toBe(0);
  });

  it('makes recommendations the search finds', async () => {
    expect(
      await count(
        ds,
        `SELECT COUNT(*) AS n FROM recommendations_fts WHERE recommendations_fts MATCH 'border'`,
      ),
    ).toBeGreaterThan(10);
  });

  it('is the same data set for the same seed, another for another seed, and says which it is', async () => {
    const again = await freshDatabase(dir, 'b');
    const other = await freshDatabase(dir, 'c');
    try {
      expect(await generateSyntheticData(again, { size: 'small', seed: 7 })).toEqual(summary);
      const fingerprint = (d: DataSource) =>
        d.query(
          `SELECT SUM(id * 31 + pair_id * 7 + LENGTH(status) + LENGTH(note)) AS f,
                  MIN(assessed_on) AS first, MAX(assessed_on) AS last FROM assessments`,
        );
      expect(await fingerprint(again)).toEqual(await fingerprint(ds));
      await generateSyntheticData(other, { size: 'small', seed: 8 });
      expect(await fingerprint(other)).not.toEqual(await fingerprint(ds));
      expect(await syntheticSummaryOf(ds)).toEqual(summary);
    } finally {
      await again.destroy();
      await other.destroy();
    }
  });

  it('goes only into a database without assessments, and names a bad option', async () => {
    await expect(generateSyntheticData(ds, { size: 'small' })).rejects.toThrow(
      /already holds assessments/,
    );
    await expect(syntheticCommand(context, ['--size', 'huge'])).rejects.toThrow(
      '--size must be one of small, medium, large',
    );
    await expect(syntheticCommand(context, ['--size', 'small', '--seed', 'x'])).rejects.toThrow(
      '--seed must be a whole number',
    );
  });
});
