import { judgementAsOf } from '../assessments/as-of.js';
import { ImplementationStatus as S } from '../assessments/implementation-status.enum.js';
import { seededRandom } from '../common/random.js';
import { deriveStatus } from './derive.js';
import type { Fact, FactMeasure, Measure } from './measure.types.js';
import { referenceMeasures } from './reference-measures.js';
import {
  basisOf,
  derivedAt,
  factsAsOf,
  factsInForce,
  planRecord,
  planRecords,
  planRuleChange,
  versionAt,
  type FactJudgement,
  type MeasureVersion,
  type PlannedJudgement,
  type RecordInput,
} from './timeline.js';

const measures = referenceMeasures();
const conventions = measures.get('JEW-II.1') as FactMeasure;
const caricc = measures.get('JEW-II.9') as FactMeasure;
const dlos = measures.get('JEW-II.4') as FactMeasure;

const v = (version: number, effectiveOn: string, measure: Measure): MeasureVersion => ({
  version,
  effectiveOn,
  measure,
});
const c61 = (s: string): Fact => ({
  kind: 'milestones',
  instrument: 'single-convention-1961',
  milestone: s,
});
const c71 = (s: string): Fact => ({
  kind: 'milestones',
  instrument: 'psychotropic-convention-1971',
  milestone: s,
});
const c88 = (s: string): Fact => ({
  kind: 'milestones',
  instrument: 'trafficking-convention-1988',
  milestone: s,
});

/** Records `input` on `history` as the app would: the plan's assessments appended, ids in order. */
function record(
  versions: MeasureVersion[],
  history: FactJudgement[],
  input: RecordInput,
): { history: FactJudgement[]; planned: PlannedJudgement[] } {
  const plan = planRecord(versions, history, input);
  if (!plan.ok) throw new Error(plan.problems.map((p) => p.message).join('; '));
  const planned = [plan.entry, ...plan.followUps];
  let id = history.reduce((max, a) => Math.max(max, a.id), 0);
  return { history: [...history, ...planned.map((p) => ({ ...p, id: ++id }))], planned };
}

const statusOn = (history: FactJudgement[], date: string) =>
  judgementAsOf(history, date)?.status ?? S.NoInformation;

describe('basisOf', () => {
  const fact = c61('signed');
  it.each<[string, Pick<FactJudgement, 'fact' | 'derivedStatus' | 'overrideReason'>, string]>([
    [
      'a judgement on the scale',
      { fact: null, derivedStatus: null, overrideReason: null },
      'judged',
    ],
    ['a fact', { fact, derivedStatus: S.PartiallyImplemented, overrideReason: null }, 'derived'],
    [
      'an override with a fact',
      { fact, derivedStatus: S.PartiallyImplemented, overrideReason: 'x' },
      'override',
    ],
    [
      'an override without one',
      { fact: null, derivedStatus: S.PartiallyImplemented, overrideReason: 'x' },
      'override',
    ],
    ['re-derived', { fact: null, derivedStatus: S.Implemented, overrideReason: null }, 'rederived'],
  ])('%s is %s', (_, a, basis) => {
    expect(basisOf(a)).toBe(basis);
  });
});

