import { ImplementationStatus } from './implementation-status.enum.js';

/** What as-of resolution needs to know of an assessment. */
export interface DatedJudgement {
  id: number;
  status: ImplementationStatus;
  /** YYYY-MM-DD: the date the facts refer to. */
  assessedOn: string;
}

/**
 * Orders judgements the way the current status is chosen: later `assessedOn` wins; on the same
 * date the one recorded later (higher id) wins. Returns a negative number when `a` comes first.
 */
export function compareJudgements(a: DatedJudgement, b: DatedJudgement): number {
  if (a.assessedOn !== b.assessedOn) return a.assessedOn < b.assessedOn ? -1 : 1;
  return a.id - b.id;
}

/** The judgement in force on `asOf` (inclusive): the latest with `assessedOn` on or before it. */
export function judgementAsOf<T extends DatedJudgement>(
  judgements: readonly T[],
  asOf: string,
): T | undefined {
  let best: T | undefined;
  for (const j of judgements) {
    if (j.assessedOn > asOf) continue;
    if (!best || compareJudgements(j, best) > 0) best = j;
  }
  return best;
}

/** The status in force on `asOf`: "no information" when nothing had been assessed by then. */
export function statusAsOf(
  judgements: readonly DatedJudgement[],
  asOf: string,
): ImplementationStatus {
  return judgementAsOf(judgements, asOf)?.status ?? ImplementationStatus.NoInformation;
}

/** Whether a new judgement becomes the current one, given the current one (if any). */
export function displacesCurrent(candidate: DatedJudgement, current?: DatedJudgement): boolean {
  return !current || compareJudgements(candidate, current) > 0;
}
