import { compareJudgements, judgementAsOf, type DatedJudgement } from '../assessments/as-of.js';
import { ImplementationStatus, statusInfo } from '../assessments/implementation-status.enum.js';
import type { FieldProblem } from '../common/errors.js';
import { deriveStatus } from './derive.js';
import { isFactMeasure, type Fact, type Measure } from './measure.types.js';

/**
 * Derived statuses over time, without I/O: which rule applies at a date, which facts are in force,
 * what a new fact makes of a pair's history, and what a rule change moves.
 *
 * The invariant kept: at any date `t`, a pair whose assessment in force is derived (from a fact,
 * or re-derived) has the status that the rule in force at `t` gives to its facts dated on or
 * before `t`. Assessments are only appended, so keeping it means appending, at each date where
 * the derived status changes, an assessment that says so: a back-dated fact can move later
 * statuses (with several instruments, the least advanced decides), and so can a rule change.
 * Reads as of a date then need nothing new: they take the assessment in force, as always.
 */

/** One version of a recommendation's measure; the first applies to every earlier date too. */
export interface MeasureVersion {
  version: number;
  /** YYYY-MM-DD: the day the version was set, from which it derives statuses. */
  effectiveOn: string;
  measure: Measure;
}

/** What derivation needs of an assessment. */
export interface FactJudgement extends DatedJudgement {
  fact: Fact | null;
  derivedStatus: ImplementationStatus | null;
  overrideReason: string | null;
}

/**
 * Where an assessment's status comes from:
 * - `judged`: an analyst chose it on the scale, with no fact (graded recommendations; and forms,
 *   bulk updates and imports that carry no fact);
 * - `derived`: the rule gave it from the fact recorded with it;
 * - `override`: an analyst set it apart from the derived status, giving a reason;
 * - `rederived`: appended by the app, with no fact of its own, when a rule change or a back-dated
 *   fact moved the derived status at its date.
 */
export const BASES = ['judged', 'derived', 'override', 'rederived'] as const;
export type Basis = (typeof BASES)[number];

export function basisOf(
  a: Pick<FactJudgement, 'fact' | 'derivedStatus' | 'overrideReason'>,
): Basis {
  if (a.overrideReason !== null) return 'override';
  if (a.fact !== null) return 'derived';
  return a.derivedStatus !== null ? 'rederived' : 'judged';
}

/** Whether the rule keeps the assessment's status up to date (an analyst's judgement it leaves). */
function followsRule(a: FactJudgement): boolean {
  const basis = basisOf(a);
  return basis === 'derived' || basis === 'rederived';
}

/** The current version of the measure, or null when the recommendation was never given one. */
export function currentVersion<T extends MeasureVersion>(versions: readonly T[]): T | null {
  return versions.length > 0 ? versions[versions.length - 1] : null;
}

/**
 * The versions that derive statuses: the latest run of versions of the current kind (a kind
 * changes only while no fact is recorded, so every fact belongs to this run).
 */
function derivingRun(versions: readonly MeasureVersion[]): MeasureVersion[] {
  const current = currentVersion(versions);
  if (!current || !isFactMeasure(current.measure)) return [];
  let start = versions.length - 1;
  while (start > 0 && versions[start - 1].measure.kind === current.measure.kind) start--;
  return versions.slice(start);
}

/** The version whose rule applies on `date` (the first one before it was set), or null if graded. */
export function versionAt(
  versions: readonly MeasureVersion[],
  date: string,
): MeasureVersion | null {
  const run = derivingRun(versions);
  if (run.length === 0) return null;
  let chosen = run[0];
  for (const v of run) if (v.effectiveOn <= date) chosen = v;
  return chosen;
}

/** The facts of a history dated on or before `date`, oldest first. */
export function factsAsOf(history: readonly FactJudgement[], date: string): Fact[] {
  return history
    .filter((a) => a.fact !== null && a.assessedOn <= date)
    .sort(compareJudgements)
    .map((a) => a.fact as Fact);
}

/**
 * The facts in force on `date`, each with the assessment that recorded it: for milestones the
 * latest step of each instrument, otherwise the latest count or rating.
 */
