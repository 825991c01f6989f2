import { statusBadge } from '../assessments/status-view.js';
import type { ProgressFigures } from '../assessments/progress.js';
import type { Subject } from '../subjects/subject.js';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { StatusesRepository } from '../assessments/statuses.repository.js';
import { ImplementationStatus } from '../assessments/implementation-status.enum.js';
import { emptyCounts, progressFromCounts } from '../assessments/progress.js';
import { HAS_ORGANISATION, HAS_THEME, STATUS_AS_OF } from '../assessments/sql-fragments.js';
import { ConflictError, fieldError, NotFoundError, StaleVersionError } from '../common/errors.js';
import { page, type Page } from '../common/paging.js';
import { toIsoTimestamp } from '../common/sql-values.js';
import { recommendationSearch, sqlBool } from '../database/dialect.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { EventSession } from '../events/event-session.entity.js';
import { LookupsService } from '../reference-data/lookups.service.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { Theme } from '../themes/theme.entity.js';
import type {
  CreateRecommendationDto,
  RecommendationFieldsDto,
} from './dto/create-recommendation.dto.js';
import type { ListRecommendationsQueryDto } from './dto/list-recommendations-query.dto.js';
import type { UpdateRecommendationDto } from './dto/update-recommendation.dto.js';
import { Recommendation } from './recommendation.entity.js';
import type { RecommendationSummaryView, RecommendationView } from './recommendation.view.js';
import {
  eventsSpanned,
  isListOrder,
  orderOf,
  sortsByFigures,
  sortWithinEvents,
  type RecommendationOrder,
} from './list-order.js';
import { applyScope, defaultScope, type ScopeTarget } from './scope.js';

