import { ImplementationStatus as S } from '../assessments/implementation-status.enum.js';
import { OTHER_REGION, regionOf } from '../states/regions.js';
import { emptyCounts } from '../assessments/progress.js';
import { buildMatrixPage, cellAge, matrixTotals, rowKey } from './matrix-page.view-model.js';
import type { MatrixCell, MatrixView } from './progress.service.js';

const cell = (status: S, assessedOn: string | null = null): MatrixCell => ({
  status,
  assessedOn,
  version: 1,
});
const state = (code: string, name: string) => ({ kind: 'state' as const, code, name });

const matrix: Pick<MatrixView, 'recommendations' | 'rows'> = {
  recommendations: [
    { ref: 'JEW-II.8', title: 'Liaison officers' },
    { ref: 'JEW-II.9', title: 'Sign the CARICC Agreement' },
  ],
  rows: [
    { subject: state('CAN', 'Canada'), cells: [cell(S.Implemented, '2010-01-01'), null] },
    {
      subject: state('KAZ', 'Kazakhstan'),
      cells: [cell(S.NotApplicable), cell(S.PartiallyImplemented, '2009-06-30')],
    },
    { subject: state('KGZ', 'Kyrgyzstan'), cells: [cell(S.NoInformation), cell(S.Implemented)] },
    {
      subject: { kind: 'organisation', code: 'OSCE', name: 'OSCE' },
      cells: [cell(S.NotImplemented), null],
    },
  ],
};
const regions = {
  regionOf: (s: { kind: string; code: string }) =>
    s.kind === 'state' ? regionOf(s.code) : OTHER_REGION,
};

describe('matrixTotals', () => {
  it('gives the progress index and implemented of applicable, out-of-scope cells left out', () => {
    expect(
      matrixTotals([
        cell(S.Implemented),
        cell(S.PartiallyImplemented),
        cell(S.NotApplicable),
        null,
      ]),
    ).toEqual({
      progressIndex: '67%',
      implemented: 1,
      applicable: 2,
      label: 'Progress index 67%; 1 of 2 applicable implemented',
    });
    expect(matrixTotals([cell(S.NoInformation)]).label).toBe(
      'Progress index not known; 0 of 1 applicable implemented',
    );
  });
});

