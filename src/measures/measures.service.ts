import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { SubjectView } from '../assessments/assessment.view.js';
import { ImplementationStatus, statusInfo } from '../assessments/implementation-status.enum.js';
import {
  PairsMoved,
  PairsRepository,
  type NewAssessment,
  type RecommendationKey,
} from '../assessments/pairs.repository.js';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { today } from '../common/dates.js';
import { fieldError, NotFoundError, StaleVersionError, validationError } from '../common/errors.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import type { ChangeMeasureDto, PreviewMeasureDto } from './dto/change-measure.dto.js';
import { describeFact } from './facts.js';
import type { Fact, Measure, MeasureKind, MeasureRule } from './measure.types.js';
import {
  MeasuresRepository,
  type ScopedPair,
  type StoredMeasureVersion,
} from './measures.repository.js';
import { checkFactsStillMeaningful, parseMeasure } from './rules.js';
import { currentVersion, planRuleChange, type Basis } from './timeline.js';

export interface MeasureVersionView {
  version: number;
  kind: MeasureKind;
  rule: MeasureRule | null;
  /** YYYY-MM-DD: from this day its rule derives the statuses. */
  effectiveOn: string;
  note: string | null;
  author: string;
  recordedAt: string;
}

/** A recommendation's measure now, and every version it had (oldest first). */
export interface MeasureView {
  recommendation: { ref: string; title: string };
  kind: MeasureKind;
  /** 0 while it never had one (graded): send it as `baseVersion` to set the first. */
  version: number;
  rule: MeasureRule | null;
  effectiveOn: string | null;
  note: string | null;
  versions: MeasureVersionView[];
}

export interface MeasuredRecommendationView {
  ref: string;
  title: string;
  kind: MeasureKind;
  version: number;
  effectiveOn: string;
}

export interface FactView {
  fact: Fact;
  text: string;
}

/** A pair whose status the change moves, from the date of the change. */
export interface StatusMoveView {
  subject: SubjectView;
  from: ImplementationStatus;
  fromLabel: string;
  to: ImplementationStatus;
  toLabel: string;
  /** The facts in force the new rule reads. */
  facts: FactView[];
}

/** A pair with facts whose status an analyst set: the change leaves it as it is. */
export interface KeptStatusView {
  subject: SubjectView;
  status: ImplementationStatus;
  statusLabel: string;
  basis: Basis;
}

/** What a measure change would do, before it is applied. */
export interface RuleChangePreview {
  recommendation: { ref: string; title: string };
  baseVersion: number;
  /** The version the change becomes. */
  version: number;
  kind: MeasureKind;
  rule: MeasureRule | null;
  /** YYYY-MM-DD: the day of the change, the date of the statuses it moves. */
  effectiveOn: string;
  moves: StatusMoveView[];
  kept: KeptStatusView[];
  /** Pairs whose status follows the rule and stays what it is. */
  unchanged: number;
  /** Send it back with the change: it is refused if what it moves has changed meanwhile. */
  previewDigest: string;
}

export interface RuleChangeResult {
  measure: MeasureView;
  /** The statuses re-derived, each now a new assessment dated the day of the change. */
  moves: StatusMoveView[];
}

/** The author's name recorded with what a principal writes. */
function authorName(principal: Principal): string {
  return principal.kind === 'token' ? principal.name : principal.displayName;
}

/**
 * How recommendations are measured: reading a measure, and changing it. A change is previewed
 * first (what it moves), then applied with the preview's digest: a new version of the measure,
 * and for every pair whose derived status it changes a new assessment dated the day of the
 * change, attributed to the admin, through the one append. Nothing earlier is rewritten.
 */
