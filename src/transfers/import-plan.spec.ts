import { ImplementationStatus } from '../assessments/implementation-status.enum.js';
import type { FactMeasure } from '../measures/measure.types.js';
import { referenceMeasures } from '../measures/reference-measures.js';
import type { FactJudgement } from '../measures/timeline.js';
import type { Subject } from '../subjects/subject.js';
import type { FileLine } from './assessment-file.js';
import {
  assessmentKeysOf,
  checkLines,
  planImport,
  publicChange,
  recommendationIdsOf,
  refusalsOf,
  staleProblems,
  type ImportPlan,
  type ImportWriter,
  type PairFacts,
  type RecommendationRef,
  type StoredAssessment,
  type RecommendationMeasure,
} from './import-plan.js';

const TODAY = '2024-05-01';

const refs = new Map<string, RecommendationRef>([
  ['JEW-II.9', { id: 9, ref: 'JEW-II.9' }],
  ['JEW-II.1', { id: 1, ref: 'JEW-II.1' }],
]);

const KAZ: Subject = { kind: 'state', id: 10, code: 'KAZ', name: 'Kazakhstan' };
const TJK: Subject = { kind: 'state', id: 11, code: 'TJK', name: 'Tajikistan' };
const OSCE: Subject = { kind: 'organisation', id: 1, code: 'OSCE', name: 'OSCE' };
const subjects = new Map<string, Subject>([
  ['KAZ', KAZ],
  ['TJK', TJK],
  ['OSCE', OSCE],
]);

function pair(overrides: Partial<PairFacts> & Pick<PairFacts, 'id'>): PairFacts {
  return {
    recommendationId: 9,
    subject: { kind: 'state', id: KAZ.id },
    inScope: true,
    version: 0,
    status: ImplementationStatus.NoInformation,
    assessedOn: null,
    ...overrides,
  };
}

/** JEW-II.9 is tracked for KAZ (pair 100, assessed once), TJK (out of scope) and the OSCE. */
const PAIRS: PairFacts[] = [
  pair({
    id: 100,
    version: 1,
    status: ImplementationStatus.PartiallyImplemented,
    assessedOn: '2010-01-01',
  }),
  pair({ id: 101, subject: { kind: 'state', id: TJK.id }, inScope: false }),
  pair({ id: 102, subject: { kind: 'organisation', id: OSCE.id } }),
];

const RECORDED: StoredAssessment[] = [
  {
    pairId: 100,
    assessedOn: '2010-01-01',
    status: ImplementationStatus.PartiallyImplemented,
    note: 'Signed\r\nby decree',
    evidenceUrl: null,
    evidenceCitation: null,
    fact: null,
    derivedStatus: null,
    overrideReason: null,
  },
];

const anyone: ImportWriter = { mayWrite: () => true, writableStates: [] };

let nextLine = 2;
function line(values: FileLine['values']): FileLine {
  return { line: nextLine++, values, problems: [] };
}

function kaz(status: string, assessedOn: string, extra: FileLine['values'] = {}): FileLine {
  return line({ ref: 'JEW-II.9', iso3: 'kaz', status, assessedOn, ...extra });
}

/**
 * The three steps as the service runs them, with the facts in memory: each step is given only
 * what the one before asked for.
 */
function plan(
  lines: FileLine[],
  facts: {
    pairs?: PairFacts[];
    recorded?: StoredAssessment[];
    writer?: ImportWriter;
    measured?: Map<number, RecommendationMeasure>;
  } = {},
): ImportPlan {
  const allPairs = facts.pairs ?? PAIRS;
  const allRecorded = facts.recorded ?? RECORDED;
  const checked = checkLines(lines, refs, subjects, TODAY);
  const wanted = new Set(recommendationIdsOf(checked));
  const pairs = allPairs.filter((p) => wanted.has(p.recommendationId));
  const keys = new Set(assessmentKeysOf(checked, pairs).map(([id, on]) => `${id}|${on}`));
  const recorded = allRecorded.filter((a) => keys.has(`${a.pairId}|${a.assessedOn}`));
  return planImport(checked, pairs, recorded, facts.writer ?? anyone, facts.measured);
}

beforeEach(() => {
  nextLine = 2;
});

