import type { Principal } from '../auth/principal.js';
import { matrixReturnTo, type FormErrors, type RowConfirmation } from '../common/views/forms.js';
import type { FormRedirect } from '../common/views/form-flow.js';
import { dateText } from '../common/views/hbs-helpers.js';
import type { Subject } from '../subjects/subject.js';
import { hasRole, Role } from '../users/role.enum.js';
import {
  label,
  type AssessmentView,
  type PairStatusView,
  type SubjectView,
} from './assessment.view.js';
import type { PairHistory, RecordedAssessment } from './assessments.service.js';
import { mayWriteFor } from './assessments.service.js';
import { statusOptions } from './status-view.js';
import { describeFact } from '../measures/facts.js';
import { ruleSentence } from '../measures/rule-text.js';
import {
  factForm,
  timeline,
  type FactFormView,
  type TimelineEntry,
} from '../measures/measure-view.js';
import type { FactMeasure } from '../measures/measure.types.js';

/** A form as posted: field → value. */
export type PairForm = Record<string, unknown>;

/** How the pair page is shown: fresh, or again after a refused record. */
export interface PairPageState {
  errors?: FormErrors;
  /** The user's input, shown again; a fresh form starts from the pair as it stands. */
  values?: PairForm;
  /** Someone else assessed the pair first: what they saved, shown beside the user's input. */
  conflict?: PairStatusView | null;
  /** Today: the latest date the form accepts. */
  today: string;
  /** The as-of date a fresh form starts with (the user's last one); today when not given. */
  lastAsOf?: string;
  /** The record just made from this page, confirmed beside the current status. */
  confirmation?: RowConfirmation | null;
  /** The matrix this page was opened from, which a record goes back to. */
  returnTo?: string | null;
}

export interface PairPageView {
  title: string;
  ref: string;
  recommendationTitle: string;
  subject: SubjectView;
  current: PairStatusView;
  history: AssessmentView[];
  canWrite: boolean;
  /** Why the form is not offered, when it is not. */
  whyReadOnly: string | null;
  /** The version the form is submitted against: after a stale edit, the one now saved. */
  baseVersion: number;
  conflict: PairStatusView | null;
  confirmation: RowConfirmation | null;
  assessmentCount: number;
  values: PairForm;
  statuses: ReturnType<typeof statusOptions>;
  maxDate: string;
  errors: FormErrors | undefined;
  returnTo: string | null;
  /** The recommendation's measure, when it is measured by facts (not graded). */
  measure: PairMeasurePage | null;
}

/** What the pair page shows of a measure: its rule, the facts in force, the timeline, the form. */
export interface PairMeasurePage {
  rule: string;
  factsInForce: { assessedOn: string; text: string }[];
  derivedLabel: string | null;
  /** The current status is an analyst's override of the derived one: why. */
  overrideReason: string | null;
  timeline: TimelineEntry[];
  form: FactFormView;
}

/** The pair's measure as the page shows it; null for a graded recommendation. */
function measurePage(pair: PairHistory, values: PairForm): PairMeasurePage | null {
  const { kind, rule } = pair.measure;
  if (kind === 'graded' || rule === null) return null;
  // The pair's measure carries its kind and rule apart; together they are the measure.
  const measure = { kind, rule } as FactMeasure;
  return {
    rule: ruleSentence(pair.current.recommendation, measure),
    factsInForce: pair.measure.factsInForce.map((f) => ({
      assessedOn: f.assessedOn,
      text: describeFact(measure, f.fact),
    })),
    derivedLabel: pair.measure.derivedStatus ? label(pair.measure.derivedStatus) : null,
    overrideReason:
      pair.current.basis === 'override' ? (pair.current.overrideReason ?? null) : null,
    timeline: timeline(measure, pair.assessments),
    form: factForm(measure, values),
  };
}

/**
 * The page of one pair (a recommendation for one State): its current status, its history, and
 * the form to record a new assessment, offered when the principal may write for it.
 */
