import {
  ImplementationStatus as S,
  STATUS_VALUES,
} from '../assessments/implementation-status.enum.js';
import { emptyCounts, progressFromCounts, type StatusCounts } from '../assessments/progress.js';
import type { PairRow, StateStatus } from '../assessments/statuses.repository.js';
import {
  averageFigureViews,
  countsAtDates,
  direction,
  moveKind,
  movers,
  STATE_AVERAGE_DEFINITION,
  stateAverages,
  STATUS_RANK,
} from './report-view.js';

/**
 * The movement rule, written out: a pair moves up or down only between the rated statuses, not
 * implemented < partially < mostly < implemented. A first rating (from no information),
 * information withdrawn (back to no information) and any change to or from not applicable are
 * changes but not moves ("o"); "=" is no change at all.
 */
const MOVES: { was: S; row: ('=' | 'up' | 'down' | 'o')[] }[] = [
  // now:                        no info  not    partly  mostly  impl    n/a
  { was: S.NoInformation, row: ['=', 'o', 'o', 'o', 'o', 'o'] },
  { was: S.NotImplemented, row: ['o', '=', 'up', 'up', 'up', 'o'] },
  { was: S.PartiallyImplemented, row: ['o', 'down', '=', 'up', 'up', 'o'] },
  { was: S.MostlyImplemented, row: ['o', 'down', 'down', '=', 'up', 'o'] },
  { was: S.Implemented, row: ['o', 'down', 'down', 'down', '=', 'o'] },
  { was: S.NotApplicable, row: ['o', 'o', 'o', 'o', 'o', '='] },
];
const NOW_COLUMNS = [
  S.NoInformation,
  S.NotImplemented,
  S.PartiallyImplemented,
  S.MostlyImplemented,
  S.Implemented,
  S.NotApplicable,
];
const MOVE_TABLE = MOVES.flatMap(({ was, row }) =>
  row.map((cell, i) => ({
    was,
    now: NOW_COLUMNS[i],
    kind: cell === '=' ? null : cell === 'o' ? 'other' : cell,
    direction: cell === 'up' ? 1 : cell === 'down' ? -1 : 0,
  })),
);

/** A pair as the status queries return it; only what the rules read matters. */
function pair(pairId: number, status: S, over: Partial<PairRow> = {}): PairRow {
  return {
    pairId,
    recommendationId: 1,
    recommendationTitle: 'Accede to the CARICC Agreement',
    recommendation: 'JEW-II.9',
    subject: { kind: 'state', code: `S${pairId}`, name: `State ${pairId}` },
    status,
    statusLabel: status,
    assessedOn: '2010-06-01',
    version: 1,
    inScope: true,
    assessmentId: pairId * 10,
    note: `note ${pairId}`,
    internalNote: `internal ${pairId}`,
    evidenceUrl: null,
    evidenceCitation: null,
    author: 'analyst',
    recordedAt: null,
    ...over,
  };
}

describe('the movement rule', () => {
  it('writes out every (was, now) pair of statuses once', () => {
    expect(NOW_COLUMNS).toEqual(STATUS_VALUES);
    expect(MOVES.map((m) => m.was)).toEqual(STATUS_VALUES);
    expect(MOVE_TABLE).toHaveLength(36);
  });

  it.each(MOVE_TABLE)('$was → $now is $kind', ({ was, now, kind, direction: sign }) => {
    expect(moveKind(was, now)).toBe(kind);
    expect(direction(was, now)).toBe(sign);
  });

  it('ranks the rated statuses not implemented < partially < mostly < implemented', () => {
    const rank = (s: S) => STATUS_RANK.get(s) ?? NaN;
    expect(rank(S.NotImplemented)).toBeLessThan(rank(S.PartiallyImplemented));
    expect(rank(S.PartiallyImplemented)).toBeLessThan(rank(S.MostlyImplemented));
    expect(rank(S.MostlyImplemented)).toBeLessThan(rank(S.Implemented));
  });
});

describe('movers', () => {
  const before = (rows: PairRow[]) => new Map(rows.map((p) => [p.pairId, p]));

  it('lists the pairs that moved up and down the scale, and no other change', () => {
    const now = [
      pair(1, S.Implemented),
      pair(2, S.NotImplemented),
      pair(3, S.PartiallyImplemented), // first rating
      pair(4, S.NotApplicable), // no longer applicable
      pair(5, S.MostlyImplemented), // unchanged
    ];
    const was = before([
      pair(1, S.PartiallyImplemented),
      pair(2, S.MostlyImplemented),
      pair(3, S.NoInformation),
      pair(4, S.Implemented),
      pair(5, S.MostlyImplemented),
    ]);
    const { up, down } = movers(now, was, 'internal');
    expect(up.map((v) => [v.code, v.before.status, v.now.status])).toEqual([
      ['S1', S.PartiallyImplemented, S.Implemented],
    ]);
    expect(down.map((v) => [v.code, v.before.status, v.now.status])).toEqual([
      ['S2', S.MostlyImplemented, S.NotImplemented],
    ]);
  });

  it('does not count a pair it has no earlier status for as a move', () => {
    expect(movers([pair(1, S.Implemented)], new Map(), 'internal')).toEqual({ up: [], down: [] });
  });

  it('prints the internal note and author in the internal edition only', () => {
    const now = [pair(1, S.Implemented)];
    const was = before([pair(1, S.NotImplemented)]);
    expect(movers(now, was, 'internal').up[0]).toMatchObject({
      note: 'note 1',
      internalNote: 'internal 1',
      author: 'analyst',
    });
    expect(movers(now, was, 'public').up[0]).toMatchObject({
      note: 'note 1',
      internalNote: null,
      author: null,
    });
  });
});