describe('planning an import', () => {
  it('plans a new assessment, with the current status it replaces and the version seen', () => {
    const p = plan([kaz('Implemented', '2011-03-01', { note: 'Done' })]);
    expect(p.problems).toEqual([]);
    expect(p.counts).toEqual({ lines: 1, changes: 1, unchanged: 0, bad: 0, problems: 0 });
    expect(p.changes.map(publicChange)).toEqual([
      {
        line: 2,
        ref: 'JEW-II.9',
        iso3: 'KAZ',
        subjectName: 'Kazakhstan',
        currentStatus: 'partially_implemented',
        currentStatusLabel: 'Partially implemented',
        currentAssessedOn: '2010-01-01',
        status: 'implemented',
        statusLabel: 'Implemented',
        assessedOn: '2011-03-01',
        becomesCurrent: true,
        fact: null,
        derivedStatus: null,
        derivedStatusLabel: null,
        overrideReason: null,
        rederived: [],
      },
    ]);
    expect(p.changes[0]).toMatchObject({ pairId: 100, values: { note: 'Done' } });
    expect(p.pairVersions).toEqual({ '100': 1 });
  });

  it('keeps history only when the new date is before the current one; the latest line wins', () => {
    const p = plan([
      kaz('implemented', '2009-01-01'),
      line({ ref: 'JEW-II.9', iso3: 'OSCE', status: 'implemented', assessedOn: '2009-01-01' }),
      line({ ref: 'JEW-II.9', iso3: 'OSCE', status: 'implemented', assessedOn: '2009-06-01' }),
    ]);
    expect(p.changes.map((c) => [c.line, c.becomesCurrent])).toEqual([
      [2, false],
      [3, false],
      [4, true],
    ]);
    expect(p.pairVersions).toEqual({ '100': 1, '102': 0 });
  });

  it('counts a line equal to an assessment on the same date as unchanged, line ends ignored', () => {
    const p = plan([
      kaz('Partially implemented', '2010-01-01', { note: 'Signed\nby decree' }),
      // The same date with another note is a change.
      kaz('partially_implemented', '2010-01-01', { note: 'Signed' }),
    ]);
    expect(p.counts).toMatchObject({ lines: 2, changes: 1, unchanged: 1, bad: 0 });
    expect(p.changes.map((c) => c.line)).toEqual([3]);
  });

  it('names the field and rule of an unknown ref, an unknown code and an out-of-scope State', () => {
    const p = plan([
      line({ ref: 'NOPE-1', iso3: 'XXX', status: 'implemented', assessedOn: '2009-01-01' }),
      line({ ref: 'JEW-II.9', iso3: 'TJK', status: 'implemented', assessedOn: '2009-01-01' }),
      line({ ref: 'JEW-II.1', iso3: 'KAZ', status: 'implemented', assessedOn: '2009-01-01' }),
    ]);
    expect(p.problems.map((x) => [x.line, x.field, x.rule])).toEqual([
      [2, 'ref', 'exists'],
      [2, 'iso3', 'exists'],
      [3, 'iso3', 'inScope'],
      // JEW-II.1 has no pair for KAZ at all.
      [4, 'iso3', 'inScope'],
    ]);
    expect(p.problems[0].message).toBe('no recommendation with ref "NOPE-1"');
    expect(p.problems[2].message).toBe(
      'Tajikistan (TJK) is not in the scope of recommendation JEW-II.9',
    );
    expect(p.counts).toEqual({ lines: 3, changes: 0, unchanged: 0, bad: 3, problems: 4 });
    expect(p.pairVersions).toEqual({});
  });

  it('lists every problem of a line in the order of the columns, an unknown ref too', () => {
    const p = plan([
      line({ ref: 'NOPE-1', iso3: 'KAZ', status: 'done', assessedOn: '2099-01-01' }),
    ]);
    expect(p.problems.map((x) => [x.field, x.rule])).toEqual([
      ['ref', 'exists'],
      ['status', 'isIn'],
      ['assessedOn', 'notInFuture'],
    ]);
    expect(p.counts).toMatchObject({ bad: 1, problems: 3 });
  });

  it('refuses a State outside the writer’s States, naming the ones they may write for', () => {
    const writer: ImportWriter = {
      mayWrite: (s) => s.code === 'TJK',
      writableStates: ['TJK', 'KGZ'],
    };
    const p = plan([kaz('implemented', '2011-01-01')], { writer });
    expect(p.problems).toEqual([
      {
        line: 2,
        field: 'iso3',
        rule: 'allowedStates',
        message: 'KAZ is not among the States you may write for (TJK, KGZ)',
      },
    ]);
  });

  it('refuses a second line for the same pair and date, naming the first', () => {
    const p = plan([
      kaz('implemented', '2011-01-01'),
      kaz('implemented', '2011-02-01'),
      kaz('mostly_implemented', '2011-01-01'),
    ]);
    expect(p.changes.map((c) => c.line)).toEqual([2, 3]);
    expect(p.problems).toEqual([
      expect.objectContaining({
        line: 4,
        field: 'assessedOn',
        rule: 'duplicate',
        message: expect.stringContaining('duplicate of line 2'),
      }),
    ]);
  });

  it('asks the database only for the pairs and (pair, date) keys of good lines, each once', () => {
    const checked = checkLines(
      [
        kaz('implemented', '2011-01-01'),
        kaz('implemented', '2011-01-01'),
        line({ ref: 'JEW-II.1', iso3: 'KAZ', status: 'bad', assessedOn: '2011-01-01' }),
      ],
      refs,
      subjects,
      TODAY,
    );
    expect(recommendationIdsOf(checked)).toEqual([9]);
    expect(assessmentKeysOf(checked, PAIRS)).toEqual([[100, '2011-01-01']]);
  });

  it('reports the progress of checking', () => {
    const calls: [number, number][] = [];
    const checked = checkLines([kaz('implemented', '2011-01-01')], refs, subjects, TODAY);
    planImport(checked, PAIRS, [], anyone, new Map(), (done, total) => calls.push([done, total]));
    expect(calls).toEqual([
      [0, 1],
      [1, 1],
    ]);
  });
});

