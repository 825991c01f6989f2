import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ImplementationStatus } from '../assessments/implementation-status.enum.js';
import { toIsoDate, toIsoTimestamp } from '../common/sql-values.js';
import { param, sqlBool } from '../database/dialect.js';
import { factFromJson } from './facts.js';
import { Measure as MeasureRow } from './measure.entity.js';
import {
  isFactMeasure,
  type Fact,
  type FactMeasure,
  type Measure,
  type MeasureKind,
} from './measure.types.js';
import type { FactJudgement, MeasureVersion } from './timeline.js';

/** The author of the measures the reference data sets. */
export const REFERENCE_DATA_AUTHOR = 'Reference data';

/** A version of a measure with who set it, when and why. */
export interface StoredMeasureVersion extends MeasureVersion {
  note: string | null;
  author: string;
  /** ISO 8601, UTC. */
  recordedAt: string;
}

/** A recommendation's current measure, for lists. */
export interface MeasuredRecommendation {
  recommendationId: number;
  ref: string;
  title: string;
  kind: MeasureKind;
  version: number;
  effectiveOn: string;
}

/** An assessment as derivation reads it, with its pair. */
export interface PairJudgement extends FactJudgement {
  pairId: number;
  measureVersion: number | null;
}

/** A pair in a recommendation's scope, with its subject and version. */
export interface ScopedPair {
  pairId: number;
  version: number;
  subject: { kind: 'state' | 'organisation'; code: string; name: string };
}

/** A fact recorded for a recommendation, with the subject (ISO3 or acronym) it is for. */
export interface RecordedFact {
  fact: Fact;
  subject: string;
}

/** The columns of a measure as stored. */
export function measureRow(measure: Measure): { kind: MeasureKind; rule: string | null } {
  return {
    kind: measure.kind,
    rule: measure.kind === 'graded' ? null : JSON.stringify(measure.rule),
  };
}

/** A measure from its stored columns (stored rules were checked when they were set). */
export function measureOf(kind: MeasureKind, rule: string | null): Measure {
  if (kind === 'graded' || rule === null) return { kind: 'graded' };
  const parsed: unknown = JSON.parse(rule);
  return { kind, rule: parsed } as Measure;
}

interface RawVersion {
  version: number;
  kind: MeasureKind;
  rule: string | null;
  effective_on: unknown;
  note: string | null;
  author: string;
  recorded_at: unknown;
}

interface RawJudgement {
  pair_id: number;
  id: number;
  status: ImplementationStatus;
  assessed_on: unknown;
  fact: string | null;
  derived_status: ImplementationStatus | null;
  override_reason: string | null;
  measure_version: number | null;
}

/**
 * The SQL of measures: their versions, and what derivation reads of a recommendation's
 * assessments. Every method runs on the manager given (the caller's transaction, when inside
 * one: the SQLite driver has one connection).
 */
@Injectable()
export class MeasuresRepository {
  /** Every version of a recommendation's measure, oldest first (none: graded). */
  async versions(
    manager: EntityManager,
    recommendationId: number,
  ): Promise<StoredMeasureVersion[]> {
    const rows = await manager.query<RawVersion[]>(
      `SELECT version, kind, rule, effective_on, note, author, recorded_at FROM measures
        WHERE recommendation_id = ${param(manager, 1)} ORDER BY version`,
      [recommendationId],
    );
    return rows.map((r) => ({
      version: Number(r.version),
      effectiveOn: toIsoDate(r.effective_on) ?? '',
      measure: measureOf(r.kind, r.rule),
      note: r.note,
      author: r.author,
      recordedAt: toIsoTimestamp(r.recorded_at) ?? '',
    }));
  }

  /** Adds a version (its number checked by the caller; unique per recommendation). */
  async addVersion(
    manager: EntityManager,
    row: {
      recommendationId: number;
      version: number;
      measure: Measure;
      effectiveOn: string;
      note: string | null;
      author: string;
      userId: number | null;
      apiTokenId: number | null;
    },
  ): Promise<void> {
    const { measure, ...rest } = row;
    await manager.insert(MeasureRow, { ...rest, ...measureRow(measure) });
  }

