import {
  type ImplementationStatus,
  statusInfo,
} from '../assessments/implementation-status.enum.js';
import {
  describeFact,
  factRequired,
  parseFact,
  rederivedNote,
  sameFact,
} from '../measures/facts.js';
import { isFactMeasure, type Fact, type Measure } from '../measures/measure.types.js';
import {
  currentVersion,
  planRecord,
  type FactJudgement,
  type MeasureVersion,
  type PlannedJudgement,
} from '../measures/timeline.js';
import type { Subject } from '../subjects/subject.js';
import { IMPORT_COLUMNS, truncate, type FileLine, type LineProblem } from './assessment-file.js';
import type { ImportCounts } from './import.entity.js';
import { checkFields, type LineValues } from './import-line.js';

/**
 * The plan of an import: which lines of a file add an assessment, which are already recorded,
 * which are bad and why. Pure functions over the file's lines and the facts read from the
 * database; reading those facts is the repository's work, writing the plan the pairs'.
 *
 * The facts are asked for in three steps, each narrowed by the one before:
 *   1. `checkLines` with every recommendation (by ref) and every subject (by code);
 *   2. the pairs of the recommendations it found (`recommendationIdsOf`);
 *   3. the assessments already recorded on the (pair, date) of each line (`assessmentKeysOf`);
 * then `planImport` decides.
 */

/** A line the import would add as an assessment. */
export interface ImportChange {
  line: number;
  ref: string;
  /** ISO3 code, or the organisation's acronym. */
  iso3: string;
  subjectName: string;
  currentStatus: ImplementationStatus;
  currentStatusLabel: string;
  currentAssessedOn: string | null;
  status: ImplementationStatus;
  statusLabel: string;
  assessedOn: string;
  /** Whether it will be the pair's current status; false when dated before it (history only). */
  becomesCurrent: boolean;
  /** The line's fact in words, with the labels of the measure; null for a judgement. */
  fact: string | null;
  /** The status the measure derives at the date, from the facts by then; null for a judgement. */
  derivedStatus: ImplementationStatus | null;
  derivedStatusLabel: string | null;
  /** Why `status` differs from `derivedStatus` (an override). */
  overrideReason: string | null;
  /** Later statuses a back-dated fact moves: each re-derived as an assessment on its date. */
  rederived: { assessedOn: string; status: ImplementationStatus; statusLabel: string }[];
}

/** A change with what writing it needs. */
export interface PlannedChange extends ImportChange {
  pairId: number;
  values: LineValues;
  /**
   * For a fact or an override: the assessment the line records, as the measure plans it, and the
   * re-derived ones after it; null for a judgement (the line's status as it is).
   */
  planned: PlannedJudgement[] | null;
  /** The note of the re-derived assessments. */
  rederivedNote: string | null;
}

/** What a plan needs of a measured recommendation: its measure's versions and its pairs' histories. */
export interface RecommendationMeasure {
  versions: MeasureVersion[];
  /** The assessments of its pairs, by pair id, oldest first. */
  histories: ReadonlyMap<number, readonly FactJudgement[]>;
}

export interface ImportPlan {
  counts: ImportCounts;
  changes: PlannedChange[];
  /** Every problem of every bad line, by line. */
  problems: LineProblem[];
  /** Pair id → version, for each pair a change touches. */
  pairVersions: Record<string, number>;
}

/** A recommendation as a line names it. */
export interface RecommendationRef {
  id: number;
  ref: string;
}

/** A tracked pair: a recommendation and the State or organisation it is tracked for. */
export interface PairFacts {
  id: number;
  recommendationId: number;
  subject: Pick<Subject, 'kind' | 'id'>;
  inScope: boolean;
  version: number;
  status: ImplementationStatus;
  /** The date of its current status, YYYY-MM-DD; null when never assessed. */
  assessedOn: string | null;
}

/** An assessment already recorded on a pair. */
export interface StoredAssessment {
  pairId: number;
  /** YYYY-MM-DD. */
  assessedOn: string;
  status: ImplementationStatus;
  note: string | null;
  evidenceUrl: string | null;
  evidenceCitation: string | null;
  fact: Fact | null;
  derivedStatus: ImplementationStatus | null;
  overrideReason: string | null;
}

/** Who imports: which subjects they may write for, and the States named when they may not. */
export interface ImportWriter {
  mayWrite(subject: Subject): boolean;
  /** ISO3 codes of the States they are limited to (empty when not limited). */
  writableStates: readonly string[];
}

/** A line whose fields keep the rules and whose ref and code were found. */
export interface ResolvedLine {
  line: number;
  values: LineValues;
  recommendation: RecommendationRef;
  subject: Subject;
}

