import { isIsoDate, monthsBefore, today, yearsBetween } from './dates.js';

describe('isIsoDate', () => {
  it('accepts real dates written YYYY-MM-DD', () => {
    expect(isIsoDate('2009-01-01')).toBe(true);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-12-31')).toBe(true);
  });

  it('refuses dates that do not exist', () => {
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2023-02-30')).toBe(false);
    expect(isIsoDate('2009-13-01')).toBe(false);
    expect(isIsoDate('2009-00-10')).toBe(false);
    expect(isIsoDate('2009-04-31')).toBe(false);
    expect(isIsoDate('2009-01-00')).toBe(false);
  });

  it('refuses other spellings', () => {
    expect(isIsoDate('2009-1-01')).toBe(false);
    expect(isIsoDate('2009-01-1')).toBe(false);
    expect(isIsoDate('2009-01-01T00:00:00Z')).toBe(false);
    expect(isIsoDate(' 2009-01-01')).toBe(false);
    expect(isIsoDate('01/01/2009')).toBe(false);
    expect(isIsoDate('')).toBe(false);
  });

  it('refuses non-strings', () => {
    expect(isIsoDate(undefined)).toBe(false);
    expect(isIsoDate(null)).toBe(false);
    expect(isIsoDate(20090101)).toBe(false);
    expect(isIsoDate(new Date('2009-01-01'))).toBe(false);
  });
});

describe('today', () => {
  it('gives the UTC date of the given instant as YYYY-MM-DD', () => {
    expect(today(new Date('2024-03-05T12:00:00Z'))).toBe('2024-03-05');
    expect(today(new Date('2024-03-05T23:59:59Z'))).toBe('2024-03-05');
    // 23:30 in New York on 5 March is already 6 March in UTC.
    expect(today(new Date('2024-03-05T23:30:00-05:00'))).toBe('2024-03-06');
  });

  it('gives a valid ISO date for now by default', () => {
    expect(isIsoDate(today())).toBe(true);
  });
});

describe('monthsBefore and yearsBetween', () => {
  it.each([
    ['2026-11-30', 24, '2024-11-30'],
    ['2026-03-31', 1, '2026-02-28'],
    ['2024-03-31', 1, '2024-02-29'],
    ['2026-01-15', 13, '2024-12-15'],
    ['2026-11-30', 0, '2026-11-30'],
  ])('%s minus %i months is %s', (now, months, expected) => {
    expect(monthsBefore(new Date(`${now}T10:00:00Z`), months)).toBe(expected);
    expect(monthsBefore(now, months)).toBe(expected);
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
