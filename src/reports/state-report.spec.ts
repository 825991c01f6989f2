import {
  estimateStatePages,
  selectionText,
  stateReportDates,
  STATE_PAGE_MODEL,
} from './state-report.service.js';

describe('State report: what narrows it and how long it prints', () => {
  it('reads a period as the statuses at its end compared with its start, and refuses it mixed with asOf', () => {
    expect(stateReportDates({ asOf: '2010-12-31' })).toEqual({
      dates: { asOf: '2010-12-31', compareWith: '2009-12-31', edition: 'internal' },
      period: null,
    });
    expect(stateReportDates({ from: '2009-12-31', to: '2010-12-31', edition: 'public' })).toEqual({
      dates: { asOf: '2010-12-31', compareWith: '2009-12-31', edition: 'public' },
      period: { from: '2009-12-31', to: '2010-12-31' },
    });
    expect(stateReportDates({ to: '2010-12-31' }).period).toEqual({
      from: '2009-12-31',
      to: '2010-12-31',
    });
    expect(() => stateReportDates({ to: '2010-12-31', compareWith: '2009-01-01' })).toThrow(
      expect.objectContaining({
        kind: 'invalid',
        problems: [expect.objectContaining({ field: 'compareWith', rule: 'notWithPeriod' })],
      }),
    );
  });

  it('says the filters in words', () => {
    expect(selectionText({ event: null, theme: null, period: null })).toBeNull();
    expect(
      selectionText({
        event: { slug: 'e', title: 'Vienna meeting' },
        theme: { slug: 't', title: 'Border management' },
        period: { from: '2009-12-31', to: '2010-12-31' },
      }),
    ).toBe(
      'Only the recommendations of the event “Vienna meeting”, with the theme “Border management”, assessed for the State after 2009-12-31 and up to 2010-12-31',
    );
  });

  it('estimates a page per section at least, and a page per so many recommendations', () => {
    expect(estimateStatePages({ perEvent: [], themes: 0, changes: 0 })).toBe(1);
    // Measured: 25 recommendations of one event printed 11 pages; 2,292 of 92 events, 531.
    expect(estimateStatePages({ perEvent: [25], themes: 13, changes: 5 })).toBe(11);
    const whole = estimateStatePages({ perEvent: Array(92).fill(25), themes: 14, changes: 245 });
    expect(Math.abs(whole - 531) / 531).toBeLessThan(0.05);
    // Each event's section starts a page, however few its recommendations.
    expect(estimateStatePages({ perEvent: Array(100).fill(1), themes: 0, changes: 0 })).toBe(
      Math.ceil(STATE_PAGE_MODEL.fixed + 100 / 40 + 100 / 38 + 100),
    );
  });
});
