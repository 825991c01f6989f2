import { monthsBefore, yearsBetween } from './worklist.service.js';

describe('the dates of the queue', () => {
  it.each([
    ['2026-11-30', 24, '2024-11-30'],
    ['2026-03-31', 1, '2026-02-28'],
    ['2024-03-31', 1, '2024-02-29'],
    ['2026-01-15', 13, '2024-12-15'],
    ['2026-11-30', 0, '2026-11-30'],
  ])('%s minus %i months is %s', (now, months, expected) => {
    expect(monthsBefore(new Date(`${now}T10:00:00Z`), months)).toBe(expected);
  });

  it.each([
    ['2020-06-30', '2026-06-29', 5],
    ['2020-06-30', '2026-06-30', 6],
    ['2026-01-01', '2026-12-31', 0],
    ['2027-01-01', '2026-12-31', 0],
  ])('from %s to %s is %i whole years', (from, to, years) => {
    expect(yearsBetween(from, to)).toBe(years);
  });
});