describe('countsAtDates', () => {
  const a = (id: number, assessedOn: string, status: S) => ({ id, assessedOn, status });
  const counts = (c: Partial<StatusCounts>): StatusCounts => ({ ...emptyCounts(), ...c });

  it('counts each pair by its latest assessment on or before each date', () => {
    const history = new Map([
      [1, [a(1, '2009-03-01', S.NotImplemented), a(4, '2010-07-01', S.Implemented)]],
      [2, [a(2, '2010-01-15', S.PartiallyImplemented)]],
    ]);
    expect(countsAtDates([1, 2], history, ['2008-12-31', '2009-12-31', '2010-12-31'])).toEqual([
      counts({ no_information: 2 }),
      counts({ not_implemented: 1, no_information: 1 }),
      counts({ implemented: 1, partially_implemented: 1 }),
    ]);
  });

  it('includes an assessment dated on the date itself, not one dated the day after', () => {
    const history = new Map([[1, [a(1, '2010-06-30', S.MostlyImplemented)]]]);
    expect(countsAtDates([1], history, ['2010-06-30', '2010-06-29'])).toEqual([
      counts({ mostly_implemented: 1 }),
      counts({ no_information: 1 }),
    ]);
  });

  it('lets a back-dated assessment count from its own date, wherever it was recorded', () => {
    // Recorded last (highest id) but about facts of 2009: it is in force from 2009 until the
    // assessment dated 2010, and does not displace it afterwards.
    const history = new Map([
      [1, [a(1, '2010-05-01', S.Implemented), a(2, '2009-02-01', S.NotImplemented)]],
    ]);
    expect(countsAtDates([1], history, ['2009-12-31', '2010-12-31'])).toEqual([
      counts({ not_implemented: 1 }),
      counts({ implemented: 1 }),
    ]);
  });

  it('breaks a tie on the same date by the assessment recorded later', () => {
    const sameDay = [a(7, '2010-03-03', S.Implemented), a(3, '2010-03-03', S.NotApplicable)];
    for (const list of [sameDay, [...sameDay].reverse()]) {
      expect(countsAtDates([1], new Map([[1, list]]), ['2010-03-03'])).toEqual([
        counts({ implemented: 1 }),
      ]);
    }
  });

  it('counts a pair never assessed as no information, and only the pairs asked for', () => {
    // Pair 9's history is known but it is not among the pairs counted (e.g. out of scope).
    const history = new Map([[9, [a(1, '2009-01-01', S.Implemented)]]]);
    expect(countsAtDates([1, 2], history, ['2010-12-31'])).toEqual([counts({ no_information: 2 })]);
    expect(countsAtDates([], history, ['2010-12-31'])).toEqual([emptyCounts()]);
  });

  it('answers the dates in the order asked', () => {
    const history = new Map([[1, [a(1, '2010-01-01', S.Implemented)]]]);
    expect(countsAtDates([1], history, ['2011-01-01', '2009-01-01'])).toEqual([
      counts({ implemented: 1 }),
      counts({ no_information: 1 }),
    ]);
  });
});

