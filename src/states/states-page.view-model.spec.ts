import { computeProgress } from '../assessments/progress.js';
import { ImplementationStatus as S } from '../assessments/implementation-status.enum.js';
import { OTHER_REGION, regionOf } from './regions.js';
import { statesPageViewModel, type SubjectFigures } from './states-page.view-model.js';

function line(
  code: string,
  name: string,
  statuses: S[],
  latestAssessedOn: string | null = null,
): SubjectFigures {
  const organisation = code === 'OSCE';
  return {
    kind: organisation ? 'organisation' : 'state',
    code,
    name,
    region: organisation ? OTHER_REGION : regionOf(code, 'participating'),
    progress: computeProgress(statuses),
    latestAssessedOn,
  };
}

const LINES = [
  line('OSCE', 'OSCE', [S.Implemented], '2011-01-01'),
  line('KAZ', 'Kazakhstan', [S.Implemented, S.NotImplemented], '2010-03-01'),
  line('ALB', 'Albania', [S.NoInformation]),
  line('TJK', 'Tajikistan', [S.MostlyImplemented, S.NoInformation], '2009-06-30'),
];

describe('statesPageViewModel', () => {
  it('sorts by name by default, organisations after the States', () => {
    const vm = statesPageViewModel(LINES, {});
    expect(vm.rows.map((r) => r.code)).toEqual(['ALB', 'KAZ', 'TJK', 'OSCE']);
    expect(vm.headers[0]).toMatchObject({
      ariaSort: 'ascending',
      href: '/states?sort=name&dir=desc',
    });
    expect(vm.headers.filter((h) => h.ariaSort)).toHaveLength(1);
  });

  it('sorts by a figure, lines without one last in either direction', () => {
    const desc = statesPageViewModel(LINES, { sort: 'progress', dir: 'desc' });
    expect(desc.rows.map((r) => r.code)).toEqual(['TJK', 'KAZ', 'ALB', 'OSCE']);
    const asc = statesPageViewModel(LINES, { sort: 'progress', dir: 'asc' });
    expect(asc.rows.map((r) => r.code)).toEqual(['KAZ', 'TJK', 'ALB', 'OSCE']);
    expect(asc.headers[4]).toMatchObject({
      label: 'Progress index',
      ariaSort: 'ascending',
      href: '/states?sort=progress&dir=desc',
    });
    // A figure's column sorts highest first when chosen.
    expect(asc.headers[6].href).toBe('/states?sort=latest&dir=desc');
  });

  it('keeps one region, with the date and region in every sort link, and maps only States', () => {
    const vm = statesPageViewModel(LINES, { region: 'central-asia', asOf: '2010-12-31' });
    expect(vm.rows.map((r) => r.code)).toEqual(['KAZ', 'TJK']);
    expect(vm.headers[2].href).toBe(
      '/states?asOf=2010-12-31&region=central-asia&sort=pairs&dir=desc',
    );
    expect(vm.regions.find((r) => r.selected)?.key).toBe('central-asia');
    expect([...vm.mapValues]).toEqual([
      ['KAZ', 0.5],
      ['TJK', 2 / 3],
    ]);
    expect(vm.rows[0]).toMatchObject({
      region: 'Central Asia and Mongolia',
      pairs: 2,
      implementationRate: 0.5,
      progressIndex: 0.5,
      coverage: 1,
      latestAssessedOn: '2010-03-01',
    });
  });
});
