import { emptyCounts, progressFromCounts, type ProgressFigures } from '../assessments/progress.js';
import { ImplementationStatus as S } from '../assessments/implementation-status.enum.js';
import { eventsSpanned, orderOf, sortWithinEvents, type OrderedRow } from './list-order.js';

const figures = (counts: Partial<Record<S, number>>): ProgressFigures =>
  progressFromCounts({ ...emptyCounts(), ...counts });

// Two events in list order, each event's recommendations in their own order.
const ROWS: OrderedRow[] = [
  { id: 1, eventId: 10, title: 'Liaison officers' },
  { id: 2, eventId: 10, title: 'Border posts' },
  { id: 3, eventId: 10, title: 'Container control' },
  { id: 4, eventId: 20, title: 'Awareness' },
  { id: 5, eventId: 20, title: 'Precursors' },
];
const FIGURES = new Map<number, ProgressFigures>([
  [1, figures({ [S.Implemented]: 1, [S.NotImplemented]: 1 })],
  [2, figures({ [S.NoInformation]: 3 })],
  [3, figures({ [S.Implemented]: 3, [S.NotImplemented]: 1 })],
  [4, figures({ [S.NotImplemented]: 2 })],
  [5, figures({ [S.Implemented]: 1 })],
]);
const ids = (rows: OrderedRow[]) => rows.map((r) => r.id);

describe('the recommendations list sorted within each event', () => {
  it('defaults to the list order, figures highest first and words A to Z', () => {
    expect(orderOf({})).toEqual({ sort: 'ref', dir: 'asc' });
    expect(orderOf({ sort: 'rate' })).toEqual({ sort: 'rate', dir: 'desc' });
    expect(orderOf({ sort: 'title' })).toEqual({ sort: 'title', dir: 'asc' });
    expect(orderOf({ sort: 'pairs', dir: 'asc' })).toEqual({ sort: 'pairs', dir: 'asc' });
  });

  it('keeps the events in their order and sorts inside each', () => {
    const sort = (order: Parameters<typeof orderOf>[0]) =>
      ids(sortWithinEvents(ROWS, orderOf(order), (id) => FIGURES.get(id)));
    expect(sort({})).toEqual([1, 2, 3, 4, 5]);
    expect(sort({ sort: 'ref', dir: 'desc' })).toEqual([3, 2, 1, 5, 4]);
    expect(sort({ sort: 'title' })).toEqual([2, 3, 1, 4, 5]);
    expect(sort({ sort: 'title', dir: 'desc' })).toEqual([1, 3, 2, 5, 4]);
    expect(sort({ sort: 'pairs' })).toEqual([3, 2, 1, 4, 5]);
    // Nothing known of 2: last whichever way.
    expect(sort({ sort: 'rate' })).toEqual([3, 1, 2, 5, 4]);
    expect(sort({ sort: 'rate', dir: 'asc' })).toEqual([1, 3, 2, 4, 5]);
  });

  it("sorts by a State's own status, most advanced first, where each has one pair", () => {
    const one = new Map<number, ProgressFigures>([
      [1, figures({ [S.PartiallyImplemented]: 1 })],
      [2, figures({ [S.NoInformation]: 1 })],
      [3, figures({ [S.Implemented]: 1 })],
      [4, figures({ [S.NotApplicable]: 1 })],
      [5, figures({ [S.NotImplemented]: 1 })],
    ]);
    const sorted = (dir: 'asc' | 'desc') =>
      ids(sortWithinEvents(ROWS, { sort: 'status', dir }, (id) => one.get(id)));
    expect(sorted('desc')).toEqual([3, 1, 2, 5, 4]);
    expect(sorted('asc')).toEqual([2, 1, 3, 4, 5]);
  });
});

describe('the events a page spans', () => {
  const perEvent = [
    { eventId: 10, n: 3 },
    { eventId: 20, n: 2 },
    { eventId: 30, n: 4 },
  ];

  it('reads only the events of the page, and where the page starts in the first', () => {
    expect(eventsSpanned(perEvent, 0, 2)).toEqual({ eventIds: [10], skip: 0, total: 9 });
    expect(eventsSpanned(perEvent, 2, 2)).toEqual({ eventIds: [10, 20], skip: 2, total: 9 });
    expect(eventsSpanned(perEvent, 4, 3)).toEqual({ eventIds: [20, 30], skip: 1, total: 9 });
    expect(eventsSpanned(perEvent, 0, 20)).toEqual({ eventIds: [10, 20, 30], skip: 0, total: 9 });
    expect(eventsSpanned(perEvent, 10, 5)).toEqual({ eventIds: [], skip: 0, total: 9 });
  });
});
