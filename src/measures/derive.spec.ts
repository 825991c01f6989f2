import { ImplementationStatus as S } from '../assessments/implementation-status.enum.js';
import { deriveStatus } from './derive.js';
import type { Fact, FactMeasure } from './measure.types.js';
import { referenceMeasures } from './reference-measures.js';

const measures = referenceMeasures();
const measure = (ref: string): FactMeasure => {
  const m = measures.get(ref);
  if (!m) throw new Error(`no measure for ${ref}`);
  return m;
};

const step = (instrument: string, milestone: string): Fact => ({
  kind: 'milestones',
  instrument,
  milestone,
});
const count = (n: number, places: string[] = []): Fact => ({ kind: 'count', count: n, places });
const rating = (code: string): Fact => ({ kind: 'rating', rating: code, source: 'MER' });

describe('deriveStatus: milestones, one instrument (JEW-II.9, the CARICC Agreement)', () => {
  const caricc = measure('JEW-II.9');
  const agreement = (s: string) => step('caricc-agreement', s);

  it.each<[string, Fact[], S]>([
    ['no fact', [], S.NoInformation],
    ['signed', [agreement('signed')], S.PartiallyImplemented],
    ['ratified', [agreement('ratified')], S.MostlyImplemented],
    ['in force', [agreement('in-force')], S.Implemented],
    ['signed, then ratified', [agreement('signed'), agreement('ratified')], S.MostlyImplemented],
    [
      'signed, ratified, in force',
      [agreement('signed'), agreement('ratified'), agreement('in-force')],
      S.Implemented,
    ],
    // The latest fact decides, even a step down (a withdrawal recorded as "signed").
    [
      'in force, then back to signed',
      [agreement('in-force'), agreement('signed')],
      S.PartiallyImplemented,
    ],
    ['a step no longer in the ladder', [agreement('acceded')], S.NotImplemented],
  ])('%s → %s', (_, facts, expected) => {
    expect(deriveStatus(caricc, facts)).toBe(expected);
  });

  it('ignores facts of another kind', () => {
    expect(deriveStatus(caricc, [count(3), rating('C')])).toBe(S.NoInformation);
  });
});

describe('deriveStatus: milestones, several instruments (JEW-II.1, the three conventions)', () => {
  const conventions = measure('JEW-II.1');
  const c61 = (s: string) => step('single-convention-1961', s);
  const c71 = (s: string) => step('psychotropic-convention-1971', s);
  const c88 = (s: string) => step('trafficking-convention-1988', s);
  const mostAdvanced: FactMeasure = {
    kind: 'milestones',
    rule: {
      ...(conventions.rule as Extract<FactMeasure, { kind: 'milestones' }>['rule']),
      combine: 'most-advanced',
    },
  };

  it.each<[string, Fact[], S, S]>([
    // facts, least advanced decides, most advanced decides
    ['no fact', [], S.NoInformation, S.NoInformation],
    ['one in force, two without a step', [c61('in-force')], S.NotImplemented, S.Implemented],
    [
      'all three signed',
      [c61('signed'), c71('signed'), c88('signed')],
      S.PartiallyImplemented,
      S.PartiallyImplemented,
    ],
    [
      'in force, ratified, signed',
      [c61('in-force'), c71('ratified-or-acceded'), c88('signed')],
      S.PartiallyImplemented,
      S.Implemented,
    ],
    [
      'in force, in force, ratified',
      [c61('in-force'), c71('in-force'), c88('ratified-or-acceded')],
      S.MostlyImplemented,
      S.Implemented,
    ],
    [
      'all three in force',
      [c61('in-force'), c71('in-force'), c88('in-force')],
      S.Implemented,
      S.Implemented,
    ],
    [
      'each instrument at its own latest step',
      [
        c61('signed'),
        c71('in-force'),
        c61('in-force'),
        c88('in-force'),
        c71('ratified-or-acceded'),
      ],
      S.MostlyImplemented,
      S.Implemented,
    ],
  ])('%s → least %s, most %s', (_, facts, least, most) => {
    expect(deriveStatus(conventions, facts)).toBe(least);
    expect(deriveStatus(mostAdvanced, facts)).toBe(most);
  });

  it('ignores an instrument the rule does not have', () => {
    expect(deriveStatus(conventions, [step('another-treaty', 'in-force')])).toBe(S.NoInformation);
  });
});

describe('deriveStatus: count (JEW-II.4, drug liaison officers, target 5)', () => {
  const dlos = measure('JEW-II.4');

  it.each<[number, S]>([
    [0, S.NotImplemented],
    [1, S.PartiallyImplemented],
    [2, S.PartiallyImplemented],
    [3, S.MostlyImplemented],
    [4, S.MostlyImplemented],
    [5, S.Implemented],
    [6, S.Implemented],
    [1000, S.Implemented],
  ])('%i officers → %s', (n, expected) => {
    expect(deriveStatus(dlos, [count(n, ['Kabul'])])).toBe(expected);
  });

  it('takes the latest count, which is a total, not an increase', () => {
    expect(deriveStatus(dlos, [count(5), count(2)])).toBe(S.PartiallyImplemented);
    expect(deriveStatus(dlos, [count(2), count(2)])).toBe(S.PartiallyImplemented);
  });

  it('has no information without a count', () => {
    expect(deriveStatus(dlos, [])).toBe(S.NoInformation);
  });
});

describe('deriveStatus: rating (JEW-II.8, FATF technical compliance)', () => {
  const fatf = measure('JEW-II.8');

  it.each<[string, S]>([
    ['C', S.Implemented],
    ['LC', S.MostlyImplemented],
    ['PC', S.PartiallyImplemented],
    ['NC', S.NotImplemented],
    ['NA', S.NotApplicable],
    ['XX', S.NoInformation],
  ])('%s → %s', (code, expected) => {
    expect(deriveStatus(fatf, [rating(code)])).toBe(expected);
  });

  it('takes the latest rating', () => {
    expect(deriveStatus(fatf, [rating('NC'), rating('LC')])).toBe(S.MostlyImplemented);
    expect(deriveStatus(fatf, [])).toBe(S.NoInformation);
  });
});
