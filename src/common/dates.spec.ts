import { isIsoDate, today } from './dates.js';

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
