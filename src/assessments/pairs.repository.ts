import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { toBool, toIsoDate, toIsoTimestamp } from '../common/sql-values.js';
import { isPostgres, jsonIdList, param } from '../database/dialect.js';
import type { Subject } from '../subjects/subject.js';
import { Assessment } from './assessment.entity.js';
import type { Fact } from '../measures/measure.types.js';
import type { ImplementationStatus } from './implementation-status.enum.js';

/**
 * The pair (a recommendation and the subject it is tracked for) and its assessments are one
 * aggregate, and this is its one repository: every writer appends assessments through
 * `append()` (the single write, the bulk update, the import, the demo data and the synthetic
 * data set), and reads what a write needs of pairs here.
 *
 * The current-status rule itself lives in the database (migration PairMovedByAssessment): each
 * assessment inserted moves its pair's version on by one, and becomes the pair's current status
 * when it is the latest by `assessedOn`, then by id. `append()` inserts and reads the pairs
 * back; it never computes a current status.
 *
 * Statements are plain SQL (the query builder cost more than the statements on the write path),
 * run on the manager of the caller's transaction.
 */

/** What a write needs to know of a tracked pair. */
export interface PairState {
  id: number;
  inScope: boolean;
  status: ImplementationStatus;
  assessedOn: string | null;
  assessmentId: number | null;
  version: number;
}

/** What a single assessment was planned on, which must not have changed when it is written. */
export interface AppendGuard {
  /** The version of the pair seen. */
  pairVersion: number;
  recommendationId: number;
  /** How many versions its recommendation's measure had (versions are only ever added). */
  measureVersions: number;
}

/** What a write needs of the recommendation it is for. */
export interface RecommendationKey {
  id: number;
  ref: string;
  title: string;
}

/** An assessment to append to a pair. */
export interface NewAssessment {
  pairId: number;
  status: ImplementationStatus;
  /** YYYY-MM-DD: the date the facts refer to. */
  assessedOn: string;
  note: string | null;
  internalNote: string | null;
  evidenceUrl: string | null;
  evidenceCitation: string | null;
  author: string;
  userId: number | null;
  apiTokenId: number | null;
  /**
   * When it was recorded (YYYY-MM-DD HH:MM:SS, UTC), for a data set loaded with a history of
   * its own; otherwise now.
   */
  recordedAt?: string;
  /** The fact it records, when the recommendation is measured by facts (see `measures/`). */
  fact?: Fact | null;
  /** The status the measure derived at `assessedOn` (equal to `status` unless overridden). */
  derivedStatus?: ImplementationStatus | null;
  /** Why `status` differs from `derivedStatus`. */
  overrideReason?: string | null;
  /** The version of the measure that derived it. */
  measureVersion?: number | null;
}

/** An assessment as appended: its id, when it was recorded, whether it is now current. */
export interface AppendedAssessment {
  id: number;
  /** ISO 8601, UTC. */
  recordedAt: string;
  becameCurrent: boolean;
}

export interface AppendOutcome {
  /** The assessments appended, in the order they were given. */
  assessments: AppendedAssessment[];
  /** Each pair written to, as it is after the append, by pair id. */
  pairs: Map<number, PairState>;
}

/**
 * The versions of the pairs the writer saw (pair id → version): the append is refused with
 * PairsMoved if any of them was assessed meanwhile.
 */
export type SeenVersions = ReadonlyMap<number, number>;

/** Pairs that another writer assessed since their version was read; the caller rolls back. */
export class PairsMoved extends Error {
  constructor(readonly pairIds: number[]) {
    super(`pairs ${pairIds.join(', ')} were assessed meanwhile`);
    this.name = 'PairsMoved';
  }
}

interface RawPairState {
  id: number;
  state_id: number | null;
  organisation_id: number | null;
  in_scope: unknown;
  status: ImplementationStatus;
  assessed_on: unknown;
  assessment_id: number | null;
  version: number;
}

const PAIR_COLUMNS =
  'id, state_id, organisation_id, in_scope, status, assessed_on, assessment_id, version';