export function factsInForce<T extends FactJudgement>(
  history: readonly T[],
  date: string,
): (T & { fact: Fact })[] {
  const dated = history
    .filter((a): a is T & { fact: Fact } => a.fact !== null && a.assessedOn <= date)
    .sort(compareJudgements);
  const latest = new Map<string, T & { fact: Fact }>();
  for (const a of dated) {
    latest.set(a.fact.kind === 'milestones' ? `m:${a.fact.instrument}` : a.fact.kind, a);
  }
  return [...latest.values()].sort(compareJudgements);
}

/** The status the rule in force on `date` derives from the facts by then; null if graded. */
export function derivedAt(
  versions: readonly MeasureVersion[],
  history: readonly FactJudgement[],
  date: string,
): { status: ImplementationStatus; version: number } | null {
  const v = versionAt(versions, date);
  if (!v || !isFactMeasure(v.measure)) return null;
  return { status: deriveStatus(v.measure, factsAsOf(history, date)), version: v.version };
}

/** An assessment the plan appends, in the order given. */
export interface PlannedJudgement {
  assessedOn: string;
  status: ImplementationStatus;
  fact: Fact | null;
  derivedStatus: ImplementationStatus | null;
  overrideReason: string | null;
  measureVersion: number | null;
}

export interface RecordInput {
  assessedOn: string;
  /** Checked against the measure already (`parseFact`). */
  fact: Fact | null;
  /** Left out: the derived status. */
  status?: ImplementationStatus;
  overrideReason?: string;
}

export type RecordPlan =
  | { ok: true; entry: PlannedJudgement; followUps: PlannedJudgement[] }
  | { ok: false; problems: FieldProblem[] };

/**
 * What recording a fact (or overriding the derived status) appends to a pair whose history is
 * `history`: the assessment itself, with the status derived at its date (or the analyst's,
 * with the reason), and the re-derived assessments that a back-dated fact calls for at later
 * dates (see `followUps`).
 */
export function planRecord(
  versions: readonly MeasureVersion[],
  history: readonly FactJudgement[],
  input: RecordInput,
): RecordPlan {
  const nextId = history.reduce((max, a) => Math.max(max, a.id), 0) + 1;
  const probe: FactJudgement = {
    id: nextId,
    assessedOn: input.assessedOn,
    status: ImplementationStatus.NoInformation,
    fact: input.fact,
    derivedStatus: null,
    overrideReason: null,
  };
  const derived = derivedAt(versions, [...history, probe], input.assessedOn);
  if (!derived) {
    const field = input.fact ? 'fact' : 'overrideReason';
    return {
      ok: false,
      problems: [
        {
          field,
          rule: 'graded',
          message: `${field}: this recommendation is graded: there is no derived status${input.fact ? ' to record a fact for' : ' to override'}`,
        },
      ],
    };
  }
  const status = input.status ?? derived.status;
  const reason = input.overrideReason ?? null;
  if (reason === null && status !== derived.status) {
    return problem(
      'overrideReason',
      'required',
      `overrideReason: the facts give ${label(derived.status)}; to record ${label(status)} instead, give the reason for the override (or leave status out)`,
    );
  }
  if (reason !== null && status === derived.status) {
    return problem(
      'overrideReason',
      'nothingToOverride',
      `overrideReason: the facts give ${label(derived.status)} already; an override needs a different status`,
    );
  }
  const entry: PlannedJudgement = {
    assessedOn: input.assessedOn,
    status,
    fact: input.fact,
    derivedStatus: derived.status,
    overrideReason: reason,
    measureVersion: derived.version,
  };
  return {
    ok: true,
    entry,
    followUps: followUps(versions, [...history, { ...entry, id: nextId }], input.assessedOn),
  };
}

/**
 * What recording several facts (or overrides) on one pair, in the order given, appends: each
 * planned on the history as the ones before it leave it. For writers that bring many at once
 * (an import's lines for one pair, a data set). `index` says which input was refused.
 */
