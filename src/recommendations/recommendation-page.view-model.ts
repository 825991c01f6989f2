import { ImplementationStatus } from '../assessments/implementation-status.enum.js';
import type { Region } from '../states/regions.js';
import type { StateSort } from './dto/recommendation-page-query.dto.js';

/** What the arrangement needs of a row of the recommendation page. */
export interface StateRow {
  subject: { kind: string; code: string; name: string };
  status: ImplementationStatus;
  assessedOn: string | null;
}

/** Most advanced first; not applicable, then no information, last. */
const STATUS_ORDER: ImplementationStatus[] = [
  ImplementationStatus.Implemented,
  ImplementationStatus.MostlyImplemented,
  ImplementationStatus.PartiallyImplemented,
  ImplementationStatus.NotImplemented,
  ImplementationStatus.NotApplicable,
  ImplementationStatus.NoInformation,
];

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
