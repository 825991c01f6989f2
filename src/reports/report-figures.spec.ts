import { emptyCounts, progressFromCounts } from '../assessments/progress.js';
import { figureViews, yearBefore } from './report-figures.js';

describe('report figures', () => {
  it('prints each figure with its change in percentage points', () => {
    const before = progressFromCounts({ ...emptyCounts(), implemented: 1, not_implemented: 3 });
    const now = progressFromCounts({ ...emptyCounts(), implemented: 2, not_implemented: 2 });
    const [rate, , coverage] = figureViews(now, before);
    expect(rate).toEqual({
      label: 'Implementation rate',
      value: '50%',
      before: '25%',
      change: '+25 pts',
      direction: 'up',
    });
    expect(coverage.change).toBe('±0 pts');
  });

  it('says nothing of a change it cannot know', () => {
    const unknown = progressFromCounts(emptyCounts());
    const now = progressFromCounts({ ...emptyCounts(), implemented: 1 });
    expect(figureViews(now, unknown)[0]).toMatchObject({
      before: '–',
      change: '–',
      direction: 'unknown',
    });
  });

  it('steps back one year, leap days included', () => {
    expect(yearBefore('2010-06-30')).toBe('2009-06-30');
    expect(yearBefore('2012-02-29')).toBe('2011-02-28');
  });
});
