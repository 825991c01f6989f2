import { Role } from '../../src/users/role.enum.js';
import { createTestApp, type Agent, type TestApp } from './create-test-app.js';
import { byHandFor, recordAssessment, type AssessmentBody } from './factories.js';

/**
 * What the State report tests share: the reference recommendations they write to, a second
 * event with one recommendation on the same theme, and how they read a report.
 */
export const CARICC = 'JEW-II.9';
export const DLO = 'JEW-II.4';
export const NATIONAL = 'JEW-II.6';
export const EXCHANGE = 'JEW-IV.7';
export const SEE = 'SEE-2009.1';
export const SEE_EVENT = '2009-sarajevo-south-east-europe';
export const JEW = 'joint-expert-workshop-illicit-drugs';
export const THEME = 'information-sharing';

export interface Figures {
  implementationRate: number | null;
  progressIndex: number | null;
  coverage: number | null;
}

/** A figure as the report prints it. */
export const pct = (x: number | null): string => (x === null ? '–' : `${Math.round(x * 100)}%`);

/** A page's text, as a reader sees it: tags and pictures out, entities read, spaces single. */
export const text = (html: string): string =>
  html
    .replace(/<svg[\s\S]*?<\/svg>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');

export interface StateReportFixture {
  t: TestApp;
  admin: Agent;
  /** Records a status (with a reason on a recommendation measured by facts), expecting 201. */
  write(
    ref: string,
    iso3: string,
    status: string,
    assessedOn: string,
    extra?: Partial<AssessmentBody>,
  ): Promise<void>;
  /** A viewer signed in through the web pages, as the reports are read. */
  viewer(): Promise<Agent>;
}

/**
 * A test app with an admin's API client and the second event's recommendation (SEE, theme
 * THEME, tracked for ALB, KAZ and KGZ); each file records its own history with `write`.
 */
export async function stateReportFixture(
  env: Record<string, string> = {},
): Promise<StateReportFixture> {
  const t = await createTestApp(env);
  const admin = await t.api(Role.Admin);
  await admin
    .post('/api/v1/recommendations')
    .send({
      ref: SEE,
      event: SEE_EVENT,
      title: 'Share seizure data with neighbours',
      text: 'Exchange seizure data with the neighbouring States every month.',
      addressee: 'participating-states',
      themes: [THEME],
      scope: ['ALB', 'KAZ', 'KGZ'],
    })
    .expect(201);
  return {
    t,
    admin,
    write: async (ref, iso3, status, assessedOn, extra = {}) => {
      const res = await recordAssessment(admin, ref, iso3, {
        status,
        assessedOn,
        ...byHandFor(ref),
        ...extra,
      });
      expect(res.status).toBe(201);
    },
    viewer: async () => t.signIn(await t.user('printer', Role.Viewer)),
  };
}