const ASSESSMENT_COLUMNS =
  '"pair_id", "status", "assessed_on", "note", "internal_note", "evidence_url", "evidence_citation", "author", "user_id", "api_token_id", "fact", "derived_status", "override_reason", "measure_version"';

/** The values of an assessment's columns, in the order of ASSESSMENT_COLUMNS. */
function assessmentValues(a: NewAssessment): unknown[] {
  return [
    a.pairId,
    a.status,
    a.assessedOn,
    a.note,
    a.internalNote,
    a.evidenceUrl,
    a.evidenceCitation,
    a.author,
    a.userId,
    a.apiTokenId,
    a.fact ? JSON.stringify(a.fact) : null,
    a.derivedStatus ?? null,
    a.overrideReason ?? null,
    a.measureVersion ?? null,
  ];
}

/** A single write waiting for its transaction's guarded INSERT (SQLite). */
interface GuardedWrite {
  entry: NewAssessment;
  guard: AppendGuard;
  resolve: (outcome: AppendOutcome) => void;
  reject: (reason: unknown) => void;
}

/** Values bound per assessment: its columns and the recording time. */
const VALUES_PER_ROW = 15;

/** Assessments inserted by one statement. */
const INSERT_CHUNK = 500;

export function pairKey(subject: Pick<Subject, 'kind' | 'id'>): string {
  return `${subject.kind}:${subject.id}`;
}

@Injectable()
export class PairsRepository {
  /** The single writes of each SQLite transaction waiting to be inserted together. */
  private readonly guarded = new WeakMap<EntityManager, GuardedWrite[]>();

  constructor(private readonly dataSource: DataSource) {}

  /** The recommendation with this ref, or null. */
  async recommendationByRef(
    manager: EntityManager,
    ref: string,
  ): Promise<RecommendationKey | null> {
    const rows = await manager.query<RecommendationKey[]>(
      `SELECT id, ref, title FROM recommendations WHERE ref = ${param(manager, 1)}`,
      [ref],
    );
    return rows.length === 0 ? null : { ...rows[0], id: Number(rows[0].id) };
  }

  /**
   * The recommendation with this ref and its pair with the subject (null when never tracked),
   * with how many versions its measure has (0: graded), in one read: what a single write needs.
   * Null when there is no such recommendation.
   */
  async pairOfRef(
    manager: EntityManager,
    ref: string,
    subject: Pick<Subject, 'kind' | 'id'>,
  ): Promise<{
    recommendation: RecommendationKey;
    pair: PairState | null;
    measureVersions: number;
  } | null> {
    const column = subject.kind === 'state' ? 'state_id' : 'organisation_id';
    const rows = await manager.query<
      (RawPairState & { r_id: number; ref: string; title: string; measure_versions: number })[]
    >(
      `SELECT r.id AS r_id, r.ref, r.title, ${PAIR_COLUMNS.split(', ')
        .map((c) => `p.${c}`)
        .join(', ')},
         (SELECT COUNT(*) FROM measures m WHERE m.recommendation_id = r.id) AS measure_versions
       FROM recommendations r
       LEFT JOIN current_statuses p ON p.recommendation_id = r.id AND p.${column} = ${param(manager, 1)}
       WHERE r.ref = ${param(manager, 2)}`,
      [subject.id, ref],
    );
    if (rows.length === 0) return null;
    const [row] = rows;
    return {
      recommendation: { id: Number(row.r_id), ref: row.ref, title: row.title },
      pair: row.id === null ? null : toPairState(row),
      measureVersions: Number(row.measure_versions),
    };
  }

  /** Every pair of a recommendation (one read), by `pairKey()` of its subject. */
  async pairsOfRecommendation(
    manager: EntityManager,
    recommendationId: number,
  ): Promise<Map<string, PairState>> {
    const rows = await manager.query<RawPairState[]>(
      `SELECT ${PAIR_COLUMNS} FROM current_statuses WHERE recommendation_id = ${param(manager, 1)}`,
      [recommendationId],
    );
    return new Map(rows.map((row) => [pairKey(subjectOfRow(row)), toPairState(row)]));
  }

