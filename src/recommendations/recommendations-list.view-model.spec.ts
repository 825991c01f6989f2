import { page } from '../common/paging.js';
import { emptyCounts, progressFromCounts } from '../assessments/progress.js';
import type { EventPickerView } from '../events/event-picker.js';
import type { ListRecommendationsPageQueryDto } from './dto/list-recommendations-page-query.dto.js';
import type { RecommendationSummaryView } from './recommendation.view.js';
import { listAddress, recommendationsListViewModel } from './recommendations-list.view-model.js';

const item = (ref: string, event: string): RecommendationSummaryView => ({
  ref,
  title: `Title of ${ref}`,
  event: { slug: event, title: event.toUpperCase() },
  session: null,
  addressee: 'states' as RecommendationSummaryView['addressee'],
  themes: [],
  organisations: [],
  version: 1,
  progress: progressFromCounts(emptyCounts()),
});

function view(query: Partial<ListRecommendationsPageQueryDto>) {
  return recommendationsListViewModel({
    query: { page: 1, pageSize: 20, ...query },
    options: { events: [], themes: [], states: [], organisations: [] },
    eventPicker: {} as EventPickerView,
    result: page(
      [item('A-1', 'a'), item('A-2', 'a'), item('B-1', 'b')],
      { page: 1, pageSize: 20 },
      45,
    ),
  });
}

describe('the recommendations list view-model', () => {
  it('sorts by ref by default, each figure heading a link to sort by it, highest first', () => {
    const v = view({});
    expect(v.columns.map((c) => [c.label, c.ariaSort, c.href])).toEqual([
      ['Ref', 'ascending', '/recommendations?sort=ref&dir=desc'],
      ['Recommendation', null, '/recommendations?sort=title&dir=asc'],
      ['Themes', null, null],
      ['Pairs', null, '/recommendations?sort=pairs&dir=desc'],
      ['Implementation', null, '/recommendations?sort=rate&dir=desc'],
      ['Progress index', null, '/recommendations?sort=progress&dir=desc'],
    ]);
    expect(v.order).toBeNull();
    expect(v.sortedBy).toBeNull();
    expect(v.groups.map((g) => [g.event.slug, g.items.length])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
  });

  it('keeps the filters in the sort links and the order in the page links', () => {
    const v = view({ theme: 'precursors', q: 'border', sort: 'rate', dir: 'desc' });
    const rate = v.columns.find((c) => c.label === 'Implementation');
    expect(rate).toEqual({
      label: 'Implementation',
      ariaSort: 'descending',
      href: '/recommendations?theme=precursors&q=border&sort=rate&dir=asc',
    });
    expect(v.columns[0].href).toBe('/recommendations?theme=precursors&q=border');
    expect(v.links?.next).toBe(
      '/recommendations?theme=precursors&q=border&sort=rate&dir=desc&page=2',
    );
    expect(v.order).toEqual({ sort: 'rate', dir: 'desc' });
    expect(v.sortedBy).toBe('implementation, highest first');
  });

  it("with a State filter, sorts by that State's status", () => {
    const v = view({ state: 'KAZ', sort: 'status' });
    expect(v.columns.map((c) => c.label)).toEqual([
      'Ref',
      'Recommendation',
      'Themes',
      'Status in KAZ',
      'Record',
    ]);
    expect(v.columns[3]).toMatchObject({
      ariaSort: 'descending',
      href: '/recommendations?state=KAZ&sort=status&dir=asc',
    });
    expect(v.sortedBy).toBe('status in KAZ, most advanced first');
  });

  it('gives the address of the list without the order of its own', () => {
    expect(listAddress({})).toBe('/recommendations');
    expect(listAddress({ event: 'e', sort: 'ref', dir: 'asc' })).toBe('/recommendations?event=e');
    expect(listAddress({ event: 'e', sort: 'title' })).toBe(
      '/recommendations?event=e&sort=title&dir=asc',
    );
  });
});
