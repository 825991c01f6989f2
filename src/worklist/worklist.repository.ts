import { Injectable } from '@nestjs/common';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { Assessment } from '../assessments/assessment.entity.js';
import type { ImplementationStatus } from '../assessments/implementation-status.enum.js';
import { pairNames, withPairNames, type RawPairNames } from '../assessments/pair-names.js';
import { Pair } from '../assessments/pair.entity.js';
import { toIsoDate, toIsoTimestamp } from '../common/sql-values.js';
import { sqlBool } from '../database/dialect.js';

/** Which pairs a queue looks at: those of some States (null: every pair, organisations too). */
export interface QueueScope {
  stateIds: number[] | null;
}

export interface QueueRow {
  ref: string;
  recommendationTitle: string;
  code: string;
  name: string;
  status: ImplementationStatus;
  assessedOn: string | null;
}

export interface ChangedRow extends QueueRow {
  author: string;
  recordedAt: string;
}

interface RawRow extends RawPairNames {
  status: ImplementationStatus;
  assessedOn: unknown;
}

/**
 * The reads of an analyst's queue: pairs in scope never assessed, pairs whose current assessment
 * is older than a date, and assessments recorded since a date by someone else. Each is a page of
 * rows and a count, over the pairs of the States the analyst may write for.
 */
@Injectable()
export class WorklistRepository {
  constructor(private readonly dataSource: DataSource) {}

  neverAssessed(scope: QueueScope, limit: number): Promise<{ rows: QueueRow[]; total: number }> {
    return this.page(
      this.pairs(scope).andWhere('p.assessment_id IS NULL'),
      (qb) => qb.orderBy('r.event_id').addOrderBy('r.position').addOrderBy('p.id'),
      limit,
    );
  }

  /** Pairs whose current assessment is dated before `before` (YYYY-MM-DD), oldest first. */
  assessedBefore(
    scope: QueueScope,
    before: string,
    limit: number,
  ): Promise<{ rows: QueueRow[]; total: number }> {
    return this.page(
      this.pairs(scope).andWhere('p.assessed_on < :before', { before }),
      (qb) => qb.orderBy('p.assessed_on').addOrderBy('p.id'),
      limit,
    );
  }

  /**
   * Assessments recorded since `since` (an ISO timestamp) by anyone but the user (or token)
   * given, newest first, on the pairs of the scope.
   */
  async changedBy(
    scope: QueueScope,
    since: string,
    notBy: { userId: number | null; apiTokenId: number | null },
    limit: number,
  ): Promise<{ rows: ChangedRow[]; total: number }> {
    const qb = withPairNames(
      this.dataSource
        .createQueryBuilder()
        .from(Assessment, 'a')
        .innerJoin(Pair, 'p', 'p.id = a.pair_id'),
    )
      .where('a.recorded_at >= :since', { since: since.slice(0, 19).replace('T', ' ') })
      .andWhere('p.in_scope = :inScope', { inScope: sqlBool(this.dataSource, true) });
    if (notBy.userId !== null) {
      qb.andWhere('(a.user_id IS NULL OR a.user_id <> :userId)', { userId: notBy.userId });
    }
    if (notBy.apiTokenId !== null) {
      qb.andWhere('(a.api_token_id IS NULL OR a.api_token_id <> :tokenId)', {
        tokenId: notBy.apiTokenId,
      });
    }
    this.limitTo(qb, scope);
    const total = await qb.clone().select('COUNT(*)', 'n').getRawOne<{ n: number | string }>();
    const rows = await qb
      .addSelect('a.status', 'status')
      .addSelect('a.assessed_on', 'assessedOn')
      .addSelect('a.author', 'author')
      .addSelect('a.recorded_at', 'recordedAt')
      .orderBy('a.id', 'DESC')
      .limit(limit)
      .getRawMany<RawRow & { author: string; recordedAt: unknown }>();
    return {
      rows: rows.map((r) => ({
        ...toRow(r),
        author: r.author,
        recordedAt: toIsoTimestamp(r.recordedAt) ?? '',
      })),
      total: Number(total?.n ?? 0),
    };
  }

  /** Pairs `p` in scope of the queue, with their recommendation and subject. */
  private pairs(scope: QueueScope): SelectQueryBuilder<Pair> {
    const qb = withPairNames(
      this.dataSource.getRepository(Pair).createQueryBuilder('p').select('p.id', 'pairId'),
    ).where('p.in_scope = :inScope', { inScope: sqlBool(this.dataSource, true) });
    this.limitTo(qb, scope);
    return qb;
  }

  private limitTo<T extends object>(qb: SelectQueryBuilder<T>, scope: QueueScope): void {
    if (scope.stateIds === null) return;
    if (scope.stateIds.length === 0) qb.andWhere('1 = 0');
    else qb.andWhere('p.state_id IN (:...stateIds)', { stateIds: scope.stateIds });
  }

  private async page(
    qb: SelectQueryBuilder<Pair>,
    order: (qb: SelectQueryBuilder<Pair>) => SelectQueryBuilder<Pair>,
    limit: number,
  ): Promise<{ rows: QueueRow[]; total: number }> {
    const total = await qb.clone().select('COUNT(*)', 'n').getRawOne<{ n: number | string }>();
    const rows = await order(
      qb.addSelect('p.status', 'status').addSelect('p.assessed_on', 'assessedOn'),
    )
      .limit(limit)
      .getRawMany<RawRow>();
    return { rows: rows.map(toRow), total: Number(total?.n ?? 0) };
  }
}

function toRow(r: RawRow): QueueRow {
  return {
    ...pairNames(r),
    status: r.status,
    assessedOn: toIsoDate(r.assessedOn),
  };
}
