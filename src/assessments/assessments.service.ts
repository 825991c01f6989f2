import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import {
  fieldError,
  NotAllowedError,
  NotFoundError,
  OutOfScopeError,
  StaleVersionError,
  validationError,
  type FieldProblem,
} from '../common/errors.js';
import { today } from '../common/dates.js';
import { toIsoTimestamp } from '../common/sql-values.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import {
  describeFact,
  factFromJson,
  factRequired,
  parseFact,
  rederivedNote,
} from '../measures/facts.js';
import {
  isFactMeasure,
  type Fact,
  type MeasureKind,
  type MeasureRule,
} from '../measures/measure.types.js';
import { MeasuresRepository, type StoredMeasureVersion } from '../measures/measures.repository.js';
import {
  basisOf,
  currentVersion,
  derivedAt,
  factsInForce,
  planRecord,
  type FactJudgement,
} from '../measures/timeline.js';
import type { Subject } from '../subjects/subject.js';
import { SubjectsService } from '../subjects/subjects.service.js';
import type { AssessmentView, PairStatusView, SubjectView } from './assessment.view.js';
import type { RecordAssessmentDto } from './dto/record-assessment.dto.js';
import { ImplementationStatus, STATUS_VALUES, statusInfo } from './implementation-status.enum.js';
import {
  pairKey,
  PairsMoved,
  PairsRepository,
  type AppendOutcome,
  type NewAssessment,
  type PairState,
  type RecommendationKey,
} from './pairs.repository.js';
import { StatusesRepository } from './statuses.repository.js';

/**
 * A single write planned before the write queue is planned again when the measure changed
 * meanwhile, this many times at most; then it is planned inside the queue.
 */
const PLANNING_ATTEMPTS = 3;

export interface RecordedAssessment {
  assessment: AssessmentView;
  /** Whether the new assessment became the pair's current status (false when back-dated behind a newer one). */
  becameCurrent: boolean;
  current: PairStatusView;
  /**
   * The statuses a back-dated fact moved at later dates, each re-derived as an assessment of its
   * own on that date (see the README's "Measures"); usually none.
   */
  followUps: AssessmentView[];
}

/** An assessment just appended. */
interface SavedAssessment extends NewAssessment {
  id: number;
  recordedAt: string;
}

export interface PairHistory {
  recommendationTitle: string;
  current: PairStatusView;
  assessments: AssessmentView[];
  measure: PairMeasureView;
}

/** A fact in force on a date, with the assessment that recorded it. */
export interface FactInForce {
  assessmentId: number;
  assessedOn: string;
  fact: Fact;
  /** In words, with the rule's labels. */
  text: string;
}

/** The recommendation's measure as it bears on one pair, as of the date read (or now). */
export interface PairMeasureView {
  kind: MeasureKind;
  /** The version of the measure now (0: never set, graded). */
  version: number;
  rule: MeasureRule | null;
  /** The latest step of each instrument, or the latest count or rating, on the date. */
  factsInForce: FactInForce[];
  /** The status the rule in force on the date derives from them; null when graded. */
  derivedStatus: ImplementationStatus | null;
}

/** Whether the principal's State limits (if any) include this subject. Roles are checked apart. */
export function mayWriteFor(
  principal: Principal,
  subject: Pick<Subject, 'kind' | 'code'>,
): boolean {
  if (principal.states === null) return true;
  return subject.kind === 'state' && principal.states.some((s) => s.iso3 === subject.code);
}

