import type { DataSource, QueryRunner } from 'typeorm';
import { ImplementationStatus } from '../../src/assessments/implementation-status.enum.js';
import { PairsRepository, type NewAssessment } from '../../src/assessments/pairs.repository.js';
import type { Progress } from '../../src/common/progress.js';
import { advanceSequences } from '../../src/database/sequences.js';
import { Setting } from '../../src/database/setting.entity.js';
import { seededRandom, type Random } from '../../src/common/random.js';
import { ACTIONS, AREAS, MEANS, NOTES, PLACES } from './words.js';

/** Recommendations per size; every other count follows from them. */
export const SYNTHETIC_SIZES = { small: 1_000, medium: 10_000, large: 100_000 } as const;
export type SyntheticSize = keyof typeof SYNTHETIC_SIZES;
export const SYNTHETIC_SIZE_NAMES = Object.keys(SYNTHETIC_SIZES) as SyntheticSize[];

/** Bumped whenever the generator changes what it makes: a data set of another version is rebuilt. */
export const SYNTHETIC_VERSION = 2;
/** The setting that records which synthetic data set a database holds. */
export const SYNTHETIC_SETTING = 'synthetic_data';
export const SYNTHETIC_AUTHOR = 'Synthetic data (generated)';
export const DEFAULT_SYNTHETIC_SEED = 20_101;

export interface SyntheticOptions {
  size: SyntheticSize;
  seed?: number;
  /** Recommendations done so far, of the size's total. */
  progress?: Progress;
}

export interface SyntheticSummary {
  size: SyntheticSize;
  seed: number;
  version: number;
  events: number;
  recommendations: number;
  pairs: number;
  assessments: number;
}

/** Recommendations per event, on average: a workshop adopts a few dozen. */
const RECOMMENDATIONS_PER_EVENT = 25;
const SESSIONS_PER_EVENT = 4;
const FIRST_YEAR = 2000;
const LAST_YEAR = 2025;
/** The last date an assessment may carry: the data set does not depend on the day it is built. */
const LAST_DATE = '2026-10-31';
/** Rows per INSERT statement, within SQLite's and PostgreSQL's limits on parameters. */
const ROWS_PER_STATEMENT = 400;
/** Events written per transaction. */
const EVENTS_PER_COMMIT = 40;
/** Assessments kept before they are appended. */
const ASSESSMENTS_PER_LOAD = 5_000;

/** Assessments per pair: none to five, two and a half on average (about 3M at large). */
const ASSESSMENT_COUNTS = [0, 1, 2, 2, 3, 3, 4, 5];
/** The statuses an assessment moves through, weighted towards progress over time. */
const RATED = [
  ImplementationStatus.NotImplemented,
  ImplementationStatus.PartiallyImplemented,
  ImplementationStatus.MostlyImplemented,
  ImplementationStatus.Implemented,
];

interface Reference {
  participating: number[];
  partners: number[];
  themes: number[];
}

/**
 * Fills a migrated database holding only the reference data with a synthetic, deterministic
 * data set: for the same size and seed the same rows, whatever the machine or the day.
 *
 * - Events of about 25 recommendations in 4 sessions, one every few weeks from 2000 to 2025.
 * - Each event addresses a scope of States of realistic size: most a region's handful (2–8
 *   States), some a wider group (10–20), a few all participating States; partners now and then
 *   (the first events make sure that every State is addressed).
 *   Every recommendation of the event is tracked for each State of its scope: about 12 pairs per
 *   recommendation, with all 68 States in play.
 * - One or two themes per recommendation, from the reference themes.
 * - Zero to five assessments per pair (two and a half on average), dated after the event, moving mostly up the
 *   scale, with a note, sometimes evidence, now and then an internal note.
 *
 * Rows are written with multi-row INSERTs in transactions of a few dozen events, ids assigned
 * here so that each pair's current status is known without reading back.
 */
