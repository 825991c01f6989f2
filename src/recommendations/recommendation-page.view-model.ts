import type { PairStatusView } from '../assessments/assessment.view.js';
import { mayWriteFor } from '../assessments/assessments.service.js';
import { ImplementationStatus } from '../assessments/implementation-status.enum.js';
import type { ProgressFigures } from '../assessments/progress.js';
import type { RecommendationStatusesView } from '../assessments/statuses.service.js';
import {
  STATUS_LEGEND,
  statusBadge,
  statusOptions,
  type StatusBadge,
} from '../assessments/status-view.js';
import type { Principal } from '../auth/principal.js';
import type { Flash } from '../common/views/form-flow.js';
import type { RowConfirmation } from '../common/views/forms.js';
import { Html } from '../common/views/hbs-helpers.js';
import { stackedStatusBar } from '../reports/charts/stacked-bar.js';
import { factText } from '../measures/measure-view.js';
import { ruleSentence } from '../measures/rule-text.js';
import type { FactMeasure } from '../measures/measure.types.js';
import { REGIONS, type Region } from '../states/regions.js';
import { hasRole, Role } from '../users/role.enum.js';
import type { RecommendationPageQueryDto, StateSort } from './dto/recommendation-page-query.dto.js';
import { STATUS_ORDER } from './list-order.js';
import type { RecommendationView } from './recommendation.view.js';

/** What the arrangement needs of a row of the recommendation page. */
export interface StateRow {
  subject: { kind: string; code: string; name: string };
  status: ImplementationStatus;
  assessedOn: string | null;
}

export interface Arrangement {
  region?: string;
  status?: ImplementationStatus;
  sort?: StateSort;
}

/**
 * The rows of a recommendation's page as the reader asked: those of one region and one status,
 * in their own order unless asked: by State name, by status (most advanced first, then name) or by date (latest
 * first, never assessed last).
 */
export function arrangeStates<T extends StateRow>(
  rows: readonly T[],
  options: Arrangement,
  regionOf: (subject: T['subject']) => Region,
): T[] {
  const kept = rows.filter(
    (r) =>
      (!options.region || regionOf(r.subject).key === options.region) &&
      (!options.status || r.status === options.status),
  );
  const byName = (a: T, b: T): number => a.subject.name.localeCompare(b.subject.name, 'en');
  const sorted = [...kept];
  if (options.sort === 'state') {
    sorted.sort(byName);
  } else if (options.sort === 'status') {
    sorted.sort(
      (a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || byName(a, b),
    );
  } else if (options.sort === 'date') {
    sorted.sort((a, b) => {
      if (a.assessedOn === b.assessedOn) return byName(a, b);
      if (a.assessedOn === null) return 1;
      if (b.assessedOn === null) return -1;
      return a.assessedOn < b.assessedOn ? 1 : -1;
    });
  }
  return sorted;
}

type Option = { value: string; label: string; selected: boolean };

/** A State (or organisation) of the recommendation, with its inline form when the user may write. */
export interface RecommendationStateRow extends PairStatusView, StatusBadge {
  canWrite: boolean;
  /** The record just made from this row, confirmed in it. */
  confirmation: string | null;
  /** For a recommendation measured by facts, the fact the status stands on, in words. */
  factText: string | null;
  /**
   * Measured by facts: the row offers "Record the fact" (the pair page's form) instead of a
   * status, which such a recommendation takes only with a fact or a reason.
   */
  measured: boolean;
}

export interface RecommendationPageView {
  title: string;
  recommendation: RecommendationView;
  asOf: string | null;
  progress: ProgressFigures;
  statusLegend: typeof STATUS_LEGEND;
  statusChoices: ReturnType<typeof statusOptions>;
  /** The as-of date the inline forms start with. */
  lastAsOf: string;
  statusChart: Html;
  arrange: {
    regions: (Region & { selected: boolean })[];
    statuses: ReturnType<typeof statusOptions>;
    sorts: Option[];
    active: boolean;
    shown: number;
    total: number;
  };
  rows: RecommendationStateRow[];
  /** How it is measured, when by facts (its milestones, count or rating); null when graded. */
  measureRule: string | null;
  /** The confirmation of a record whose row is not shown (filtered out); else no key at all. */
  flash?: Flash;
}

/**
 * A recommendation's page: its text, figures and chart, and its States as the reader arranged
 * them, each with an inline form for analysts who may write for it (none as of a past date).
 */
export function recommendationPageViewModel(input: {
  recommendation: RecommendationView;
  statuses: RecommendationStatusesView;
  query: RecommendationPageQueryDto;
  regionOf: (subject: PairStatusView['subject']) => Region;
  principal: Principal;
  confirmation: RowConfirmation | null;
  lastAsOf: string;
  /** Its measure, when it is measured by facts. */
  measure?: FactMeasure;
}): RecommendationPageView {
  const { recommendation, statuses, query, principal, confirmation } = input;
  const analyst = hasRole(principal.role, Role.Analyst) && !query.asOf;
  const shown = arrangeStates(statuses.statuses, query, input.regionOf);
  return {
    title: `${recommendation.ref} ${recommendation.title}`,
    recommendation,
    asOf: query.asOf ?? null,
    progress: statuses.progress,
    statusLegend: STATUS_LEGEND,
    statusChoices: statusOptions(undefined),
    lastAsOf: input.lastAsOf,
    statusChart: new Html(
      stackedStatusBar(statuses.progress.counts, {
        width: 640,
        legend: true,
        label: `${recommendation.ref}: its ${statuses.progress.pairs} pairs by status`,
      }),
    ),
    arrange: {
      regions: REGIONS.map((r) => ({ ...r, selected: r.key === query.region })),
      statuses: statusOptions(query.status),
      sorts: [
        { value: 'state', label: 'State', selected: query.sort === 'state' },
        {
          value: 'status',
          label: 'Status, most advanced first',
          selected: query.sort === 'status',
        },
        { value: 'date', label: 'Date, latest first', selected: query.sort === 'date' },
      ],
      active: Boolean(query.region || query.status || query.sort),
      shown: shown.length,
      total: statuses.statuses.length,
    },
    rows: shown.map((s) => ({
      ...s,
      ...statusBadge(s.status),
      canWrite: analyst && mayWriteFor(principal, s.subject),
      confirmation: confirmation?.iso3 === s.subject.code ? confirmation.text : null,
      factText: factText(input.measure, s.fact),
      measured: input.measure !== undefined,
    })),
    measureRule: input.measure ? ruleSentence(input.recommendation.ref, input.measure) : null,
    // Shown at the top only when its row is not on the page.
    // (No key at all otherwise: the layout's own flash message, if any, stays.)
    ...(confirmation && !shown.some((s) => s.subject.code === confirmation.iso3)
      ? { flash: { kind: 'success' as const, text: confirmation.text } }
      : {}),
  };
}