describe('planRecord', () => {
  const versions = [v(1, '2026-01-01', caricc)];

  it('derives the status of a fact at its date, with the version of the rule', () => {
    const plan = planRecord(versions, [], {
      assessedOn: '2009-05-01',
      fact: { kind: 'milestones', instrument: 'caricc-agreement', milestone: 'signed' },
    });
    expect(plan).toEqual({
      ok: true,
      entry: {
        assessedOn: '2009-05-01',
        status: S.PartiallyImplemented,
        fact: { kind: 'milestones', instrument: 'caricc-agreement', milestone: 'signed' },
        derivedStatus: S.PartiallyImplemented,
        overrideReason: null,
        measureVersion: 1,
      },
      followUps: [],
    });
  });

  const signed: Fact = { kind: 'milestones', instrument: 'caricc-agreement', milestone: 'signed' };
  it.each<[string, Omit<RecordInput, 'assessedOn' | 'fact'>, string | [S, S, string | null]]>([
    [
      'status left out: the derived one',
      {},
      [S.PartiallyImplemented, S.PartiallyImplemented, null],
    ],
    [
      'the derived status given',
      { status: S.PartiallyImplemented },
      [S.PartiallyImplemented, S.PartiallyImplemented, null],
    ],
    ['another status without a reason', { status: S.Implemented }, 'overrideReason required'],
    [
      'another status with a reason: an override',
      { status: S.Implemented, overrideReason: 'Applied provisionally' },
      [S.Implemented, S.PartiallyImplemented, 'Applied provisionally'],
    ],
    [
      'a reason without another status',
      { overrideReason: 'Because' },
      'overrideReason nothingToOverride',
    ],
    [
      'a reason and the derived status',
      { status: S.PartiallyImplemented, overrideReason: 'Because' },
      'overrideReason nothingToOverride',
    ],
  ])('%s', (_, input, expected) => {
    const plan = planRecord(versions, [], { assessedOn: '2010-01-01', fact: signed, ...input });
    if (typeof expected === 'string') {
      expect(plan.ok ? 'ok' : plan.problems.map((p) => `${p.field} ${p.rule}`).join()).toBe(
        expected,
      );
    } else {
      expect(
        plan.ok && [plan.entry.status, plan.entry.derivedStatus, plan.entry.overrideReason],
      ).toEqual(expected);
    }
  });

  it('overrides without a fact: the derived status comes from the facts already recorded', () => {
    const { history } = record(versions, [], { assessedOn: '2009-05-01', fact: signed });
    const plan = planRecord(versions, history, {
      assessedOn: '2011-01-01',
      fact: null,
      status: S.NotImplemented,
      overrideReason: 'Signature withdrawn',
    });
    expect(plan.ok && plan.entry).toMatchObject({
      status: S.NotImplemented,
      derivedStatus: S.PartiallyImplemented,
      fact: null,
    });
  });

  it('refuses a fact or an override on a graded recommendation', () => {
    const graded = [v(1, '2026-01-01', { kind: 'graded' })];
    expect(planRecord(graded, [], { assessedOn: '2010-01-01', fact: signed })).toMatchObject({
      ok: false,
      problems: [{ field: 'fact', rule: 'graded' }],
    });
    expect(
      planRecord([], [], {
        assessedOn: '2010-01-01',
        fact: null,
        status: S.Implemented,
        overrideReason: 'x',
      }),
    ).toMatchObject({ ok: false, problems: [{ field: 'overrideReason' }] });
  });
});

describe('several instruments: a back-dated fact moves the statuses after it', () => {
  const versions = [v(1, '2026-01-01', conventions)];

  it('re-derives each later date whose derived status changes, and no other', () => {
    let h: FactJudgement[] = [];
    h = record(versions, h, { assessedOn: '2005-03-01', fact: c61('in-force') }).history;
    h = record(versions, h, { assessedOn: '2006-03-01', fact: c71('in-force') }).history;
    // 1988 not yet recorded: it has reached no step, and the least advanced decides.
    expect([statusOn(h, '2005-12-31'), statusOn(h, '2006-12-31')]).toEqual([
      S.NotImplemented,
      S.NotImplemented,
    ]);
    h = record(versions, h, { assessedOn: '2010-03-01', fact: c71('in-force') }).history;

    // The 1988 convention ratified in 2004, recorded now.
    const step = record(versions, h, {
      assessedOn: '2004-06-01',
      fact: c88('ratified-or-acceded'),
    });
    expect(step.planned.map((p) => [p.assessedOn, p.status, p.fact === null])).toEqual([
      ['2004-06-01', S.NotImplemented, false],
      // 2005: 1961 in force, 1971 nothing, 1988 ratified: still not implemented, nothing new.
      ['2006-03-01', S.MostlyImplemented, true],
      // 2010 said not implemented too; now mostly (1988 ratified).
      ['2010-03-01', S.MostlyImplemented, true],
    ]);
    h = step.history;
    expect([
      statusOn(h, '2004-12-31'),
      statusOn(h, '2005-12-31'),
      statusOn(h, '2007-01-01'),
      statusOn(h, '2026-01-01'),
    ]).toEqual([S.NotImplemented, S.NotImplemented, S.MostlyImplemented, S.MostlyImplemented]);
  });

  it('leaves a later override or judgement as it is, and re-derives after it only where it no longer stands', () => {
    let h: FactJudgement[] = [];
    h = record(versions, h, { assessedOn: '2005-01-01', fact: c61('in-force') }).history;
    h = record(versions, h, { assessedOn: '2005-01-01', fact: c71('in-force') }).history;
    h = record(versions, h, {
      assessedOn: '2007-01-01',
      fact: null,
      status: S.MostlyImplemented,
      overrideReason: 'Accession announced',
    }).history;
    // A judgement on the scale (a form without a fact).
    h = [
      ...h,
      {
        id: 99,
        assessedOn: '2008-01-01',
        status: S.PartiallyImplemented,
        fact: null,
        derivedStatus: null,
        overrideReason: null,
      },
    ];
    h = record(versions, h, { assessedOn: '2009-01-01', fact: c61('in-force') }).history;
    const step = record(versions, h, { assessedOn: '2004-01-01', fact: c88('in-force') });
    expect(step.planned.map((p) => [p.assessedOn, p.status])).toEqual([
      ['2004-01-01', S.NotImplemented],
      ['2005-01-01', S.Implemented],
      ['2009-01-01', S.Implemented],
    ]);
    expect([2007, 2008].map((y) => statusOn(step.history, `${y}-06-01`))).toEqual([
      S.MostlyImplemented,
      S.PartiallyImplemented,
    ]);
  });

  it('keeps every derived status right, whatever order facts are recorded in', () => {
    const random = seededRandom(11);
    const steps = ['signed', 'ratified-or-acceded', 'in-force'];
    const makers = [c61, c71, c88];
    for (let round = 0; round < 40; round++) {
      let h: FactJudgement[] = [];
      const dates = new Set<string>();
      for (let i = 0; i < 8; i++) {
        const date = `${2000 + Math.floor(random() * 12)}-0${1 + Math.floor(random() * 9)}-15`;
        dates.add(date);
        const fact = makers[Math.floor(random() * 3)](steps[Math.floor(random() * 3)]);
        h = record(versions, h, { assessedOn: date, fact }).history;
      }
      for (const date of [...dates, '1999-01-01', '2030-01-01']) {
        const want =
          factsAsOf(h, date).length === 0
            ? S.NoInformation
            : deriveStatus(conventions, factsAsOf(h, date));
        expect({ round, date, status: statusOn(h, date) }).toEqual({ round, date, status: want });
      }
    }
  });
});

