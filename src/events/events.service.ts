import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Recommendation } from '../recommendations/recommendation.entity.js';
import { Event } from './event.entity.js';

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

@Injectable()
export class EventsService {
  constructor(
    @InjectRepository(Event) private readonly events: Repository<Event>,
    @InjectRepository(Recommendation) private readonly recommendations: Repository<Recommendation>,
  ) {}

  async list(): Promise<EventSummaryView[]> {
    const rows = await this.events.find({ relations: { country: true } });
    const counts = await this.recommendations
      .createQueryBuilder('r')
      .select('r.eventId', 'eventId')
      .addSelect('COUNT(*)', 'n')
      .groupBy('r.eventId')
      .getRawMany<{ eventId: number; n: number }>();
    const byEvent = new Map(counts.map((c) => [Number(c.eventId), Number(c.n)]));
    return rows
      .map((e) => summary(e, byEvent.get(e.id) ?? 0))
      .sort((a, b) => eventDate(a).localeCompare(eventDate(b)) || a.slug.localeCompare(b.slug));
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
    if (!e) throw new NotFoundException(`No event with slug "${slug}"`);
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

/** Sort key: the start date, else the publication date; undated events last. */
function eventDate(e: EventSummaryView): string {
  return e.startDate ?? e.publishedOn ?? '9999';
}
