import { ImplementationStatus as S } from '../assessments/implementation-status.enum.js';
import { OTHER_REGION, regionOf } from '../states/regions.js';
import { arrangeStates, type StateRow } from './recommendation-page.view-model.js';

const row = (code: string, name: string, status: S, assessedOn: string | null): StateRow => ({
  subject: { kind: code === 'OSCE' ? 'organisation' : 'state', code, name },
  status,
  assessedOn,
});

const ROWS = [
  row('KAZ', 'Kazakhstan', S.PartiallyImplemented, '2010-01-01'),
  row('AUT', 'Austria', S.Implemented, '2009-05-01'),
  row('KGZ', 'Kyrgyzstan', S.NoInformation, null),
  row('TJK', 'Tajikistan', S.Implemented, '2011-03-01'),
  row('OSCE', 'OSCE', S.NotImplemented, '2012-01-01'),
];
const region = (s: StateRow['subject']) => (s.kind === 'state' ? regionOf(s.code) : OTHER_REGION);
const codes = (rows: StateRow[]) => rows.map((r) => r.subject.code);

describe("the States of a recommendation's page", () => {
  it('keep their order unless asked, filtered by region and status', () => {
    expect(codes(arrangeStates(ROWS, {}, region))).toEqual(['KAZ', 'AUT', 'KGZ', 'TJK', 'OSCE']);
    expect(codes(arrangeStates(ROWS, { region: 'central-asia' }, region))).toEqual([
      'KAZ',
      'KGZ',
      'TJK',
    ]);
    expect(codes(arrangeStates(ROWS, { status: S.Implemented }, region))).toEqual(['AUT', 'TJK']);
    expect(
      codes(arrangeStates(ROWS, { region: 'central-asia', status: S.Implemented }, region)),
    ).toEqual(['TJK']);
  });

  it('sort by status, the most advanced first and then by name', () => {
    expect(codes(arrangeStates(ROWS, { sort: 'status' }, region))).toEqual([
      'AUT',
      'TJK',
      'KAZ',
      'OSCE',
      'KGZ',
    ]);
  });

  it('sort by date, the latest first and never assessed last', () => {
    expect(codes(arrangeStates(ROWS, { sort: 'date' }, region))).toEqual([
      'OSCE',
      'TJK',
      'KAZ',
      'AUT',
      'KGZ',
    ]);
  });

  it('sort by State name', () => {
    expect(codes(arrangeStates(ROWS, { sort: 'state' }, region))).toEqual([
      'AUT',
      'KAZ',
      'KGZ',
      'OSCE',
      'TJK',
    ]);
  });
});
