import { eq, HELPERS, percent, registerHelpers } from './hbs-helpers.js';

describe('percent', () => {
  it('formats a share as a whole percentage', () => {
    expect(percent(0.456)).toBe('46%');
    expect(percent(0)).toBe('0%');
    expect(percent(1)).toBe('100%');
    expect(percent(2 / 3)).toBe('67%');
  });

  it('gives a dash where there is no figure', () => {
    expect(percent(null)).toBe('–');
    expect(percent(undefined)).toBe('–');
    expect(percent(NaN)).toBe('–');
    expect(percent(Infinity)).toBe('–');
    expect(percent('0.5')).toBe('–');
  });
});

describe('eq', () => {
  it('compares strictly', () => {
    expect(eq('a', 'a')).toBe(true);
    expect(eq(1, '1')).toBe(false);
  });
});

describe('registerHelpers', () => {
  it('registers every helper by name', () => {
    const names: string[] = [];
    registerHelpers({ registerHelper: (name) => void names.push(name) });
    expect(names.sort()).toEqual(Object.keys(HELPERS).sort());
    expect(names).toContain('percent');
    expect(names).toContain('eq');
  });
});