/** The outcome of step 1: the resolved lines, and the problems of the others. */
export interface CheckedLines {
  /** Data lines in the file. */
  lines: number;
  resolved: ResolvedLine[];
  problems: LineProblem[];
}

/** Lines checked between two calls of the progress callback. */
const PROGRESS_EVERY = 1000;

/**
 * Step 1: the rules of each field, and whether its ref and code exist. `refs` is keyed by
 * upper-case ref, `subjects` by upper-case ISO3 code or acronym. Every problem of a line is
 * named: an unknown ref too when its status is also bad.
 */
export function checkLines(
  lines: readonly FileLine[],
  refs: ReadonlyMap<string, RecommendationRef>,
  subjects: ReadonlyMap<string, Subject>,
  today: string,
): CheckedLines {
  const problems: LineProblem[] = [];
  const resolved: ResolvedLine[] = [];
  for (const line of lines) {
    const result = checkFields(line, today);
    const own = [...result.problems];
    const ref = line.values.ref ?? '';
    const code = (line.values.iso3 ?? '').toUpperCase();
    const recommendation = ref ? refs.get(ref.toUpperCase()) : undefined;
    const subject = code ? subjects.get(code) : undefined;
    if (ref && !recommendation) {
      own.push({
        line: line.line,
        field: 'ref',
        rule: 'exists',
        message: `no recommendation with ref "${truncate(ref)}"`,
      });
    }
    if (code && !subject) {
      own.push({
        line: line.line,
        field: 'iso3',
        rule: 'exists',
        message: `no State with ISO 3166 alpha-3 code (or organisation with acronym) "${truncate(code)}"`,
      });
    }
    if (own.length > 0 || !result.values || !recommendation || !subject) {
      problems.push(...own.sort((a, b) => fieldOrder(a.field) - fieldOrder(b.field)));
      continue;
    }
    resolved.push({ line: line.line, values: result.values, recommendation, subject });
  }
  return { lines: lines.length, resolved, problems };
}

/** Step 2: the recommendations whose pairs the plan needs. */
export function recommendationIdsOf(checked: CheckedLines): number[] {
  return [...new Set(checked.resolved.map((r) => r.recommendation.id))];
}

/** Step 3: the (pair id, date) of each resolved line whose pair exists, each once. */
export function assessmentKeysOf(
  checked: CheckedLines,
  pairs: readonly PairFacts[],
): [number, string][] {
  const index = indexPairs(pairs);
  const keys = new Map<string, [number, string]>();
  for (const r of checked.resolved) {
    const pair = index.get(pairKey(r.recommendation.id, r.subject));
    if (pair) keys.set(`${pair.id}|${r.values.assessedOn}`, [pair.id, r.values.assessedOn]);
  }
  return [...keys.values()];
}

/**
 * The plan: a line equal to an assessment recorded on the same pair and date is unchanged;
 * otherwise it is a change, unless its subject is outside the recommendation's scope or the
 * writer's States, or an earlier line of the file already sets the same pair and date.
 *
 * A line with a fact (or an override) on a recommendation in `measured` is planned as recording
 * it through the API would: the fact checked against the measure (problems named by column), the
 * status derived by the rule at the line's date, and the later statuses a back-dated fact moves.
 * The lines of one pair are planned in the order of the file, each on the history the ones
 * before it leave.
 */