describe('buildMatrixPage', () => {
  it('groups the rows by region in the regions’ order, organisations last', () => {
    const page = buildMatrixPage(matrix, regions);
    expect(page.groups.map((g) => [g.region.label, g.rows.map((r) => r.subject.code)])).toEqual([
      ['North America', ['CAN']],
      ['Central Asia and Mongolia', ['KAZ', 'KGZ']],
      ['Organisations and others', ['OSCE']],
    ]);
    expect(page.recommendations.map((r) => r.totals.label)).toEqual([
      'Progress index 50%; 1 of 3 applicable implemented',
      'Progress index 67%; 1 of 2 applicable implemented',
    ]);
    expect(page.groups[1].rows[0].totals.label).toBe(
      'Progress index 33%; 0 of 1 applicable implemented',
    );
    expect([page.statesShown, page.statesTracked]).toEqual([4, 4]);
  });

  it('names each cell by State, recommendation, status and date', () => {
    const kaz = buildMatrixPage(matrix, regions).groups[1].rows[0];
    expect(kaz.cells[1]).toEqual({
      id: 'cell-JEW-II.9-KAZ',
      status: S.PartiallyImplemented,
      short: 'PC',
      href: '/recommendations/JEW-II.9/states/KAZ#record-heading',
      title: 'JEW-II.9 · Kazakhstan: Partially implemented as of 2009-06-30',
      name: 'Kazakhstan, JEW-II.9: Partially implemented, PC, 2009-06-30',
      faded: false,
      recorded: false,
      age: 'fresh',
    });
    expect(kaz.cells[0]?.name).toBe('Kazakhstan, JEW-II.8: Not applicable, N/A');
  });

  it('links a cell to its pair with the matrix to go back to, and marks the cell just recorded', () => {
    const page = buildMatrixPage(matrix, {
      ...regions,
      address: '/matrix?event=jew&region=central-asia',
      recorded: { ref: 'JEW-II.9', iso3: 'KAZ' },
    });
    const cells = page.groups[1].rows[0].cells;
    expect(cells[1]?.href).toBe(
      '/recommendations/JEW-II.9/states/KAZ?returnTo=%2Fmatrix%3Fevent%3Djew%26region%3Dcentral-asia%23cell-JEW-II.9-KAZ#record-heading',
    );
    expect(cells.map((c) => c?.recorded)).toEqual([false, true]);
  });

  it('keeps a region’s States, the column totals over them', () => {
    const page = buildMatrixPage(matrix, { ...regions, region: 'central-asia' });
    expect(page.groups.map((g) => g.region.key)).toEqual(['central-asia']);
    expect(page.recommendations[0].totals.applicable).toBe(1);
    expect(page.overall.label).toBe('Progress index 67%; 1 of 3 applicable implemented');
    expect(page.statesShown).toBe(2);
  });

  it('keeps the States with a cell in a status, fading the other cells, totals unchanged', () => {
    const page = buildMatrixPage(matrix, { ...regions, status: S.Implemented });
    expect(page.groups.flatMap((g) => g.rows.map((r) => r.subject.code))).toEqual(['CAN', 'KGZ']);
    const kgz = page.groups[1].rows[0];
    expect(kgz.cells.map((c) => c?.faded)).toEqual([true, false]);
    expect(page.recommendations[0].totals.applicable).toBe(3);
  });
});

describe('the age of a cell', () => {
  const staleness = { months: 24, staleBefore: '2010-01-01', veryStaleBefore: '2008-01-01' };

  it.each([
    [null, 'never'],
    ['2010-01-01', 'fresh'],
    ['2009-12-31', 'stale'],
    ['2008-01-01', 'stale'],
    ['2007-12-31', 'very-stale'],
  ])('assessed on %s is %s', (assessedOn, age) => {
    expect(cellAge(assessedOn, staleness)).toBe(age);
  });

  it('names how old a stale assessment is, and the age filter fades the others', () => {
    const page = buildMatrixPage(matrix, { ...regions, staleness, age: 'stale' });
    const rows = page.groups.flatMap((g) => g.rows);
    expect(rows.map((r) => r.subject.code)).toEqual(['KAZ']);
    const [na, pc] = rows[0].cells;
    expect(pc?.name).toBe(
      'Kazakhstan, JEW-II.9: Partially implemented, PC, 2009-06-30, more than 24 months old',
    );
    expect([pc?.age, pc?.faded]).toEqual(['stale', false]);
    expect([na?.age, na?.faded]).toEqual(['never', true]);
    const never = buildMatrixPage(matrix, { ...regions, staleness, age: 'never' });
    expect(never.groups.flatMap((g) => g.rows.map((r) => r.subject.code))).toEqual([
      'KAZ',
      'KGZ',
      'OSCE',
    ]);
  });
});

describe('the totals of a State', () => {
  it('cover every column of the event when counts over them all are given', () => {
    const counts = { ...emptyCounts(), [S.Implemented]: 3, [S.NotImplemented]: 1 };
    const page = buildMatrixPage(matrix, {
      ...regions,
      rowCounts: new Map([[rowKey(state('CAN', 'Canada')), counts]]),
    });
    const rows = new Map(page.groups.flatMap((g) => g.rows.map((r) => [r.subject.code, r])));
    expect(rows.get('CAN')?.totals.label).toBe('Progress index 75%; 3 of 4 applicable implemented');
    // A row without counts keeps the totals of its cells.
    expect(rows.get('KGZ')?.totals.label).toBe(
      'Progress index 100%; 1 of 2 applicable implemented',
    );
  });
});