@Injectable()
export class AssessmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly subjects: SubjectsService,
    private readonly statuses: StatusesRepository,
    private readonly pairs: PairsRepository,
    private readonly audit: AuditService,
    private readonly measures: MeasuresRepository,
  ) {}

  /**
   * Refuses (403, and logs the refusal) a write by someone limited to a list of States for a
   * subject outside it. An organisation's line is outside every list of States.
   */
  async assertMayWrite(principal: Principal, ref: string, subject: Subject): Promise<void> {
    if (mayWriteFor(principal, subject)) return;
    const list = (principal.states ?? []).map((s) => s.iso3).join(', ');
    await this.audit.record({
      action: 'write.refused',
      actor: principal,
      target: `${ref}/${subject.code}`,
      detail: `limited to ${list}`,
    });
    throw new NotAllowedError(
      `You may record assessments only for ${list}; ${subject.name} (${subject.code}) is not among them.`,
      [
        {
          field: 'iso3',
          rule: 'allowedStates',
          message: `${subject.code} is not among the States you may write for (${list})`,
        },
      ],
    );
  }

  /**
   * Appends an assessment to a pair. The pair's version must still be `baseVersion`; the
   * current status moves only if the new assessment is the latest by assessedOn.
   */
  async record(
    ref: string,
    subjectCode: string,
    dto: RecordAssessmentDto,
    author: Principal,
  ): Promise<RecordedAssessment> {
    const subject = await this.subjects.get(subjectCode);
    await this.assertMayWrite(author, ref, subject);
    // Read before the write queue: the append checks again, inside it, that the pair is still
    // at this version and in scope.
    const found = await this.pairs.pairOfRef(this.dataSource.manager, ref, subject);
    if (!found) throw notFound(ref);
    const { recommendation, pair } = found;
    if (!pair?.inScope) {
      throw new OutOfScopeError(
        `${subject.name} (${subject.code}) is not in the scope of recommendation ${recommendation.ref}`,
        [
          {
            field: 'iso3',
            rule: 'inScope',
            message: `${subject.code} is not in the scope of ${recommendation.ref}`,
          },
        ],
      );
    }
    const appended = await this.appendTo(recommendation, pair, found.measureVersions, dto, author);
    if (!appended) {
      const current = await this.currentOf(recommendation, subject);
      throw new StaleVersionError(
        `${recommendation.ref} / ${subject.code} has changed since version ${dto.baseVersion}: ` +
          `it is now at version ${current.version}. Review the current status below and submit again ` +
          `with baseVersion ${current.version}.`,
        dto.baseVersion,
        current,
      );
    }
    const { entries } = appended;
    const [assessment, ...followUps] = appended.outcome.assessments.map((saved, i) =>
      toAssessmentView({ ...entries[i], ...saved }, recommendation.ref, subjectView(subject)),
    );
    const [saved] = appended.outcome.assessments;
    return {
      assessment,
      becameCurrent: saved.becameCurrent,
      // The pair's status is the new assessment's, unless that was dated behind the current one
      // (or a back-dated fact moved a later status too).
      current:
        saved.becameCurrent && followUps.length === 0
          ? pairStatusFrom(assessment, dto.baseVersion + 1)
          : await this.currentOf(recommendation, subject),
      followUps,
    };
  }

  /**
   * Appends what recording `dto` makes of a pair; null when the pair is no longer at
   * `dto.baseVersion` (or in scope). The input is checked against the measure in force (a
   * refusal names the field). One assessment, nearly always, is planned before the write queue
   * and written only if neither the pair nor the measure changed meanwhile (planned again if
   * only the measure did): in the queue, one statement writes and one reads. Several (a
   * back-dated fact's re-derived statuses) are planned inside the queue and appended under a
   * savepoint, undone together if the pair moved.
   */
  private async appendTo(
    recommendation: RecommendationKey,
    pair: PairState,
    measureVersions: number,
    dto: RecordAssessmentDto,
    author: Principal,
  ): Promise<{ entries: NewAssessment[]; outcome: AppendOutcome } | null> {
    const pairId = pair.id;
    const moved = (err: unknown): null => {
      if (err instanceof PairsMoved) return null;
      throw err;
    };
    const reader = this.dataSource.manager;
    for (let attempt = 1; attempt <= PLANNING_ATTEMPTS; attempt++) {
      // A graded recommendation (no measure when the pair was read) has no versions to read.
      const versions =
        attempt === 1 && measureVersions === 0
          ? []
          : await this.measures.versions(reader, recommendation.id);
      const planned = await this.entriesOf(reader, recommendation, [pairId], dto, author, {
        versions,
      });
      const entries = planned.get(pairId) ?? [];
      // Stale already when read: refused without waiting for the queue.
      if (attempt === 1 && pair.version !== dto.baseVersion) return null;
      if (entries.length !== 1) break;
      const guard = {
        pairVersion: dto.baseVersion,
        recommendationId: recommendation.id,
        measureVersions: versions.length,
      };
      const outcome = await this.transactions
        .run((m) => this.pairs.appendOne(m, entries[0], guard), { savepoint: false })
        .catch(moved);
      if (outcome) return { entries, outcome };
      const now = (await this.pairs.pairsById(reader, [pairId])).get(pairId);
      if (now?.version !== dto.baseVersion || !now.inScope) return null;
      // Only the measure changed: planned again against its new version.
    }
    let entries: NewAssessment[] = [];
    const outcome = await this.transactions
      .run(async (manager) => {
        const planned = await this.entriesOf(manager, recommendation, [pairId], dto, author);
        entries = planned.get(pairId) ?? [];
        return manager.transaction((m) =>
          this.pairs.append(m, entries, new Map([[pairId, dto.baseVersion]])),
        );
      })
      .catch(moved);
    return outcome ? { entries, outcome } : null;
  }

  /**
   * The assessments that recording `input` appends to each of these pairs of a recommendation,
   * by pair. On a recommendation measured by facts: the fact checked against its measure, the
   * status derived by its rule (or the analyst's, with the reason), and the later statuses a
   * back-dated fact moves; a status without a fact and without a reason is refused
   * (`factRequired`). On a graded one: the status as judged. Read inside the write's transaction:
   * the append then checks each pair is still at the version seen. `names` (by pair) says which
   * State a refusal is about, when several are written.
   */
  private async entriesOf(
    manager: EntityManager,
    recommendation: RecommendationKey,
    pairIds: readonly number[],
    input: Omit<RecordAssessmentDto, 'baseVersion'>,
    author: Principal,
    options: {
      names?: ReadonlyMap<number, string>;
      /** The measure's versions, when already read. */
      versions?: StoredMeasureVersion[];
    } = {},
  ): Promise<Map<number, NewAssessment[]>> {
    const { names } = options;
    const versions = options.versions ?? (await this.measures.versions(manager, recommendation.id));
    const measure = currentVersion(versions)?.measure ?? { kind: 'graded' };
    const judged = input.fact === undefined && input.overrideReason === undefined;
    if (judged && isFactMeasure(measure)) {
      throw validationError([factRequired(recommendation.ref, measure)]);
    }
    if (judged) {
      const { status } = input;
      if (status === undefined) {
        throw fieldError('status', 'isIn', `status must be one of: ${STATUS_VALUES.join(', ')}`);
      }
      return new Map(pairIds.map((id) => [id, [newAssessment(id, { ...input, status }, author)]]));
    }
    let fact: Fact | null = null;
    if (input.fact !== undefined) {
      const parsed = parseFact(measure, input.fact);
      if (!parsed.ok) throw validationError(parsed.problems);
      fact = parsed.fact;
    }
    const histories = await this.measures.histories(
      manager,
      recommendation.id,
      pairIds.length === 1 ? pairIds[0] : undefined,
    );
    const out = new Map<number, NewAssessment[]>();
    const problems: FieldProblem[] = [];
    for (const pairId of pairIds) {
      const plan = planRecord(versions, histories.get(pairId) ?? [], {
        assessedOn: input.assessedOn,
        fact,
        status: input.status,
        overrideReason: input.overrideReason,
      });
      if (!plan.ok) {
        const name = names?.get(pairId);
        problems.push(
          ...plan.problems.map((p) => (name ? { ...p, message: `${p.message} (${name})` } : p)),
        );
        continue;
      }
      const base = newAssessment(pairId, { ...input, status: plan.entry.status }, author);
      out.set(pairId, [
        { ...base, ...plan.entry },
        ...plan.followUps.map((f) => ({
          ...base,
          ...f,
          note: rederivedNote(measure, fact, input.assessedOn),
          internalNote: null,
          evidenceUrl: null,
          evidenceCitation: null,
        })),
      ]);
    }
    if (problems.length > 0) throw validationError(problems);
    return out;
  }

  /**
   * One status (or, on a recommendation measured by facts, one dated fact, or a status with the
   * reason for it), date, note and evidence for several States of one recommendation, in one
   * transaction: either every State gets its assessment or none does. Each State comes with the
   * version the user saw; if any moved meanwhile, nothing is written and 409 names them.
   * `recorded` counts the States, `becameCurrent` those whose status it now is.
   */
  async recordMany(
    ref: string,
    entries: { code: string; baseVersion: number }[],
    fields: Omit<RecordAssessmentDto, 'baseVersion'>,
    author: Principal,
  ): Promise<{ recorded: number; becameCurrent: number }> {
    const recommendation = await this.recommendationByRef(ref);
    if (entries.length === 0) {
      throw fieldError('states', 'arrayNotEmpty', 'states: choose at least one State');
    }
    const subjects = await Promise.all(entries.map((e) => this.subjects.get(e.code)));
    const outside = subjects.filter((s) => !mayWriteFor(author, s));
    if (outside.length > 0) {
      await this.assertMayWrite(author, ref, outside[0]);
    }
    const staleError = (names: string[]) =>
      new StaleVersionError(
        `Someone else assessed ${names.join(', ')} for ${ref} meanwhile. Nothing was recorded; review their assessments and submit again.`,
        null,
        null,
      );
    return this.transactions.run(async (manager) => {
      const problems: FieldProblem[] = [];
      const stale: string[] = [];
      const seen = new Map<number, number>();
      const names = new Map<number, string>();
      const pairsOf = await this.pairs.pairsOfRecommendation(manager, recommendation.id);
      for (const [i, subject] of subjects.entries()) {
        const pair = pairsOf.get(pairKey(subject));
        if (!pair?.inScope) {
          problems.push({
            field: 'states',
            rule: 'inScope',
            message: `${subject.name} (${subject.code}) is not in the scope of ${ref}`,
          });
        } else if (pair.version !== entries[i].baseVersion) {
          stale.push(subject.name);
        } else {
          seen.set(pair.id, pair.version);
          names.set(pair.id, subject.name);
        }
      }
      if (problems.length > 0) throw validationError(problems);
      if (stale.length > 0) throw staleError(stale);
      const planned = await this.entriesOf(
        manager,
        recommendation,
        [...seen.keys()],
        fields,
        author,
        { names },
      );
      // The first assessment of each pair is the one asked for; any after it are re-derived.
      const lists = [...planned.values()];
      try {
        const { assessments } = await this.pairs.append(manager, lists.flat(), seen);
        let at = 0;
        let becameCurrent = 0;
        for (const list of lists) {
          const own = assessments.slice(at, at + list.length);
          if (own[0]?.becameCurrent && own.slice(1).every((a) => !a.becameCurrent)) {
            becameCurrent++;
          }
          at += list.length;
        }
        return { recorded: lists.length, becameCurrent };
      } catch (err) {
        if (err instanceof PairsMoved) {
          throw staleError(err.pairIds.map((id) => names.get(id) ?? String(id)));
        }
        throw err;
      }
    });
  }

  /** A pair's assessments, newest first (by assessedOn, then by recording), and its status. */
  async history(ref: string, subjectCode: string, asOf?: string): Promise<PairHistory> {
    const subject = await this.subjects.get(subjectCode);
    const found = await this.pairs.pairOfRef(this.dataSource.manager, ref, subject);
    if (!found) throw notFound(ref);
    const { recommendation, pair } = found;
    if (!pair) {
      throw new NotFoundError(
        `${subject.code} has never been tracked for recommendation ${recommendation.ref}`,
      );
    }
    const [rows, versions] = await Promise.all([
      this.pairs.historyOf(pair.id, asOf),
      // A graded recommendation has no measure to read.
      found.measureVersions === 0
        ? Promise.resolve([])
        : this.measures.versions(this.dataSource.manager, recommendation.id),
    ]);
    const view = subjectView(subject);
    const judgements = rows.map((a) => ({
      ...a,
      fact: factFromJson(a.fact),
      recordedAt: toIsoTimestamp(a.recordedAt) ?? '',
    }));
    return {
      recommendationTitle: recommendation.title,
      current: await this.currentOf(recommendation, subject, asOf),
      assessments: judgements.map((a) => toAssessmentView(a, recommendation.ref, view)),
      measure: pairMeasureView(versions, judgements, asOf ?? today()),
    };
  }

  private async recommendationByRef(ref: string): Promise<RecommendationKey> {
    const found = await this.pairs.recommendationByRef(this.dataSource.manager, ref);
    if (!found) throw notFound(ref);
    return found;
  }

  private async currentOf(
    recommendation: RecommendationKey,
    subject: Subject,
    asOf?: string,
  ): Promise<PairStatusView> {
    const [row] = await this.statuses.pairs({
      recommendationId: recommendation.id,
      subject,
      asOf,
      includeOutOfScope: true,
    });
    const { pairId: _p, recommendationId: _r, recommendationTitle: _t, ...view } = row;
    return view;
  }
}