export function pairPageViewModel(
  pair: PairHistory,
  subject: Subject,
  principal: Principal,
  state: PairPageState,
): PairPageView {
  // A fresh form starts from the pair as it stands: its current status (a measured one from its
  // facts: no status chosen), the user's last date.
  const values = state.values ?? {
    status: pair.measure.kind === 'graded' ? pair.current.status : '',
    assessedOn: state.lastAsOf ?? state.today,
  };
  const canWrite =
    hasRole(principal.role, Role.Analyst) &&
    mayWriteFor(principal, subject) &&
    pair.current.inScope;
  return {
    title: `${pair.current.recommendation} · ${subject.name}`,
    ref: pair.current.recommendation,
    recommendationTitle: pair.recommendationTitle,
    subject: pair.current.subject,
    current: pair.current,
    history: pair.assessments,
    canWrite,
    whyReadOnly: canWrite
      ? null
      : !pair.current.inScope
        ? `${subject.name} is not in the scope of this recommendation.`
        : !hasRole(principal.role, Role.Analyst)
          ? 'Your role (viewer) can read but not record assessments.'
          : `You may record assessments only for ${(principal.states ?? []).map((s) => s.iso3).join(', ')}.`,
    // A stale edit is re-submitted on top of the version now saved.
    baseVersion: state.conflict ? state.conflict.version : pair.current.version,
    conflict: state.conflict ?? null,
    confirmation: state.confirmation ?? null,
    assessmentCount: pair.assessments.length,
    values,
    statuses: statusOptions(values.status),
    maxDate: state.today,
    errors: state.errors,
    returnTo: state.returnTo ?? null,
    measure: measurePage(pair, values),
  };
}

/**
 * The page a form was posted from: a row of the recommendation or State page, a cell of the
 * matrix (the pair page opened from it, or its dialog), else the pair page.
 */
export function originOf(returnTo: unknown): RowConfirmation['page'] {
  if (returnTo === 'recommendation' || returnTo === 'state') return returnTo;
  return matrixReturnTo(returnTo) ? 'matrix' : 'pair';
}

/**
 * Where a successful post goes back to: the page the form was on, at the confirmation shown in
 * the row recorded from (or under the pair's current status), which the fragment focuses.
 */
export function returnUrl(
  origin: RowConfirmation['page'],
  ref: string,
  iso3: string,
  page?: unknown,
  returnTo?: unknown,
): string {
  const r = encodeURIComponent(ref);
  const s = encodeURIComponent(iso3);
  // The page of a paged list the form was on (a whole number, nothing else is carried over).
  const onPage = typeof page === 'string' && /^[1-9]\d{0,5}$/.test(page) ? `?page=${page}` : '';
  if (origin === 'recommendation') return `/recommendations/${r}${onPage}#pair-${s}-recorded`;
  if (origin === 'state') return `/states/${s}${onPage}#rec-${r}-recorded`;
  if (origin === 'matrix') return matrixReturnTo(returnTo) ?? '/matrix';
  return `/recommendations/${r}/states/${s}#recorded`;
}

/**
 * After a record made from any form of a pair (its page, a row of the recommendation or State
 * page, a matrix cell): back to that form's page, the record confirmed where it was made.
 */
export function recordedAnswer(
  result: RecordedAssessment,
  form: PairForm,
  at: { ref: string; iso3: string; assessedOn: string },
): FormRedirect {
  const origin = originOf(form.returnTo);
  const a = result.assessment;
  return {
    redirect: returnUrl(origin, at.ref, at.iso3, form.returnPage, form.returnTo),
    assessedOn: at.assessedOn,
    confirmation: {
      page: origin,
      ref: a.recommendation,
      iso3: a.subject.code,
      text: result.becameCurrent
        ? `Recorded: ${a.subject.name} is now "${a.statusLabel}" for ${a.recommendation}, as of ${dateText(a.assessedOn)}.`
        : `Recorded in the history. It is dated before the current assessment, so the current status stays "${result.current.statusLabel}".`,
    },
  };
}
