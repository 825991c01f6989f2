import {
  costRatio,
  formatMb,
  formatMs,
  formatRate,
  formatRatio,
  formatTable,
  growth,
  percentile,
  summarize,
} from './stats.js';

describe('benchmark statistics', () => {
  it('interpolates percentiles between ranks', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(sorted, 50)).toBeCloseTo(5.5);
    expect(percentile(sorted, 95)).toBeCloseTo(9.55);
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile(sorted, 100)).toBe(10);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarizes samples in any order', () => {
    const s = summarize([30, 10, 20, 40]);
    expect(s).toMatchObject({ n: 4, min: 10, max: 40, mean: 25, p50: 25 });
    expect(s.p95).toBeCloseTo(38.5);
    expect(s.p99).toBeCloseTo(39.7);
    expect(summarize([]).n).toBe(0);
  });

  it('puts the app over its baseline, above 1 when the app is slower', () => {
    expect(costRatio(20, 10, 'time')).toBe(2);
    expect(costRatio(500, 1000, 'rate')).toBe(2);
    expect(costRatio(null, 10, 'time')).toBeNull();
    expect(costRatio(10, 0, 'time')).toBeNull();
    expect(costRatio(Number.NaN, 10, 'rate')).toBeNull();
  });

  it('formats ratios, times, rates and sizes', () => {
    expect(formatRatio(2.345)).toBe('2.35x');
    expect(formatRatio(0.5)).toBe('0.50x');
    expect(formatRatio(12.34)).toBe('12.3x');
    expect(formatRatio(1234.5)).toBe('1235x');
    expect(formatRatio(null)).toBe('–');
    expect(formatMs(0.0421)).toBe('0.042 ms');
    expect(formatMs(3.183)).toBe('3.18 ms');
    expect(formatMs(41.23)).toBe('41.2 ms');
    expect(formatMs(1234.4)).toBe('1234 ms');
    expect(formatMs(null)).toBe('–');
    expect(formatRate(1234.4)).toBe('1,234/s');
    expect(formatRate(12.34, ' rows/s')).toBe('12.3 rows/s');
    expect(formatMb(10 * 1024 * 1024)).toBe('10.0 MB');
  });

  it('gives growth as a factor and as an exponent of the data size', () => {
    const linear = growth(10, 100, 1_000, 10_000);
    expect(linear?.factor).toBeCloseTo(10);
    expect(linear?.exponent).toBeCloseTo(1);
    expect(growth(10, 10, 1_000, 100_000)?.exponent).toBeCloseTo(0);
    expect(growth(null, 10, 1_000, 10_000)).toBeNull();
    expect(growth(10, 20, 1_000, 1_000)).toBeNull();
  });

  it('lays out a table with a rule under its head', () => {
    expect(
      formatTable(
        ['figure', 'value'],
        [
          ['matrix p95', '12 ms'],
          ['a', '1 ms'],
        ],
      ),
    ).toBe(
      ['figure     | value', '-----------|------', 'matrix p95 | 12 ms', 'a          |  1 ms'].join(
        '\n',
      ),
    );
  });
});