describe('checking a kept dry run again', () => {
  const dryRun = plan([kaz('implemented', '2011-01-01'), kaz('implemented', '2011-02-01')]);

  it('finds nothing stale while the pairs keep the versions the dry run saw', () => {
    expect(staleProblems(dryRun, dryRun.pairVersions)).toEqual([]);
    expect(refusalsOf(dryRun, dryRun)).toEqual([]);
  });

  it('names each line of a pair assessed after the dry run, with both versions', () => {
    const now = plan([kaz('implemented', '2011-01-01'), kaz('implemented', '2011-02-01')], {
      pairs: PAIRS.map((p) => (p.id === 100 ? { ...p, version: 2 } : p)),
    });
    const stale = staleProblems(now, dryRun.pairVersions);
    expect(stale.map((x) => [x.line, x.field, x.rule])).toEqual([
      [2, 'iso3', 'stale'],
      [3, 'iso3', 'stale'],
    ]);
    expect(stale[0].message).toContain(
      'JEW-II.9 / KAZ was assessed by someone else after the dry run (version 1, now 2)',
    );
    expect(refusalsOf(now, dryRun)).toEqual(stale);
  });

  it('names a pair the dry run did not change', () => {
    expect(staleProblems(dryRun, {})[0].message).toBe(
      'JEW-II.9 / KAZ was not changed by the dry run; upload the file again to check it',
    );
  });

  it('refuses a plan with a different number of changes than the dry run showed', () => {
    const reasons = refusalsOf(dryRun, { ...dryRun, counts: { changes: 3 } });
    expect(reasons).toEqual([expect.objectContaining({ line: 1, field: 'file', rule: 'changed' })]);
  });

  it('gives a line that became bad as the reason, before any count', () => {
    const now = plan([kaz('implemented', '2011-01-01'), kaz('implemented', '2011-02-01')], {
      writer: { mayWrite: () => false, writableStates: [] },
    });
    expect(refusalsOf(now, dryRun).map((x) => x.rule)).toEqual(['allowedStates', 'allowedStates']);
  });
});