  /**
   * A pair's assessments, newest first (by assessedOn, then by recording: the order that decides
   * its status), up to `asOf` when given.
   */
  async historyOf(pairId: number, asOf?: string): Promise<Assessment[]> {
    const qb = this.dataSource
      .getRepository(Assessment)
      .createQueryBuilder('a')
      .where('a.pairId = :pairId', { pairId })
      .orderBy('a.assessedOn', 'DESC')
      .addOrderBy('a.id', 'DESC');
    if (asOf) qb.andWhere('a.assessedOn <= :asOf', { asOf });
    return qb.getMany();
  }

  /** The pairs with these ids, by id. */
  async pairsById(manager: EntityManager, ids: readonly number[]): Promise<Map<number, PairState>> {
    if (ids.length === 0) return new Map();
    // Up to a few hundred ids as parameters of their own, more as one JSON list.
    const short = ids.length <= INSERT_CHUNK;
    const rows = await manager.query<RawPairState[]>(
      `SELECT ${PAIR_COLUMNS} FROM current_statuses WHERE id IN (${
        short ? ids.map((_, i) => param(manager, i + 1)).join(', ') : jsonIdList(manager, 1)
      })`,
      short ? [...ids] : [JSON.stringify(ids)],
    );
    return new Map(rows.map((row) => [Number(row.id), toPairState(row)]));
  }

  /**
   * Appends assessments, in one set of statements, inside the caller's transaction. Assessments
   * of one pair keep the order given (on the same date, the later one given wins). Throws
   * PairsMoved when a pair in `seen` is no longer at the version seen plus the assessments
   * appended to it, or no longer in scope: another writer got there first, and the caller's
   * transaction must roll back.
   */
  async append(
    manager: EntityManager,
    entries: readonly NewAssessment[],
    seen: SeenVersions,
    onProgress?: (appended: number) => void,
  ): Promise<AppendOutcome> {
    if (entries.length === 0) return { assessments: [], pairs: new Map() };
    // In the order of the pairs, so that concurrent writers lock pairs in the same order.
    const order = entries.map((_, i) => i).sort((a, b) => entries[a].pairId - entries[b].pairId);
    const inserted: { id: number; recordedAt: string }[] = new Array<{
      id: number;
      recordedAt: string;
    }>(entries.length);
    for (let i = 0; i < order.length; i += INSERT_CHUNK) {
      const chunk = order.slice(i, i + INSERT_CHUNK);
      const rows = await this.insert(
        manager,
        chunk.map((k) => entries[k]),
      );
      chunk.forEach((k, j) => (inserted[k] = rows[j]));
      onProgress?.(i + chunk.length);
    }
    const counts = new Map<number, number>();
    for (const e of entries) counts.set(e.pairId, (counts.get(e.pairId) ?? 0) + 1);
    const pairs = await this.pairsById(manager, [...counts.keys()]);
    // A pair taken out of scope meanwhile counts as moved too: the writer reads it again.
    const moved = [...counts]
      .filter(([id, n]) => {
        const now = pairs.get(id);
        return !now?.inScope || now.version !== (seen.get(id) ?? NaN) + n;
      })
      .map(([id]) => id);
    if (moved.length > 0) throw new PairsMoved(moved);
    return {
      assessments: entries.map((e, k) => ({
        ...inserted[k],
        becameCurrent: pairs.get(e.pairId)?.assessmentId === inserted[k].id,
      })),
      pairs,
    };
  }

