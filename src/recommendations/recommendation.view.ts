import type { Page } from '../common/paging.js';
import type { StatusBadge } from '../assessments/status-view.js';
import type { SubjectView } from '../assessments/assessment.view.js';
import type { ProgressFigures } from '../assessments/progress.js';
import type { Addressee } from './addressee.enum.js';

export interface RecommendationSummaryView {
  ref: string;
  title: string;
  event: { slug: string; title: string };
  session: { number: string; title: string } | null;
  addressee: Addressee;
  themes: { slug: string; title: string }[];
  organisations: { acronym: string; name: string }[];
  version: number;
  /** The figures of the pairs listed: with a State filter, that State's alone. */
  progress: ProgressFigures;
  /** With a State (or organisation) filter: its own status for this recommendation. */
  subjectStatus?: StatusBadge & { code: string; name: string };
}

export interface RecommendationView extends RecommendationSummaryView {
  text: string;
  /** The States and organisations it is tracked for. */
  scope: SubjectView[];
  asOf: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A page of RecommendationSummaryViews, as the API answers it. */
export type RecommendationPage = Page<RecommendationSummaryView>;
