import { ImplementationStatus as S } from '../assessments/implementation-status.enum.js';
import { emptyCounts, progressFromCounts } from '../assessments/progress.js';
import { OTHER_REGION, REGIONS, regionOf } from '../states/regions.js';
import {
  breakdownRows,
  dashboardAnswers,
  figureChanges,
  movedCounts,
  trendDates,
} from './dashboard.view-model.js';

const counts = (values: Partial<Record<S, number>>) => ({ ...emptyCounts(), ...values });

describe('dashboard view-model', () => {
  it('writes each change with an arrow and its points, never colour alone', () => {
    const now = progressFromCounts(counts({ [S.Implemented]: 2, [S.NotImplemented]: 2 }));
    const before = progressFromCounts(counts({ [S.Implemented]: 1, [S.NotImplemented]: 3 }));
    expect(figureChanges(now, before).map((f) => [f.label, f.value, f.change])).toEqual([
      ['Implementation rate', '50%', '▲ 25 pts'],
      ['Progress index', '50%', '▲ 25 pts'],
      ['Coverage', '100%', 'no change'],
    ]);
    const worse = figureChanges(before, now)[0];
    expect(worse.change).toBe('▼ 25 pts');
    expect(figureChanges(now, progressFromCounts(emptyCounts()))[0].change).toBe(
      'no earlier figure',
    );
  });

  it('counts moves by the reports’ rule', () => {
    expect(
      movedCounts([
        { was: S.PartiallyImplemented, now: S.Implemented, n: 3 },
        { was: S.MostlyImplemented, now: S.NotImplemented, n: 1 },
        { was: S.NoInformation, now: S.Implemented, n: 2 },
        { was: S.Implemented, now: S.Implemented, n: 9 },
      ]),
    ).toEqual({ up: 3, down: 1, other: 2, all: 6 });
  });

  it('sorts a breakdown by progress index, unknown figures last', () => {
    const rows = breakdownRows([
      { label: 'B', href: null, counts: counts({ [S.NoInformation]: 4 }) },
      { label: 'A', href: '/a', counts: counts({ [S.PartiallyImplemented]: 3 }) },
      { label: 'C', href: null, counts: counts({ [S.Implemented]: 1, [S.NoInformation]: 1 }) },
    ]);
    expect(rows.map((r) => [r.label, r.pairs, r.rate, r.index, r.coverage])).toEqual([
      ['C', 2, '100%', '100%', '50%'],
      ['A', 3, '0%', '33%', '100%'],
      ['B', 4, '–', '–', '0%'],
    ]);
  });

  it('takes each year’s end from the first assessment, at most a few, then the as-of date', () => {
    expect(trendDates('2008-03-01', '2010-05-01')).toEqual([
      '2008-12-31',
      '2009-12-31',
      '2010-05-01',
    ]);
    expect(trendDates(null, '2010-05-01')).toEqual(['2010-05-01']);
    expect(trendDates('1990-01-01', '2026-11-30', 4)).toEqual([
      '2023-12-31',
      '2024-12-31',
      '2025-12-31',
      '2026-11-30',
    ]);
  });

  it('sums the grouped reads into figures, moves and regions', () => {
    const answers = dashboardAnswers({
      asOf: '2009-12-31',
      compareWith: '2008-12-31',
      byState: [
        { key: 1, was: S.PartiallyImplemented, now: S.Implemented, n: 1 },
        { key: 2, was: S.NoInformation, now: S.NotImplemented, n: 1 },
        { key: null, was: S.NoInformation, now: S.NoInformation, n: 2 },
      ],
      byEvent: [{ key: 7, was: S.PartiallyImplemented, now: S.Implemented, n: 1 }],
      byTheme: [],
      events: [
        { id: 7, slug: 'jew', title: 'Joint expert workshop' },
        { id: 8, slug: 'other', title: 'Other' },
      ],
      themes: [{ id: 1, slug: 't', title: 'Unused theme' }],
      regionOfState: new Map([
        [1, regionOf('KAZ')],
        [2, regionOf('FRA')],
      ]),
      otherRegion: OTHER_REGION,
      regions: REGIONS,
      trend: [],
    });
    expect(answers.pairs).toBe(4);
    expect(answers.figures[0]).toMatchObject({ value: '50%', before: '0%', change: '▲ 50 pts' });
    expect(answers.moved).toEqual({ up: 1, down: 0, other: 1, all: 2 });
    expect(answers.byRegion.map((r) => [r.label, r.href, r.index])).toEqual([
      ['Central Asia and Mongolia', '/matrix?region=central-asia', '100%'],
      ['Western and Southern Europe', '/matrix?region=western-europe', '0%'],
      ['Organisations and others', null, '–'],
    ]);
    expect(answers.byEvent.map((r) => [r.label, r.href, r.pairs])).toEqual([
      ['Joint expert workshop', '/events/jew', 1],
      ['Other', '/events/other', 0],
    ]);
    expect(answers.byTheme).toEqual([]);
  });
});