export function planImport(
  checked: CheckedLines,
  pairs: readonly PairFacts[],
  recorded: readonly StoredAssessment[],
  writer: ImportWriter,
  measured: ReadonlyMap<number, RecommendationMeasure> = new Map(),
  onProgress?: (done: number, total: number) => void,
): ImportPlan {
  const { resolved } = checked;
  const problems = [...checked.problems];
  const pairIndex = indexPairs(pairs);
  const existing = new Map<string, StoredAssessment[]>();
  for (const a of recorded) {
    const key = `${a.pairId}|${a.assessedOn}`;
    const list = existing.get(key) ?? [];
    list.push(a);
    existing.set(key, list);
  }
  // The history of each measured pair as the lines planned so far leave it.
  const timelines = new Map<number, FactJudgement[]>();
  const timelineOf = (pairId: number, recommendationId: number): FactJudgement[] => {
    let timeline = timelines.get(pairId);
    if (!timeline) {
      timeline = [...(measured.get(recommendationId)?.histories.get(pairId) ?? [])];
      timelines.set(pairId, timeline);
    }
    return timeline;
  };
  const extend = (timeline: FactJudgement[], entries: readonly PlannedJudgement[]): void => {
    let nextId = timeline.reduce((max, a) => Math.max(max, a.id), 0) + 1;
    for (const e of entries) timeline.push({ ...e, id: nextId++ });
  };

  let unchanged = 0;
  const planned: PlannedChange[] = [];
  const firstWriter = new Map<string, number>();
  resolved.forEach((r, i) => {
    if (i % PROGRESS_EVERY === 0) onProgress?.(i, resolved.length);
    const key = pairKey(r.recommendation.id, r.subject);
    const pair = pairIndex.get(key);
    const measure = measureOf(measured.get(r.recommendation.id));
    const own: LineProblem[] = [];
    let fact: Fact | null = null;
    if (r.values.fact) {
      const parsed = parseFact(measure, r.values.fact, '');
      if (parsed.ok) fact = parsed.fact;
      else {
        const column = Object.keys(r.values.fact)[0];
        own.push(
          ...parsed.problems.map((p) => ({
            line: r.line,
            field: p.field === 'fact' ? column : p.field,
            rule: p.rule,
            message: p.message,
          })),
        );
      }
    }
    const same =
      pair && own.length === 0
        ? existing
            .get(`${pair.id}|${r.values.assessedOn}`)
            ?.some((a) => sameAssessment(a, r.values, fact))
        : false;
    if (same) {
      unchanged++;
      return;
    }
    const { ref } = r.recommendation;
    const code = r.subject.code;
    if (!pair || !pair.inScope) {
      own.push({
        line: r.line,
        field: 'iso3',
        rule: 'inScope',
        message: `${r.subject.name} (${code}) is not in the scope of recommendation ${ref}`,
      });
    }
    if (!writer.mayWrite(r.subject)) {
      own.push({
        line: r.line,
        field: 'iso3',
        rule: 'allowedStates',
        message: `${code} is not among the States you may write for (${writer.writableStates.join(', ')})`,
      });
    }
    const dated = `${key}|${r.values.assessedOn}`;
    const first = firstWriter.get(dated);
    if (first !== undefined) {
      own.push({
        line: r.line,
        field: 'assessedOn',
        rule: 'duplicate',
        message: `duplicate of line ${first}: the same ref (${ref}), iso3 (${code}) and assessedOn (${r.values.assessedOn})`,
      });
    } else {
      firstWriter.set(dated, r.line);
    }
    if (own.length > 0 || !pair) {
      problems.push(...own.sort((a, b) => fieldOrder(a.field) - fieldOrder(b.field)));
      return;
    }
    let entries: PlannedJudgement[] | null = null;
    const timeline = measured.has(r.recommendation.id)
      ? timelineOf(pair.id, r.recommendation.id)
      : null;
    if (fact === null && r.values.overrideReason === null) {
      // A status without a fact or a reason: a judgement on the scale, which a recommendation
      // measured by facts does not take.
      if (isFactMeasure(measure)) {
        problems.push({ line: r.line, ...factRequired(ref, measure, '') });
        return;
      }
    } else {
      const plan = planRecord(measured.get(r.recommendation.id)?.versions ?? [], timeline ?? [], {
        assessedOn: r.values.assessedOn,
        fact,
        status: r.values.status ?? undefined,
        overrideReason: r.values.overrideReason ?? undefined,
      });
      if (!plan.ok) {
        problems.push(...plan.problems.map((p) => ({ line: r.line, ...p })));
        return;
      }
      entries = [plan.entry, ...plan.followUps];
      if (timeline) extend(timeline, entries);
    }
    const current = statusInfo(pair.status);
    const status = entries ? entries[0].status : (r.values.status as ImplementationStatus);
    const derived = entries?.[0].derivedStatus ?? null;
    planned.push({
      line: r.line,
      ref,
      iso3: code,
      subjectName: r.subject.name,
      currentStatus: current.value,
      currentStatusLabel: current.label,
      currentAssessedOn: pair.assessedOn,
      status,
      statusLabel: statusInfo(status).label,
      assessedOn: r.values.assessedOn,
      becomesCurrent: false,
      fact: fact ? describeFact(measure, fact) : null,
      derivedStatus: derived,
      derivedStatusLabel: derived ? statusInfo(derived).label : null,
      overrideReason: r.values.overrideReason,
      rederived: (entries ?? []).slice(1).map((e) => ({
        assessedOn: e.assessedOn,
        status: e.status,
        statusLabel: statusInfo(e.status).label,
      })),
      pairId: pair.id,
      values: r.values,
      planned: entries,
      rederivedNote: entries ? rederivedNote(measure, fact, r.values.assessedOn) : null,
    });
  });
  onProgress?.(resolved.length, resolved.length);

  // A change becomes current when its assessment is the pair's latest by date, the current one
  // included (on the same date, the one recorded later wins: the import's, in the order they are
  // written), and no re-derived assessment comes after it.
  const winner = new Map<number, { date: string; change: number; line: boolean }>();
  planned.forEach((c, i) => {
    const written = [
      { date: c.assessedOn, line: true },
      ...c.rederived.map((d) => ({ date: d.assessedOn, line: false })),
    ];
    for (const w of written) {
      const max = winner.get(c.pairId);
      if (max === undefined || w.date >= max.date) winner.set(c.pairId, { ...w, change: i });
    }
  });
  const versions = new Map(pairs.map((p) => [p.id, p.version]));
  const pairVersions: Record<string, number> = {};
  planned.forEach((c, i) => {
    pairVersions[String(c.pairId)] = versions.get(c.pairId) as number;
    const w = winner.get(c.pairId);
    c.becomesCurrent =
      w?.change === i &&
      w.line &&
      (c.currentAssessedOn === null || c.assessedOn >= c.currentAssessedOn);
  });

  problems.sort((a, b) => a.line - b.line);
  return {
    counts: {
      lines: checked.lines,
      changes: planned.length,
      unchanged,
      bad: badLines(problems),
      problems: problems.length,
    },
    changes: planned,
    problems,
    pairVersions,
  };
}