describe('the average of all States', () => {
  const line = (stateId: number, recommendationId: number, status: S): StateStatus => ({
    stateId,
    recommendationId,
    status,
  });
  // The same three recommendations for each State, worked out by hand:
  //   State 1: implemented, partially, n/a -> rate 1/2, index (1 + 1/3) / 2 = 2/3, coverage 2/2
  //   State 2: mostly, no info, not        -> rate 0/2, index (2/3 + 0) / 2 = 1/3, coverage 2/3
  //   State 3: implemented, implemented, no info -> rate 2/2, index 1, coverage 2/3
  //   State 4: no information only         -> no rate, no index, coverage 0/3
  //   State 5: not applicable only         -> no figure at all
  const lines = [
    line(1, 1, S.Implemented),
    line(1, 2, S.PartiallyImplemented),
    line(1, 3, S.NotApplicable),
    line(2, 1, S.MostlyImplemented),
    line(2, 2, S.NoInformation),
    line(2, 3, S.NotImplemented),
    line(3, 1, S.Implemented),
    line(3, 2, S.Implemented),
    line(3, 3, S.NoInformation),
    line(4, 1, S.NoInformation),
    line(4, 2, S.NoInformation),
    line(4, 3, S.NoInformation),
    line(5, 1, S.NotApplicable),
    line(5, 2, S.NotApplicable),
    line(5, 3, S.NotApplicable),
  ];

  it("takes the unweighted mean of each State's figure, leaving out States without one", () => {
    const averages = stateAverages(lines);
    expect(averages.tracked).toBe(5);
    expect(averages.implementationRate.states).toBe(3);
    expect(averages.implementationRate.mean).toBeCloseTo((1 / 2 + 0 + 1) / 3);
    expect(averages.progressIndex.states).toBe(3);
    expect(averages.progressIndex.mean).toBeCloseTo((2 / 3 + 1 / 3 + 1) / 3);
    // State 4 has a coverage (nothing known of what applies); State 5 has none.
    expect(averages.coverage.states).toBe(4);
    expect(averages.coverage.mean).toBeCloseTo((1 + 2 / 3 + 2 / 3 + 0) / 4);
  });

  it('counts each State once, however many of the pairs it is tracked for', () => {
    // State 1 is tracked for one recommendation, State 2 for four: still half and half.
    const averages = stateAverages([
      line(1, 1, S.Implemented),
      line(2, 1, S.NotImplemented),
      line(2, 2, S.NotImplemented),
      line(2, 3, S.NotImplemented),
      line(2, 4, S.NotImplemented),
    ]);
    expect(averages.implementationRate).toEqual({ mean: 0.5, states: 2 });
    expect(averages.progressIndex).toEqual({ mean: 0.5, states: 2 });
  });

  it('has no average when no State has the figure', () => {
    expect(stateAverages([line(1, 1, S.NoInformation)])).toEqual({
      implementationRate: { mean: null, states: 0 },
      progressIndex: { mean: null, states: 0 },
      coverage: { mean: 0, states: 1 },
      tracked: 1,
    });
    expect(stateAverages([])).toEqual({
      implementationRate: { mean: null, states: 0 },
      progressIndex: { mean: null, states: 0 },
      coverage: { mean: null, states: 0 },
      tracked: 0,
    });
  });

  it('takes State lines only: an organisation line does not fit', () => {
    // Organisations never count: the lines averaged name a State, which an organisation's
    // line (the OSCE's, say) has not.
    // @ts-expect-error -- an organisation's line has no State
    const organisation: StateStatus = { stateId: null, recommendationId: 1, status: S.Implemented };
    expect(organisation.stateId).toBeNull();
  });

  it('sets a State against the average in whole percentage points, as printed', () => {
    // State 2 of the example against the average of all five.
    const own = progressFromCounts({
      ...emptyCounts(),
      mostly_implemented: 1,
      no_information: 1,
      not_implemented: 1,
    });
    expect(averageFigureViews(own, stateAverages(lines))).toEqual([
      {
        label: 'Implementation rate',
        value: '0%',
        average: '50%',
        states: 3,
        difference: '−50 pts',
        direction: 'down',
      },
      {
        label: 'Progress index',
        value: '33%',
        average: '67%',
        states: 3,
        difference: '−34 pts',
        direction: 'down',
      },
      {
        label: 'Coverage',
        value: '67%',
        average: '58%',
        states: 4,
        difference: '+9 pts',
        direction: 'up',
      },
    ]);
  });

  it('says nothing of a difference it cannot know', () => {
    const own = progressFromCounts({ ...emptyCounts(), no_information: 2 });
    const views = averageFigureViews(own, stateAverages(lines));
    expect(views[0]).toMatchObject({ value: '–', average: '50%', difference: '–' });
    expect(views[0].direction).toBe('unknown');
    expect(views[2]).toMatchObject({ value: '0%', difference: '−58 pts', direction: 'down' });
    const none = averageFigureViews(own, stateAverages([]));
    expect(none[2]).toMatchObject({ average: '–', states: 0, direction: 'unknown' });
  });

  it('prints a figure equal to the average as no difference', () => {
    const own = progressFromCounts({ ...emptyCounts(), implemented: 1, not_implemented: 1 });
    const averages = stateAverages([
      line(1, 1, S.Implemented),
      line(1, 2, S.NotImplemented),
      line(2, 1, S.Implemented),
      line(2, 2, S.NotImplemented),
    ]);
    expect(averageFigureViews(own, averages)[0]).toMatchObject({
      difference: '±0 pts',
      direction: 'same',
    });
  });

  it('says what the average means where the reports print it', () => {
    expect(STATE_AVERAGE_DEFINITION).toMatch(/unweighted mean, this State included/);
    expect(STATE_AVERAGE_DEFINITION).toMatch(/figure is undefined .* left out/);
    expect(STATE_AVERAGE_DEFINITION).toMatch(/organisations .* never count/);
  });
});