@Injectable()
export class MeasuresService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly measures: MeasuresRepository,
    private readonly pairs: PairsRepository,
    private readonly audit: AuditService,
  ) {}

  /** The recommendations measured by milestones, a count or a rating (the others are graded). */
  async list(): Promise<MeasuredRecommendationView[]> {
    const rows = await this.measures.measured(this.dataSource.manager);
    return rows.map(({ recommendationId: _id, ...row }) => row);
  }

  async get(ref: string): Promise<MeasureView> {
    const manager = this.dataSource.manager;
    const recommendation = await this.recommendation(manager, ref);
    return measureView(recommendation, await this.measures.versions(manager, recommendation.id));
  }

  /** What applying `dto` would do now; writes nothing. */
  async preview(ref: string, dto: PreviewMeasureDto): Promise<RuleChangePreview> {
    const manager = this.dataSource.manager;
    return (await this.plan(manager, await this.recommendation(manager, ref), dto)).preview;
  }

  /**
   * Applies a previewed change, all or nothing: refused (409, with the new preview) when the
   * measure or a status it moves has changed since the preview.
   */
  async change(
    ref: string,
    dto: ChangeMeasureDto,
    principal: Principal,
  ): Promise<RuleChangeResult> {
    return this.transactions.run(async (manager) => {
      const recommendation = await this.recommendation(manager, ref);
      const { preview, measure, pairs } = await this.plan(manager, recommendation, dto);
      if (preview.previewDigest !== dto.previewDigest) {
        throw new StaleVersionError(
          `What this change of ${ref}'s measure moves has changed since it was previewed ` +
            `(${preview.moves.length} statuses now). Review the new preview and apply it again.`,
          null,
          preview,
          [
            {
              field: 'previewDigest',
              rule: 'stale',
              message: 'previewDigest: the preview is out of date',
            },
          ],
        );
      }
      const author = authorName(principal);
      await this.measures.addVersion(manager, {
        recommendationId: recommendation.id,
        version: preview.version,
        measure,
        effectiveOn: preview.effectiveOn,
        note: dto.note ?? null,
        author,
        userId: principal.userId,
        apiTokenId: principal.apiTokenId,
      });
      const note =
        `Re-derived: the measure of ${ref} changed (version ${preview.version})` +
        (dto.note ? `: ${dto.note}` : '.');
      const entries: NewAssessment[] = pairs.map(({ pair, to }) => ({
        pairId: pair.pairId,
        status: to,
        assessedOn: preview.effectiveOn,
        note,
        internalNote: null,
        evidenceUrl: null,
        evidenceCitation: null,
        author,
        userId: principal.userId,
        apiTokenId: principal.apiTokenId,
        fact: null,
        derivedStatus: to,
        overrideReason: null,
        measureVersion: preview.version,
      }));
      try {
        await this.pairs.append(
          manager,
          entries,
          new Map(pairs.map(({ pair }) => [pair.pairId, pair.version])),
        );
      } catch (err) {
        if (!(err instanceof PairsMoved)) throw err;
        throw new StaleVersionError(
          `A status this change moves was recorded meanwhile; nothing was changed. Preview the change again.`,
          null,
          null,
        );
      }
      await this.audit.record(
        {
          action: 'measure.changed',
          actor: principal,
          target: ref,
          detail:
            `version ${preview.version}: ${measure.kind}; ${preview.moves.length} statuses re-derived` +
            (preview.kept.length > 0 ? `, ${preview.kept.length} set by analysts kept` : ''),
        },
        manager,
      );
      return {
        measure: measureView(
          recommendation,
          await this.measures.versions(manager, recommendation.id),
        ),
        moves: preview.moves,
      };
    });
  }

  /** Checks a proposed measure against the recommendation and plans what it moves. */
  private async plan(
    manager: EntityManager,
    recommendation: RecommendationKey,
    dto: PreviewMeasureDto,
  ): Promise<{
    preview: RuleChangePreview;
    measure: Measure;
    pairs: { pair: ScopedPair; to: ImplementationStatus }[];
  }> {
    const parsed = parseMeasure(dto);
    if (!parsed.ok) throw validationError(parsed.problems);
    const { measure } = parsed;
    const versions = await this.measures.versions(manager, recommendation.id);
    const current = currentVersion(versions);
    const version = current?.version ?? 0;
    if (dto.baseVersion !== version) {
      throw new StaleVersionError(
        `The measure of ${recommendation.ref} has changed since version ${dto.baseVersion}: it is ` +
          `now at version ${version}. Review it and submit again with baseVersion ${version}.`,
        dto.baseVersion,
        measureView(recommendation, versions),
      );
    }
    const facts = await this.measures.facts(manager, recommendation.id);
    const kind = current?.measure.kind ?? 'graded';
    if (measure.kind !== kind && facts.length > 0) {
      throw fieldError(
        'kind',
        'factsRecorded',
        `kind: ${recommendation.ref} is measured as ${kind} and facts are recorded for it ` +
          `(${facts.length}); its kind can no longer change, only its rule`,
      );
    }
    const problems = checkFactsStillMeaningful(measure, facts);
    if (problems.length > 0) throw validationError(problems);

    const on = today();
    const scoped = await this.measures.pairsInScope(manager, recommendation.id);
    const histories = await this.measures.histories(manager, recommendation.id);
    for (const id of histories.keys()) if (!scoped.has(id)) histories.delete(id);
    const plan = planRuleChange(measure, histories, on);
    const subjectOf = (pairId: number): SubjectView => {
      const pair = scoped.get(pairId);
      if (!pair) throw new Error(`pair ${pairId} is not in scope`);
      return pair.subject;
    };
    // In the order of the subjects' names, as pages list them.
    const order = [...scoped.keys()];
    const rank = (pairId: number) => order.indexOf(pairId);
    const moves = [...plan.moves].sort((a, b) => rank(a.pairId) - rank(b.pairId));
    const kept = [...plan.kept].sort((a, b) => rank(a.pairId) - rank(b.pairId));
    const previewDigest = createHash('sha256')
      .update(
        JSON.stringify({
          ref: recommendation.ref,
          baseVersion: version,
          measure,
          on,
          moves: moves.map((m) => [m.pairId, scoped.get(m.pairId)?.version, m.from, m.to]),
        }),
      )
      .digest('hex');
    return {
      measure,
      pairs: moves.map((m) => ({ pair: scoped.get(m.pairId) as ScopedPair, to: m.to })),
      preview: {
        recommendation: { ref: recommendation.ref, title: recommendation.title },
        baseVersion: version,
        version: version + 1,
        kind: measure.kind,
        rule: measure.kind === 'graded' ? null : measure.rule,
        effectiveOn: on,
        moves: moves.map((m) => ({
          subject: subjectOf(m.pairId),
          from: m.from,
          fromLabel: statusInfo(m.from).label,
          to: m.to,
          toLabel: statusInfo(m.to).label,
          facts: m.facts.map((fact) => ({ fact, text: describeFact(measure, fact) })),
        })),
        kept: kept.map((k) => ({
          subject: subjectOf(k.pairId),
          status: k.status,
          statusLabel: statusInfo(k.status).label,
          basis: k.basis,
        })),
        unchanged: plan.unchanged,
        previewDigest,
      },
    };
  }

  private async recommendation(manager: EntityManager, ref: string): Promise<RecommendationKey> {
    const found = await this.pairs.recommendationByRef(manager, ref);
    if (!found) throw new NotFoundError(`No recommendation with ref "${ref}"`);
    return found;
  }
}

function measureView(
  recommendation: RecommendationKey,
  versions: StoredMeasureVersion[],
): MeasureView {
  const current = currentVersion(versions);
  const measure: Measure = current?.measure ?? { kind: 'graded' };
  return {
    recommendation: { ref: recommendation.ref, title: recommendation.title },
    kind: measure.kind,
    version: current?.version ?? 0,
    rule: measure.kind === 'graded' ? null : measure.rule,
    effectiveOn: current?.effectiveOn ?? null,
    note: current?.note ?? null,
    versions: versions.map((v) => ({
      version: v.version,
      kind: v.measure.kind,
      rule: v.measure.kind === 'graded' ? null : v.measure.rule,
      effectiveOn: v.effectiveOn,
      note: v.note,
      author: v.author,
      recordedAt: v.recordedAt,
    })),
  };
}
