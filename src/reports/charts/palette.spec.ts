import {
  ImplementationStatus,
  STATUS_VALUES,
} from '../../assessments/implementation-status.enum.js';
import {
  STATUS_FILLS,
  apportion,
  chartPrefix,
  escapeXml,
  patternDefs,
  patternId,
  statusFill,
} from './palette.js';

describe('escapeXml', () => {
  it('escapes markup so data cannot open an element', () => {
    expect(escapeXml('<script>alert("x")</script>')).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;',
    );
  });

  it('escapes ampersands first and both quotes', () => {
    expect(escapeXml(`Tom & Jerry's "show" &lt;`)).toBe(
      'Tom &amp; Jerry&apos;s &quot;show&quot; &amp;lt;',
    );
  });
});

describe('status fills', () => {
  it('has the six statuses in scale order with their codes and the on-screen colours', () => {
    expect(STATUS_FILLS.map((f) => f.status)).toEqual(STATUS_VALUES);
    expect(STATUS_FILLS.map((f) => f.short)).toEqual(['–', 'NC', 'PC', 'LC', 'C', 'N/A']);
    expect(statusFill(ImplementationStatus.NotImplemented).colour).toBe('#d9534f');
    expect(statusFill(ImplementationStatus.PartiallyImplemented).colour).toBe('#f0ad4e');
    expect(statusFill(ImplementationStatus.MostlyImplemented).colour).toBe('#7fbf7f');
    expect(statusFill(ImplementationStatus.Implemented).colour).toBe('#2e7d32');
  });

  it('defines one pattern per status, with ids under the prefix', () => {
    const defs = patternDefs('heatmap-x');
    for (const status of STATUS_VALUES) {
      expect(defs).toContain(`<pattern id="${patternId('heatmap-x', status)}"`);
    }
    expect(defs.match(/<pattern /g)).toHaveLength(6);
    expect(defs).not.toMatch(/href|url\(/);
  });

  it('tells the stripes apart by direction, so they read in black and white', () => {
    const defs = patternDefs('p');
    const pattern = (s: ImplementationStatus) =>
      defs.split('</pattern>').find((p) => p.includes(`id="p-p-${s}"`))!;
    expect(pattern(ImplementationStatus.NotImplemented)).toContain('rotate(-45)');
    expect(pattern(ImplementationStatus.MostlyImplemented)).toContain('rotate(45)');
    expect(pattern(ImplementationStatus.PartiallyImplemented)).toContain('width="6" height="3"');
    expect(pattern(ImplementationStatus.NoInformation)).toContain('x="3" width="1" height="4"');
  });
});

describe('chartPrefix', () => {
  it('derives ids from the kind and the caller id, without characters unsafe in an id', () => {
    expect(chartPrefix('map')).toBe('map');
    expect(chartPrefix('map', 'event 1/"x"')).toBe('map-event-1-x-');
  });
});

describe('apportion', () => {
  it('splits a width in whole pixels summing exactly to it', () => {
    const parts = apportion([1, 1, 1], 100);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(100);
    expect(parts).toEqual([34, 33, 33]);
  });

  it('gives nothing to zero weights and everything to a single one', () => {
    expect(apportion([0, 5, 0], 7)).toEqual([0, 7, 0]);
    expect(apportion([0, 0], 7)).toEqual([0, 0]);
  });
});
