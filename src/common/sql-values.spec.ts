import { toIsoTimestamp } from './sql-values.js';

describe('toIsoTimestamp', () => {
  it('writes a time the same whether the driver gave a Date or SQLite text', () => {
    const date = new Date('2026-11-23T07:08:43.000Z');
    expect(toIsoTimestamp('2026-11-23 07:08:43')).toBe(toIsoTimestamp(date));
    expect(toIsoTimestamp('2026-11-23 07:08:43.5')).toBe('2026-11-23T07:08:43.500Z');
    expect(toIsoTimestamp('2026-11-23 07:08:43.123')).toBe('2026-11-23T07:08:43.123Z');
  });

  it('leaves other text as it is, and gives null for nothing', () => {
    expect(toIsoTimestamp('2026-11-23T07:08:43Z')).toBe('2026-11-23T07:08:43Z');
    expect(toIsoTimestamp(null)).toBeNull();
    expect(toIsoTimestamp(undefined)).toBeNull();
  });
});
