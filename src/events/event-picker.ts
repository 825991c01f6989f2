import { DataSource, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { toIsoDate } from '../common/sql-values.js';
import {
  Picker,
  PICKER_CHOICES_SHOWN,
  PICKER_SELECT_MAX,
  withWordsIn,
  type Choice,
  type Pick,
  type PickerPlacement,
  type PickerSource,
  type PickerView,
} from '../common/views/picker.js';
import { Event } from './event.entity.js';

/** Up to this many events, a filter offers them all in a select; beyond, a search field. */
export const EVENT_SELECT_MAX = PICKER_SELECT_MAX;

/** How many events a search lists when several match what was typed. */
export const EVENT_CHOICES_SHOWN = PICKER_CHOICES_SHOWN;

/** Events by slug or words of their title, the earliest first. */
export const EVENT_SOURCE: PickerSource<Event> = {
  entity: Event,
  alias: 'e',
  key: 'e.slug',
  title: 'e.title',
  detail: (qb) => qb.addSelect('e.start_date', 'detail'),
  readDetail: toIsoDate,
  order: [
    ['e.start_date', 'ASC'],
    ['e.title', 'ASC'],
    ['e.slug', 'ASC'],
  ],
  singular: 'event',
  plural: 'events',
  keyName: 'slug',
  option: (c) => c.title,
  note: (c) => (c.detail ? `${c.key} · ${c.detail}` : c.key),
  shown: (c) => (c.detail ? `${c.title} (${c.detail})` : c.title),
};

/** A picker's scope: only the events with recommendations (what a report has something to say on). */
export function withRecommendations(qb: SelectQueryBuilder<Event>): void {
  qb.andWhere('EXISTS (SELECT 1 FROM recommendations r WHERE r.event_id = e.id)');
}

export interface EventChoice {
  slug: string;
  title: string;
  startDate: string | null;
}

/**
 * What the `event` parameter of a filter stands for, and how many events there are when the
 * lookup learnt it on the way (null: not read yet).
 */
export type EventPick = { eventCount: number | null } & (
  | { kind: 'none' }
  /** An event's slug, or words that match that event only. */
  | { kind: 'event'; event: EventChoice; bySlug: boolean }
  /** Words that match several events: the first few, and how many in all. */
  | { kind: 'several'; text: string; choices: EventChoice[]; total: number }
  /** Words that match no event. */
  | { kind: 'unknown'; text: string }
);

/** The event filter of a form, as its partial (`event-picker`) draws it. */
export type EventPickerView = PickerView;

/**
 * The event filter of a page at any number of events (a `Picker` of events): the parameter is
 * `event` unless told, a slug or words of the title.
 */
export class EventPicker {
  private readonly picker: Picker<Event>;

  constructor(dataSource: DataSource) {
    this.picker = new Picker(dataSource, EVENT_SOURCE);
  }

  async resolve(param: string | undefined): Promise<EventPick> {
    const pick = await this.picker.resolve(param);
    const eventCount = pick.count;
    switch (pick.kind) {
      case 'none':
        return { kind: 'none', eventCount };
      case 'one':
        return { kind: 'event', event: toEvent(pick.choice), bySlug: pick.exact, eventCount };
      case 'several':
        return { ...pick, choices: pick.choices.map(toEvent), eventCount };
      case 'unknown':
        return { kind: 'unknown', text: pick.text, eventCount };
    }
  }

  view(pick: EventPick, how: PickerPlacement): Promise<EventPickerView> {
    return this.picker.view(fromEventPick(pick), how);
  }
}

function toEvent(c: Choice): EventChoice {
  return { slug: c.key, title: c.title, startDate: c.detail };
}

function fromEvent(e: EventChoice): Choice {
  return { key: e.slug, title: e.title, detail: e.startDate };
}

function fromEventPick(pick: EventPick): Pick {
  const count = pick.eventCount;
  switch (pick.kind) {
    case 'none':
      return { kind: 'none', count };
    case 'event':
      return { kind: 'one', choice: fromEvent(pick.event), exact: pick.bySlug, count };
    case 'several':
      return {
        kind: 'several',
        text: pick.text,
        choices: pick.choices.map(fromEvent),
        total: pick.total,
        count,
      };
    case 'unknown':
      return { kind: 'unknown', text: pick.text, count };
  }
}

/**
 * Events `e` whose title or slug holds every word, the rule of the event search fields and of
 * the events list's search.
 */
export function withWords<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  words: readonly string[],
): SelectQueryBuilder<T> {
  return withWordsIn(qb, ['e.title', 'e.slug'], words);
}
