import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { today } from '../common/dates.js';
import { httpStatusOf } from '../common/error-mapping.js';
import type { DomainError } from '../common/errors.js';
import { Picker, type Pick, type PickerView } from '../common/views/picker.js';
import { EVENT_SOURCE, withRecommendations } from '../events/event-picker.js';
import { Event } from '../events/event.entity.js';
import { LookupsService } from '../reference-data/lookups.service.js';
import { themeOptions } from '../themes/theme-options.js';
import type { OpenReportQueryDto, TargetedKind } from './dto/open-report-query.dto.js';
import type { PeriodReportQueryDto } from './dto/period-report-query.dto.js';
import type { ReportKind } from './reports.service.js';

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
  /** The State report's event filter. */
  stateEventPicker: PickerView;
  choices: { states: Option[]; themes: Option[]; stateThemes: Option[] };
  /** The State report's period as last sent, when the page shows its form again. */
  stateForm: { from: string; to: string };
  /** A report refused as a PDF (too long): why, and its HTML instead. */
  refusal: { message: string; htmlHref: string } | null;
}

/**
 * What a request of the reports page answers: a report's address, or the page (400: no event
 * matches; 422: a PDF too long to print).
 */
export type ReportsPageAnswer =
  { redirect: string } | { httpStatus: number; view: ReportsPageView };

/** What the State report's form sent, to show it again. */
type StateFormValues = Partial<
  Record<'target' | 'event' | 'theme' | 'from' | 'to' | 'asOf' | 'compareWith', string>
>;

/** How the page is shown: the pickers' picks and links, the State form's values, a refusal. */
interface PageState {
  event?: Pick;
  periodEvent?: Pick;
  stateEvent?: Pick;
  href?: (slug: string) => string;
  periodHref?: (slug: string) => string;
  stateHref?: (slug: string) => string;
  stateForm?: StateFormValues;
  refusal?: ReportsPageView['refusal'];
}

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
    return this.view({});
  }

  /**
   * The forms of the page land here: the report's own address, or the page to pick the event
   * (of the event report, or the State report's filter).
   */
  async open(query: OpenReportQueryDto): Promise<ReportsPageAnswer> {
    const { kind, target, ...options } = query;
    const opened = (key: string, event = options.event) => ({
      redirect: `/reports/${PATHS[kind]}/${encodeURIComponent(key)}${search({ ...options, event })}`,
    });
    if (kind === 'state') {
      const pick = await this.events.resolve(options.event);
      if (pick.kind === 'none') return opened(target);
      if (pick.kind === 'one') return opened(target, pick.choice.key);
      const stateHref = (slug: string): string =>
        `/reports/open${search({ kind, target, ...options, event: slug })}`;
      return {
        httpStatus: pick.kind === 'unknown' ? 400 : 200,
        view: await this.view({ stateEvent: pick, stateHref, stateForm: query }),
      };
    }
    if (kind !== 'event') return opened(target);
    const pick = await this.events.resolve(target);
    if (pick.kind === 'one') return opened(pick.choice.key);
    const href = (slug: string): string =>
      `/reports/open${search({ kind, target: slug, ...options })}`;
    return {
      httpStatus: pick.kind === 'unknown' ? 400 : 200,
      view: await this.view({ event: pick, href }),
    };
  }

  /**
   * A report refused as a PDF because it would be too long (TooLongToPrintError): the page at
   * its status (422) with the reason, a link to the same report as a web page, and the State
   * report's form filled in as asked, to narrow it.
   */
  async tooLong(
    kind: ReportKind,
    target: string,
    query: object,
    refused: DomainError,
  ): Promise<ReportsPageAnswer> {
    const asked = { ...query, format: undefined } as Record<string, string | undefined>;
    const path =
      kind === 'period'
        ? '/reports/period'
        : `/reports/${PATHS[kind]}/${encodeURIComponent(target)}`;
    const state: StateFormValues | undefined = kind === 'state' ? { ...asked, target } : undefined;
    return {
      httpStatus: httpStatusOf(refused),
      view: await this.view({
        stateEvent: await this.events.resolve(state?.event),
        stateForm: state,
        refusal: { message: refused.message, htmlHref: `${path}${search(asked)}` },
      }),
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
    const periodHref = (slug: string): string =>
      `/reports/period${search({ ...query, event: slug })}`;
    return {
      httpStatus: pick.kind === 'unknown' ? 400 : 200,
      view: await this.view({ periodEvent: pick, periodHref }),
    };
  }

  /** The page with its event pickers as asked (the rest of the page is the same). */
  private async view(shown: PageState): Promise<ReportsPageView> {
    const form = shown.stateForm ?? {};
    const [eventPicker, periodEventPicker, stateEventPicker, states, themes] = await Promise.all([
      this.events.view(shown.event ?? NONE, {
        id: 'event-target',
        name: 'target',
        empty: null,
        emptyHint: 'Type its slug or words of its title',
        href: shown.href ?? ((slug) => `/reports/open${search({ kind: 'event', target: slug })}`),
      }),
      this.events.view(shown.periodEvent ?? NONE, {
        id: 'period-event',
        empty: 'All events',
        emptyHint: 'Empty: all events',
        href: shown.periodHref ?? ((slug) => `/reports/period${search({ event: slug })}`),
      }),
      this.events.view(shown.stateEvent ?? NONE, {
        id: 'state-event',
        empty: 'All events',
        emptyHint: 'Empty: all events',
        href:
          shown.stateHref ??
          ((slug) => `/reports/open${search({ kind: 'state', ...form, event: slug })}`),
      }),
      this.lookups.stateOptions(),
      themeOptions(this.dataSource, undefined, { withRecommendations: true }),
    ]);
    return {
      title: 'Reports',
      today: today(),
      eventPicker,
      periodEventPicker,
      stateEventPicker,
      choices: {
        states: states.map((s) => ({
          value: s.iso3,
          label: s.name,
          selected: s.iso3 === form.target?.toUpperCase(),
        })),
        themes,
        stateThemes: themes.map((t) => ({ ...t, selected: t.value === form.theme })),
      },
      stateForm: {
        from: form.from ?? '',
        to: form.to ?? '',
      },
      refusal: shown.refusal ?? null,
    };
  }
}
