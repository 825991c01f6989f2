import type { FactMeasure } from './measure.types.js';
import { referenceMeasures } from './reference-measures.js';
import { measureSentence, ruleSentence } from './rule-text.js';

const measures = referenceMeasures();
const m = (ref: string) => measures.get(ref) as FactMeasure;

describe('ruleSentence', () => {
  it('says the steps of one instrument', () => {
    expect(ruleSentence('JEW-II.9', m('JEW-II.9'))).toBe(
      'JEW-II.9 is measured by milestones of the CARICC Agreement: signed = partially implemented, ratified = mostly implemented, in force = implemented.',
    );
  });

  it('says which instrument decides among several', () => {
    const text = ruleSentence('JEW-II.1', m('JEW-II.1'));
    expect(text).toMatch(
      /^JEW-II\.1 is measured by milestones of 3 instruments, the least advanced deciding/,
    );
    expect(text).toContain('ratified or acceded = mostly implemented');
  });

  it('says the thresholds of a count against its target', () => {
    expect(ruleSentence('JEW-II.4', m('JEW-II.4'))).toBe(
      'JEW-II.4 is measured by the count of drug liaison officers placed abroad, against a target of 5; the latest count (a total) decides: 0 = not implemented, 1–2 = partially implemented, 3–4 = mostly implemented, 5 or more = implemented.',
    );
  });

  it('says the ratings of a scale', () => {
    expect(ruleSentence('JEW-II.8', m('JEW-II.8'))).toBe(
      'JEW-II.8 is measured by the FATF technical compliance rating, the latest one deciding: C = implemented, LC = mostly implemented, PC = partially implemented, NC = not implemented, NA = not applicable.',
    );
  });
});

describe('measureSentence', () => {
  it('says a graded recommendation is judged, and any other by its rule', () => {
    expect(measureSentence('JEW-II.2', { kind: 'graded' })).toBe(
      'JEW-II.2 is graded: analysts judge its status on the scale.',
    );
    expect(measureSentence('JEW-II.4', m('JEW-II.4'))).toBe(
      ruleSentence('JEW-II.4', m('JEW-II.4')),
    );
  });
});