function notFound(ref: string): NotFoundError {
  return new NotFoundError(`No recommendation with ref "${ref}"`);
}

/** What a judgement on the scale says: its status, date, notes and evidence. */
export type AssessmentFields = Pick<
  RecordAssessmentDto,
  'assessedOn' | 'note' | 'internalNote' | 'evidenceUrl' | 'evidenceCitation'
> & { status: ImplementationStatus };

/** The assessment a principal records on a pair. */
function newAssessment(pairId: number, fields: AssessmentFields, author: Principal): NewAssessment {
  return {
    pairId,
    status: fields.status,
    assessedOn: fields.assessedOn,
    note: fields.note ?? null,
    internalNote: fields.internalNote ?? null,
    evidenceUrl: fields.evidenceUrl ?? null,
    evidenceCitation: fields.evidenceCitation ?? null,
    author: author.kind === 'token' ? author.name : author.displayName,
    userId: author.userId,
    apiTokenId: author.apiTokenId,
  };
}

/** The status of a pair in scope whose current assessment is `a`, at `version`. */
function pairStatusFrom(a: AssessmentView, version: number): PairStatusView {
  const { id, ...rest } = a;
  return { ...rest, assessmentId: id, version, inScope: true };
}

function subjectView(subject: Subject): SubjectView {
  return { kind: subject.kind, code: subject.code, name: subject.name };
}

