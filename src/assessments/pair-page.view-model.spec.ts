import type { Principal } from '../auth/principal.js';
import { Role } from '../users/role.enum.js';
import type { PairStatusView } from './assessment.view.js';
import type { PairHistory, RecordedAssessment } from './assessments.service.js';
import { ImplementationStatus } from './implementation-status.enum.js';
import { pairPageViewModel, recordedAnswer, returnUrl } from './pair-page.view-model.js';

const kaz = { kind: 'state' as const, id: 1, code: 'KAZ', name: 'Kazakhstan' };

function current(over: Partial<PairStatusView> = {}): PairStatusView {
  return {
    recommendation: 'JEW-II.9',
    subject: { kind: 'state', code: 'KAZ', name: 'Kazakhstan' },
    status: ImplementationStatus.PartiallyImplemented,
    statusLabel: 'Partially implemented',
    assessedOn: '2009-06-30',
    version: 3,
    inScope: true,
    assessmentId: 7,
    note: null,
    internalNote: null,
    evidenceUrl: null,
    evidenceCitation: null,
    author: 'a.analyst',
    recordedAt: '2009-07-01T10:00:00.000Z',
    ...over,
  };
}

const pair = (over: Partial<PairStatusView> = {}): PairHistory => ({
  recommendationTitle: 'Liaison officers',
  current: current(over),
  assessments: [],
  measure: { kind: 'graded', version: 0, rule: null, factsInForce: [], derivedStatus: null },
});

function principal(role: Role, states: string[] | null = null): Principal {
  return {
    kind: 'user',
    name: 'someone',
    displayName: 'Someone',
    role,
    userId: 1,
    apiTokenId: null,
    states: states && states.map((iso3, id) => ({ id, iso3 })),
    mustChangePassword: false,
    sourceIp: null,
  };
}

describe('the pair page view-model', () => {
  it('offers the form, starting from the status now and the last date entered', () => {
    const view = pairPageViewModel(pair(), kaz, principal(Role.Analyst), {
      today: '2026-01-10',
      lastAsOf: '2010-01-01',
    });
    expect(view).toMatchObject({
      title: 'JEW-II.9 · Kazakhstan',
      canWrite: true,
      whyReadOnly: null,
      baseVersion: 3,
      values: { status: 'partially_implemented', assessedOn: '2010-01-01' },
      maxDate: '2026-01-10',
      conflict: null,
      returnTo: null,
    });
    expect(view.statuses.find((s) => s.selected)?.value).toBe('partially_implemented');
  });

  it('says why the form is not offered', () => {
    const state = { today: '2026-01-10' };
    expect(pairPageViewModel(pair(), kaz, principal(Role.Viewer), state).whyReadOnly).toBe(
      'Your role (viewer) can read but not record assessments.',
    );
    expect(
      pairPageViewModel(pair(), kaz, principal(Role.Analyst, ['KGZ', 'TJK']), state).whyReadOnly,
    ).toBe('You may record assessments only for KGZ, TJK.');
    expect(
      pairPageViewModel(pair({ inScope: false }), kaz, principal(Role.Admin), state).whyReadOnly,
    ).toBe('Kazakhstan is not in the scope of this recommendation.');
  });

  it("after a stale edit, keeps the user's input and submits it on top of the version saved", () => {
    const theirs = current({ version: 4, status: ImplementationStatus.Implemented });
    const view = pairPageViewModel(pair(), kaz, principal(Role.Analyst), {
      today: '2026-01-10',
      values: { status: 'not_implemented', assessedOn: '2011-01-01' },
      conflict: theirs,
    });
    expect(view.baseVersion).toBe(4);
    expect(view.conflict).toBe(theirs);
    expect(view.values).toEqual({ status: 'not_implemented', assessedOn: '2011-01-01' });
  });
});

describe('after a record', () => {
  const result = (becameCurrent: boolean): RecordedAssessment => ({
    assessment: {
      id: 8,
      recommendation: 'JEW-II.9',
      subject: { kind: 'state', code: 'KAZ', name: 'Kazakhstan' },
      status: ImplementationStatus.Implemented,
      statusLabel: 'Implemented',
      assessedOn: '2012-03-01',
      note: null,
      internalNote: null,
      evidenceUrl: null,
      evidenceCitation: null,
      author: 'someone',
      recordedAt: '2026-01-10T09:00:00.000Z',
      fact: null,
      derivedStatus: null,
      overrideReason: null,
      basis: 'judged',
    },
    becameCurrent,
    current: current(becameCurrent ? { status: ImplementationStatus.Implemented } : {}),
    followUps: [],
  });
  const at = { ref: 'JEW-II.9', iso3: 'KAZ', assessedOn: '2012-03-01' };

  it('goes back to the page the form was on, at the row recorded from', () => {
    expect(returnUrl('pair', 'JEW-II.9', 'KAZ')).toBe(
      '/recommendations/JEW-II.9/states/KAZ#recorded',
    );
    expect(returnUrl('recommendation', 'JEW-II.9', 'KAZ', '2')).toBe(
      '/recommendations/JEW-II.9?page=2#pair-KAZ-recorded',
    );
    expect(returnUrl('state', 'JEW-II.9', 'KAZ', 'x')).toBe('/states/KAZ#rec-JEW-II.9-recorded');
    expect(returnUrl('matrix', 'JEW-II.9', 'KAZ', undefined, '/matrix?event=e#cell-KAZ')).toBe(
      '/matrix?event=e#cell-KAZ',
    );
  });

  it('confirms the record there, and remembers the date entered', () => {
    expect(recordedAnswer(result(true), { returnTo: 'state' }, at)).toEqual({
      redirect: '/states/KAZ#rec-JEW-II.9-recorded',
      assessedOn: '2012-03-01',
      confirmation: {
        page: 'state',
        ref: 'JEW-II.9',
        iso3: 'KAZ',
        text: 'Recorded: Kazakhstan is now "Implemented" for JEW-II.9, as of 1 Mar 2012.',
      },
    });
    expect(recordedAnswer(result(false), {}, at).confirmation?.text).toBe(
      'Recorded in the history. It is dated before the current assessment, so the current status stays "Partially implemented".',
    );
  });
});