@Injectable()
export class RecommendationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly lookups: LookupsService,
    private readonly statuses: StatusesRepository,
  ) {}

  /**
   * A page of the recommendations the query's filters keep, grouped by event (the events in list
   * order: by date, undated last), each event's recommendations in their own order or sorted
   * within it by `order`.
   */
  async list(
    query: ListRecommendationsQueryDto,
    order: RecommendationOrder = orderOf({}),
  ): Promise<Page<RecommendationSummaryView>> {
    // The page's ids and the count from the recommendations alone (every filter is a condition on
    // `r`), then those few with their themes and organisations: joining the many-to-many lists
    // first made the database de-duplicate every recommendation of the index for each page.
    const filtered = this.dataSource.getRepository(Recommendation).createQueryBuilder('r');
    const { subject } = await this.applyFilters(filtered, query);
    const { ids, total, figures } = isListOrder(order)
      ? await this.pageInListOrder(filtered, query)
      : await this.sortedPage(filtered, query, order, subject);
    const loaded = ids.length
      ? await this.withRelations(
          this.dataSource.getRepository(Recommendation).createQueryBuilder('r'),
        )
          .where('r.id IN (:...ids)', { ids })
          .getMany()
      : [];
    const byId = new Map(loaded.map((r) => [r.id, r]));
    const rows = ids.map((id) => byId.get(id)).filter((r): r is Recommendation => r !== undefined);
    // Filtered by a State, the figures are that State's own: its status for each recommendation.
    const progress =
      figures ??
      (await this.statuses.progressByRecommendation({
        recommendationIds: rows.map((r) => r.id),
        asOf: query.asOf,
        subject,
      }));
    return page(
      rows.map((r) => {
        const figures = progress.get(r.id) ?? progressFromCounts(emptyCounts());
        const summary = this.toSummary(r, figures);
        return subject ? { ...summary, subjectStatus: subjectStatusOf(subject, figures) } : summary;
      }),
      query,
      total,
    );
  }

  /**
   * The page in list order: the database walks the events in list order (index
   * ix_events_list_order: undated last) and each event's recommendations by position, so it
   * stops once the page is full.
   */
  private async pageInListOrder(
    filtered: SelectQueryBuilder<Recommendation>,
    query: ListRecommendationsQueryDto,
  ): Promise<ListedPage> {
    const [idRows, counted] = await Promise.all([
      inListOrder(filtered.clone().innerJoin('r.event', 'event'))
        .select('r.id', 'id')
        .offset((query.page - 1) * query.pageSize)
        .limit(query.pageSize)
        .getRawMany<{ id: number }>(),
      // Every filter is a condition on `r`, one row per recommendation: no DISTINCT needed.
      filtered.clone().select('COUNT(*)', 'n').getRawOne<{ n: number | string }>(),
    ]);
    return { ids: idRows.map((r) => Number(r.id)), total: Number(counted?.n ?? 0) };
  }

  /**
   * The page sorted within each event: the number of recommendations of each event tells which
   * events the page spans; only theirs are read (with their figures, when sorting by them) and
   * sorted, so a page costs what its events hold, not what the whole list does.
   */
  private async sortedPage(
    filtered: SelectQueryBuilder<Recommendation>,
    query: ListRecommendationsQueryDto,
    order: RecommendationOrder,
    subject: Subject | undefined,
  ): Promise<ListedPage> {
    const perEvent = await inListOrder(filtered.clone().innerJoin('r.event', 'event'), false)
      .select('event.id', 'eventId')
      .addSelect('COUNT(*)', 'n')
      .groupBy('event.id')
      .addGroupBy('event.start_date')
      .getRawMany<{ eventId: number; n: number | string }>();
    const first = (query.page - 1) * query.pageSize;
    const window = eventsSpanned(
      perEvent.map((e) => ({ eventId: Number(e.eventId), n: Number(e.n) })),
      first,
      query.pageSize,
    );
    if (window.eventIds.length === 0) return { ids: [], total: window.total };
    const rows = (
      await filtered
        .clone()
        .andWhere('r.eventId IN (:...eventIds)', { eventIds: window.eventIds })
        .select('r.id', 'id')
        .addSelect('r.event_id', 'eventId')
        .addSelect('r.title', 'title')
        .orderBy('r.position', 'ASC')
        .addOrderBy('r.id', 'ASC')
        .getRawMany<{ id: number; eventId: number; title: string }>()
    ).map((r) => ({ id: Number(r.id), eventId: Number(r.eventId), title: r.title }));
    // In the order of the events; each event's own order kept for ties.
    const rank = new Map(window.eventIds.map((id, i) => [id, i]));
    rows.sort((a, b) => (rank.get(a.eventId) ?? 0) - (rank.get(b.eventId) ?? 0));
    const figures = sortsByFigures(order)
      ? await this.statuses.progressByRecommendation({
          recommendationIds: rows.map((r) => r.id),
          asOf: query.asOf,
          subject,
        })
      : undefined;
    const sorted = sortWithinEvents(rows, order, (id) => figures?.get(id));
    return {
      ids: sorted.slice(window.skip, window.skip + query.pageSize).map((r) => r.id),
      total: window.total,
      figures,
    };
  }

  async get(ref: string, asOf?: string): Promise<RecommendationView> {
    const r = await this.withRelations(
      this.dataSource.getRepository(Recommendation).createQueryBuilder('r'),
    )
      .where('r.ref = :ref', { ref })
      .getOne();
    if (!r) throw new NotFoundError(`No recommendation with ref "${ref}"`);
    const pairs = await this.statuses.pairs({ recommendationId: r.id, asOf });
    const progress = await this.statuses.progress({ recommendationId: r.id, asOf });
    return {
      ...this.toSummary(r, progress),
      text: r.text,
      scope: pairs.map((p) => p.subject),
      asOf: asOf ?? null,
      createdAt: toIsoTimestamp(r.createdAt) ?? '',
      updatedAt: toIsoTimestamp(r.updatedAt) ?? '',
    };
  }

  async create(dto: CreateRecommendationDto): Promise<RecommendationView> {
    await this.transactions.run(async (manager) => {
      if (await manager.existsBy(Recommendation, { ref: dto.ref })) {
        throw new ConflictError(
          `A recommendation with ref "${dto.ref}" already exists: refs are never reused`,
          [{ field: 'ref', rule: 'unique', message: `ref "${dto.ref}" is taken` }],
        );
      }
      const event = await this.lookups.event(dto.event);
      const fields = await this.resolveFields(manager, event.id, dto);
      const max = await manager
        .createQueryBuilder(Recommendation, 'r')
        .select('MAX(r.position)', 'max')
        .where('r.eventId = :eventId', { eventId: event.id })
        .getRawOne<{ max: number | null }>();
      const saved = await manager.save(
        manager.create(Recommendation, {
          ref: dto.ref,
          eventId: event.id,
          position: Number(max?.max ?? 0) + 1,
          title: dto.title,
          text: dto.text,
          addressee: dto.addressee,
          sessionId: fields.sessionId ?? null,
          themes: fields.themes ?? [],
          organisations: fields.organisations ?? [],
        }),
      );
      await applyScope(
        manager,
        saved.id,
        fields.scope ?? (await defaultScope(manager, dto.addressee)),
      );
    });
    return this.get(dto.ref);
  }

  async update(ref: string, dto: UpdateRecommendationDto): Promise<RecommendationView> {
    await this.transactions.run(async (manager) => {
      const r = await manager.findOne(Recommendation, {
        where: { ref },
        relations: { themes: true, organisations: true },
      });
      if (!r) throw new NotFoundError(`No recommendation with ref "${ref}"`);
      const bumped = await manager
        .createQueryBuilder()
        .update(Recommendation)
        .set({ version: () => 'version + 1' })
        .where('id = :id AND version = :version', { id: r.id, version: dto.baseVersion })
        .execute();
      if (bumped.affected !== 1) {
        throw new StaleVersionError(
          `Recommendation ${ref} has changed since version ${dto.baseVersion}: it is now at version ${r.version}. ` +
            `Review it and submit again with baseVersion ${r.version}.`,
          dto.baseVersion,
          await this.get(ref),
        );
      }
      const fields = await this.resolveFields(manager, r.eventId, dto);
      if (dto.title !== undefined) r.title = dto.title;
      if (dto.text !== undefined) r.text = dto.text;
      if (fields.sessionId !== undefined) r.sessionId = fields.sessionId;
      if (fields.themes) r.themes = fields.themes;
      if (fields.organisations) r.organisations = fields.organisations;
      const addresseeChanged = dto.addressee !== undefined && dto.addressee !== r.addressee;
      if (dto.addressee !== undefined) r.addressee = dto.addressee;
      r.version = dto.baseVersion + 1;
      await manager.save(r);
      const scope =
        fields.scope ?? (addresseeChanged ? await defaultScope(manager, r.addressee) : undefined);
      if (scope) await applyScope(manager, r.id, scope);
    });
    return this.get(ref);
  }

  private withRelations(
    qb: SelectQueryBuilder<Recommendation>,
  ): SelectQueryBuilder<Recommendation> {
    return qb
      .innerJoinAndSelect('r.event', 'event')
      .leftJoinAndSelect('r.session', 'session')
      .leftJoinAndSelect('r.themes', 'theme')
      .leftJoinAndSelect('r.organisations', 'organisation');
  }

  /** Adds the query's filters to `qb`; answers the State (or organisation) filtered by, if any. */
  private async applyFilters(
    qb: SelectQueryBuilder<Recommendation>,
    query: ListRecommendationsQueryDto,
  ): Promise<{ subject?: Subject }> {
    const ids = await this.lookups.filterIds(query);
    if (ids.eventId !== undefined) qb.andWhere('r.eventId = :eventId', { eventId: ids.eventId });
    if (ids.themeId !== undefined) {
      qb.andWhere(HAS_THEME, { themeId: ids.themeId });
    }
    if (query.organisation) {
      const org = await this.lookups.organisation(query.organisation);
      qb.andWhere(HAS_ORGANISATION, { organisationId: org.id });
    }
    if (ids.subject || query.status) {
      const conditions = ['p.in_scope = :inScope'];
      const params: Record<string, unknown> = { inScope: sqlBool(this.dataSource, true) };
      if (ids.subject) {
        conditions.push(
          ids.subject.kind === 'state'
            ? 'p.state_id = :subjectId'
            : 'p.organisation_id = :subjectId',
        );
        params.subjectId = ids.subject.id;
      }
      if (query.status) {
        conditions.push(`${query.asOf ? STATUS_AS_OF : 'p.status'} = :status`);
        params.status = query.status;
        if (query.asOf) params.asOf = query.asOf;
      }
      // IN, not a correlated EXISTS: see sql-fragments.ts on SQLite 3.52 and OFFSET.
      qb.andWhere(
        `r.id IN (SELECT p.recommendation_id FROM current_statuses p WHERE ${conditions.join(' AND ')})`,
        params,
      );
    }
    const search = recommendationSearch(this.dataSource, query.q);
    if (search) qb.andWhere(search.where, search.params);
    return { subject: ids.subject };
  }

  /** Turns slugs, acronyms and codes into rows, refusing unknown ones with the field named. */
  private async resolveFields(
    manager: EntityManager,
    eventId: number,
    dto: Partial<RecommendationFieldsDto>,
  ): Promise<{
    sessionId?: number | null;
    themes?: Theme[];
    organisations?: Organisation[];
    scope?: ScopeTarget;
  }> {
    const out: Awaited<ReturnType<RecommendationsService['resolveFields']>> = {};
    if (dto.session !== undefined) {
      const session = await manager.findOneBy(EventSession, { eventId, number: dto.session });
      if (!session) {
        throw fieldError('session', 'exists', `the event has no session "${dto.session}"`);
      }
      out.sessionId = session.id;
    }
    if (dto.themes) {
      out.themes = await findAll(manager, Theme, 'slug', dto.themes, 'themes', 'theme');
    }
    if (dto.organisations) {
      out.organisations = await findAll(
        manager,
        Organisation,
        'acronym',
        dto.organisations.map((a) => a.toUpperCase()),
        'organisations',
        'organisation',
      );
    }
    if (dto.scope) {
      const stateIds: number[] = [];
      const organisationIds: number[] = [];
      for (const [i, code] of dto.scope.entries()) {
        const subject = await this.lookups.subject(code, `scope[${i}]`);
        (subject.kind === 'state' ? stateIds : organisationIds).push(subject.id);
      }
      out.scope = {
        stateIds: [...new Set(stateIds)],
        organisationIds: [...new Set(organisationIds)],
      };
    }
    return out;
  }

  private toSummary(
    r: Recommendation,
    progress: RecommendationSummaryView['progress'],
  ): RecommendationSummaryView {
    return {
      ref: r.ref,
      title: r.title,
      event: { slug: r.event?.slug ?? '', title: r.event?.title ?? '' },
      session: r.session ? { number: r.session.number, title: r.session.title } : null,
      addressee: r.addressee,
      themes: (r.themes ?? []).map((t) => ({ slug: t.slug, title: t.title })),
      organisations: (r.organisations ?? []).map((o) => ({ acronym: o.acronym, name: o.name })),
      version: r.version,
      progress,
    };
  }
}

