import { mayWriteFor } from '../assessments/assessments.service.js';
import {
  STATUS_LEGEND,
  statusBadge,
  statusOptions,
  type StatusBadge,
} from '../assessments/status-view.js';
import type { SubjectView } from '../assessments/assessment.view.js';
import type { ProgressFigures } from '../assessments/progress.js';
import type { Principal } from '../auth/principal.js';
import { pagingView, type PagingView } from '../common/paging.js';
import type { Flash } from '../common/views/form-flow.js';
import type { RowConfirmation } from '../common/views/forms.js';
import { hasRole, Role } from '../users/role.enum.js';
import type { StateStatusesView } from './states.service.js';
import { factText } from '../measures/measure-view.js';
import type { FactMeasure } from '../measures/measure.types.js';

type StateStatus = StateStatusesView['statuses']['items'][number];

/** A recommendation in scope for the State, with its inline form when the user may write. */
export type StateRecommendationRow = StateStatus &
  StatusBadge & {
    canWrite: boolean;
    /** The record just made from this row, confirmed in it. */
    confirmation: string | null;
    /** For a measured recommendation, the fact the status stands on, in words. */
    factText: string | null;
    /**
     * Measured by facts: the row offers "Record the fact" (the pair page's form) instead of a
     * status, which such a recommendation takes only with a fact or a reason.
     */
    measured: boolean;
  };

export interface StatePageView {
  title: string;
  subject: SubjectView;
  asOf: string | null;
  progress: ProgressFigures;
  statusLegend: typeof STATUS_LEGEND;
  statusChoices: ReturnType<typeof statusOptions>;
  /** The as-of date the inline forms start with. */
  lastAsOf: string;
  rows: StateRecommendationRow[];
  /** The confirmation of a record whose row is on another page of the list; else no key at all. */
  flash?: Flash;
  paging: PagingView;
}

/**
 * A State's page: every recommendation in scope for it, a page at a time, with its figures; an
 * analyst who may write for the State records from each row (not as of a past date).
 */
export function statePageViewModel(input: {
  view: StateStatusesView;
  asOf: string | undefined;
  principal: Principal;
  confirmation: RowConfirmation | null;
  lastAsOf: string;
  /** The measures of the recommendations measured by facts, by ref. */
  measures?: ReadonlyMap<string, FactMeasure>;
}): StatePageView {
  const { view, asOf, principal, confirmation } = input;
  const canWrite =
    hasRole(principal.role, Role.Analyst) && !asOf && mayWriteFor(principal, view.subject);
  return {
    title: view.subject.name,
    subject: view.subject,
    asOf: asOf ?? null,
    progress: view.progress,
    statusLegend: STATUS_LEGEND,
    statusChoices: statusOptions(undefined),
    lastAsOf: input.lastAsOf,
    rows: view.statuses.items.map((s) => ({
      ...s,
      ...statusBadge(s.status),
      canWrite,
      confirmation: confirmation?.ref === s.recommendation ? confirmation.text : null,
      factText: factText(input.measures?.get(s.recommendation), s.fact),
      measured: input.measures?.has(s.recommendation) ?? false,
    })),
    // Shown at the top only when its row is not on this page of the list.
    // (No key at all otherwise: the layout's own flash message, if any, stays.)
    ...(confirmation && !view.statuses.items.some((s) => s.recommendation === confirmation.ref)
      ? { flash: { kind: 'success' as const, text: confirmation.text } }
      : {}),
    paging: pagingView(view.statuses, view.statuses.items.length, `/states/${view.subject.code}`, {
      asOf,
    }),
  };
}