export async function generateSyntheticData(
  dataSource: DataSource,
  options: SyntheticOptions,
): Promise<SyntheticSummary> {
  const seed = options.seed ?? DEFAULT_SYNTHETIC_SEED;
  const total = SYNTHETIC_SIZES[options.size];
  const random = seededRandom(seed);
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  let synchronous: number | null = null;
  try {
    const reference = await readReference(runner);
    await refuseUnlessEmpty(runner);
    const ids = await nextIds(runner);
    const postgres = dataSource.options.type === 'postgres';
    const writer = new RowWriter(runner, postgres);
    // Assessments go through the pairs repository's bulk append, after the rows they refer to.
    const pairs = new PairsRepository(dataSource);
    const assessments: NewAssessment[] = [];
    const flush = async (): Promise<void> => {
      await writer.flush();
      await pairs.load(runner.manager, assessments.splice(0));
    };
    // A generated data set can be generated again: SQLite need not wait for the disk on each
    // commit while it is written (restored afterwards).
    if (!postgres) {
      [{ synchronous }] = await select<{ synchronous: number }[]>(runner, 'PRAGMA synchronous');
      await runner.query('PRAGMA synchronous = OFF');
    }
    const summary: SyntheticSummary = {
      size: options.size,
      seed,
      version: SYNTHETIC_VERSION,
      events: 0,
      recommendations: 0,
      pairs: 0,
      assessments: 0,
    };
    const events = Math.ceil(total / RECOMMENDATIONS_PER_EVENT);
    const days = daysBetween(`${FIRST_YEAR}-01-01`, `${LAST_YEAR}-12-31`);

    await runner.startTransaction();
    for (let e = 0; e < events; e++) {
      const eventId = ids.event++;
      const start = addDays(`${FIRST_YEAR}-01-01`, Math.floor((e / events) * days));
      const end = addDays(start, 1 + Math.floor(random() * 2));
      const place = pick(random, PLACES);
      const area = pick(random, AREAS);
      const number = String(e + 1).padStart(String(events).length, '0');
      const slug = `synthetic-${number}`;
      const scope = eventScope(random, reference, e);
      await writer.add('events', EVENT_COLUMNS, [
        eventId,
        slug,
        `Synthetic workshop ${number} on ${area} (${place})`,
        e % 7 === 6 ? 'conference' : 'workshop',
        start,
        end,
        place,
        `A generated event for measuring the tracker at scale (data set seed ${seed}).`,
        'Synthetic data',
        '[]',
        '["synthetic"]',
      ]);
      for (const stateId of scope) {
        await writer.add(
          'event_participating_states',
          ['event_id', 'state_id'],
          [eventId, stateId],
        );
      }
      const sessionIds: number[] = [];
      for (let s = 1; s <= SESSIONS_PER_EVENT; s++) {
        const sessionId = ids.session++;
        sessionIds.push(sessionId);
        await writer.add(
          'event_sessions',
          ['id', 'event_id', 'number', 'title', 'position'],
          [sessionId, eventId, toRoman(s), `${pick(random, ACTIONS)} ${pick(random, AREAS)}`, s],
        );
      }

      const recs = Math.min(RECOMMENDATIONS_PER_EVENT, total - summary.recommendations);
      for (let r = 0; r < recs; r++) {
        const recId = ids.recommendation++;
        const action = pick(random, ACTIONS);
        const areaOfRec = pick(random, AREAS);
        const means = pick(random, MEANS);
        await writer.add('recommendations', RECOMMENDATION_COLUMNS, [
          recId,
          `SYN-${number}.${r + 1}`,
          eventId,
          sessionIds[Math.floor((r * SESSIONS_PER_EVENT) / recs)],
          r + 1,
          `${action} ${areaOfRec}`.slice(0, 200),
          `Participating States should ${action.toLowerCase()} ${areaOfRec} ${means}, ` +
            `and report on progress at the next ${pick(random, AREAS)} meeting.`,
          'participating-states',
          `${start} 00:00:00`,
          `${start} 00:00:00`,
        ]);
        const themes = pickSome(random, reference.themes, random() < 0.35 ? 2 : 1);
        for (const themeId of themes) {
          await writer.add(
            'recommendation_themes',
            ['recommendation_id', 'theme_id'],
            [recId, themeId],
          );
        }
        for (const stateId of scope) {
          const pairId = ids.pair++;
          const history = assessmentsOf(random, end);
          // The pair as it starts; its assessments move it on, by the one append.
          await writer.add('current_statuses', PAIR_COLUMNS, [
            pairId,
            recId,
            stateId,
            1,
            ImplementationStatus.NoInformation,
            1,
            `${start} 12:00:00`,
          ]);
          for (const a of history) {
            const id = ids.assessment++;
            const n = random();
            assessments.push({
              pairId,
              status: a.status,
              assessedOn: a.date,
              note: `${pick(random, NOTES)} (${a.date.slice(0, 4)}).`,
              internalNote:
                n < 0.1 ? 'Internal: to be confirmed with the national focal point.' : null,
              evidenceUrl: n < 0.3 ? `https://example.org/synthetic/${pairId}/${id}` : null,
              evidenceCitation:
                n > 0.7 ? `National report ${a.date.slice(0, 4)}, section ${1 + (id % 9)}` : null,
              author: SYNTHETIC_AUTHOR,
              userId: null,
              apiTokenId: null,
              recordedAt: `${a.date} 12:00:00`,
            });
          }
          summary.pairs += 1;
          summary.assessments += history.length;
          if (assessments.length >= ASSESSMENTS_PER_LOAD) await flush();
        }
        summary.recommendations += 1;
      }
      summary.events += 1;
      options.progress?.update(summary.recommendations, total);
      if ((e + 1) % EVENTS_PER_COMMIT === 0) {
        await flush();
        // Each commit leaves a database others can write to: no sequence behind the ids written.
        await advanceSequences(runner);
        await runner.commitTransaction();
        await runner.startTransaction();
      }
    }
    await flush();
    await runner.query(
      `INSERT INTO "settings" ("key", "value") VALUES (${writer.placeholder(1)}, ${writer.placeholder(2)})`,
      [SYNTHETIC_SETTING, JSON.stringify(summary)],
    );
    await advanceSequences(runner);
    await runner.commitTransaction();
    // Every assessment moved its pair, so the pairs' pages were rewritten many times: compacted
    // once, the data set reads as one loaded in order would. Then statistics for the planner.
    await runner.query('VACUUM');
    await runner.query('ANALYZE');
    return summary;
  } catch (err) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw err;
  } finally {
    if (synchronous !== null) await runner.query(`PRAGMA synchronous = ${Number(synchronous)}`);
    await runner.release();
  }
}

