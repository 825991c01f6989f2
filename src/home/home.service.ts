import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, type ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Assessment } from '../assessments/assessment.entity.js';
import { CurrentStatus } from '../assessments/current-status.entity.js';
import type { ProgressFigures } from '../assessments/progress.js';
import { statusBadge, type StatusBadge } from '../assessments/status-view.js';
import { StatusesRepository } from '../assessments/statuses.repository.js';
import { toIsoTimestamp } from '../common/sql-values.js';
import { Event } from '../events/event.entity.js';
import { Recommendation } from '../recommendations/recommendation.entity.js';
import { State } from '../states/state.entity.js';
import type { ImplementationStatus } from '../assessments/implementation-status.enum.js';

export interface PairLink {
  ref: string;
  recommendationTitle: string;
  code: string;
  name: string;
}

export interface DashboardView {
  title: string;
  counts: { states: number; events: number; recommendations: number; pairs: number };
  progress: ProgressFigures;
  recent: (PairLink & StatusBadge & { assessedOn: string; author: string; recordedAt: string })[];
  unassessed: (PairLink & { event: string; eventDate: string | null })[];
  unassessedTotal: number;
}

const LIST_LENGTH = 10;

interface RawPairLink {
  ref: string;
  recommendationTitle: string;
  stateIso3: string | null;
  stateName: string | null;
  orgAcronym: string | null;
  orgName: string | null;
}

function pairLink(raw: RawPairLink): PairLink {
  return {
    ref: raw.ref,
    recommendationTitle: raw.recommendationTitle,
    code: raw.stateIso3 ?? raw.orgAcronym ?? '',
    name: raw.stateName ?? raw.orgName ?? '',
  };
}

@Injectable()
export class HomeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly statuses: StatusesRepository,
  ) {}

  /** Overall figures, the latest assessments, and the pairs waiting longest for a first one. */
  async dashboard(): Promise<DashboardView> {
    const [states, events, recommendations, progress, recent, unassessed, unassessedTotal] =
      await Promise.all([
        this.dataSource.getRepository(State).count(),
        this.dataSource.getRepository(Event).count(),
        this.dataSource.getRepository(Recommendation).count(),
        this.statuses.progress({}),
        this.recent(),
        this.unassessed(),
        this.dataSource
          .getRepository(CurrentStatus)
          .countBy({ inScope: true, assessmentId: IsNull() }),
      ]);
    return {
      title: 'Dashboard',
      counts: { states, events, recommendations, pairs: progress.pairs },
      progress,
      recent,
      unassessed,
      unassessedTotal,
    };
  }

  /** Adds the recommendation and the State or organisation of pair `p` to a query. */
  private withPair<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
    return qb
      .innerJoin(Recommendation, 'r', 'r.id = p.recommendation_id')
      .leftJoin(State, 's', 's.id = p.state_id')
      .leftJoin('organisations', 'o', 'o.id = p.organisation_id')
      .addSelect('r.ref', 'ref')
      .addSelect('r.title', 'recommendationTitle')
      .addSelect('s.iso3', 'stateIso3')
      .addSelect('s.name', 'stateName')
      .addSelect('o.acronym', 'orgAcronym')
      .addSelect('o.name', 'orgName');
  }

  private async recent(): Promise<DashboardView['recent']> {
    const rows = await this.withPair(
      this.dataSource
        .createQueryBuilder()
        .from(Assessment, 'a')
        .innerJoin(CurrentStatus, 'p', 'p.id = a.pair_id'),
    )
      .addSelect('a.status', 'status')
      .addSelect('a.assessed_on', 'assessedOn')
      .addSelect('a.author', 'author')
      .addSelect('a.recorded_at', 'recordedAt')
      .orderBy('a.id', 'DESC')
      .limit(LIST_LENGTH)
      .getRawMany<
        RawPairLink & {
          status: ImplementationStatus;
          assessedOn: string;
          author: string;
          recordedAt: unknown;
        }
      >();
    return rows.map((r) => ({
      ...pairLink(r),
      ...statusBadge(r.status),
      assessedOn: r.assessedOn,
      author: r.author,
      recordedAt: toIsoTimestamp(r.recordedAt) ?? '',
    }));
  }

  /** Pairs in scope never assessed, those of the oldest events first. */
  private async unassessed(): Promise<DashboardView['unassessed']> {
    const rows = await this.withPair(this.dataSource.createQueryBuilder().from(CurrentStatus, 'p'))
      .innerJoin(Event, 'e', 'e.id = r.event_id')
      .addSelect('e.title', 'event')
      .addSelect('e.start_date', 'eventDate')
      .where('p.in_scope = :inScope AND p.assessment_id IS NULL', { inScope: true })
      .orderBy('e.start_date', 'ASC', 'NULLS LAST')
      .addOrderBy('r.position', 'ASC')
      .addOrderBy('COALESCE(s.name, o.name)', 'ASC')
      .limit(LIST_LENGTH)
      .getRawMany<RawPairLink & { event: string; eventDate: string | null }>();
    return rows.map((r) => ({ ...pairLink(r), event: r.event, eventDate: r.eventDate }));
  }

  async health(): Promise<{ status: 'ok'; database: 'ok' }> {
    await this.dataSource.query('SELECT 1');
    return { status: 'ok', database: 'ok' };
  }
}