describe('planImport: facts of a measured recommendation', () => {
  // JEW-II.9 measured by the CARICC Agreement's milestones; pair 100 with no assessment yet.
  const caricc = referenceMeasures().get('JEW-II.9') as FactMeasure;
  const measured = (history: FactJudgement[] = []) =>
    new Map<number, RecommendationMeasure>([
      [
        9,
        {
          versions: [{ version: 1, effectiveOn: '2009-01-01', measure: caricc }],
          histories: new Map([[100, history]]),
        },
      ],
    ]);
  const fresh = [pair({ id: 100 })];
  const step = (milestone: string, assessedOn: string, extra: FileLine['values'] = {}) =>
    kaz('', assessedOn, { milestone, ...extra });

  it('derives the status of each fact, in the order of the file', () => {
    const p = plan([step('signed', '2010-03-01'), step('Ratified', '2012-05-01')], {
      pairs: fresh,
      recorded: [],
      measured: measured(),
    });
    expect(p.problems).toEqual([]);
    expect(p.changes.map(publicChange)).toEqual([
      expect.objectContaining({
        line: 2,
        status: ImplementationStatus.PartiallyImplemented,
        fact: 'CARICC Agreement: Signed',
        derivedStatus: ImplementationStatus.PartiallyImplemented,
        becomesCurrent: false,
        rederived: [],
      }),
      expect.objectContaining({
        line: 3,
        status: ImplementationStatus.MostlyImplemented,
        fact: 'CARICC Agreement: Ratified',
        becomesCurrent: true,
      }),
    ]);
  });

  it('names a bad milestone by its column and line', () => {
    const p = plan([step('signed', '2010-03-01'), step('acceded', '2012-05-01')], {
      pairs: fresh,
      recorded: [],
      measured: measured(),
    });
    expect(p.problems).toEqual([
      expect.objectContaining({ line: 3, field: 'milestone', rule: 'isIn' }),
    ]);
    expect(p.counts).toMatchObject({ changes: 1, bad: 1 });
  });

  it('needs a reason for a status other than the derived one', () => {
    const p = plan(
      [
        kaz('implemented', '2010-03-01', { milestone: 'signed' }),
        kaz('implemented', '2011-03-01', {
          milestone: 'signed',
          overrideReason: 'In force by law',
        }),
      ],
      { pairs: fresh, recorded: [], measured: measured() },
    );
    expect(p.problems).toEqual([
      expect.objectContaining({ line: 2, field: 'overrideReason', rule: 'required' }),
    ]);
    expect(p.changes[0]).toMatchObject({
      line: 3,
      status: ImplementationStatus.Implemented,
      derivedStatus: ImplementationStatus.PartiallyImplemented,
      overrideReason: 'In force by law',
    });
  });

  it('re-derives the later statuses a back-dated fact moves', () => {
    const history: FactJudgement[] = [
      {
        id: 1,
        assessedOn: '2012-01-01',
        status: ImplementationStatus.NotImplemented,
        fact: null,
        derivedStatus: ImplementationStatus.NotImplemented,
        overrideReason: null,
      },
    ];
    const p = plan([step('ratified', '2011-01-01')], {
      pairs: [pair({ id: 100, assessedOn: '2012-01-01', version: 1 })],
      recorded: [],
      measured: measured(history),
    });
    expect(p.changes[0]).toMatchObject({
      becomesCurrent: false,
      rederived: [{ assessedOn: '2012-01-01', status: ImplementationStatus.MostlyImplemented }],
    });
    expect(p.changes[0].planned).toHaveLength(2);
  });

  it('refuses a status without a fact or a reason, naming the fact column; with a reason it is an override', () => {
    const p = plan(
      [
        kaz('mostly_implemented', '2010-03-01'),
        kaz('mostly_implemented', '2011-03-01', { overrideReason: 'Ratified by decree' }),
      ],
      { pairs: fresh, recorded: [], measured: measured() },
    );
    expect(p.problems).toEqual([
      {
        line: 2,
        field: 'milestone',
        rule: 'factRequired',
        message:
          'milestone: JEW-II.9 is measured by milestones: record the milestone reached, or give a reason to set the status by hand',
      },
    ]);
    expect(p.changes).toEqual([
      expect.objectContaining({
        line: 3,
        status: ImplementationStatus.MostlyImplemented,
        fact: null,
        overrideReason: 'Ratified by decree',
      }),
    ]);
  });

  it('refuses a fact for a graded recommendation, naming its column', () => {
    const p = plan([step('signed', '2010-03-01')], { pairs: fresh, recorded: [] });
    expect(p.problems).toEqual([
      expect.objectContaining({ line: 2, field: 'milestone', rule: 'graded' }),
    ]);
  });

  it('finds a line equal to a recorded fact unchanged, by key or label', () => {
    const recorded: StoredAssessment[] = [
      {
        pairId: 100,
        assessedOn: '2010-03-01',
        status: ImplementationStatus.PartiallyImplemented,
        note: null,
        evidenceUrl: null,
        evidenceCitation: null,
        fact: { kind: 'milestones', instrument: 'caricc-agreement', milestone: 'signed' },
        derivedStatus: ImplementationStatus.PartiallyImplemented,
        overrideReason: null,
      },
    ];
    const p = plan(
      [
        step('Signed', '2010-03-01'),
        kaz('partially_implemented', '2010-03-01', {
          instrument: 'caricc-agreement',
          milestone: 'signed',
        }),
      ],
      { pairs: fresh, recorded, measured: measured() },
    );
    expect(p.counts).toMatchObject({ unchanged: 2, changes: 0, bad: 0 });
  });
});
