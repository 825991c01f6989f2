import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { fieldError } from '../common/errors.js';
import { Event } from '../events/event.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { State } from '../states/state.entity.js';
import type { Subject } from '../subjects/subject.js';
import { SubjectsService } from '../subjects/subjects.service.js';
import { Theme } from '../themes/theme.entity.js';

export interface FilterOption {
  value: string;
  label: string;
  selected: boolean;
}

export interface FilterOptions {
  events: FilterOption[];
  themes: FilterOption[];
  states: FilterOption[];
  organisations: FilterOption[];
}

/** Resolves the filters of a query (slugs, acronyms, codes) to rows, or a 400 naming the field. */
@Injectable()
export class LookupsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly subjects: SubjectsService,
  ) {}

  async event(slug: string, field = 'event'): Promise<Event> {
    const event = await this.dataSource.getRepository(Event).findOneBy({ slug });
    if (!event) throw fieldError(field, 'exists', `${field}: no event "${slug}"`);
    return event;
  }

  async theme(slug: string, field = 'theme'): Promise<Theme> {
    const theme = await this.dataSource.getRepository(Theme).findOneBy({ slug });
    if (!theme) throw fieldError(field, 'exists', `${field}: no theme "${slug}"`);
    return theme;
  }

  async organisation(acronym: string, field = 'organisation'): Promise<Organisation> {
    const org = await this.dataSource
      .getRepository(Organisation)
      .findOneBy({ acronym: acronym.toUpperCase() });
    if (!org) throw fieldError(field, 'exists', `${field}: no organisation "${acronym}"`);
    return org;
  }

  async subject(code: string, field = 'state'): Promise<Subject> {
    const subject = await this.subjects.find(code);
    if (!subject) throw fieldError(field, 'exists', `${field}: no State or organisation "${code}"`);
    return subject;
  }

  /** States by ISO3 code, in the order given; a 400 naming every unknown code. */
  async states(codes: readonly string[], field = 'states'): Promise<State[]> {
    const wanted = [...new Set(codes.map((c) => c.trim().toUpperCase()).filter(Boolean))];
    if (wanted.length === 0) return [];
    const found = await this.dataSource.getRepository(State).findBy({ iso3: In(wanted) });
    const missing = wanted.filter((c) => !found.some((s) => s.iso3 === c));
    if (missing.length > 0) {
      throw fieldError(field, 'exists', `${field}: no State with ISO3 code ${missing.join(', ')}`);
    }
    return wanted.map((c) => found.find((s) => s.iso3 === c) as State);
  }

  /** Every State as a form option, the given ISO3 codes selected. */
  async stateOptions(
    selected: readonly string[] = [],
  ): Promise<{ iso3: string; name: string; selected: boolean }[]> {
    const states = await this.dataSource.getRepository(State).find({ order: { name: 'ASC' } });
    return states.map((s) => ({ iso3: s.iso3, name: s.name, selected: selected.includes(s.iso3) }));
  }

  /**
   * The choices of the common filters (events, themes, States, organisations), the given ones
   * selected. `events: false` reads no events (an empty list), for a page whose event filter is
   * an `EventPicker`, which reads them only while they are few.
   */
  async filterOptions(
    selected: {
      event?: string;
      theme?: string;
      state?: string;
      organisation?: string;
    },
    read: { events?: boolean } = {},
  ): Promise<FilterOptions> {
    const [events, themes, states, organisations] = await Promise.all([
      // Two columns, not whole events: a large index has thousands, on every filtered page.
      read.events === false
        ? []
        : this.dataSource
            .getRepository(Event)
            .createQueryBuilder('e')
            .select('e.slug', 'slug')
            .addSelect('e.title', 'title')
            .orderBy('e.start_date', 'ASC')
            .addOrderBy('e.title', 'ASC')
            .getRawMany<{ slug: string; title: string }>(),
      this.dataSource.getRepository(Theme).find({ order: { title: 'ASC' } }),
      this.stateOptions(selected.state ? [selected.state.toUpperCase()] : []),
      this.dataSource.getRepository(Organisation).find({ order: { acronym: 'ASC' } }),
    ]);
    return {
      events: events.map((e) => ({
        value: e.slug,
        label: e.title,
        selected: e.slug === selected.event,
      })),
      themes: themes.map((t) => ({
        value: t.slug,
        label: t.title,
        selected: t.slug === selected.theme,
      })),
      states: states.map((s) => ({ value: s.iso3, label: s.name, selected: s.selected })),
      organisations: organisations.map((o) => ({
        value: o.acronym,
        label: `${o.acronym} · ${o.name}`,
        selected: o.acronym === selected.organisation?.toUpperCase(),
      })),
    };
  }

  /** The ids the common filters (event, theme, state) stand for; undefined where not given. */
  async filterIds(query: { event?: string; theme?: string; state?: string }): Promise<{
    eventId?: number;
    themeId?: number;
    subject?: Subject;
  }> {
    return {
      eventId: query.event ? (await this.event(query.event)).id : undefined,
      themeId: query.theme ? (await this.theme(query.theme)).id : undefined,
      subject: query.state ? await this.subject(query.state) : undefined,
    };
  }
}
