import { ImplementationStatus } from '../assessments/implementation-status.enum.js';
import type { ProgressFigures } from '../assessments/progress.js';

/**
 * How the recommendations list is ordered. It is always grouped by event, the events in list
 * order (by date, undated last); `ref` keeps each event's recommendations in their own order
 * (their position in the event's report), the others sort them within their event.
 */
export const RECOMMENDATION_SORTS = [
  'ref',
  'title',
  'pairs',
  'rate',
  'progress',
  'status',
] as const;
export type RecommendationSort = (typeof RECOMMENDATION_SORTS)[number];
export type SortDirection = 'asc' | 'desc';

export interface RecommendationOrder {
  sort: RecommendationSort;
  dir: SortDirection;
}

/** Figures and statuses sort highest (most advanced) first unless asked; words A to Z. */
export function defaultDirection(sort: RecommendationSort): SortDirection {
  return sort === 'ref' || sort === 'title' ? 'asc' : 'desc';
}

/** The order asked for, defaults filled in: by ref, A to Z, when nothing is asked. */
export function orderOf(query: {
  sort?: RecommendationSort;
  dir?: SortDirection;
}): RecommendationOrder {
  const sort = query.sort ?? 'ref';
  return { sort, dir: query.dir ?? defaultDirection(sort) };
}

/** Whether the order is the list's own (the database pages it without reading figures). */
export function isListOrder(order: RecommendationOrder): boolean {
  return order.sort === 'ref' && order.dir === 'asc';
}

/** Whether sorting needs each recommendation's figures. */
export function sortsByFigures(order: RecommendationOrder): boolean {
  return order.sort !== 'ref' && order.sort !== 'title';
}

/** Most advanced first; not applicable, then no information, last. */
export const STATUS_ORDER: readonly ImplementationStatus[] = [
  ImplementationStatus.Implemented,
  ImplementationStatus.MostlyImplemented,
  ImplementationStatus.PartiallyImplemented,
  ImplementationStatus.NotImplemented,
  ImplementationStatus.NotApplicable,
  ImplementationStatus.NoInformation,
];

/** A recommendation as the ordering sees it, in list order within its event. */
export interface OrderedRow {
  id: number;
  eventId: number;
  title: string;
}

/**
 * The value a recommendation sorts by; null sorts last whatever the direction. `status` is the
 * status of its one pair (the list filtered by a State), more advanced higher; with several
 * pairs it has none.
 */
function sortValue(
  row: OrderedRow,
  index: number,
  sort: RecommendationSort,
  figures: ProgressFigures | undefined,
): number | string | null {
  switch (sort) {
    case 'ref':
      return index;
    case 'title':
      return row.title;
    case 'pairs':
      return figures?.pairs ?? 0;
    case 'rate':
      return figures?.implementationRate ?? null;
    case 'progress':
      return figures?.progressIndex ?? null;
    case 'status': {
      if (figures?.pairs !== 1) return null;
      const status = STATUS_ORDER.find((s) => figures.counts[s] > 0);
      return status ? STATUS_ORDER.length - STATUS_ORDER.indexOf(status) : null;
    }
  }
}

/**
 * The rows sorted within each event, the events kept in the order they come in. Equal values
 * keep the list order; a missing figure (nothing known yet) sorts last either way.
 */
export function sortWithinEvents<T extends OrderedRow>(
  rows: readonly T[],
  order: RecommendationOrder,
  figuresOf: (id: number) => ProgressFigures | undefined = () => undefined,
): T[] {
  const groups = new Map<number, { row: T; index: number; value: number | string | null }[]>();
  rows.forEach((row, index) => {
    const group = groups.get(row.eventId) ?? [];
    group.push({ row, index, value: sortValue(row, index, order.sort, figuresOf(row.id)) });
    groups.set(row.eventId, group);
  });
  const sign = order.dir === 'asc' ? 1 : -1;
  return [...groups.values()].flatMap((group) =>
    group
      .sort((a, b) => {
        if (a.value === null || b.value === null) {
          if (a.value !== b.value) return a.value === null ? 1 : -1;
        } else if (a.value !== b.value) {
          const by =
            typeof a.value === 'number'
              ? a.value - (b.value as number)
              : a.value.localeCompare(b.value as string, 'en');
          if (by !== 0) return sign * by;
        }
        return a.index - b.index;
      })
      .map((g) => g.row),
  );
}

/**
 * The events a page of `size` rows from row `first` spans, given how many rows each event has
 * (in list order), with how many of the first event's rows come before the page, and the total.
 */
export function eventsSpanned(
  perEvent: readonly { eventId: number; n: number }[],
  first: number,
  size: number,
): { eventIds: number[]; skip: number; total: number } {
  const eventIds: number[] = [];
  let skip = 0;
  let at = 0;
  for (const e of perEvent) {
    if (at + e.n > first && at < first + size) {
      if (eventIds.length === 0) skip = first - at;
      eventIds.push(e.eventId);
    }
    at += e.n;
  }
  return { eventIds, skip, total: at };
}