/** The synthetic data set a database holds, as recorded when it was generated; null if none. */
export async function syntheticSummaryOf(dataSource: DataSource): Promise<SyntheticSummary | null> {
  const row = await dataSource.getRepository(Setting).findOneBy({ key: SYNTHETIC_SETTING });
  return row ? (JSON.parse(row.value) as SyntheticSummary) : null;
}

const EVENT_COLUMNS = [
  'id',
  'slug',
  'title',
  'kind',
  'start_date',
  'end_date',
  'city',
  'summary',
  'source',
  'audience',
  'tags',
];
const RECOMMENDATION_COLUMNS = [
  'id',
  'ref',
  'event_id',
  'session_id',
  'position',
  'title',
  'text',
  'addressee',
  'created_at',
  'updated_at',
];
const PAIR_COLUMNS = [
  'id',
  'recommendation_id',
  'state_id',
  'in_scope',
  'status',
  'version',
  'updated_at',
];

/** The order tables are written in: a row only refers to rows of tables before its own. */
const TABLE_ORDER = [
  'events',
  'event_participating_states',
  'event_sessions',
  'recommendations',
  'recommendation_themes',
  'current_statuses',
];

/**
 * Buffers rows per table and writes them with multi-row INSERTs, all tables in TABLE_ORDER
 * whenever one buffer is full (foreign keys are checked per statement).
 */
class RowWriter {
  private readonly buffers = new Map<string, { columns: string[]; rows: unknown[][] }>(
    TABLE_ORDER.map((t) => [t, { columns: [], rows: [] }]),
  );

  constructor(
    private readonly runner: QueryRunner,
    private readonly postgres: boolean,
  ) {}

  placeholder(n: number): string {
    return this.postgres ? `$${n}` : '?';
  }

  async add(table: string, columns: string[], row: unknown[]): Promise<void> {
    const buffer = this.buffer(table, columns);
    buffer.rows.push(row);
    if (buffer.rows.length >= ROWS_PER_STATEMENT) {
      await this.flush();
    }
  }

  async flush(): Promise<void> {
    for (const [table, buffer] of this.buffers) {
      if (buffer.rows.length === 0) continue;
      const width = buffer.columns.length;
      let n = 0;
      const values = buffer.rows
        .map(() => `(${buffer.columns.map(() => this.placeholder(++n)).join(', ')})`)
        .join(', ');
      const params = buffer.rows.flat();
      if (params.length !== buffer.rows.length * width) throw new Error(`Bad row for ${table}`);
      await this.runner.query(
        `INSERT INTO "${table}" (${buffer.columns.map((c) => `"${c}"`).join(', ')}) VALUES ${values}`,
        params,
      );
      buffer.rows = [];
    }
  }

  private buffer(table: string, columns: string[]): { columns: string[]; rows: unknown[][] } {
    const buffer = this.buffers.get(table);
    if (!buffer) throw new Error(`No place for table ${table} in TABLE_ORDER`);
    buffer.columns = columns;
    return buffer;
  }
}

