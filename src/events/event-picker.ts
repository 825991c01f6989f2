import { DataSource, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { toIsoDate } from '../common/sql-values.js';
import { searchWords } from '../database/dialect.js';
import { Event } from './event.entity.js';

/** Up to this many events, a filter offers them all in a select; beyond, a search field. */
export const EVENT_SELECT_MAX = 200;

/** How many events a search lists when several match what was typed. */
export const EVENT_CHOICES_SHOWN = 20;

export interface EventChoice {
  slug: string;
  title: string;
  startDate: string | null;
}

/**
 * What the `event` parameter of a filter stands for, and how many events there are when the
 * lookup learnt it on the way (null: not read yet).
 */
export type EventPick = { eventCount: number | null } &
  /** No event asked for. */
  (
    | { kind: 'none' }
    /** An event's slug, or words that match that event only. */
    | { kind: 'event'; event: EventChoice; bySlug: boolean }
    /** Words that match several events: the first few, and how many in all. */
    | { kind: 'several'; text: string; choices: EventChoice[]; total: number }
    /** Words that match no event. */
    | { kind: 'unknown'; text: string }
  );

/** The event filter of a form, as its partial (`event-picker`) draws it. */
export interface EventPickerView {
  id: string;
  name: string;
  label: string;
  /** Few events: every one, for a select. Null: a search field instead. */
  options: { value: string; label: string; selected: boolean }[] | null;
  /** The search field's value: the chosen event's slug, or the words typed. */
  value: string;
  /** The event the page shows, named beside the search field. */
  current: EventChoice | null;
  /** Several events matched: links to pick one. */
  choices: (EventChoice & { href: string })[];
  /** How many events matched, and how many more than `choices` lists. */
  total: number;
  more: number;
  /** Why the words typed name no event. */
  error: string | null;
}

/**
 * The event filter of a page at any number of events: a select while there are few, a search
 * field (slug or words of the title) beyond `EVENT_SELECT_MAX`. The parameter is the same
 * (`event`) either way, so an address with an event's slug works with both; words that are not a
 * slug are looked up in the titles and slugs (every word must occur, in any case).
 */
export class EventPicker {
  constructor(private readonly dataSource: DataSource) {}

  /** The event the parameter stands for: a slug as given, else a search of titles and slugs. */
  async resolve(param: string | undefined): Promise<EventPick> {
    const text = (param ?? '').trim();
    if (!text) return { kind: 'none', eventCount: null };
    // The slug, with the number of events the form needs, in one statement.
    const bySlug = await this.choices()
      .addSelect('(SELECT COUNT(*) FROM events)', 'eventCount')
      .where('e.slug = :slug', { slug: text })
      .getRawOne<RawChoice & { eventCount: number | string }>();
    if (bySlug) {
      const eventCount = Number(bySlug.eventCount);
      return { kind: 'event', event: toChoice(bySlug), bySlug: true, eventCount };
    }
    const words = searchWords(text);
    if (words.length === 0) return { kind: 'unknown', text, eventCount: null };
    const matching = withWords(this.choices(), words);
    const [rows, total] = await Promise.all([
      matching
        .clone()
        .orderBy('e.start_date', 'ASC')
        .addOrderBy('e.title', 'ASC')
        .addOrderBy('e.slug', 'ASC')
        .limit(EVENT_CHOICES_SHOWN)
        .getRawMany<RawChoice>(),
      matching.clone().getCount(),
    ]);
    const found = (row: RawChoice): EventPick => ({
      kind: 'event',
      event: toChoice(row),
      bySlug: false,
      eventCount: null,
    });
    if (total === 0) return { kind: 'unknown', text, eventCount: null };
    if (total === 1) return found(rows[0]);
    // A title typed in full picks its event, even where other titles contain it.
    const same = rows.filter((r) => r.title.toLowerCase() === text.toLowerCase());
    if (same.length === 1) return found(same[0]);
    return { kind: 'several', text, choices: rows.map(toChoice), total, eventCount: null };
  }

  /**
   * The filter as the form draws it: all events in a select when there are few, else the search
   * field with the event shown, the choices to pick from or the reason nothing matched.
   */
  async view(
    pick: EventPick,
    how: { id: string; name?: string; label?: string; href: (slug: string) => string },
  ): Promise<EventPickerView> {
    const count = pick.eventCount ?? (await this.dataSource.getRepository(Event).count());
    const current = pick.kind === 'event' ? pick.event : null;
    const options =
      count <= EVENT_SELECT_MAX
        ? (
            await this.choices()
              .orderBy('e.start_date', 'ASC')
              .addOrderBy('e.title', 'ASC')
              .getRawMany<RawChoice>()
          ).map((e) => ({ value: e.slug, label: e.title, selected: e.slug === current?.slug }))
        : null;
    const field = how.label ?? 'Event';
    return {
      id: how.id,
      name: how.name ?? 'event',
      label: field,
      options,
      value: pick.kind === 'event' ? pick.event.slug : pick.kind === 'none' ? '' : pick.text,
      current,
      choices:
        pick.kind === 'several' ? pick.choices.map((c) => ({ ...c, href: how.href(c.slug) })) : [],
      total: pick.kind === 'several' ? pick.total : 0,
      more: pick.kind === 'several' ? pick.total - pick.choices.length : 0,
      error:
        pick.kind === 'unknown'
          ? `${field}: no event matches "${pick.text}" (its slug, or words of its title)`
          : null,
    };
  }

  private choices(): SelectQueryBuilder<Event> {
    return this.dataSource
      .getRepository(Event)
      .createQueryBuilder('e')
      .select('e.slug', 'slug')
      .addSelect('e.title', 'title')
      .addSelect('e.start_date', 'startDate');
  }
}

/**
 * Events `e` whose title or slug holds every word (any case, as plain text: `%` and `_` are
 * not wildcards), the rule of the event search fields and of the events list's search.
 */
export function withWords<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  words: readonly string[],
): SelectQueryBuilder<T> {
  words.forEach((word, i) => {
    qb.andWhere(
      `(LOWER(e.title) LIKE :w${i} ESCAPE '\\' OR LOWER(e.slug) LIKE :w${i} ESCAPE '\\')`,
      { [`w${i}`]: `%${word.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%` },
    );
  });
  return qb;
}

interface RawChoice {
  slug: string;
  title: string;
  startDate: unknown;
}

function toChoice(raw: RawChoice): EventChoice {
  return { slug: raw.slug, title: raw.title, startDate: toIsoDate(raw.startDate) };
}
