import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ImplementationStatus } from '../assessments/implementation-status.enum.js';
import { toBool, toIsoDate } from '../common/sql-values.js';
import { isPostgres, jsonIdList, sqlNow } from '../database/dialect.js';
import { factFromJson } from '../measures/facts.js';
import { MeasuresRepository } from '../measures/measures.repository.js';
import type { Subject } from '../subjects/subject.js';
import { Import, type ImportCounts, type ImportStatus } from './import.entity.js';
import type {
  PairFacts,
  RecommendationMeasure,
  RecommendationRef,
  StoredAssessment,
} from './import-plan.js';

/** What a new import row holds; the database sets its id and upload time. */
export type NewImport = Pick<
  Import,
  | 'userId'
  | 'apiTokenId'
  | 'uploadedBy'
  | 'filename'
  | 'format'
  | 'content'
  | 'counts'
  | 'pairVersions'
>;

/** Whose imports a list shows: a user's, an API token's, or everyone's. */
export type ImportOwner = { userId: number } | { apiTokenId: number } | null;

/**
 * Every statement of imports: the import rows (a kept file, its counts and status), and the
 * facts an import plan is made from. The reads of facts take the manager of the caller's
 * transaction when applying (the sqlite driver has one connection), else use the data source's. Assessments are
 * written by the pairs repository, never here.
 */