  /**
   * Appends one assessment to a pair only if nothing it was planned on has changed: the pair is
   * still at the version seen and in scope, and its recommendation's measure still has the
   * versions read (`AppendGuard`); then reads the pair back. Throws PairsMoved, having written
   * nothing, when something changed.
   *
   * On SQLite the guard is part of the INSERT, so the caller needs no savepoint to undo anything
   * (see `TransactionRunner.run`), and the single writes that start together in one transaction
   * are written by one INSERT and read back by one SELECT (`insertGuarded`). On PostgreSQL, where
   * every write is a transaction of its own, the measure is checked first and the pair as by
   * `append()`.
   */
  async appendOne(
    manager: EntityManager,
    entry: NewAssessment,
    guard: AppendGuard,
  ): Promise<AppendOutcome> {
    if (isPostgres(manager)) {
      const [{ n }] = await manager.query<{ n: number }[]>(
        'SELECT COUNT(*) AS n FROM measures WHERE recommendation_id = $1',
        [guard.recommendationId],
      );
      if (Number(n) !== guard.measureVersions) throw new PairsMoved([entry.pairId]);
      return this.append(manager, [entry], new Map([[entry.pairId, guard.pairVersion]]));
    }
    return new Promise<AppendOutcome>((resolve, reject) => {
      let waiting = this.guarded.get(manager);
      if (!waiting) {
        const writes: GuardedWrite[] = [];
        waiting = writes;
        this.guarded.set(manager, writes);
        // Once every write started with this one has asked: they ask before their first await.
        queueMicrotask(() => {
          this.guarded.delete(manager);
          void this.insertGuarded(manager, writes);
        });
      }
      waiting.push({ entry, guard, resolve, reject });
    });
  }

  /**
   * Inserts guarded single writes together (SQLite): one INSERT of every row whose guard holds,
   * one SELECT of their pairs. A second write to a pair waits for the next round, so that its
   * guard sees the version the first one left.
   */
  private async insertGuarded(manager: EntityManager, writes: GuardedWrite[]): Promise<void> {
    for (let rest = writes; rest.length > 0;) {
      const round: GuardedWrite[] = [];
      const later: GuardedWrite[] = [];
      const pairIds = new Set<number>();
      for (const w of rest) {
        if (pairIds.has(w.entry.pairId)) later.push(w);
        else {
          pairIds.add(w.entry.pairId);
          round.push(w);
        }
      }
      rest = later;
      try {
        const inserted = await this.insertRound(manager, round);
        const pairs = await this.pairsById(manager, [...inserted.keys()]);
        for (const { entry, resolve, reject } of round) {
          const row = inserted.get(entry.pairId);
          const pair = pairs.get(entry.pairId);
          if (!row || !pair) {
            reject(new PairsMoved([entry.pairId]));
            continue;
          }
          resolve({
            assessments: [{ ...row, becameCurrent: pair.assessmentId === row.id }],
            pairs: new Map([[entry.pairId, pair]]),
          });
        }
      } catch (err) {
        for (const w of round) w.reject(err);
      }
    }
  }

  /** One INSERT of the writes (one per pair) whose guards hold; the rows inserted, by pair. */
  private async insertRound(
    manager: EntityManager,
    writes: readonly GuardedWrite[],
  ): Promise<Map<number, { id: number; recordedAt: string }>> {
    const now = new Date();
    now.setUTCMilliseconds(0);
    const nowText = now.toISOString().slice(0, 19).replace('T', ' ');
    const values: unknown[] = [];
    for (const { entry: a, guard } of writes) {
      values.push(
        ...assessmentValues(a),
        a.recordedAt ?? nowText,
        guard.pairVersion,
        guard.recommendationId,
        guard.measureVersions,
      );
    }
    const row = `(${Array.from({ length: VALUES_PER_ROW + 3 }, () => '?').join(', ')})`;
    // Starting with WITH, the statement answers its RETURNING rows through the driver.
    const rows = await manager.query<{ id: number; pair_id: number }[]>(
      `WITH v (${ASSESSMENT_COLUMNS}, "recorded_at", "seen_version", "recommendation_id", "measure_versions")
         AS (VALUES ${writes.map(() => row).join(', ')})
       INSERT INTO "assessments" (${ASSESSMENT_COLUMNS}, "recorded_at")
       SELECT ${ASSESSMENT_COLUMNS}, "recorded_at" FROM v
       WHERE EXISTS (SELECT 1 FROM current_statuses p
                     WHERE p.id = v.pair_id AND p.version = v.seen_version AND p.in_scope = 1)
         AND (SELECT COUNT(*) FROM measures m WHERE m.recommendation_id = v.recommendation_id)
             = v.measure_versions
       RETURNING "id", "pair_id"`,
      values,
    );
    const byPair = new Map(writes.map((w) => [w.entry.pairId, w.entry]));
    return new Map(
      rows.map((r) => {
        const recordedAt = byPair.get(Number(r.pair_id))?.recordedAt;
        return [
          Number(r.pair_id),
          {
            id: Number(r.id),
            recordedAt: recordedAt
              ? new Date(`${recordedAt.replace(' ', 'T')}Z`).toISOString()
              : now.toISOString(),
          },
        ];
      }),
    );
  }

