import { ImplementationStatus as S } from './implementation-status.enum.js';
import { computeProgress, countByStatus, emptyCounts, progressFromCounts } from './progress.js';

const ALL_ZERO = {
  no_information: 0,
  not_implemented: 0,
  partially_implemented: 0,
  mostly_implemented: 0,
  implemented: 0,
  not_applicable: 0,
};

describe('computeProgress', () => {
  it('gives no figures and no pairs for an empty set', () => {
    const p = computeProgress([]);
    expect(p.pairs).toBe(0);
    expect(p.applicable).toBe(0);
    expect(p.withInformation).toBe(0);
    expect(p.implementationRate).toBeNull();
    expect(p.progressIndex).toBeNull();
    expect(p.coverage).toBeNull();
    expect(p.counts).toEqual(ALL_ZERO);
  });

  it('gives coverage 0 and no rate or index when nothing is known', () => {
    const p = computeProgress([S.NoInformation, S.NoInformation, S.NoInformation]);
    expect(p.pairs).toBe(3);
    expect(p.applicable).toBe(3);
    expect(p.withInformation).toBe(0);
    expect(p.coverage).toBe(0);
    expect(p.implementationRate).toBeNull();
    expect(p.progressIndex).toBeNull();
  });

  it('gives no coverage when no pair is applicable', () => {
    const p = computeProgress([S.NotApplicable, S.NotApplicable]);
    expect(p.pairs).toBe(2);
    expect(p.applicable).toBe(0);
    expect(p.withInformation).toBe(0);
    expect(p.coverage).toBeNull();
    expect(p.implementationRate).toBeNull();
    expect(p.progressIndex).toBeNull();
  });

  it('computes the figures of a mixed set', () => {
    // 7 pairs, 1 not applicable -> 6 applicable, 1 without information -> 5 with information.
    // rate = 2 implemented / 5 = 0.4; index = (1 + 1 + 2/3 + 1/3 + 0) / 5 = 0.6; coverage = 5/6.
    const p = computeProgress([
      S.Implemented,
      S.Implemented,
      S.MostlyImplemented,
      S.PartiallyImplemented,
      S.NotImplemented,
      S.NoInformation,
      S.NotApplicable,
    ]);
    expect(p.pairs).toBe(7);
    expect(p.applicable).toBe(6);
    expect(p.withInformation).toBe(5);
    expect(p.implementationRate).toBeCloseTo(0.4, 10);
    expect(p.progressIndex).toBeCloseTo(0.6, 10);
    expect(p.coverage).toBeCloseTo(5 / 6, 10);
  });

  it('weighs partially as 1/3 and mostly as 2/3', () => {
    expect(computeProgress([S.PartiallyImplemented]).progressIndex).toBeCloseTo(1 / 3, 10);
    expect(computeProgress([S.MostlyImplemented]).progressIndex).toBeCloseTo(2 / 3, 10);
    expect(computeProgress([S.NotImplemented]).progressIndex).toBe(0);
    expect(computeProgress([S.Implemented]).progressIndex).toBe(1);
    // Only "implemented" counts towards the rate, not "mostly".
    expect(computeProgress([S.MostlyImplemented, S.Implemented]).implementationRate).toBe(0.5);
  });

  it('leaves rate, index and coverage unchanged when not-applicable pairs are added', () => {
    const base = [S.Implemented, S.PartiallyImplemented, S.NotImplemented, S.NoInformation];
    const before = computeProgress(base);
    const after = computeProgress([...base, S.NotApplicable, S.NotApplicable, S.NotApplicable]);
    // before: rate 1/3, index (1 + 1/3 + 0)/3 = 4/9, coverage 3/4.
    expect(before.implementationRate).toBeCloseTo(1 / 3, 10);
    expect(before.progressIndex).toBeCloseTo(4 / 9, 10);
    expect(before.coverage).toBeCloseTo(0.75, 10);
    expect(after.implementationRate).toBe(before.implementationRate);
    expect(after.progressIndex).toBe(before.progressIndex);
    expect(after.coverage).toBe(before.coverage);
    expect(after.pairs).toBe(before.pairs + 3);
    expect(after.applicable).toBe(before.applicable);
  });
});

describe('countByStatus', () => {
  it('counts every status, with zeros for the absent ones', () => {
    expect(countByStatus([S.Implemented, S.NoInformation, S.Implemented])).toEqual({
      ...ALL_ZERO,
      implemented: 2,
      no_information: 1,
    });
  });

  it('gives all six keys at zero for nothing', () => {
    expect(countByStatus([])).toEqual(ALL_ZERO);
    expect(emptyCounts()).toEqual(ALL_ZERO);
  });

  it('accepts any iterable', () => {
    function* gen() {
      yield S.NotApplicable;
      yield S.NotApplicable;
    }
    expect(countByStatus(gen())).toEqual({ ...ALL_ZERO, not_applicable: 2 });
  });
});

describe('progressFromCounts', () => {
  it('agrees with computeProgress on the same statuses', () => {
    const statuses = [
      S.Implemented,
      S.MostlyImplemented,
      S.MostlyImplemented,
      S.PartiallyImplemented,
      S.NotImplemented,
      S.NoInformation,
      S.NoInformation,
      S.NotApplicable,
    ];
    expect(progressFromCounts(countByStatus(statuses))).toEqual(computeProgress(statuses));
  });

  it('does not share its counts object with the caller', () => {
    const counts = countByStatus([S.Implemented]);
    const p = progressFromCounts(counts);
    counts.implemented = 99;
    expect(p.counts.implemented).toBe(1);
  });
});
