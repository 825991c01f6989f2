import { NotFoundError } from '../common/errors.js';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { page, type Page } from '../common/paging.js';
import { toIsoDate } from '../common/sql-values.js';
import { Recommendation } from '../recommendations/recommendation.entity.js';
import { searchWords } from '../database/dialect.js';
import type { ListEventsQueryDto } from './dto/list-events-query.dto.js';
import { Event } from './event.entity.js';
import { withWords } from './event-picker.js';

export interface EventSummaryView {
  slug: string;
  title: string;
  kind: string;
  startDate: string | null;
  endDate: string | null;
  publishedOn: string | null;
  city: string | null;
  country: { iso3: string; name: string } | null;
  recommendationCount: number;
}

export interface EventView extends EventSummaryView {
  venue: string | null;
  summary: string | null;
  source: string | null;
  audience: string[];
  tags: string[];
  participantsCount: number | null;
  participatingStatesNote: string | null;
  organisers: { acronym: string; name: string }[];
  participatingStates: { iso3: string; name: string }[];
  funders: { iso3: string; name: string }[];
  sessions: {
    number: string;
    title: string;
    recommendations: { ref: string; title: string }[];
  }[];
  /** Recommendations not attached to a session. */
  otherRecommendations: { ref: string; title: string }[];
}

interface RawEventSummary {
  id: number;
  slug: string;
  title: string;
  kind: string;
  startDate: unknown;
  endDate: unknown;
  publishedOn: unknown;
  city: string | null;
  countryIso3: string | null;
  countryName: string | null;
}

@Injectable()
export class EventsService {
  constructor(
    @InjectRepository(Event) private readonly events: Repository<Event>,
    @InjectRepository(Recommendation) private readonly recommendations: Repository<Recommendation>,
  ) {}

  /** Every event, in the order of the events list. */
  async list(): Promise<EventSummaryView[]> {
    return this.summaries();
  }

  /**
   * A page of events, oldest first (by start date, else publication date; undated ones last, then
   * by slug), each with its number of recommendations, and how many events there are; only those
   * with every word of `q` in their title or slug when it is given.
   */
  async page(query: ListEventsQueryDto): Promise<Page<EventSummaryView>> {
    const words = searchWords(query.q);
    const [items, total] = await Promise.all([
      this.summaries({ offset: (query.page - 1) * query.pageSize, limit: query.pageSize }, words),
      withWords(this.events.createQueryBuilder('e'), words).getCount(),
    ]);
    return page(items, query, total);
  }

  /**
   * Events in list order (those with every word, if any), a slice of them if given, with their
   * recommendations counted.
   */
  private async summaries(
    slice?: { offset: number; limit: number },
    words: readonly string[] = [],
  ): Promise<EventSummaryView[]> {
    const qb = this.events
      .createQueryBuilder('e')
      .leftJoin('e.country', 'c')
      .select('e.id', 'id')
      .addSelect('e.slug', 'slug')
      .addSelect('e.title', 'title')
      .addSelect('e.kind', 'kind')
      .addSelect('e.start_date', 'startDate')
      .addSelect('e.end_date', 'endDate')
      .addSelect('e.published_on', 'publishedOn')
      .addSelect('e.city', 'city')
      .addSelect('c.iso3', 'countryIso3')
      .addSelect('c.name', 'countryName')
      .orderBy('CASE WHEN COALESCE(e.start_date, e.published_on) IS NULL THEN 1 ELSE 0 END', 'ASC')
      .addOrderBy('COALESCE(e.start_date, e.published_on)', 'ASC')
      .addOrderBy('e.slug', 'ASC');
    withWords(qb, words);
    if (slice) qb.offset(slice.offset).limit(slice.limit);
    const rows = await qb.getRawMany<RawEventSummary>();
    const counted = this.recommendations
      .createQueryBuilder('r')
      .select('r.event_id', 'eventId')
      .addSelect('COUNT(*)', 'n')
      .groupBy('r.event_id');
    // A page counts the recommendations of its events only (an index answers); the whole list,
    // every event's at once.
    if (slice)
      counted.where('r.event_id IN (:...ids)', { ids: [-1, ...rows.map((e) => Number(e.id))] });
    const counts = rows.length
      ? await counted.getRawMany<{ eventId: number; n: number | string }>()
      : [];
    const byEvent = new Map(counts.map((c) => [Number(c.eventId), Number(c.n)]));
    return rows.map((e) => ({
      slug: e.slug,
      title: e.title,
      kind: e.kind,
      startDate: toIsoDate(e.startDate),
      endDate: toIsoDate(e.endDate),
      publishedOn: toIsoDate(e.publishedOn),
      city: e.city,
      country: e.countryIso3 === null ? null : { iso3: e.countryIso3, name: e.countryName ?? '' },
      recommendationCount: byEvent.get(Number(e.id)) ?? 0,
    }));
  }

  async get(slug: string): Promise<EventView> {
    const e = await this.events.findOne({
      where: { slug },
      relations: {
        country: true,
        organisers: true,
        participatingStates: true,
        funders: true,
        sessions: true,
      },
    });
    if (!e) throw new NotFoundError(`No event with slug "${slug}"`);
    const recs = await this.recommendations.find({
      where: { eventId: e.id },
      order: { position: 'ASC' },
    });
    const sessions = [...(e.sessions ?? [])].sort((a, b) => a.position - b.position);
    const brief = (r: Recommendation) => ({ ref: r.ref, title: r.title });
    const byName = <T extends { name: string }>(xs: T[] | undefined) =>
      [...(xs ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    return {
      ...summary(e, recs.length),
      venue: e.venue,
      summary: e.summary,
      source: e.source,
      audience: e.audience,
      tags: e.tags,
      participantsCount: e.participantsCount,
      participatingStatesNote: e.participatingStatesNote,
      organisers: (e.organisers ?? []).map((o) => ({ acronym: o.acronym, name: o.name })),
      participatingStates: byName(e.participatingStates).map((s) => ({
        iso3: s.iso3,
        name: s.name,
      })),
      funders: byName(e.funders).map((s) => ({ iso3: s.iso3, name: s.name })),
      sessions: sessions.map((s) => ({
        number: s.number,
        title: s.title,
        recommendations: recs.filter((r) => r.sessionId === s.id).map(brief),
      })),
      otherRecommendations: recs.filter((r) => r.sessionId === null).map(brief),
    };
  }
}

function summary(e: Event, recommendationCount: number): EventSummaryView {
  return {
    slug: e.slug,
    title: e.title,
    kind: e.kind,
    startDate: e.startDate,
    endDate: e.endDate,
    publishedOn: e.publishedOn,
    city: e.city,
    country: e.country ? { iso3: e.country.iso3, name: e.country.name } : null,
    recommendationCount,
  };
}

/** A page of EventSummaryViews, as the API answers it. */
export type EventPage = Page<EventSummaryView>;