@Injectable()
export class ImportsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly measures: MeasuresRepository,
  ) {}

  /** Keeps a dry run; returns its id. */
  async insertDryRun(m: EntityManager, values: NewImport): Promise<number> {
    const saved = await m.save(m.create(Import, { ...values, status: 'dry-run' }));
    return saved.id;
  }

  /** Discards the dry runs uploaded before `cutoff` and deletes their files; the rows stay. */
  async discardExpired(m: EntityManager, cutoff: Date): Promise<void> {
    await m
      .createQueryBuilder()
      .update(Import)
      .set({ status: 'discarded', content: '' })
      .where('status = :status AND created_at < :cutoff', {
        status: 'dry-run',
        // The stored form of a time on SQLite (UTC text); PostgreSQL reads it as a timestamp.
        cutoff: cutoff.toISOString().slice(0, 19).replace('T', ' '),
      })
      .execute();
  }

  /** One import, its file's content only when asked for; null when there is none. */
  async load(id: number, withContent = false): Promise<Import | null> {
    const qb = this.summaryQuery().where('i.id = :id', { id });
    if (withContent) qb.addSelect('i.content');
    return qb.getOne();
  }

  /** The status of an import as `m` sees it (inside the apply transaction). */
  async statusOf(m: EntityManager, id: number): Promise<ImportStatus> {
    const row = await m.findOneOrFail(Import, {
      select: { id: true, status: true },
      where: { id },
    });
    return row.status;
  }

  /** Recent imports of `owner` (everyone's when null), newest first. */
  async list(owner: ImportOwner, limit: number): Promise<Import[]> {
    const qb = this.summaryQuery().orderBy('i.id', 'DESC').take(limit);
    if (owner && 'userId' in owner) qb.where('i.userId = :userId', { userId: owner.userId });
    else if (owner) qb.where('i.apiTokenId = :tokenId', { tokenId: owner.apiTokenId });
    return qb.getMany();
  }

  /** Marks a dry run applied, now, with the counts of what was written. */
  async markApplied(m: EntityManager, id: number, counts: ImportCounts): Promise<void> {
    await m
      .createQueryBuilder()
      .update(Import)
      .set({ status: 'applied', counts, appliedAt: () => sqlNow(m) })
      .where('id = :id', { id })
      .execute();
  }

  /** Sets a dry run aside (no change when it was applied or discarded meanwhile). */
  async discard(m: EntityManager, id: number): Promise<void> {
    await m.update(Import, { id, status: 'dry-run' }, { status: 'discarded' });
  }

  /** Recommendations by upper-case ref. */
  async refsByKey(
    m: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, RecommendationRef>> {
    const rows = await m.query<{ id: number; ref: string }[]>(
      'SELECT "id", "ref" FROM "recommendations"',
    );
    return new Map(rows.map((r) => [r.ref.toUpperCase(), { id: Number(r.id), ref: r.ref }]));
  }

  /** States by upper-case ISO3 code and organisations by acronym (a State wins, as in the API). */
  async subjectsByCode(m: EntityManager = this.dataSource.manager): Promise<Map<string, Subject>> {
    const states = await m.query<{ id: number; code: string; name: string }[]>(
      'SELECT "id", "iso3" AS code, "name" FROM "states"',
    );
    const orgs = await m.query<{ id: number; code: string; name: string }[]>(
      'SELECT "id", "acronym" AS code, "name" FROM "organisations"',
    );
    const map = new Map<string, Subject>();
    for (const o of orgs) {
      map.set(o.code.toUpperCase(), {
        kind: 'organisation',
        id: Number(o.id),
        code: o.code,
        name: o.name,
      });
    }
    for (const s of states) {
      map.set(s.code.toUpperCase(), {
        kind: 'state',
        id: Number(s.id),
        code: s.code,
        name: s.name,
      });
    }
    return map;
  }

  /** The tracked pairs of these recommendations, with their versions and current statuses. */
  async pairsOf(
    recommendationIds: readonly number[],
    m: EntityManager = this.dataSource.manager,
  ): Promise<PairFacts[]> {
    if (recommendationIds.length === 0) return [];
    const rows = await m.query<
      {
        id: number;
        recommendationId: number;
        stateId: number | null;
        organisationId: number | null;
        inScope: unknown;
        version: number;
        status: ImplementationStatus;
        assessedOn: unknown;
      }[]
    >(
      `SELECT "id", "recommendation_id" AS "recommendationId", "state_id" AS "stateId",
              "organisation_id" AS "organisationId", "in_scope" AS "inScope", "version", "status",
              "assessed_on" AS "assessedOn"
       FROM "current_statuses" WHERE "recommendation_id" IN (${jsonIdList(m, 1)})`,
      [JSON.stringify(recommendationIds)],
    );
    return rows.map((p) => ({
      id: Number(p.id),
      recommendationId: Number(p.recommendationId),
      subject:
        p.stateId !== null
          ? { kind: 'state', id: Number(p.stateId) }
          : { kind: 'organisation', id: Number(p.organisationId) },
      inScope: toBool(p.inScope),
      version: Number(p.version),
      status: p.status,
      assessedOn: toIsoDate(p.assessedOn),
    }));
  }

  /** The assessments recorded on these (pair id, YYYY-MM-DD) keys. */
  async existingOf(
    keys: readonly [number, string][],
    m: EntityManager = this.dataSource.manager,
  ): Promise<StoredAssessment[]> {
    if (keys.length === 0) return [];
    // CROSS JOIN keeps the keys as the outer loop, so each key is one index lookup.
    const rows = await m.query<
      (Omit<StoredAssessment, 'assessedOn' | 'fact'> & { assessedOn: unknown; fact: unknown })[]
    >(
      `SELECT a."pair_id" AS "pairId", a."assessed_on" AS "assessedOn", a."status", a."note",
              a."evidence_url" AS "evidenceUrl", a."evidence_citation" AS "evidenceCitation",
              a."fact", a."derived_status" AS "derivedStatus",
              a."override_reason" AS "overrideReason"
       ${
         isPostgres(m)
           ? `FROM jsonb_array_elements($1::jsonb) AS j(v) CROSS JOIN "assessments" AS a
       WHERE a."pair_id" = (j.v->>0)::integer AND a."assessed_on" = (j.v->>1)::date`
           : `FROM json_each(?) AS j CROSS JOIN "assessments" AS a
       WHERE a."pair_id" = json_extract(j.value, '$[0]') AND a."assessed_on" = json_extract(j.value, '$[1]')`
       }`,
      [JSON.stringify(keys)],
    );
    return rows.map((row) => ({
      ...row,
      pairId: Number(row.pairId),
      assessedOn: toIsoDate(row.assessedOn) ?? '',
      fact: factFromJson(row.fact),
    }));
  }

  /**
   * The measures of those of these recommendations that are measured by facts now, each with
   * its versions and the histories of its pairs: what planning their lines needs.
   */
  async measuresOf(
    recommendationIds: readonly number[],
    m: EntityManager = this.dataSource.manager,
  ): Promise<Map<number, RecommendationMeasure>> {
    const wanted = new Set(recommendationIds);
    const out = new Map<number, RecommendationMeasure>();
    for (const { recommendationId } of await this.measures.measured(m)) {
      if (!wanted.has(recommendationId)) continue;
      out.set(recommendationId, {
        versions: await this.measures.versions(m, recommendationId),
        histories: await this.measures.histories(m, recommendationId),
      });
    }
    return out;
  }

  private summaryQuery() {
    return this.dataSource
      .getRepository(Import)
      .createQueryBuilder('i')
      .select([
        'i.id',
        'i.userId',
        'i.apiTokenId',
        'i.uploadedBy',
        'i.filename',
        'i.format',
        'i.counts',
        'i.pairVersions',
        'i.status',
        'i.createdAt',
        'i.appliedAt',
      ]);
  }
}
