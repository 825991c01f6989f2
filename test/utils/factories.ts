import type request from 'supertest';
import type { Agent } from './create-test-app.js';

export interface AssessmentBody {
  status: string;
  assessedOn: string;
  note?: string;
  internalNote?: string;
  evidenceUrl?: string;
  evidenceCitation?: string;
  /** A recommendation measured by facts: the fact, from which its status follows. */
  fact?: Record<string, unknown>;
  /** The reason for a status set by hand on a recommendation measured by facts. */
  overrideReason?: string;
  baseVersion: number;
}

/**
 * What a status recorded without a fact on a recommendation measured by facts (JEW-II.1, .4, .8
 * and .9 in the reference data) needs: a reason, which makes it an override of the facts.
 */
export const BY_HAND = { overrideReason: 'Judged by hand in this test' } as const;

/** The recommendations of the reference data measured by facts. */
export const MEASURED_REFS: ReadonlySet<string> = new Set([
  'JEW-II.1',
  'JEW-II.4',
  'JEW-II.8',
  'JEW-II.9',
]);

/** `BY_HAND` for a recommendation measured by facts, nothing for a graded one. */
export function byHandFor(ref: string): { overrideReason?: string } {
  return MEASURED_REFS.has(ref) ? BY_HAND : {};
}

/** A valid assessment body; override any field. */
export function buildAssessment(overrides: Partial<AssessmentBody> = {}): AssessmentBody {
  return {
    status: 'partially_implemented',
    assessedOn: '2009-06-30',
    note: 'Signature announced at the Permanent Council',
    evidenceCitation: 'PC.JOUR/765',
    baseVersion: 1,
    ...overrides,
  };
}

export function assessmentsUrl(ref: string, iso3: string): string {
  return `/api/v1/recommendations/${ref}/states/${iso3}/assessments`;
}

/** The pair's current version, as a client would read it before writing. */
export async function currentVersion(api: Agent, ref: string, iso3: string): Promise<number> {
  const res = await api.get(assessmentsUrl(ref, iso3)).expect(200);
  return (res.body as { current: { version: number } }).current.version;
}

/** Reads the current version, then records an assessment based on it. */
export async function recordAssessment(
  api: Agent,
  ref: string,
  iso3: string,
  overrides: Partial<AssessmentBody> = {},
): Promise<request.Response> {
  const baseVersion = await currentVersion(api, ref, iso3);
  return api.post(assessmentsUrl(ref, iso3)).send(buildAssessment({ baseVersion, ...overrides }));
}