export function planRecords(
  versions: readonly MeasureVersion[],
  history: readonly FactJudgement[],
  inputs: readonly RecordInput[],
):
  | { ok: true; entries: PlannedJudgement[] }
  | { ok: false; index: number; problems: FieldProblem[] } {
  const timeline: FactJudgement[] = [...history];
  let nextId = history.reduce((max, a) => Math.max(max, a.id), 0) + 1;
  const entries: PlannedJudgement[] = [];
  for (const [index, input] of inputs.entries()) {
    const plan = planRecord(versions, timeline, input);
    if (!plan.ok) return { ok: false, index, problems: plan.problems };
    for (const planned of [plan.entry, ...plan.followUps]) {
      entries.push(planned);
      timeline.push({ ...planned, id: nextId++ });
    }
  }
  return { ok: true, entries };
}

/**
 * The re-derived assessments that keep the invariant after `history` changed on `after` (a fact
 * recorded then): at each later date where the pair has an assessment, or where a new version of
 * the rule took effect, if the assessment in force follows the rule and its status is no longer
 * what the rule derives there, a new assessment on that date with the derived status (recorded
 * later, it takes precedence on its date). An analyst's judgement or override is left as it is.
 */
export function followUps(
  versions: readonly MeasureVersion[],
  history: readonly FactJudgement[],
  after: string,
): PlannedJudgement[] {
  const dates = new Set<string>();
  for (const a of history) if (a.assessedOn > after) dates.add(a.assessedOn);
  for (const v of derivingRun(versions).slice(1))
    if (v.effectiveOn > after) dates.add(v.effectiveOn);
  const timeline: FactJudgement[] = [...history];
  let nextId = history.reduce((max, a) => Math.max(max, a.id), 0) + 1;
  const out: PlannedJudgement[] = [];
  for (const date of [...dates].sort()) {
    const inForce = judgementAsOf(timeline, date);
    if (!inForce || !followsRule(inForce)) continue;
    const derived = derivedAt(versions, timeline, date);
    if (!derived || derived.status === inForce.status) continue;
    const next: PlannedJudgement = {
      assessedOn: date,
      status: derived.status,
      fact: null,
      derivedStatus: derived.status,
      overrideReason: null,
      measureVersion: derived.version,
    };
    timeline.push({ ...next, id: nextId++ });
    out.push(next);
  }
  return out;
}

/** A pair's status that a rule change moves. */
export interface RuleMove {
  pairId: number;
  from: ImplementationStatus;
  to: ImplementationStatus;
  /** The facts in force that the new rule reads. */
  facts: Fact[];
}

/** A pair with facts whose status an analyst set: the rule change leaves it. */
export interface RuleKept {
  pairId: number;
  status: ImplementationStatus;
  basis: Basis;
}

export interface RuleChangePlan {
  moves: RuleMove[];
  kept: RuleKept[];
  /** Pairs whose status follows the rule and stays what it is. */
  unchanged: number;
}

/**
 * What a new measure moves, dated `on` (the day of the change): each pair whose assessment in
 * force follows the rule gets the status the new rule derives from its facts, where that
 * differs. Earlier statuses stay what they were: they were derived by the rule then in force.
 */
export function planRuleChange(
  proposed: Measure,
  histories: ReadonlyMap<number, readonly FactJudgement[]>,
  on: string,
): RuleChangePlan {
  const plan: RuleChangePlan = { moves: [], kept: [], unchanged: 0 };
  if (!isFactMeasure(proposed)) return plan;
  for (const [pairId, history] of histories) {
    const inForce = judgementAsOf(history, on);
    if (!inForce) continue;
    const facts = factsAsOf(history, on);
    if (!followsRule(inForce)) {
      if (facts.length > 0)
        plan.kept.push({ pairId, status: inForce.status, basis: basisOf(inForce) });
      continue;
    }
    const to = deriveStatus(proposed, facts);
    if (to === inForce.status) {
      plan.unchanged += 1;
    } else {
      plan.moves.push({
        pairId,
        from: inForce.status,
        to,
        facts: factsInForce(history, on).map((a) => a.fact),
      });
    }
  }
  plan.moves.sort((a, b) => a.pairId - b.pairId);
  plan.kept.sort((a, b) => a.pairId - b.pairId);
  return plan;
}

function problem(field: string, rule: string, message: string): RecordPlan {
  return { ok: false, problems: [{ field, rule, message }] };
}

function label(status: ImplementationStatus): string {
  return statusInfo(status).label.toLowerCase();
}
