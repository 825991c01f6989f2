import type { AsOfPageQueryDto } from '../assessments/dto/as-of-query.dto.js';
import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
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

export interface ThemeSummaryView {
  slug: string;
  title: string;
  recommendations: number;
  events: number;
  progress: ProgressFigures;
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

function addCounts(into: StatusCounts, more: StatusCounts): void {
  for (const s of STATUS_INFO) into[s.value] += more[s.value];
}

/** The themes with their recommendations and progress figures, for the theme pages. */
@Injectable()
export class ThemePagesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly statuses: StatusesRepository,
  ) {}

  /** Every theme with its recommendations, events and current figures (two reads in all). */
  async list(): Promise<ThemeSummaryView[]> {
    const [themes, links, byRec] = await Promise.all([
      this.dataSource.getRepository(Theme).find({ order: { title: 'ASC' } }),
      this.dataSource.query<{ themeId: number; recommendationId: number; eventId: number }[]>(
        `SELECT rt.theme_id AS "themeId", r.id AS "recommendationId", r.event_id AS "eventId"
           FROM recommendation_themes rt JOIN recommendations r ON r.id = rt.recommendation_id`,
      ),
      this.statuses.progressByRecommendation({}),
    ]);
    return themes.map((theme) => {
      const mine = links.filter((l) => Number(l.themeId) === theme.id);
      const counts = emptyCounts();
      for (const link of mine) {
        const figures = byRec.get(Number(link.recommendationId));
        if (figures) addCounts(counts, figures.counts);
      }
      return {
        slug: theme.slug,
        title: theme.title,
        recommendations: mine.length,
        events: new Set(mine.map((l) => Number(l.eventId))).size,
        progress: progressFromCounts(counts),
      };
    });
  }

  /**
   * A page of a theme's recommendations, event by event, with their figures now or as of a date;
   * the theme's own figures and counts cover all its recommendations.
   */
  async get(slug: string, query: AsOfPageQueryDto): Promise<ThemeView> {
    const theme = await this.dataSource.getRepository(Theme).findOneBy({ slug });
    if (!theme) throw new NotFoundException(`No theme with slug "${slug}"`);
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
