import { describeFact, factRequired, parseFact } from './facts.js';
import type { FactMeasure, Measure } from './measure.types.js';
import { referenceMeasures } from './reference-measures.js';

const measures = referenceMeasures();
const m = (ref: string): FactMeasure => measures.get(ref) as FactMeasure;
const caricc = m('JEW-II.9');
const conventions = m('JEW-II.1');
const dlos = m('JEW-II.4');
const fatf = m('JEW-II.8');

/** The fact, or the fields and rules of the problems. */
function parsed(measure: Measure, raw: unknown, prefix?: string): unknown {
  const result = parseFact(measure, raw, prefix);
  return result.ok ? result.fact : result.problems.map((p) => `${p.field} ${p.rule}`);
}

describe('parseFact', () => {
  it.each<[string, Measure, unknown, unknown]>([
    // Milestones
    [
      'the only instrument, a step by key',
      caricc,
      { milestone: 'ratified' },
      { kind: 'milestones', instrument: 'caricc-agreement', milestone: 'ratified' },
    ],
    [
      'a step by label, in any case',
      caricc,
      { instrument: 'CARICC agreement', milestone: 'IN FORCE' },
      { kind: 'milestones', instrument: 'caricc-agreement', milestone: 'in-force' },
    ],
    [
      'one of several instruments',
      conventions,
      { instrument: 'psychotropic-convention-1971', milestone: 'Ratified or acceded' },
      {
        kind: 'milestones',
        instrument: 'psychotropic-convention-1971',
        milestone: 'ratified-or-acceded',
      },
    ],
    [
      'several instruments and none named',
      conventions,
      { milestone: 'signed' },
      ['fact.instrument isDefined'],
    ],
    [
      'an unknown instrument',
      conventions,
      { instrument: '1936', milestone: 'signed' },
      ['fact.instrument isIn'],
    ],
    ['no step', caricc, { instrument: 'caricc-agreement' }, ['fact.milestone isDefined']],
    ['an unknown step', caricc, { milestone: 'acceded' }, ['fact.milestone isIn']],
    [
      'a count on a milestones measure',
      caricc,
      { milestone: 'signed', count: 2 },
      ['fact.count notForMeasure'],
    ],
    // Count
    [
      'a count and its places',
      dlos,
      { count: 3, places: ['Kabul', ' Tashkent '] },
      { kind: 'count', count: 3, places: ['Kabul', 'Tashkent'] },
    ],
    [
      'a count written as text, places in one text',
      dlos,
      { count: '2', places: 'Kabul; Dushanbe;' },
      { kind: 'count', count: 2, places: ['Kabul', 'Dushanbe'] },
    ],
    ['no places', dlos, { count: 0 }, { kind: 'count', count: 0, places: [] }],
    ['no count', dlos, { places: ['Kabul'] }, ['fact.count isDefined']],
    ['a negative count', dlos, { count: -1 }, ['fact.count isInt']],
    ['a fractional count', dlos, { count: 1.5 }, ['fact.count isInt']],
    ['places that are not text', dlos, { count: 1, places: [1, 2] }, ['fact.places places']],
    ['a rating on a count measure', dlos, { count: 1, rating: 'C' }, ['fact.rating notForMeasure']],
    // Rating
    [
      'a rating and its source',
      fatf,
      { rating: 'lc', source: ' MER 2016 ' },
      { kind: 'rating', rating: 'LC', source: 'MER 2016' },
    ],
    [
      'a rating by label',
      fatf,
      { rating: 'Partially compliant', source: 'FUR 2019' },
      { kind: 'rating', rating: 'PC', source: 'FUR 2019' },
    ],
    [
      'N/A for NA',
      fatf,
      { rating: 'N/A', source: 'MER' },
      { kind: 'rating', rating: 'NA', source: 'MER' },
    ],
    ['a rating without its source', fatf, { rating: 'C' }, ['fact.source isDefined']],
    ['an unknown rating', fatf, { rating: 'A+', source: 'MER' }, ['fact.rating isIn']],
    ['no rating', fatf, { source: 'MER' }, ['fact.rating isDefined']],
    // Anything
    ['a graded recommendation', { kind: 'graded' }, { milestone: 'signed' }, ['fact graded']],
    ['not an object', caricc, 'ratified', ['fact isObject']],
    ['an unknown field', caricc, { milestone: 'signed', stage: 'x' }, ['fact.stage unknownField']],
    [
      'empty text counts as left out',
      fatf,
      { rating: 'C', source: '  ', count: '' },
      ['fact.source isDefined'],
    ],
  ])('%s', (_, measure, raw, expected) => {
    expect(parsed(measure, raw)).toEqual(expected);
  });

  it('names fields as import columns without a prefix', () => {
    expect(parsed(fatf, { rating: 'C' }, '')).toEqual(['source isDefined']);
    const result = parseFact(caricc, { milestone: 'acceded' }, '');
    expect(result.ok ? null : result.problems[0].message).toMatch(
      /^milestone: CARICC Agreement has the steps: signed \(Signed\)/,
    );
  });
});

describe('describeFact', () => {
  it.each<[string, Measure, Parameters<typeof describeFact>[1], string]>([
    [
      'a step',
      caricc,
      { kind: 'milestones', instrument: 'caricc-agreement', milestone: 'in-force' },
      'CARICC Agreement: In force',
    ],
    [
      'a count with places',
      dlos,
      { kind: 'count', count: 3, places: ['Kabul', 'Tehran'] },
      '3 drug liaison officers placed abroad (target 5): Kabul, Tehran',
    ],
    [
      'a count without places',
      dlos,
      { kind: 'count', count: 0, places: [] },
      '0 drug liaison officers placed abroad (target 5)',
    ],
    [
      'a rating',
      fatf,
      { kind: 'rating', rating: 'LC', source: 'MER 2016' },
      'FATF technical compliance LC (Largely compliant); source: MER 2016',
    ],
    [
      'a step the rule no longer names',
      { kind: 'graded' },
      { kind: 'milestones', instrument: 'x', milestone: 'y' },
      'x: y',
    ],
  ])('%s', (_, measure, fact, text) => {
    expect(describeFact(measure, fact)).toBe(text);
  });
});

describe('factRequired', () => {
  it('names the fact each kind of measure asks for, on the API field or the import column', () => {
    expect(factRequired('JEW-II.9', caricc)).toEqual({
      field: 'fact',
      rule: 'factRequired',
      message:
        'fact: JEW-II.9 is measured by milestones: record the milestone reached, or give a reason to set the status by hand',
    });
    expect(factRequired('JEW-II.4', dlos).message).toBe(
      'fact: JEW-II.4 is measured by a count: record the number of drug liaison officers placed abroad, or give a reason to set the status by hand',
    );
    expect(factRequired('JEW-II.8', fatf).message).toBe(
      'fact: JEW-II.8 is measured by a rating: record the FATF technical compliance rating, or give a reason to set the status by hand',
    );
    expect(
      [caricc, conventions, dlos, fatf].map((measure) => factRequired('X', measure, '').field),
    ).toEqual(['milestone', 'milestone', 'count', 'rating']);
  });
});
