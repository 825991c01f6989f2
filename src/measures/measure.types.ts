import type { ImplementationStatus } from '../assessments/implementation-status.enum.js';

/**
 * How a recommendation is measured, chosen by an admin:
 *
 * - `graded`: an analyst judges the status on the scale (the default);
 * - `milestones`: one or more instruments (treaties, agreements), each with an ordered ladder of
 *   named steps (signed, ratified, in force), each step mapped to a status;
 * - `count`: a count against a target (drug liaison officers placed), thresholds mapping counts
 *   to statuses;
 * - `rating`: an external scale (FATF technical compliance) mapped onto the statuses.
 *
 * Under the last three, analysts record dated facts and the status follows from the rule.
 */
export const MEASURE_KINDS = ['graded', 'milestones', 'count', 'rating'] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];

/** The kinds whose status is derived from facts. */
export type FactKind = Exclude<MeasureKind, 'graded'>;

export const FACT_KINDS: readonly FactKind[] = ['milestones', 'count', 'rating'];

/** One step of an instrument's ladder, e.g. "ratified" → mostly implemented. */
export interface MilestoneStep {
  key: string;
  label: string;
  status: ImplementationStatus;
}

/** An instrument (a treaty, an agreement) and its ladder of steps, lowest first. */
export interface Instrument {
  key: string;
  label: string;
  steps: MilestoneStep[];
}

/**
 * How the statuses of several instruments make one: the least advanced instrument decides
 * (every instrument must go the whole way), or the most advanced one does (any one will do).
 */
export const COMBINE_RULES = ['least-advanced', 'most-advanced'] as const;
export type CombineRule = (typeof COMBINE_RULES)[number];

export interface MilestonesRule {
  combine: CombineRule;
  instruments: Instrument[];
}

/** Counts from `min` up (to the next threshold) give `status`. */
export interface Threshold {
  min: number;
  status: ImplementationStatus;
}

export interface CountRule {
  /** What is counted, e.g. "drug liaison officers placed". */
  unit: string;
  /** The count the recommendation aims at. */
  target: number;
  /** Lowest first; the first starts at 0. */
  thresholds: Threshold[];
}

/** One rating of an external scale, e.g. LC (largely compliant) → mostly implemented. */
export interface RatingGrade {
  code: string;
  label: string;
  status: ImplementationStatus;
}

export interface RatingRule {
  /** The scale's name, e.g. "FATF technical compliance". */
  scale: string;
  ratings: RatingGrade[];
}

export type Measure =
  | { kind: 'graded' }
  | { kind: 'milestones'; rule: MilestonesRule }
  | { kind: 'count'; rule: CountRule }
  | { kind: 'rating'; rule: RatingRule };

/** A measure whose status is derived from facts. */
export type FactMeasure = Exclude<Measure, { kind: 'graded' }>;

export type MeasureRule = FactMeasure['rule'];

/**
 * A dated fact an analyst records (the date is the assessment's `assessedOn`): the step one
 * instrument reached, a count and the places it covers, or a rating and its source document.
 * Keys, not labels, are stored: labels may be reworded by an admin.
 */
export type Fact =
  | { kind: 'milestones'; instrument: string; milestone: string }
  | { kind: 'count'; count: number; places: string[] }
  | { kind: 'rating'; rating: string; source: string };

export function isFactMeasure(measure: Measure): measure is FactMeasure {
  return measure.kind !== 'graded';
}
