import { ImplementationStatus, STATUS_INFO } from '../assessments/implementation-status.enum.js';
import type { StatusCounts } from '../assessments/progress.js';
import { statusBadge, type StatusBadge } from '../assessments/status-view.js';
import type { PairRow } from '../assessments/statuses.repository.js';
import { today } from '../common/dates.js';
import type { Edition, ReportQueryDto } from './dto/report-query.dto.js';
import { yearBefore } from './report-figures.js';

/** What every report prints on its cover and in its running header and footer. */
export interface ReportMeta {
  /** The kind of report, e.g. "Progress report" or "State report". */
  title: string;
  /** What it is about, e.g. the event title or the State name. */
  subtitle: string;
  asOf: string;
  compareWith: string;
  edition: Edition;
  editionLabel: string;
  generatedOn: string;
  demoData: boolean;
}

/** A report ready to render: the template under views/reports, its view-model, a file name. */
export interface ReportDocument<V extends { meta: ReportMeta } = { meta: ReportMeta }> {
  template: string;
  view: V;
  /** File name without extension, e.g. "state-report-KAZ-2010-12-31-public". */
  fileName: string;
}

export interface CountView {
  label: string;
  short: string;
  status: ImplementationStatus;
  count: number;
}

/** A pair whose status changed between the comparison date and the as-of date. */
export interface NotableView {
  name: string;
  code: string;
  before: StatusBadge;
  now: StatusBadge;
  assessedOn: string | null;
  note: string | null;
  /** Internal edition only. */
  internalNote: string | null;
  /** Internal edition only. */
  author: string | null;
}

/** Position of each status on the scale, for "moved up" and "moved down". */
export const STATUS_RANK = new Map(STATUS_INFO.map((s, i) => [s.value, i]));

/**
 * +1 when a pair moved up the scale from `was` to `now`, -1 when it moved down, 0 when it did not
 * move or when either end is "not applicable" (that is a change of scope, not of implementation).
 */
export function direction(was: ImplementationStatus, now: ImplementationStatus): -1 | 0 | 1 {
  const na = ImplementationStatus.NotApplicable;
  if (was === na || now === na) return 0;
  return Math.sign((STATUS_RANK.get(now) ?? 0) - (STATUS_RANK.get(was) ?? 0)) as -1 | 0 | 1;
}

/** The dates and edition of a report query with their defaults filled in. */
export function reportDates(query: ReportQueryDto): {
  asOf: string;
  compareWith: string;
  edition: Edition;
} {
  const asOf = query.asOf ?? today();
  return {
    asOf,
    compareWith: query.compareWith ?? yearBefore(asOf),
    edition: query.edition ?? 'internal',
  };
}

export function reportMeta(
  title: string,
  subtitle: string,
  dates: { asOf: string; compareWith: string; edition: Edition },
  demoData: boolean,
): ReportMeta {
  return {
    title,
    subtitle,
    ...dates,
    editionLabel: dates.edition === 'public' ? 'Public edition' : 'Internal edition',
    generatedOn: today(),
    demoData,
  };
}

export function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

export function countViews(counts: StatusCounts): CountView[] {
  return STATUS_INFO.map((s) => ({
    label: s.label,
    short: s.fatf ?? '–',
    status: s.value,
    count: counts[s.value],
  }));
}

/** What an edition may print of an assessment's internal note and author. */
export function editionNotes(
  row: { internalNote: string | null; author: string | null },
  edition: Edition,
): { internalNote: string | null; author: string | null } {
  return edition === 'internal'
    ? { internalNote: row.internalNote, author: row.author }
    : { internalNote: null, author: null };
}

export function notableView(p: PairRow, was: ImplementationStatus, edition: Edition): NotableView {
  return {
    name: p.subject.name,
    code: p.subject.code,
    before: statusBadge(was),
    now: statusBadge(p.status),
    assessedOn: p.assessedOn,
    note: p.note,
    ...editionNotes(p, edition),
  };
}
