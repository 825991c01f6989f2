import { NotFoundError } from '../common/errors.js';
import type { AsOfPageQueryDto } from '../assessments/dto/as-of-query.dto.js';
import { Injectable } from '@nestjs/common';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { STATUS_INFO } from '../assessments/implementation-status.enum.js';
import {
  emptyCounts,
  progressFromCounts,
  type ProgressFigures,
  type StatusCounts,
} from '../assessments/progress.js';
import { StatusesRepository } from '../assessments/statuses.repository.js';
import { Recommendation } from '../recommendations/recommendation.entity.js';
import { Theme } from './theme.entity.js';

/** A status and how many pairs have it, in scale order. */
export interface StatusCountView {
  status: string;
  label: string;
  short: string;
  count: number;
}

/**
 * Up to this many pairs tracked in all, the themes list counts each theme's events (about 110 ms
 * at 100,000 recommendations); beyond, each theme's page counts its own.
 */
export const THEME_EVENTS_MAX_PAIRS = 20_000;

export interface ThemeSummaryView {
  slug: string;
  title: string;
  recommendations: number;
  /** Null where the index is too large to count them on the list (see `THEME_EVENTS_MAX_PAIRS`). */
  events: number | null;
  progress: ProgressFigures;
}

export interface ThemeIndexView {
  /** The pairs in scope of the whole index. */
  pairs: number;
  /** Whether each theme's events are given. */
  withEvents: boolean;
  themes: ThemeSummaryView[];
}

export interface ThemeRecommendationView {
  ref: string;
  title: string;
  progress: ProgressFigures;
  counts: StatusCountView[];
}

export interface ThemeView {
  slug: string;
  title: string;
  progress: ProgressFigures;
  counts: StatusCountView[];
  recommendations: number;
  /** How many events the theme's recommendations come from. */
  eventCount: number;
  /** Which of the recommendations `events` holds. */
  page: { page: number; pageSize: number; total: number; pages: number };
  events: { slug: string; title: string; recommendations: ThemeRecommendationView[] }[];
}

function countViews(counts: StatusCounts): StatusCountView[] {
  return STATUS_INFO.map((s) => ({
    status: s.value,
    label: s.label,
    short: s.fatf ?? '–',
    count: counts[s.value],
  }));
}

/** The themes with their recommendations and progress figures, for the theme pages. */
@Injectable()
export class ThemePagesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly statuses: StatusesRepository,
  ) {}

  /**
   * Every theme with its number of recommendations (from the link table's index alone), its
   * current figures (from the totals the database keeps by theme) and, while the index tracks at
   * most `maxPairs` pairs, the number of events its recommendations come from.
   */
  async list(maxPairs = THEME_EVENTS_MAX_PAIRS): Promise<ThemeIndexView> {
    const [themes, recommendations, everything] = await Promise.all([
      this.dataSource.getRepository(Theme).find({ order: { title: 'ASC' } }),
      this.byTheme<{ n: number | string }>((qb) => qb.addSelect('COUNT(*)', 'n')),
      this.statuses.progress({}),
    ]);
    const withEvents = everything.pairs <= maxPairs;
    const [events, figures] = await Promise.all([
      withEvents ? this.eventsByTheme() : null,
      this.statuses.progressOfThemes(themes.map((theme) => theme.id)),
    ]);
    return {
      pairs: everything.pairs,
      withEvents,
      themes: themes.map((theme, i) => ({
        slug: theme.slug,
        title: theme.title,
        recommendations: Number(recommendations.get(theme.id)?.n ?? 0),
        events: events ? (events.get(theme.id) ?? 0) : null,
        progress: figures[i],
      })),
    };
  }

  /** One grouped read of the theme links, a row per theme id. */
  private async byTheme<T extends object>(
    select: (qb: SelectQueryBuilder<object>) => SelectQueryBuilder<object>,
    joined?: (qb: SelectQueryBuilder<object>) => SelectQueryBuilder<object>,
  ): Promise<Map<number, T>> {
    let qb = this.dataSource
      .createQueryBuilder()
      .from('recommendation_themes', 'rt')
      .select('rt.theme_id', 'themeId');
    if (joined) qb = joined(qb);
    const rows = await select(qb).groupBy('rt.theme_id').getRawMany<T & { themeId: number }>();
    return new Map(rows.map((r) => [Number(r.themeId), r]));
  }

  /** How many events each theme's recommendations come from. */
  private async eventsByTheme(): Promise<Map<number, number>> {
    const rows = await this.byTheme<{ n: number | string }>(
      (qb) => qb.addSelect('COUNT(DISTINCT r.event_id)', 'n'),
      (qb) => qb.innerJoin(Recommendation, 'r', 'r.id = rt.recommendation_id'),
    );
    return new Map([...rows].map(([id, r]) => [id, Number(r.n)]));
  }

  /**
   * A page of a theme's recommendations, event by event, with their figures now or as of a date;
   * the theme's own figures and counts cover all its recommendations.
   */
  async get(slug: string, query: AsOfPageQueryDto): Promise<ThemeView> {
    const theme = await this.dataSource.getRepository(Theme).findOneBy({ slug });
    if (!theme) throw new NotFoundError(`No theme with slug "${slug}"`);
    const { asOf, page, pageSize } = query;
    const themed = this.dataSource
      .getRepository(Recommendation)
      .createQueryBuilder('r')
      .innerJoin('r.themes', 't', 't.id = :themeId', { themeId: theme.id });
    const [recs, totals, progress] = await Promise.all([
      themed
        .clone()
        .innerJoinAndSelect('r.event', 'e')
        .orderBy('e.start_date', 'ASC')
        .addOrderBy('e.title', 'ASC')
        .addOrderBy('r.position', 'ASC')
        .addOrderBy('r.id', 'ASC')
        .offset((page - 1) * pageSize)
        .limit(pageSize)
        .getMany(),
      themed
        .clone()
        .select('COUNT(*)', 'recommendations')
        .addSelect('COUNT(DISTINCT r.event_id)', 'events')
        .getRawOne<{ recommendations: number | string; events: number | string }>(),
      this.statuses.progress({ themeId: theme.id, asOf }),
    ]);
    const byRec = await this.statuses.progressByRecommendation({
      recommendationIds: recs.map((r) => r.id),
      asOf,
    });
    const events: ThemeView['events'] = [];
    for (const r of recs) {
      const event = r.event as NonNullable<Recommendation['event']>;
      let group = events.at(-1);
      if (group?.slug !== event.slug) {
        group = { slug: event.slug, title: event.title, recommendations: [] };
        events.push(group);
      }
      const figures = byRec.get(r.id) ?? progressFromCounts(emptyCounts());
      group.recommendations.push({
        ref: r.ref,
        title: r.title,
        progress: figures,
        counts: countViews(figures.counts),
      });
    }
    const total = Number(totals?.recommendations ?? 0);
    return {
      slug: theme.slug,
      title: theme.title,
      progress,
      counts: countViews(progress.counts),
      recommendations: total,
      eventCount: Number(totals?.events ?? 0),
      page: { page, pageSize, total, pages: Math.ceil(total / pageSize) },
      events,
    };
  }
}
