import hbs from 'hbs';
import {
  dateText,
  eq,
  formatDate,
  formatTimestamp,
  HELPERS,
  keepDates,
  percent,
  registerHelpers,
  timestampText,
} from './hbs-helpers.js';

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

describe('keepDates', () => {
  it('keeps each ISO date on one line and escapes the rest', () => {
    expect(keepDates('What changed from 2010-12-31 to 2011-12-31').toHTML()).toBe(
      "What changed from <span class='nowrap'>2010-12-31</span> to <span class='nowrap'>2011-12-31</span>",
    );
    expect(keepDates('<b>2010-1-1</b>').toHTML()).toBe('&lt;b&gt;2010-1-1&lt;/b&gt;');
    expect(keepDates(null).toHTML()).toBe('');
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

describe('formatDate', () => {
  it('writes a date as day, short month and year, with the ISO date for machines', () => {
    expect(formatDate('2026-11-30').toHTML()).toBe(
      "<time datetime='2026-11-30'>30 Nov 2026</time>",
    );
    expect(formatDate('2009-06-01').toHTML()).toBe("<time datetime='2009-06-01'>1 Jun 2009</time>");
    expect(dateText('2010-02-01')).toBe('1 Feb 2010');
  });

  it('takes the date of a timestamp in UTC', () => {
    expect(dateText('2026-11-30T23:59:00.000Z')).toBe('30 Nov 2026');
    expect(dateText(new Date(Date.UTC(2001, 0, 9)))).toBe('9 Jan 2001');
  });

  it('prints nothing for no date or a value that is not one', () => {
    for (const v of [null, undefined, '', 'soon', 42, {}]) {
      expect(formatDate(v).toHTML()).toBe('');
      expect(dateText(v)).toBe('');
    }
  });
});

describe('formatTimestamp', () => {
  it("writes a moment to the minute in UTC, marked for the reader's time zone", () => {
    expect(timestampText('2026-11-30T03:16:00.000Z')).toBe('30 Nov 2026, 03:16 UTC');
    expect(formatTimestamp('2026-11-30T03:16:00.000Z').toHTML()).toBe(
      "<time datetime='2026-11-30T03:16:00.000Z' data-local>30 Nov 2026, 03:16 UTC</time>",
    );
    expect(formatTimestamp(null).toHTML()).toBe('');
  });

  it('is printed unescaped by a template, while other values stay escaped', () => {
    const handlebars = hbs.create().handlebars;
    registerHelpers(handlebars);
    const render = handlebars.compile('{{formatTimestamp at}} {{formatDate on}} {{text}}');
    expect(render({ at: '2009-06-30T10:05:00Z', on: '2009-06-30', text: '<b>' })).toBe(
      "<time datetime='2009-06-30T10:05:00.000Z' data-local>30 Jun 2009, 10:05 UTC</time> " +
        "<time datetime='2009-06-30'>30 Jun 2009</time> &lt;b&gt;",
    );
  });
});
