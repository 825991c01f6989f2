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
}

export function label(status: ImplementationStatus): string {
  return statusInfo(status).label;
}
