import type request from 'supertest';
import type { Agent } from './create-test-app.js';

export interface AssessmentBody {
  status: string;
  assessedOn: string;
  note?: string;
  internalNote?: string;
  evidenceUrl?: string;
  evidenceCitation?: string;
  baseVersion: number;
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
