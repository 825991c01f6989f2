import { statusOptions } from '../assessments/status-view.js';
import { pageLinks, type Page, type PageLinks } from '../common/paging.js';
import type { EventPickerView } from '../events/event-picker.js';
import type { FilterOptions } from '../reference-data/lookups.service.js';
import type { ListRecommendationsPageQueryDto } from './dto/list-recommendations-page-query.dto.js';
import {
  defaultDirection,
  isListOrder,
  orderOf,
  type RecommendationOrder,
  type RecommendationSort,
  type SortDirection,
} from './list-order.js';
import type { RecommendationSummaryView } from './recommendation.view.js';

/** The list's filters, kept in its sort links, page links and the address an event is picked at. */
export const LIST_FILTERS = [
  'event',
  'theme',
  'state',
  'organisation',
  'status',
  'q',
  'asOf',
] as const;

type ListQuery = Partial<
  Pick<ListRecommendationsPageQueryDto, (typeof LIST_FILTERS)[number] | 'sort' | 'dir'>
>;

/** A column heading: a link that sorts by it (`href`), or plain text (`href` null). */
export interface ListColumn {
  label: string;
  href: string | null;
  /** On the column the list is sorted by. */
  ariaSort: 'ascending' | 'descending' | null;
}

export interface EventGroup<T> {
  event: { slug: string; title: string };
  items: T[];
}

export interface RecommendationsListView {
  title: string;
  query: ListRecommendationsPageQueryDto;
  options: FilterOptions;
  eventPicker: EventPickerView;
  statuses: ReturnType<typeof statusOptions>;
  /** False while the event field names no one event (several match the words, or none). */
  listed: boolean;
  items: RecommendationSummaryView[];
  /** In list order, so the recommendations of one event follow each other. */
  groups: EventGroup<RecommendationSummaryView>[];
  /** The State (or organisation) filtered by: its own status is shown. */
  subjectFilter: string | undefined;
  columns: ListColumn[];
  /** The order asked for, kept by the filter form; null for the list's own. */
  order: RecommendationOrder | null;
  /** What the order is, said in words; null for the list's own. */
  sortedBy: string | null;
  total: number;
  page: number;
  pages: number;
  links: PageLinks | null;
  filtered: boolean;
}

/** The list's address for its filters and order (the list's own left out), on the first page. */
export function listAddress(query: ListQuery): string {
  const search = new URLSearchParams(listParams(query)).toString();
  return search ? `/recommendations?${search}` : '/recommendations';
}

function listParams(query: ListQuery): [string, string][] {
  const params: [string, string][] = [];
  for (const key of LIST_FILTERS) {
    const value = query[key];
    if (value) params.push([key, value]);
  }
  const order = orderOf(query);
  if (!isListOrder(order)) params.push(['sort', order.sort], ['dir', order.dir]);
  return params;
}

const COLUMN_LABELS: Record<RecommendationSort, string> = {
  ref: 'Ref',
  title: 'Recommendation',
  pairs: 'Pairs',
  rate: 'Implementation',
  progress: 'Progress index',
  status: 'Status',
};

/** "Implementation, highest first" and the like, for the line above the table. */
function orderText(order: RecommendationOrder, subjectFilter: string | undefined): string {
  const asc = order.dir === 'asc';
  switch (order.sort) {
    case 'ref':
      return asc ? 'ref' : 'ref, last first';
    case 'title':
      return asc ? 'title, A to Z' : 'title, Z to A';
    case 'status':
      return `status in ${subjectFilter ?? 'the State'}, ${asc ? 'least advanced first' : 'most advanced first'}`;
    default:
      return `${COLUMN_LABELS[order.sort].toLowerCase()}, ${asc ? 'lowest first' : 'highest first'}`;
  }
}

/**
 * The recommendations list: filters, a page of recommendations under their events, and column
 * headings that sort them within each event (a second select of the same heading reverses the
 * order). With a State filter the figures are that State's status; without, each
 * recommendation's pairs, implementation rate and progress index.
 */
export function recommendationsListViewModel(input: {
  query: ListRecommendationsPageQueryDto;
  options: FilterOptions;
  eventPicker: EventPickerView;
  /** The page found; null while the event field names no one event. */
  result: Page<RecommendationSummaryView> | null;
}): RecommendationsListView {
  const { query, result } = input;
  const order = orderOf(query);
  const items = result?.items ?? [];
  const subjectFilter = items[0]?.subjectStatus?.name ?? query.state;
  const column = (sort: RecommendationSort, label = COLUMN_LABELS[sort]): ListColumn => {
    const sorted = order.sort === sort;
    const dir: SortDirection = sorted
      ? order.dir === 'asc'
        ? 'desc'
        : 'asc'
      : defaultDirection(sort);
    return {
      label,
      href: listAddress({ ...query, sort, dir }),
      ariaSort: sorted ? (order.dir === 'asc' ? 'ascending' : 'descending') : null,
    };
  };
  const plain = (label: string): ListColumn => ({ label, href: null, ariaSort: null });
  const filters = Object.fromEntries(LIST_FILTERS.map((key) => [key, query[key]]));
  return {
    title: 'Recommendations',
    query,
    options: input.options,
    eventPicker: input.eventPicker,
    statuses: statusOptions(query.status),
    listed: result !== null,
    items,
    groups: groupByEvent(items),
    subjectFilter,
    columns: [
      column('ref'),
      column('title'),
      plain('Themes'),
      ...(subjectFilter
        ? [column('status', `Status in ${subjectFilter}`), plain('Record')]
        : [column('pairs'), column('rate'), column('progress')]),
    ],
    order: isListOrder(order) ? null : order,
    sortedBy: isListOrder(order) ? null : orderText(order, subjectFilter),
    total: result?.total ?? 0,
    page: result?.page ?? 1,
    pages: result?.pages ?? 1,
    links:
      result &&
      pageLinks(
        '/recommendations',
        { ...filters, ...Object.fromEntries(listParams({ sort: query.sort, dir: query.dir })) },
        result.page,
        result.pages,
      ),
    filtered: Object.values(filters).some(Boolean),
  };
}

/** Consecutive recommendations of one event, as the list orders them. */
export function groupByEvent<T extends { event: { slug: string; title: string } }>(
  items: readonly T[],
): EventGroup<T>[] {
  const groups: EventGroup<T>[] = [];
  for (const item of items) {
    const last = groups.at(-1);
    if (last && last.event.slug === item.event.slug) last.items.push(item);
    else groups.push({ event: item.event, items: [item] });
  }
  return groups;
}
