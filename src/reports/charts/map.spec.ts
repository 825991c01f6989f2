import states from '../../reference-data/data/states.json' with { type: 'json' };
import { ImplementationStatus as S } from '../../assessments/implementation-status.enum.js';
import {
  classOf,
  fittedClasses,
  MAP_CLASSES,
  mapClass,
  osceMap,
  osceMapWithEntries,
  osceStatusMap,
} from './map.js';

const ALL = (states as { states: { iso3: string }[] }).states.map((s) => s.iso3);

function allValues(): Map<string, number | null> {
  return new Map(ALL.map((iso3, i) => [iso3, ((i * 37) % 101) / 100]));
}

describe('osceMap', () => {
  it('lists the States too small to see beside the map, with their values', () => {
    const { svg, listed } = osceMapWithEntries(allValues());
    const codes = listed.map((e) => e.iso3);
    for (const small of ['VAT', 'MCO', 'SMR', 'LIE', 'AND', 'MLT', 'LUX']) {
      expect(codes).toContain(small);
    }
    for (const big of ['FRA', 'DEU', 'USA', 'CAN', 'KAZ', 'RUS', 'MNG', 'ISL']) {
      expect(codes).not.toContain(big);
    }
    expect(svg).toContain('Too small or outside the map');
    const lux = listed.find((e) => e.iso3 === 'LUX')!;
    expect(svg).toContain(`>Luxembourg: ${Math.round(lux.value! * 100)}%</text>`);
  });

  it('draws a State without data hatched, others shaded by class', () => {
    const values = new Map<string, number | null>([
      ['FRA', null],
      ['DEU', 0.9],
      ['POL', 0.1],
    ]);
    const svg = osceMap(values);
    expect(svg).toMatch(
      /<path d="[^"]+" fill="url\(#map-nodata\)"[^>]*><title>France: no data<\/title>/,
    );
    expect(svg).toMatch(
      new RegExp(`fill="${MAP_CLASSES[4].colour}"[^>]*><title>Germany: 90%</title>`),
    );
    expect(svg).toMatch(
      new RegExp(`fill="${MAP_CLASSES[0].colour}"[^>]*><title>Poland: 10%</title>`),
    );
    expect(svg).toContain('<pattern id="map-nodata"');
    expect(svg).toContain('France no data; Germany 90%; Poland 10%.</desc>');
  });

  it('has a legend with five classes, no data and States outside the report', () => {
    const svg = osceMap(new Map());
    for (const text of [
      '0% to &lt; 20%',
      '20% to &lt; 40%',
      '40% to &lt; 60%',
      '60% to &lt; 80%',
      '80%–100%',
      'no data',
      'not in this report',
    ]) {
      expect(svg).toContain(`>${text}</text>`);
    }
    expect([0, 0.19, 0.2, 0.5, 0.8, 1, 1.5].map(mapClass)).toEqual([0, 0, 1, 2, 4, 4, 4]);
  });

  it('is deterministic, small enough, self-contained and escapes unknown keys', () => {
    const a = osceMap(allValues(), { id: 'x' });
    expect(osceMap(allValues(), { id: 'x' })).toBe(a);
    expect(a.length).toBeLessThan(150_000);
    expect(a).toMatch(
      /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 680 \d+" width="680"/,
    );
    expect(a).not.toMatch(/<script|\son\w+=|href=|\d\.\d\d/);
    const odd = osceMap(new Map([['<b>', 0.5]]));
    expect(odd).toContain('&lt;b&gt;: 50%');
    expect(odd).not.toContain('<b>');
  });
});

describe('osceMap with a scale fitted to the data', () => {
  it('spreads five classes from the lowest value to the highest, in whole points', () => {
    const classes = fittedClasses([0.14, 0.2, 0.33, 0.47]);
    expect(classes.map((c) => [Math.round(c.from * 100), Math.round(c.to * 100)])).toEqual([
      [14, 21],
      [21, 28],
      [28, 35],
      [35, 42],
      [42, 47],
    ]);
    expect(new Set(classes.map((c) => c.colour)).size).toBe(5);
    expect([0.14, 0.209, 0.21, 0.46, 0.47].map((v) => classOf(classes, v))).toEqual([
      0, 0, 1, 4, 4,
    ]);
    expect(fittedClasses([0.5, 0.5])).toHaveLength(1);
    expect(fittedClasses([0.1, 0.12])).toHaveLength(2);
    expect(fittedClasses([])).toEqual([]);
  });

  it('gives the States of a narrow range different shades, and says the range in the legend', () => {
    const values = new Map<string, number | null>([
      ['FRA', 0.14],
      ['DEU', 0.3],
      ['POL', 0.47],
      ['ITA', null],
    ]);
    const svg = osceMap(values, { scale: 'fitted' });
    const fillOf = (name: string) =>
      new RegExp(`fill="(#[0-9a-f]{6})"[^>]*><title>${name}: `).exec(svg)?.[1];
    expect(new Set([fillOf('France'), fillOf('Germany'), fillOf('Poland')]).size).toBe(3);
    expect(svg).toContain('>14% to &lt; 21%</text>');
    expect(svg).toContain('>42%–47%</text>');
    expect(svg).toContain('<title>Italy: no data</title>');
    // The fixed scale would put all three in its two lightest classes.
    expect(osceMap(values)).toContain(`fill="${MAP_CLASSES[0].colour}"`);
  });
});

describe('osceStatusMap', () => {
  it("fills each State with its status's pattern and counts the statuses in the legend", () => {
    const svg = osceStatusMap(
      new Map([
        ['FRA', S.NotImplemented],
        ['DEU', S.Implemented],
        ['POL', S.NotImplemented],
        ['AND', S.PartiallyImplemented],
      ]),
      { id: 'x', label: 'Status as of 2011-12-31' },
    );
    expect(svg).toMatch(
      /fill="url\(#status-map-x-p-not_implemented\)"[^>]*><title>France: NC Not implemented<\/title>/,
    );
    expect(svg).toMatch(/fill="url\(#status-map-x-p-implemented\)"[^>]*><title>Germany: C /);
    expect(svg).toContain('<pattern id="status-map-x-p-not_implemented"');
    expect(svg).toContain('>NC Not implemented (2)</text>');
    expect(svg).toContain('>not tracked</text>');
    // Andorra is too small to see: listed beside the map with its status.
    expect(svg).toContain('>Andorra: PC</text>');
    expect(svg).not.toMatch(/#c7e9c0|#8fd18a/);
  });
});