/** The measure as it bears on a pair whose history (up to `date`) is `history`. */
function pairMeasureView(
  versions: StoredMeasureVersion[],
  history: (FactJudgement & { fact: Fact | null })[],
  date: string,
): PairMeasureView {
  const current = currentVersion(versions);
  const measure = current?.measure ?? { kind: 'graded' };
  return {
    kind: measure.kind,
    version: current?.version ?? 0,
    rule: measure.kind === 'graded' ? null : measure.rule,
    factsInForce: factsInForce(history, date).map((a) => ({
      assessmentId: a.id,
      assessedOn: a.assessedOn,
      fact: a.fact,
      text: describeFact(measure, a.fact),
    })),
    derivedStatus: derivedAt(versions, history, date)?.status ?? null,
  };
}

function toAssessmentView(
  a: Omit<SavedAssessment, 'pairId' | 'userId' | 'apiTokenId'>,
  ref: string,
  subject: SubjectView,
): AssessmentView {
  const measured = {
    fact: a.fact ?? null,
    derivedStatus: a.derivedStatus ?? null,
    overrideReason: a.overrideReason ?? null,
  };
  return {
    id: a.id,
    recommendation: ref,
    subject,
    status: a.status,
    statusLabel: statusInfo(a.status).label,
    assessedOn: a.assessedOn,
    note: a.note,
    internalNote: a.internalNote,
    evidenceUrl: a.evidenceUrl,
    evidenceCitation: a.evidenceCitation,
    author: a.author,
    recordedAt: a.recordedAt,
    ...measured,
    basis: basisOf(measured),
  };
}
