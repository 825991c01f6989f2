import { label } from '../assessments/assessment.view.js';
import type { ImplementationStatus } from '../assessments/implementation-status.enum.js';
import { describeFact } from './facts.js';
import type { Fact, FactMeasure, Measure } from './measure.types.js';

/** A fact in words, when there is one and the recommendation is measured by facts. */
export function factText(
  measure: FactMeasure | undefined,
  fact: Fact | null | undefined,
): string | null {
  return measure && fact ? describeFact(measure, fact) : null;
}

/** A fact as short as a matrix cell holds it: the step's name, the count, the rating's code. */
export function shortFact(measure: FactMeasure, fact: Fact): string {
  if (fact.kind === 'count') return String(fact.count);
  if (fact.kind === 'rating') return fact.rating;
  const instrument =
    measure.kind === 'milestones'
      ? measure.rule.instruments.find((i) => i.key === fact.instrument)
      : undefined;
  return instrument?.steps.find((s) => s.key === fact.milestone)?.label ?? fact.milestone;
}

/** The choices of a fact form for a measure: its milestones, ratings or count. */
export interface FactFormView {
  kind: FactMeasure['kind'];
  /** Milestones: one choice per instrument and step, grouped by instrument. */
  milestones: { label: string; options: { value: string; label: string; selected: boolean }[] }[];
  /** Ratings: each code of the scale. */
  ratings: { value: string; label: string; selected: boolean }[];
  /** Count: what is counted and the target. */
  unit: string | null;
  target: number | null;
}

/** The value of a milestone choice: the instrument's key and the step's, together. */
export function milestoneValue(instrument: string, milestone: string): string {
  return `${instrument}|${milestone}`;
}

/** The fact fields a form posted (`factMilestone`, `factCount`, ...) as the API's `fact` object. */
export function factFromForm(body: Record<string, unknown>): Record<string, unknown> | undefined {
  const text = (key: string): string => (typeof body[key] === 'string' ? body[key].trim() : '');
  switch (body.factKind) {
    case 'milestones': {
      const [instrument, milestone] = text('factMilestone').split('|');
      return milestone ? { instrument, milestone } : undefined;
    }
    case 'count':
      return text('factCount')
        ? { count: text('factCount'), places: text('factPlaces') }
        : undefined;
    case 'rating':
      return text('factRating')
        ? { rating: text('factRating'), source: text('factSource') }
        : undefined;
    default:
      return undefined;
  }
}

export function factForm(measure: FactMeasure, values: Record<string, unknown>): FactFormView {
  return {
    kind: measure.kind,
    milestones:
      measure.kind === 'milestones'
        ? measure.rule.instruments.map((i) => ({
            label: i.label,
            options: i.steps.map((s) => ({
              value: milestoneValue(i.key, s.key),
              label: `${s.label} (${label(s.status)})`,
              selected: values.factMilestone === milestoneValue(i.key, s.key),
            })),
          }))
        : [],
    ratings:
      measure.kind === 'rating'
        ? measure.rule.ratings.map((r) => ({
            value: r.code,
            label: `${r.code}: ${r.label} (${label(r.status)})`,
            selected: values.factRating === r.code,
          }))
        : [],
    unit: measure.kind === 'count' ? measure.rule.unit : null,
    target: measure.kind === 'count' ? measure.rule.target : null,
  };
}

/** One fact of a pair's history, as its timeline shows it. */
export interface TimelineEntry {
  assessedOn: string;
  text: string;
  status: ImplementationStatus;
  statusLabel: string;
  /** Why another status than the facts give was set, when it was. */
  overrideReason: string | null;
}

/** The facts of a pair's history, oldest first, each with the status recorded with it. */
export function timeline(
  measure: Measure,
  history: readonly {
    assessedOn: string;
    fact: Fact | null;
    status: ImplementationStatus;
    overrideReason: string | null;
  }[],
): TimelineEntry[] {
  return history
    .filter((a): a is typeof a & { fact: Fact } => a.fact !== null)
    .map((a) => ({
      assessedOn: a.assessedOn,
      text: describeFact(measure, a.fact),
      status: a.status,
      statusLabel: label(a.status),
      overrideReason: a.overrideReason,
    }))
    .sort((a, b) => a.assessedOn.localeCompare(b.assessedOn));
}
