import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { today } from '../common/dates.js';
import { Picker, type Pick, type PickerView } from '../common/views/picker.js';
import { EVENT_SOURCE, withRecommendations } from '../events/event-picker.js';
import { Event } from '../events/event.entity.js';
import { LookupsService } from '../reference-data/lookups.service.js';
import { themeOptions } from '../themes/theme-options.js';
import type { OpenReportQueryDto, TargetedKind } from './dto/open-report-query.dto.js';
import type { PeriodReportQueryDto } from './dto/period-report-query.dto.js';

/** Where each report kind about one thing lives under /reports. */
const PATHS: Record<TargetedKind, string> = {
  event: 'events',
  state: 'states',
  theme: 'themes',
  recommendation: 'recommendations',
};

type Option = { value: string; label: string; selected?: boolean };

export interface ReportsPageView {
  title: string;
  today: string;
  eventPicker: PickerView;
  periodEventPicker: PickerView;
  choices: { states: Option[]; themes: Option[] };
}

/** What a request of the reports page answers: a report's address, or the page (400: no event matches). */
export type ReportsPageAnswer =
  { redirect: string } | { httpStatus: 200 | 400; view: ReportsPageView };

/** Query parameters as an address's search part (`?a=1&b=2`, or nothing), empty ones left out. */
function search(params: object): string {
  const text = new URLSearchParams(
    Object.entries(params).filter(
      (e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '',
    ),
  ).toString();
  return text ? `?${text}` : '';
}

const NONE: Pick = { kind: 'none', count: null };

/**
 * The reports page: every kind of report, with a form to choose what it is about, its dates and
 * edition. The event of the event and period reports is a slug or, typed into the search field
 * offered when there are many events, words of its title: one match opens its report, several
 * are listed on the page to pick from, none is named beside the field (400).
 */
@Injectable()
export class ReportsPageService {
  /** Events, the latest first, by slug or words of the title. */
  private readonly events: Picker<Event>;

  constructor(
    private readonly lookups: LookupsService,
    private readonly dataSource: DataSource,
  ) {
    this.events = new Picker(dataSource, {
      ...EVENT_SOURCE,
      // Only the events with recommendations: a report on any other would be empty.
      scope: withRecommendations,
      order: [
        ['e.start_date', 'DESC'],
        ['e.title', 'ASC'],
        ['e.slug', 'ASC'],
      ],
    });
  }

  /** The page as first shown. */
  index(): Promise<ReportsPageView> {
    return this.view(NONE, NONE);
  }

  /** The forms of the page land here: the report's own address, or the page to pick the event. */
  async open(query: OpenReportQueryDto): Promise<ReportsPageAnswer> {
    const { kind, target, ...options } = query;
    const opened = (key: string) => ({
      redirect: `/reports/${PATHS[kind]}/${encodeURIComponent(key)}${search(options)}`,
    });
    if (kind !== 'event') return opened(target);
    const pick = await this.events.resolve(target);
    if (pick.kind === 'one') return opened(pick.choice.key);
    const href = (slug: string): string =>
      `/reports/open${search({ kind, target: slug, ...options })}`;
    return {
      httpStatus: pick.kind === 'unknown' ? 400 : 200,
      view: await this.view(pick, NONE, href),
    };
  }

  /**
   * The period report's event: null when the report can be made as asked (all events, or one
   * by its slug); else the slug's address, or the page to pick the event.
   */
  async period(query: PeriodReportQueryDto): Promise<ReportsPageAnswer | null> {
    const pick = await this.events.resolve(query.event);
    if (pick.kind === 'none' || (pick.kind === 'one' && pick.exact)) return null;
    if (pick.kind === 'one') {
      return { redirect: `/reports/period${search({ ...query, event: pick.choice.key })}` };
    }
    const href = (slug: string): string => `/reports/period${search({ ...query, event: slug })}`;
    return {
      httpStatus: pick.kind === 'unknown' ? 400 : 200,
      view: await this.view(NONE, pick, undefined, href),
    };
  }

  /** The page with its event pickers as asked (the rest of the page is the same). */
  private async view(
    event: Pick,
    periodEvent: Pick,
    href: (slug: string) => string = (slug) =>
      `/reports/open${search({ kind: 'event', target: slug })}`,
    periodHref: (slug: string) => string = (slug) => `/reports/period${search({ event: slug })}`,
  ): Promise<ReportsPageView> {
    const [eventPicker, periodEventPicker, states, themes] = await Promise.all([
      this.events.view(event, {
        id: 'event-target',
        name: 'target',
        empty: null,
        emptyHint: 'Type its slug or words of its title',
        href,
      }),
      this.events.view(periodEvent, {
        id: 'period-event',
        empty: 'All events',
        emptyHint: 'Empty: all events',
        href: periodHref,
      }),
      this.lookups.stateOptions(),
      themeOptions(this.dataSource, undefined, { withRecommendations: true }),
    ]);
    return {
      title: 'Reports',
      today: today(),
      eventPicker,
      periodEventPicker,
      choices: {
        states: states.map((s) => ({ value: s.iso3, label: s.name })),
        themes,
      },
    };
  }
}