  /**
   * Appends a data set's assessments in bulk, in the order given, with no version check and no
   * answer but their number: for the demo and synthetic data sets, which go only into a database
   * without assessments, inside the loader's own transaction. The pairs move as with `append()`.
   */
  async load(manager: EntityManager, entries: readonly NewAssessment[]): Promise<number> {
    for (let i = 0; i < entries.length; i += INSERT_CHUNK) {
      await this.insert(manager, entries.slice(i, i + INSERT_CHUNK));
    }
    return entries.length;
  }

  /** Inserts assessments in the order given; answers their ids and recording times. */
  private async insert(
    manager: EntityManager,
    entries: readonly NewAssessment[],
  ): Promise<{ id: number; recordedAt: string }[]> {
    // The time datetime('now') would store, in whole seconds, as the entity reads it back.
    const now = new Date();
    now.setUTCMilliseconds(0);
    const postgres = isPostgres(manager);
    const nowText = now.toISOString().slice(0, 19).replace('T', ' ');
    const values: unknown[] = [];
    const rows = entries.map((a) => {
      const first = values.length;
      values.push(
        ...assessmentValues(a),
        // PostgreSQL stamps its own transaction time when none is given.
        postgres ? (a.recordedAt ?? null) : (a.recordedAt ?? nowText),
      );
      const params = Array.from({ length: VALUES_PER_ROW }, (_, i) =>
        param(manager, first + i + 1),
      );
      const last = VALUES_PER_ROW - 1;
      if (postgres) params[last] = `COALESCE(CAST(${params[last]} AS timestamp), now())`;
      return `(${params.join(', ')})`;
    });
    const sql = `INSERT INTO "assessments" (${ASSESSMENT_COLUMNS}, "recorded_at") VALUES ${rows.join(', ')}`;
    if (postgres) {
      const inserted = await manager.query<{ id: number; recorded_at: unknown }[]>(
        `${sql} RETURNING "id", "recorded_at"`,
        values,
      );
      // Ids come from the sequence in the order of the rows.
      return inserted
        .map((r) => ({ id: Number(r.id), recordedAt: toIsoTimestamp(r.recorded_at) ?? '' }))
        .sort((a, b) => a.id - b.id);
    }
    const runner = manager.queryRunner;
    if (!runner) throw new Error('Assessments are appended inside a transaction');
    const result = await runner.query(sql, values, true);
    if (result.affected !== entries.length) throw new Error('Not every assessment was inserted');
    // One INSERT in a transaction of the only writer: its rows take consecutive ids, the last
    // of which the driver reports.
    const last = Number(result.raw);
    const first = last - entries.length + 1;
    return entries.map((a, i) => ({
      id: first + i,
      recordedAt: a.recordedAt
        ? new Date(`${a.recordedAt.replace(' ', 'T')}Z`).toISOString()
        : now.toISOString(),
    }));
  }
}

function subjectOfRow(row: RawPairState): Pick<Subject, 'kind' | 'id'> {
  return row.state_id !== null
    ? { kind: 'state', id: Number(row.state_id) }
    : { kind: 'organisation', id: Number(row.organisation_id) };
}

function toPairState(row: RawPairState): PairState {
  return {
    id: Number(row.id),
    inScope: toBool(row.in_scope),
    status: row.status,
    assessedOn: toIsoDate(row.assessed_on),
    assessmentId: row.assessment_id === null ? null : Number(row.assessment_id),
    version: Number(row.version),
  };
}
