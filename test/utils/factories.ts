import type { App } from 'supertest/types.js';
import request from 'supertest';

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
export async function currentVersion(server: App, ref: string, iso3: string): Promise<number> {
  const res = await request(server).get(assessmentsUrl(ref, iso3)).expect(200);
  return (res.body as { current: { version: number } }).current.version;
}

/** Reads the current version, then records an assessment based on it. */
export async function recordAssessment(
  server: App,
  ref: string,
  iso3: string,
  overrides: Partial<AssessmentBody> = {},
): Promise<request.Response> {
  const baseVersion = await currentVersion(server, ref, iso3);
  return request(server)
    .post(assessmentsUrl(ref, iso3))
    .send(buildAssessment({ baseVersion, ...overrides }));
}