/** A recommendation's measure now; graded when it has none. */
function measureOf(m: RecommendationMeasure | undefined): Measure {
  return (m && currentVersion(m.versions)?.measure) ?? { kind: 'graded' };
}

/** A problem for every change whose pair was assessed after the dry run (which saw `seen`). */
export function staleProblems(plan: ImportPlan, seen: Record<string, number>): LineProblem[] {
  return plan.changes.flatMap((c) => {
    const before = seen[String(c.pairId)];
    const now = plan.pairVersions[String(c.pairId)];
    if (before === now) return [];
    return [
      {
        line: c.line,
        field: 'iso3',
        rule: 'stale',
        message:
          before === undefined
            ? `${c.ref} / ${c.iso3} was not changed by the dry run; upload the file again to check it`
            : `${c.ref} / ${c.iso3} was assessed by someone else after the dry run (version ${before}, now ${now}); upload the file again to see its new state`,
      },
    ];
  });
}

/** The dry run as it was kept: its counts and the versions of the pairs it would change. */
export interface KeptDryRun {
  counts: Pick<ImportCounts, 'changes'>;
  pairVersions: Record<string, number>;
}

/**
 * Why a dry run may not be applied as planned now: its bad lines, the pairs assessed since, or
 * (when neither) a different number of changes than the dry run showed. Empty: apply it.
 */
export function refusalsOf(plan: ImportPlan, dryRun: KeptDryRun): LineProblem[] {
  const reasons = [...plan.problems, ...staleProblems(plan, dryRun.pairVersions)];
  if (reasons.length === 0 && plan.counts.changes !== dryRun.counts.changes) {
    reasons.push({
      line: 1,
      field: 'file',
      rule: 'changed',
      message: `The file now makes ${plan.counts.changes} changes, not ${dryRun.counts.changes} as in the dry run; upload it again to check it.`,
    });
  }
  return reasons;
}

/** Lines with at least one problem. */
export function badLines(problems: readonly LineProblem[]): number {
  return new Set(problems.map((p) => p.line)).size;
}

/** A change as shown to people: without what only writing it needs. */
export function publicChange(c: PlannedChange): ImportChange {
  const { pairId: _p, values: _v, planned: _e, rederivedNote: _n, ...change } = c;
  return change;
}

/** Problems of one line are listed in the order of the columns. */
function fieldOrder(field: string): number {
  const i = (IMPORT_COLUMNS as readonly string[]).indexOf(field);
  return i === -1 ? IMPORT_COLUMNS.length : i;
}

function pairKey(recommendationId: number, subject: Pick<Subject, 'kind' | 'id'>): string {
  return `${recommendationId}:${subject.kind === 'state' ? 's' : 'o'}${subject.id}`;
}

function indexPairs(pairs: readonly PairFacts[]): Map<string, PairFacts> {
  return new Map(pairs.map((p) => [pairKey(p.recommendationId, p.subject), p]));
}

/** Line ends differ between a form (CRLF), a CSV and an XLSX (LF): they do not make a change. */
function sameText(a: string | null, b: string | null): boolean {
  const norm = (s: string | null): string => (s ?? '').replace(/\r\n?/g, '\n');
  return norm(a) === norm(b);
}

function sameAssessment(a: StoredAssessment, v: LineValues, fact: Fact | null): boolean {
  // A line with a fact and no status asks for the derived status: what an assessment recording
  // the same fact without an override has.
  const sameStatus = v.status === null ? a.overrideReason === null : a.status === v.status;
  return (
    sameStatus &&
    sameFact(a.fact, fact) &&
    sameText(a.overrideReason, v.overrideReason) &&
    sameText(a.note, v.note) &&
    sameText(a.evidenceUrl, v.evidenceUrl) &&
    sameText(a.evidenceCitation, v.evidenceCitation)
  );
}