async function select<T>(runner: QueryRunner, sql: string): Promise<T> {
  return (await runner.query(sql)) as T;
}

async function readReference(runner: QueryRunner): Promise<Reference> {
  const states = await select<{ id: number; grp: string }[]>(
    runner,
    `SELECT "id", "group" AS "grp" FROM "states" ORDER BY "id"`,
  );
  const themes = await select<{ id: number }[]>(runner, `SELECT "id" FROM "themes" ORDER BY "id"`);
  if (states.length === 0 || themes.length === 0) {
    throw new SyntheticDataRefusedError(
      'The reference data (States, themes) must be loaded first: npm run cli -- seed',
    );
  }
  return {
    participating: states.filter((s) => s.grp === 'participating').map((s) => Number(s.id)),
    partners: states.filter((s) => s.grp !== 'participating').map((s) => Number(s.id)),
    themes: themes.map((t) => Number(t.id)),
  };
}

/** The database is not one synthetic data may go into. */
export class SyntheticDataRefusedError extends Error {}

async function refuseUnlessEmpty(runner: QueryRunner): Promise<void> {
  const [row] = await select<{ n: number | string }[]>(
    runner,
    `SELECT COUNT(*) AS "n" FROM "assessments"`,
  );
  if (Number(row.n) > 0) {
    throw new SyntheticDataRefusedError(
      'This database already holds assessments; synthetic data goes only into a new database with the reference data alone.',
    );
  }
}

async function nextIds(runner: QueryRunner): Promise<Record<string, number>> {
  const next = async (table: string): Promise<number> => {
    const [row] = await select<{ n: number | string | null }[]>(
      runner,
      `SELECT MAX("id") AS "n" FROM "${table}"`,
    );
    return Number(row.n ?? 0) + 1;
  };
  return {
    event: await next('events'),
    session: await next('event_sessions'),
    recommendation: await next('recommendations'),
    pair: await next('current_statuses'),
    assessment: await next('assessments'),
  };
}

/** The States an event addresses: a region's handful mostly, sometimes wider, now and then all. */
function eventScope(random: Random, ref: Reference, event: number): number[] {
  const roll = random();
  // The first event addresses every participating State, and each partner is addressed by one
  // of the first events at least: every State is in play at every size.
  const size =
    event === 0
      ? ref.participating.length
      : roll < 0.65
        ? 2 + Math.floor(random() * 7)
        : roll < 0.93
          ? 10 + Math.floor(random() * 11)
          : ref.participating.length;
  // A region: a run of neighbouring ids, so that scopes overlap as regions do.
  const start = Math.floor(random() * ref.participating.length);
  const states = Array.from(
    { length: Math.min(size, ref.participating.length) },
    (_, i) => ref.participating[(start + i) % ref.participating.length],
  );
  if (ref.partners.length && random() < 0.25) {
    states.push(...pickSome(random, ref.partners, 1 + Math.floor(random() * 3)));
  }
  if (event < ref.partners.length) states.push(ref.partners[event]);
  return [...new Set(states)].sort((a, b) => a - b);
}

/** A pair's assessments after its event: mostly up the scale, sometimes back, rarely N/A. */
function assessmentsOf(
  random: Random,
  after: string,
): { status: ImplementationStatus; date: string }[] {
  const count = pick(random, ASSESSMENT_COUNTS);
  const room = daysBetween(after, LAST_DATE);
  if (room < count * 2) return [];
  const dates = Array.from({ length: count }, () => addDays(after, 1 + Math.floor(random() * room)))
    .sort()
    .filter((d, i, all) => i === 0 || d !== all[i - 1]);
  let level = Math.floor(random() * 2);
  return dates.map((date) => {
    const roll = random();
    if (roll < 0.04) return { status: ImplementationStatus.NotApplicable, date };
    if (roll < 0.15) level = Math.max(0, level - 1);
    else if (roll < 0.7) level = Math.min(RATED.length - 1, level + 1);
    return { status: RATED[level], date };
  });
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function pickSome<T>(random: Random, items: readonly T[], n: number): T[] {
  const chosen = new Set<T>();
  while (chosen.size < Math.min(n, items.length)) chosen.add(pick(random, items));
  return [...chosen];
}

const DAY = 86_400_000;

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

function toRoman(n: number): string {
  return ['I', 'II', 'III', 'IV', 'V', 'VI'][n - 1] ?? String(n);
}
