import { ImplementationStatus as S } from '../assessments/implementation-status.enum.js';
import type { Fact, FactMeasure } from '../measures/measure.types.js';
import type { ScopedPair } from '../measures/measures.repository.js';
import { referenceMeasures } from '../measures/reference-measures.js';
import type { FactJudgement } from '../measures/timeline.js';
import { measureTable, subjectMeasureTable } from './measure-tables.js';

const measures = referenceMeasures();
const m = (ref: string) => measures.get(ref) as FactMeasure;

const pair = (pairId: number, name: string): ScopedPair => ({
  pairId,
  version: 1,
  subject: { kind: 'state', code: name.slice(0, 3).toUpperCase(), name },
});
let id = 0;
const judged = (assessedOn: string, fact: Fact): FactJudgement => ({
  id: ++id,
  assessedOn,
  status: S.NoInformation,
  fact,
  derivedStatus: S.NoInformation,
  overrideReason: null,
});

describe('measureTable', () => {
  it('milestones: the step of each instrument in force on the date, with its date', () => {
    const step = (milestone: string): Fact => ({
      kind: 'milestones',
      instrument: 'caricc-agreement',
      milestone,
    });
    const histories = new Map([
      [1, [judged('2009-03-01', step('signed')), judged('2011-06-01', step('ratified'))]],
      [2, []],
    ]);
    const pairs = [pair(1, 'Kazakhstan'), pair(2, 'Tajikistan')];
    const now = measureTable('JEW-II.9', m('JEW-II.9'), pairs, histories, '2012-12-31');
    expect(now).toMatchObject({
      kind: 'milestones',
      instruments: ['CARICC Agreement'],
      rows: [{ name: 'Kazakhstan', cells: [{ step: 'Ratified', date: '2011-06-01' }] }],
      summary: ['CARICC Agreement: 1 ratified'],
      without: 'No fact recorded by 2012-12-31 for Tajikistan.',
    });
    const before = measureTable('JEW-II.9', m('JEW-II.9'), pairs, histories, '2010-12-31');
    expect(before).toMatchObject({
      rows: [{ name: 'Kazakhstan', cells: [{ step: 'Signed', date: '2009-03-01' }] }],
    });
    const earliest = measureTable('JEW-II.9', m('JEW-II.9'), pairs, histories, '2008-12-31');
    expect(earliest).toMatchObject({
      rows: [],
      without: 'No fact recorded by 2008-12-31 for any of the 2 in scope.',
    });
  });

  it('count: the latest count of each State and the total', () => {
    const count = (n: number, places: string[]): Fact => ({ kind: 'count', count: n, places });
    const table = measureTable(
      'JEW-II.4',
      m('JEW-II.4'),
      [pair(1, 'Kazakhstan'), pair(2, 'Uzbekistan')],
      new Map([
        [1, [judged('2011-05-01', count(2, ['Bishkek', 'Dushanbe']))]],
        [2, [judged('2010-01-01', count(1, ['Kabul'])), judged('2012-01-01', count(3, []))]],
      ]),
      '2012-12-31',
    );
    expect(table).toMatchObject({
      kind: 'count',
      total: 5,
      target: 5,
      caption: 'Drug liaison officers placed abroad by 2012-12-31: 5 in total',
      rows: [
        { name: 'Kazakhstan', count: 2, places: 'Bishkek, Dushanbe', date: '2011-05-01' },
        { name: 'Uzbekistan', count: 3, places: null, date: '2012-01-01' },
      ],
      without: null,
    });
  });

  it('rating: the latest rating of each State with its source and date', () => {
    const table = measureTable(
      'JEW-II.8',
      m('JEW-II.8'),
      [pair(1, 'Albania')],
      new Map([
        [
          1,
          [
            judged('2014-01-01', { kind: 'rating', rating: 'PC', source: 'MER 2014' }),
            judged('2018-07-01', { kind: 'rating', rating: 'LC', source: 'FUR 2018' }),
          ],
        ],
      ]),
      '2019-12-31',
    );
    expect(table).toMatchObject({
      kind: 'rating',
      rows: [
        {
          name: 'Albania',
          code: 'LC',
          label: 'Largely compliant',
          source: 'FUR 2018',
          date: '2018-07-01',
        },
      ],
    });
  });

  it("one subject: its facts in force and its timeline up to the date, an override's reason only internally", () => {
    const step = (milestone: string): Fact => ({
      kind: 'milestones',
      instrument: 'caricc-agreement',
      milestone,
    });
    const history: FactJudgement[] = [
      { ...judged('2009-03-01', step('signed')), status: S.PartiallyImplemented },
      {
        ...judged('2011-06-01', step('ratified')),
        status: S.PartiallyImplemented,
        overrideReason: 'Ratification not yet deposited',
      },
      { ...judged('2013-02-01', step('in-force')), status: S.Implemented },
    ];
    const args = ['JEW-II.9', m('JEW-II.9'), pair(1, 'Kazakhstan'), history, '2012-12-31'] as const;
    const internal = subjectMeasureTable(...args, 'internal');
    expect(internal).toMatchObject({
      subject: 'Kazakhstan',
      rows: [{ name: 'Kazakhstan', cells: [{ step: 'Ratified', date: '2011-06-01' }] }],
      without: null,
      timeline: {
        caption: 'Facts recorded for Kazakhstan up to 2012-12-31, oldest first',
        lines: [
          {
            date: '2009-03-01',
            fact: 'CARICC Agreement: Signed',
            status: 'Partially implemented',
            override: null,
          },
          {
            date: '2011-06-01',
            fact: 'CARICC Agreement: Ratified',
            status: 'Partially implemented',
            override: 'Set by hand: Ratification not yet deposited',
          },
        ],
      },
    });
    expect(subjectMeasureTable(...args, 'public').timeline?.lines[1].override).toBe('Set by hand');
    const none = subjectMeasureTable(
      'JEW-II.9',
      m('JEW-II.9'),
      pair(1, 'Kazakhstan'),
      history,
      '2008-12-31',
      'internal',
    );
    expect(none).toMatchObject({
      rows: [],
      timeline: null,
      without: 'No fact recorded by 2008-12-31 for Kazakhstan.',
    });
  });
});
