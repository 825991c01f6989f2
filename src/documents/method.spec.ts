import { ImplementationStatus as S } from '../assessments/implementation-status.enum.js';
import { countByStatus, progressFromCounts } from '../assessments/progress.js';
import { methodSection } from './method.js';

describe('methodSection', () => {
  it('prints the scale with FATF ratings and weights, and the pairs the figures rest on', () => {
    const figures = progressFromCounts(
      countByStatus([S.Implemented, S.PartiallyImplemented, S.NoInformation, S.NotApplicable]),
    );
    const method = methodSection(figures, 'as of 31 Dec 2010');
    expect(method.scale).toEqual([
      { label: 'No information', fatf: '–', weight: 'not counted; lowers coverage' },
      { label: 'Not implemented', fatf: 'NC', weight: '0' },
      { label: 'Partially implemented', fatf: 'PC', weight: '⅓' },
      { label: 'Mostly implemented', fatf: 'LC', weight: '⅔' },
      { label: 'Implemented', fatf: 'C', weight: '1' },
      { label: 'Not applicable', fatf: 'N/A', weight: 'left out of every figure' },
    ]);
    expect(method).toMatchObject({ pairs: 4, applicable: 3, withInformation: 2, coverage: '67%' });
    expect(method.caveat).toBe(
      'No information has been recorded for 1 of the 3 applicable pairs (coverage 67%): the implementation rate and the progress index describe only the 2 pairs with information, and may not hold for the others.',
    );
  });

  it('has no caveat when every applicable pair has information', () => {
    const figures = progressFromCounts(countByStatus([S.Implemented, S.NotImplemented]));
    expect(methodSection(figures, 'as of 31 Dec 2010').caveat).toBeNull();
  });

  it('lists the rules of the recommendations measured by facts, none when all are graded', () => {
    const figures = progressFromCounts(countByStatus([S.Implemented]));
    expect(methodSection(figures, 'as of 31 Dec 2010').rules).toEqual([]);
    const rule =
      'JEW-II.9 is measured by milestones of the CARICC Agreement: signed = partially implemented.';
    expect(methodSection(figures, 'as of 31 Dec 2010', [rule]).rules).toEqual([rule]);
  });
});