  /**
   * The assessments of a recommendation's pairs (only of `pairId` when given), by pair, oldest
   * first: what derivation needs of each (facts, derived status, override).
   */
  async histories(
    manager: EntityManager,
    recommendationId: number,
    pairId?: number,
  ): Promise<Map<number, PairJudgement[]>> {
    const rows = await manager.query<RawJudgement[]>(
      `SELECT a.pair_id, a.id, a.status, a.assessed_on, a.fact, a.derived_status, a.override_reason, a.measure_version
         FROM assessments a
        WHERE a.pair_id IN (SELECT p.id FROM current_statuses p WHERE p.recommendation_id = ${param(manager, 1)})
          ${pairId === undefined ? '' : `AND a.pair_id = ${param(manager, 2)}`}
        ORDER BY a.pair_id, a.assessed_on, a.id`,
      pairId === undefined ? [recommendationId] : [recommendationId, pairId],
    );
    const out = new Map<number, PairJudgement[]>();
    for (const r of rows) {
      const judgement: PairJudgement = {
        pairId: Number(r.pair_id),
        id: Number(r.id),
        status: r.status,
        assessedOn: toIsoDate(r.assessed_on) ?? '',
        fact: factFromJson(r.fact),
        derivedStatus: r.derived_status,
        overrideReason: r.override_reason,
        measureVersion: r.measure_version === null ? null : Number(r.measure_version),
      };
      const list = out.get(judgement.pairId) ?? [];
      list.push(judgement);
      out.set(judgement.pairId, list);
    }
    return out;
  }

  /** The pairs in a recommendation's scope, with their subjects and versions, by pair id. */
  async pairsInScope(
    manager: EntityManager,
    recommendationId: number,
  ): Promise<Map<number, ScopedPair>> {
    const rows = await manager.query<
      {
        id: number;
        version: number;
        iso3: string | null;
        state_name: string | null;
        acronym: string | null;
        org_name: string | null;
      }[]
    >(
      `SELECT p.id, p.version, s.iso3, s.name AS state_name, o.acronym, o.name AS org_name
         FROM current_statuses p
         LEFT JOIN states s ON s.id = p.state_id
         LEFT JOIN organisations o ON o.id = p.organisation_id
        WHERE p.recommendation_id = ${param(manager, 1)} AND p.in_scope = ${param(manager, 2)}
        ORDER BY CASE WHEN p.state_id IS NULL THEN 1 ELSE 0 END, COALESCE(s.name, o.name)`,
      [recommendationId, sqlBool(manager, true)],
    );
    return new Map(
      rows.map((r) => [
        Number(r.id),
        {
          pairId: Number(r.id),
          version: Number(r.version),
          subject:
            r.iso3 !== null
              ? { kind: 'state', code: r.iso3, name: r.state_name ?? '' }
              : { kind: 'organisation', code: r.acronym ?? '', name: r.org_name ?? '' },
        },
      ]),
    );
  }

  /** Every fact recorded for a recommendation, with its subject's code. */
  async facts(manager: EntityManager, recommendationId: number): Promise<RecordedFact[]> {
    const rows = await manager.query<
      { fact: string; iso3: string | null; acronym: string | null }[]
    >(
      `SELECT a.fact, s.iso3, o.acronym
         FROM assessments a
         INNER JOIN current_statuses p ON p.id = a.pair_id
         LEFT JOIN states s ON s.id = p.state_id
         LEFT JOIN organisations o ON o.id = p.organisation_id
        WHERE p.recommendation_id = ${param(manager, 1)} AND a.fact IS NOT NULL`,
      [recommendationId],
    );
    return rows.flatMap((r) => {
      const fact = factFromJson(r.fact);
      return fact ? [{ fact, subject: r.iso3 ?? r.acronym ?? '' }] : [];
    });
  }

  /** The current measure of every recommendation measured by facts, by ref. */
  async currentByRef(manager: EntityManager): Promise<Map<string, FactMeasure>> {
    const rows = await manager.query<{ ref: string; kind: MeasureKind; rule: string | null }[]>(
      `SELECT r.ref, m.kind, m.rule
         FROM measures m
         INNER JOIN recommendations r ON r.id = m.recommendation_id
        WHERE m.version = (SELECT MAX(m2.version) FROM measures m2 WHERE m2.recommendation_id = m.recommendation_id)
          AND m.kind <> 'graded'`,
    );
    const byRef = new Map<string, FactMeasure>();
    for (const row of rows) {
      const measure = measureOf(row.kind, row.rule);
      if (isFactMeasure(measure)) byRef.set(row.ref, measure);
    }
    return byRef;
  }

  /** The recommendations whose current measure is not graded, in event and source order. */
  async measured(manager: EntityManager): Promise<MeasuredRecommendation[]> {
    const rows = await manager.query<
      {
        recommendation_id: number;
        ref: string;
        title: string;
        kind: MeasureKind;
        version: number;
        effective_on: unknown;
      }[]
    >(
      `SELECT m.recommendation_id, r.ref, r.title, m.kind, m.version, m.effective_on
         FROM measures m
         INNER JOIN recommendations r ON r.id = m.recommendation_id
        WHERE m.version = (SELECT MAX(m2.version) FROM measures m2 WHERE m2.recommendation_id = m.recommendation_id)
          AND m.kind <> 'graded'
        ORDER BY r.event_id, r.position, r.id`,
    );
    return rows.map((r) => ({
      recommendationId: Number(r.recommendation_id),
      ref: r.ref,
      title: r.title,
      kind: r.kind,
      version: Number(r.version),
      effectiveOn: toIsoDate(r.effective_on) ?? '',
    }));
  }
}
