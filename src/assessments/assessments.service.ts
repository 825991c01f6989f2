import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
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
import { toIsoTimestamp } from '../common/sql-values.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import type { Subject } from '../subjects/subject.js';
import { SubjectsService } from '../subjects/subjects.service.js';
import type { AssessmentView, PairStatusView, SubjectView } from './assessment.view.js';
import type { RecordAssessmentDto } from './dto/record-assessment.dto.js';
import { statusInfo } from './implementation-status.enum.js';
import {
  pairKey,
  PairsMoved,
  PairsRepository,
  type NewAssessment,
  type RecommendationKey,
} from './pairs.repository.js';
import { StatusesRepository } from './statuses.repository.js';

export interface RecordedAssessment {
  assessment: AssessmentView;
  /** Whether the new assessment became the pair's current status (false when back-dated behind a newer one). */
  becameCurrent: boolean;
  current: PairStatusView;
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
    const entry = newAssessment(pair.id, dto, author);
    const appended =
      pair.version !== dto.baseVersion
        ? null
        : await this.transactions
            .run((manager) =>
              this.pairs.append(manager, [entry], new Map([[pair.id, dto.baseVersion]])),
            )
            .catch((err: unknown) => {
              if (err instanceof PairsMoved) return null;
              throw err;
            });
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
    const [saved] = appended.assessments;
    const assessment = toAssessmentView(
      { ...entry, ...saved },
      recommendation.ref,
      subjectView(subject),
    );
    return {
      assessment,
      becameCurrent: saved.becameCurrent,
      // The pair's status is the new assessment's, unless that was dated behind the current one.
      current: saved.becameCurrent
        ? pairStatusFrom(assessment, dto.baseVersion + 1)
        : await this.currentOf(recommendation, subject),
    };
  }

  /**
   * One status, date, note and evidence for several States of one recommendation, in one
   * transaction: either every State gets its assessment or none does. Each State comes with the
   * version the user saw; if any moved meanwhile, nothing is written and 409 names them.
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
      try {
        const { assessments } = await this.pairs.append(
          manager,
          [...seen.keys()].map((pairId) => newAssessment(pairId, fields, author)),
          seen,
        );
        return {
          recorded: assessments.length,
          becameCurrent: assessments.filter((a) => a.becameCurrent).length,
        };
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
    const rows = await this.pairs.historyOf(pair.id, asOf);
    const view = subjectView(subject);
    return {
      recommendationTitle: recommendation.title,
      current: await this.currentOf(recommendation, subject, asOf),
      assessments: rows.map((a) =>
        toAssessmentView(
          { ...a, recordedAt: toIsoTimestamp(a.recordedAt) ?? '' },
          recommendation.ref,
          view,
        ),
      ),
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

/** The assessment a principal records on a pair. */
function newAssessment(
  pairId: number,
  fields: Omit<RecordAssessmentDto, 'baseVersion'>,
  author: Principal,
): NewAssessment {
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

function toAssessmentView(
  a: Omit<SavedAssessment, 'pairId' | 'userId' | 'apiTokenId'>,
  ref: string,
  subject: SubjectView,
): AssessmentView {
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
  };
}
