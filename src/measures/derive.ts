import { ImplementationStatus, statusInfo } from '../assessments/implementation-status.enum.js';
import type { CountRule, Fact, FactMeasure, MilestonesRule, RatingRule } from './measure.types.js';

/**
 * The rules of the measures: the status a recommendation's facts give, by its measure. Pure
 * functions, the only place where a step, a threshold or a rating becomes a status.
 *
 * `facts` are every fact of one pair dated on or before the date asked about, oldest first (by
 * date, then by recording): the latest fact wins, per instrument for milestones.
 */
export function deriveStatus(measure: FactMeasure, facts: readonly Fact[]): ImplementationStatus {
  switch (measure.kind) {
    case 'milestones':
      return deriveMilestones(measure.rule, facts);
    case 'count':
      return deriveCount(measure.rule, facts);
    case 'rating':
      return deriveRating(measure.rule, facts);
  }
}

/**
 * Each instrument stands at the step of its latest fact; an instrument without one has reached
 * no step yet (not implemented). The combine rule makes one status of the instruments'. No fact
 * on any instrument: no information.
 */
function deriveMilestones(rule: MilestonesRule, facts: readonly Fact[]): ImplementationStatus {
  const latest = new Map<string, string>();
  for (const f of facts) {
    if (f.kind === 'milestones') latest.set(f.instrument, f.milestone);
  }
  const known = rule.instruments.filter((i) => latest.has(i.key));
  if (known.length === 0) return ImplementationStatus.NoInformation;
  const statuses = rule.instruments.map(
    (i) =>
      i.steps.find((s) => s.key === latest.get(i.key))?.status ??
      ImplementationStatus.NotImplemented,
  );
  const byWeight = (a: ImplementationStatus, b: ImplementationStatus) => weight(a) - weight(b);
  statuses.sort(byWeight);
  return rule.combine === 'least-advanced' ? statuses[0] : statuses[statuses.length - 1];
}

/** The latest count, placed by the highest threshold it reaches. */
function deriveCount(rule: CountRule, facts: readonly Fact[]): ImplementationStatus {
  const count = lastOf(facts, 'count')?.count;
  if (count === undefined) return ImplementationStatus.NoInformation;
  let status = ImplementationStatus.NoInformation;
  for (const t of rule.thresholds) {
    if (count >= t.min) status = t.status;
  }
  return status;
}

/** The latest rating, as the scale maps it. */
function deriveRating(rule: RatingRule, facts: readonly Fact[]): ImplementationStatus {
  const code = lastOf(facts, 'rating')?.rating;
  if (code === undefined) return ImplementationStatus.NoInformation;
  return rule.ratings.find((r) => r.code === code)?.status ?? ImplementationStatus.NoInformation;
}

function lastOf<K extends Fact['kind']>(
  facts: readonly Fact[],
  kind: K,
): Extract<Fact, { kind: K }> | undefined {
  for (let i = facts.length - 1; i >= 0; i--) {
    const f = facts[i];
    if (f.kind === kind) return f as Extract<Fact, { kind: K }>;
  }
  return undefined;
}

/** The progress weight of a status on the scale (no information and not applicable: -1). */
export function weight(status: ImplementationStatus): number {
  return statusInfo(status).weight ?? -1;
}