describe('rule versions', () => {
  const lower = v(1, '2026-01-01', dlos);
  const raised: FactMeasure = {
    kind: 'count',
    rule: {
      unit: 'officers',
      target: 8,
      thresholds: [
        { min: 0, status: S.NotImplemented },
        { min: 3, status: S.PartiallyImplemented },
        { min: 8, status: S.Implemented },
      ],
    },
  };
  const versions = [lower, v(2, '2026-03-01', raised)];

  it('applies the first version to dates before it was set, each later one from its day', () => {
    expect(versionAt(versions, '2001-01-01')?.version).toBe(1);
    expect(versionAt(versions, '2026-02-28')?.version).toBe(1);
    expect(versionAt(versions, '2026-03-01')?.version).toBe(2);
    expect(
      versionAt([v(1, '2020-01-01', { kind: 'graded' }), v(2, '2026-01-01', dlos)], '2010-01-01')
        ?.version,
    ).toBe(2);
    expect(
      versionAt([v(1, '2020-01-01', dlos), v(2, '2026-01-01', { kind: 'graded' })], '2021-01-01'),
    ).toBeNull();
  });

  it('derives a back-dated fact by the rule then in force, and re-derives from each later rule', () => {
    const { planned } = record(versions, [], {
      assessedOn: '2012-05-01',
      fact: { kind: 'count', count: 3, places: [] },
    });
    expect(planned.map((p) => [p.assessedOn, p.status, p.measureVersion])).toEqual([
      ['2012-05-01', S.MostlyImplemented, 1],
      ['2026-03-01', S.PartiallyImplemented, 2],
    ]);
    expect(derivedAt(versions, [], '2012-05-01')).toEqual({ status: S.NoInformation, version: 1 });
  });
});

describe('planRuleChange', () => {
  const j = (
    id: number,
    assessedOn: string,
    status: S,
    more: Partial<FactJudgement> = {},
  ): FactJudgement => ({
    id,
    assessedOn,
    status,
    fact: null,
    derivedStatus: null,
    overrideReason: null,
    ...more,
  });
  const n = (count: number): Fact => ({ kind: 'count', count, places: [] });
  const histories = new Map<number, FactJudgement[]>([
    // Two officers: partially; under the new thresholds (2 and up: mostly) it moves.
    [
      1,
      [
        j(1, '2010-01-01', S.PartiallyImplemented, {
          fact: n(2),
          derivedStatus: S.PartiallyImplemented,
        }),
      ],
    ],
    // Overridden by an analyst: kept.
    [
      2,
      [
        j(2, '2010-01-01', S.PartiallyImplemented, {
          fact: n(1),
          derivedStatus: S.PartiallyImplemented,
        }),
        j(3, '2011-01-01', S.Implemented, {
          derivedStatus: S.PartiallyImplemented,
          overrideReason: 'x',
        }),
      ],
    ],
    // A judgement on the scale with no fact: not the rule's.
    [3, [j(4, '2010-01-01', S.MostlyImplemented)]],
    // Five officers: implemented either way.
    [4, [j(5, '2010-01-01', S.Implemented, { fact: n(5), derivedStatus: S.Implemented })]],
    // Never assessed.
    [5, []],
    // Re-derived before: the rule's too.
    [
      6,
      [
        j(6, '2010-01-01', S.NotImplemented, { fact: n(0), derivedStatus: S.NotImplemented }),
        j(7, '2012-01-01', S.PartiallyImplemented, { derivedStatus: S.PartiallyImplemented }),
      ],
    ],
  ]);
  const proposed: FactMeasure = {
    kind: 'count',
    rule: {
      unit: 'officers',
      target: 5,
      thresholds: [
        { min: 0, status: S.PartiallyImplemented },
        { min: 2, status: S.MostlyImplemented },
        { min: 5, status: S.Implemented },
      ],
    },
  };

  it("moves the derived statuses the new rule changes, and keeps the analysts' ones", () => {
    expect(planRuleChange(proposed, histories, '2026-06-01')).toEqual({
      moves: [{ pairId: 1, from: S.PartiallyImplemented, to: S.MostlyImplemented, facts: [n(2)] }],
      kept: [{ pairId: 2, status: S.Implemented, basis: 'override' }],
      unchanged: 2,
    });
  });

  it('moves nothing when the recommendation becomes graded', () => {
    expect(planRuleChange({ kind: 'graded' }, histories, '2026-06-01')).toEqual({
      moves: [],
      kept: [],
      unchanged: 0,
    });
  });
});

