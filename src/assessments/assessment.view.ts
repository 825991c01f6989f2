import type { Fact } from '../measures/measure.types.js';
import type { Basis } from '../measures/timeline.js';
import type { Subject } from '../subjects/subject.js';
import { ImplementationStatus, statusInfo } from './implementation-status.enum.js';

export interface SubjectView {
  kind: Subject['kind'];
  code: string;
  name: string;
}

/** The status of one tracked pair, as of a date. */
export interface PairStatusView {
  recommendation: string;
  subject: SubjectView;
  status: ImplementationStatus;
  statusLabel: string;
  /** Date of the assessment in force; null when never assessed. */
  assessedOn: string | null;
  /** Current version of the pair, to send back as baseVersion with the next assessment. */
  version: number;
  inScope: boolean;
  assessmentId: number | null;
  note: string | null;
  internalNote: string | null;
  evidenceUrl: string | null;
  evidenceCitation: string | null;
  author: string | null;
  recordedAt: string | null;
  /*
   * What the assessment in force says of the recommendation's measure. Always set by the reads
   * of statuses; optional so that views built by hand (tests, reports) may leave them out.
   */
  /** The fact recorded with the assessment in force, if any (see the recommendation's measure). */
  fact?: Fact | null;
  /** The status the measure derived at its date; null for a judgement on the scale. */
  derivedStatus?: ImplementationStatus | null;
  /** Why an analyst set another status than the derived one. */
  overrideReason?: string | null;
  /** Where the status comes from; null when never assessed. */
  basis?: Basis | null;
}

export interface AssessmentView {
  id: number;
  recommendation: string;
  subject: SubjectView;
  status: ImplementationStatus;
  statusLabel: string;
  assessedOn: string;
  note: string | null;
  internalNote: string | null;
  evidenceUrl: string | null;
  evidenceCitation: string | null;
  author: string;
  recordedAt: string;
  /** The fact recorded with it, if any (see the recommendation's measure). */
  fact: Fact | null;
  /** The status the measure derived at `assessedOn`; null for a judgement on the scale. */
  derivedStatus: ImplementationStatus | null;
  /** Why an analyst set another status than the derived one. */
  overrideReason: string | null;
  /** Where the status comes from: judged, derived, override or rederived. */
  basis: Basis;
}

export function label(status: ImplementationStatus): string {
  return statusInfo(status).label;
}
