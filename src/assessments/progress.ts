import { ImplementationStatus, STATUS_VALUES, statusInfo } from './implementation-status.enum.js';

export type StatusCounts = Record<ImplementationStatus, number>;

export interface ProgressFigures {
  /** Pairs considered, not applicable ones included. */
  pairs: number;
  /** Pairs that are not "not applicable". */
  applicable: number;
  /** Applicable pairs with a status other than "no information". */
  withInformation: number;
  counts: StatusCounts;
  /** implemented / applicable with information; null when nothing is known. */
  implementationRate: number | null;
  /** Mean progress weight over applicable pairs with information; null when nothing is known. */
  progressIndex: number | null;
  /** Share of applicable pairs with any information; null when no pair is applicable. */
  coverage: number | null;
}

export function emptyCounts(): StatusCounts {
  return Object.fromEntries(STATUS_VALUES.map((s) => [s, 0])) as StatusCounts;
}

/** Counts by status of a list of statuses, every status present (zero where absent). */
export function countByStatus(statuses: Iterable<ImplementationStatus>): StatusCounts {
  const counts = emptyCounts();
  for (const status of statuses) counts[status] += 1;
  return counts;
}

/** The figures of DESIGN.md computed from counts by status. */
export function progressFromCounts(counts: StatusCounts): ProgressFigures {
  let pairs = 0;
  let weightSum = 0;
  for (const status of STATUS_VALUES) {
    pairs += counts[status];
    weightSum += counts[status] * (statusInfo(status).weight ?? 0);
  }
  const applicable = pairs - counts[ImplementationStatus.NotApplicable];
  const withInformation = applicable - counts[ImplementationStatus.NoInformation];
  return {
    pairs,
    applicable,
    withInformation,
    counts: { ...counts },
    implementationRate:
      withInformation > 0 ? counts[ImplementationStatus.Implemented] / withInformation : null,
    progressIndex: withInformation > 0 ? weightSum / withInformation : null,
    coverage: applicable > 0 ? withInformation / applicable : null,
  };
}

/** The figures of DESIGN.md for any set of pairs, given their statuses. */
export function computeProgress(statuses: Iterable<ImplementationStatus>): ProgressFigures {
  return progressFromCounts(countByStatus(statuses));
}
