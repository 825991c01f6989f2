/**
 * The statements of an assessment write, in plain SQL: every write of the app runs them, and
 * building them through TypeORM's query builder cost more than running them (its alias
 * rewriting, entity hydration and the reload of the inserted row). They run on the manager of
 * the write's transaction.
 */
import type { EntityManager } from 'typeorm';
import { isPostgres, param } from '../database/dialect.js';
import { toBool, toIsoDate, toIsoTimestamp } from '../common/sql-values.js';
import type { Subject } from '../subjects/subject.js';
import type { ImplementationStatus } from './implementation-status.enum.js';

/** What a write needs to know of a tracked pair. */
export interface PairState {
  id: number;
  inScope: boolean;
  status: ImplementationStatus;
  assessedOn: string | null;
  assessmentId: number | null;
  version: number;
}

export interface NewAssessment {
  pairId: number;
  status: ImplementationStatus;
  assessedOn: string;
  note: string | null;
  internalNote: string | null;
  evidenceUrl: string | null;
  evidenceCitation: string | null;
  author: string;
  userId: number | null;
  apiTokenId: number | null;
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

/** The pair of a recommendation and a subject, or null when it was never tracked. */
export async function readPair(
  manager: EntityManager,
  recommendationId: number,
  subject: Pick<Subject, 'kind' | 'id'>,
): Promise<PairState | null> {
  const column = subject.kind === 'state' ? 'state_id' : 'organisation_id';
  const rows = await manager.query<RawPairState[]>(
    `SELECT ${PAIR_COLUMNS} FROM current_statuses
     WHERE recommendation_id = ${param(manager, 1)} AND ${column} = ${param(manager, 2)}`,
    [recommendationId, subject.id],
  );
  return rows.length === 0 ? null : toPairState(rows[0]);
}

/** Every pair of a recommendation (one read), found by subject with `pairKey()`. */
export async function readPairsOf(
  manager: EntityManager,
  recommendationId: number,
): Promise<Map<string, PairState>> {
  const rows = await manager.query<RawPairState[]>(
    `SELECT ${PAIR_COLUMNS} FROM current_statuses WHERE recommendation_id = ${param(manager, 1)}`,
    [recommendationId],
  );
  return new Map(
    rows.map((row) => [
      row.state_id !== null
        ? pairKey({ kind: 'state', id: Number(row.state_id) })
        : pairKey({ kind: 'organisation', id: Number(row.organisation_id) }),
      toPairState(row),
    ]),
  );
}

export function pairKey(subject: Pick<Subject, 'kind' | 'id'>): string {
  return `${subject.kind}:${subject.id}`;
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

/** Appends an assessment; answers its id and when it was recorded (ISO 8601, UTC). */
export async function insertAssessment(
  manager: EntityManager,
  a: NewAssessment,
): Promise<{ id: number; recordedAt: string }> {
  const values = [
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
  ];
  const columns =
    'pair_id, status, assessed_on, note, internal_note, evidence_url, evidence_citation, author, user_id, api_token_id';
  if (isPostgres(manager)) {
    const placeholders = values.map((_, i) => `$${i + 1}`).join(', ');
    const rows = await manager.query<{ id: number; recorded_at: unknown }[]>(
      `INSERT INTO assessments (${columns}) VALUES (${placeholders}) RETURNING id, recorded_at`,
      values,
    );
    return { id: Number(rows[0].id), recordedAt: toIsoTimestamp(rows[0].recorded_at) ?? '' };
  }
  // SQLite answers an INSERT with the new row id; the time is the one datetime('now') would store.
  const now = new Date();
  now.setUTCMilliseconds(0);
  const id = await manager.query<number>(
    `INSERT INTO assessments (${columns}, recorded_at) VALUES (${values.map(() => '?').join(', ')}, ?)`,
    [...values, now.toISOString().slice(0, 19).replace('T', ' ')],
  );
  // As the entity reads it back: a Date, whole seconds.
  return { id: Number(id), recordedAt: now.toISOString() };
}

/**
 * Moves the pair's version on from `baseVersion`, and its current status to `current` when
 * given. False when the pair is no longer at `baseVersion` (another process wrote meanwhile).
 */
export async function movePair(
  manager: EntityManager,
  pairId: number,
  baseVersion: number,
  current?: { status: ImplementationStatus; assessedOn: string; assessmentId: number },
): Promise<boolean> {
  const p = (n: number) => param(manager, n);
  const sets = ['version = version + 1', 'updated_at = CURRENT_TIMESTAMP'];
  const parameters: unknown[] = [];
  if (current) {
    sets.push(`status = ${p(1)}`, `assessed_on = ${p(2)}`, `assessment_id = ${p(3)}`);
    parameters.push(current.status, current.assessedOn, current.assessmentId);
  }
  const n = parameters.length;
  parameters.push(pairId, baseVersion);
  const runner = manager.queryRunner;
  if (!runner) throw new Error('movePair runs inside a transaction');
  const result = await runner.query(
    `UPDATE current_statuses SET ${sets.join(', ')} WHERE id = ${p(n + 1)} AND version = ${p(n + 2)}`,
    parameters,
    true,
  );
  return result.affected === 1;
}
