import { page } from '../common/paging.js';
import type { Principal } from '../auth/principal.js';
import { ImplementationStatus } from '../assessments/implementation-status.enum.js';
import { emptyCounts, progressFromCounts } from '../assessments/progress.js';
import type { FactMeasure } from '../measures/measure.types.js';
import { referenceMeasures } from '../measures/reference-measures.js';
import { Role } from '../users/role.enum.js';
import { statePageViewModel } from './state-page.view-model.js';
import type { StateStatusesView } from './states.service.js';

const row = (ref: string) => ({
  recommendation: ref,
  recommendationTitle: `Title of ${ref}`,
  subject: { kind: 'state' as const, code: 'KAZ', name: 'Kazakhstan' },
  status: ImplementationStatus.NoInformation,
  statusLabel: 'No information',
  assessedOn: null,
  version: 0,
  inScope: true,
  assessmentId: null,
  note: null,
  internalNote: null,
  evidenceUrl: null,
  evidenceCitation: null,
  author: null,
  recordedAt: null,
});

const VIEW: StateStatusesView = {
  subject: { kind: 'state', code: 'KAZ', name: 'Kazakhstan' },
  asOf: null,
  progress: progressFromCounts(emptyCounts()),
  statuses: page([row('JEW-II.8'), row('JEW-II.9')], { page: 1, pageSize: 20 }, 2),
};

const analyst = (states: string[] | null): Principal => ({
  kind: 'user',
  name: 'a',
  displayName: 'A',
  role: Role.Analyst,
  userId: 1,
  apiTokenId: null,
  states: states && states.map((iso3, id) => ({ id, iso3 })),
  mustChangePassword: false,
  sourceIp: null,
});

describe("a State's page view-model", () => {
  const confirmation = (ref: string) => ({
    page: 'state' as const,
    ref,
    iso3: 'KAZ',
    text: `Recorded ${ref}`,
  });

  it('confirms a record in its row, or at the top when the row is on another page', () => {
    const inRow = statePageViewModel({
      view: VIEW,
      asOf: undefined,
      principal: analyst(null),
      confirmation: confirmation('JEW-II.9'),
      lastAsOf: '2010-01-01',
    });
    expect(inRow.rows.map((r) => r.confirmation)).toEqual([null, 'Recorded JEW-II.9']);
    expect('flash' in inRow).toBe(false);
    const elsewhere = statePageViewModel({
      view: VIEW,
      asOf: undefined,
      principal: analyst(null),
      confirmation: confirmation('JEW-I.1'),
      lastAsOf: '2010-01-01',
    });
    expect(elsewhere.flash).toEqual({ kind: 'success', text: 'Recorded JEW-I.1' });
  });

  it('offers the inline forms to analysts who may write for the State, not as of a date', () => {
    const canWrite = (principal: Principal, asOf?: string) =>
      statePageViewModel({ view: VIEW, asOf, principal, confirmation: null, lastAsOf: '' }).rows[0]
        .canWrite;
    expect(canWrite(analyst(['KAZ']))).toBe(true);
    expect(canWrite(analyst(['KGZ']))).toBe(false);
    expect(canWrite(analyst(null), '2009-12-31')).toBe(false);
  });

  it('marks the rows of recommendations measured by facts: they offer the fact, not a status', () => {
    const measures = referenceMeasures();
    const rows = statePageViewModel({
      view: VIEW,
      asOf: undefined,
      principal: analyst(null),
      confirmation: null,
      lastAsOf: '',
      measures: new Map([['JEW-II.9', measures.get('JEW-II.9') as FactMeasure]]),
    }).rows;
    expect(rows.map((r) => [r.recommendation, r.measured])).toEqual([
      ['JEW-II.8', false],
      ['JEW-II.9', true],
    ]);
  });
});