describe('factsInForce', () => {
  it('gives the latest step of each instrument, or the latest count', () => {
    const j = (id: number, assessedOn: string, fact: Fact): FactJudgement => ({
      id,
      assessedOn,
      fact,
      status: S.NotImplemented,
      derivedStatus: S.NotImplemented,
      overrideReason: null,
    });
    const history = [
      j(1, '2001-01-01', c61('signed')),
      j(2, '2002-01-01', c71('signed')),
      j(3, '2003-01-01', c61('in-force')),
      j(4, '2009-01-01', c88('signed')),
    ];
    expect(factsInForce(history, '2005-01-01').map((a) => a.id)).toEqual([2, 3]);
    expect(factsInForce(history, '2000-01-01')).toEqual([]);
    const counts = [
      j(1, '2001-01-01', { kind: 'count', count: 1, places: [] }),
      j(2, '2002-01-01', { kind: 'count', count: 4, places: [] }),
    ];
    expect(factsInForce(counts, '2030-01-01').map((a) => a.id)).toEqual([2]);
  });
});

describe('planRecords', () => {
  const versions = [v(1, '2026-01-01', conventions)];

  it('plans several facts for one pair as recording them one after the other would', () => {
    const inputs: RecordInput[] = [
      { assessedOn: '2001-01-01', fact: c61('in-force') },
      { assessedOn: '2002-01-01', fact: c71('in-force') },
      { assessedOn: '2000-01-01', fact: c88('in-force') },
    ];
    let one: FactJudgement[] = [];
    const planned: PlannedJudgement[] = [];
    for (const input of inputs) {
      const step = record(versions, one, input);
      one = step.history;
      planned.push(...step.planned);
    }
    expect(planRecords(versions, [], inputs)).toEqual({ ok: true, entries: planned });
    expect(planned.map((p) => [p.assessedOn, p.status])).toEqual([
      ['2001-01-01', S.NotImplemented],
      ['2002-01-01', S.NotImplemented],
      ['2000-01-01', S.NotImplemented],
      ['2002-01-01', S.Implemented],
    ]);
  });

  it('says which input was refused', () => {
    const plan = planRecords(
      versions,
      [],
      [
        { assessedOn: '2001-01-01', fact: c61('signed') },
        { assessedOn: '2002-01-01', fact: c61('in-force'), status: S.Implemented },
      ],
    );
    expect(plan).toMatchObject({ ok: false, index: 1, problems: [{ field: 'overrideReason' }] });
  });
});

describe('one instrument', () => {
  it('derives from the latest step', () => {
    const versions = [v(1, '2026-01-01', caricc)];
    let h: FactJudgement[] = [];
    h = record(versions, h, {
      assessedOn: '2008-01-01',
      fact: { kind: 'milestones', instrument: 'caricc-agreement', milestone: 'signed' },
    }).history;
    h = record(versions, h, {
      assessedOn: '2011-01-01',
      fact: { kind: 'milestones', instrument: 'caricc-agreement', milestone: 'in-force' },
    }).history;
    const back = record(versions, h, {
      assessedOn: '2009-06-01',
      fact: { kind: 'milestones', instrument: 'caricc-agreement', milestone: 'ratified' },
    });
    // The 2011 step stays in force from 2011: nothing after it to re-derive.
    expect(back.planned).toHaveLength(1);
    expect(
      ['2008-06-01', '2010-01-01', '2012-01-01'].map((d) => statusOn(back.history, d)),
    ).toEqual([S.PartiallyImplemented, S.MostlyImplemented, S.Implemented]);
  });
});