/** A subject's status for a recommendation, from the counts of its one pair. */
function subjectStatusOf(
  subject: Subject,
  figures: ProgressFigures,
): NonNullable<RecommendationSummaryView['subjectStatus']> {
  const status =
    (Object.entries(figures.counts) as [ImplementationStatus, number][]).find(
      ([, n]) => n > 0,
    )?.[0] ?? ImplementationStatus.NoInformation;
  return { code: subject.code, name: subject.name, ...statusBadge(status) };
}

async function findAll<T extends { id: number }>(
  manager: EntityManager,
  entity: new () => T,
  key: 'slug' | 'acronym',
  values: string[],
  field: string,
  what: string,
): Promise<T[]> {
  const unique = [...new Set(values)];
  const rows = unique.length
    ? await manager.find(entity, { where: { [key]: In(unique) } as never })
    : [];
  const found = new Set(rows.map((r) => (r as unknown as Record<string, string>)[key]));
  const missing = unique.findIndex((v) => !found.has(v));
  if (missing >= 0) {
    const index = values.indexOf(unique[missing]);
    throw fieldError(
      `${field}[${index}]`,
      'exists',
      `${field}[${index}]: no ${what} "${unique[missing]}"`,
    );
  }
  return rows;
}

/** The ids of a page of the list, how many there are in all, and their figures when read. */
interface ListedPage {
  ids: number[];
  total: number;
  figures?: Map<number, ProgressFigures>;
}

/** Orders by event in list order (by date, undated last), then by position unless `byPosition` is false. */
function inListOrder(
  qb: SelectQueryBuilder<Recommendation>,
  byPosition = true,
): SelectQueryBuilder<Recommendation> {
  qb.orderBy('(event.start_date IS NULL)', 'ASC')
    .addOrderBy('event.start_date', 'ASC')
    .addOrderBy('event.id', 'ASC');
  return byPosition ? qb.addOrderBy('r.position', 'ASC').addOrderBy('r.id', 'ASC') : qb;
}
