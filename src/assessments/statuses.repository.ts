import { Injectable } from '@nestjs/common';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { toBool, toIsoDate, toIsoTimestamp } from '../common/sql-values.js';
import { jsonIdList, sqlBool } from '../database/dialect.js';
import { factFromJson } from '../measures/facts.js';
import type { Fact } from '../measures/measure.types.js';
import { basisOf, type Basis } from '../measures/timeline.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { Recommendation } from '../recommendations/recommendation.entity.js';
import { State } from '../states/state.entity.js';
import type { SubjectKind } from '../subjects/subject.js';
import { Assessment } from './assessment.entity.js';
import type { PairStatusView } from './assessment.view.js';
import { Pair } from './pair.entity.js';
import { ImplementationStatus, statusInfo } from './implementation-status.enum.js';
import {
  ASSESSMENT_ID_AS_OF,
  STATUS_AS_OF,
  HAS_ORGANISATION,
  HAS_THEME,
  PAIR_HAS_ORGANISATION,
  PAIR_HAS_THEME,
  PAIR_OF_EVENT,
} from './sql-fragments.js';
import {
  emptyCounts,
  progressFromCounts,
  type ProgressFigures,
  type StatusCounts,
} from './progress.js';

/** Which tracked pairs to read. Only pairs in scope are read unless `includeOutOfScope`. */
export interface PairFilter {
  recommendationId?: number;
  recommendationIds?: number[];
  eventId?: number;
  themeId?: number;
  organisationId?: number;
  subject?: { kind: SubjectKind; id: number };
  /** YYYY-MM-DD; omitted: the current status. */
  asOf?: string;
  includeOutOfScope?: boolean;
}

export interface PairRow extends PairStatusView {
  pairId: number;
  recommendationId: number;
  recommendationTitle: string;
}

interface RawPair {
  pairId: number;
  recommendationId: number;
  ref: string;
  recommendationTitle: string;
  stateIso3: string | null;
  stateName: string | null;
  orgAcronym: string | null;
  orgName: string | null;
  inScope: unknown;
  version: number;
  assessmentId: number | null;
  status: ImplementationStatus | null;
  assessedOn: unknown;
  note: string | null;
  internalNote: string | null;
  evidenceUrl: string | null;
  evidenceCitation: string | null;
  author: string | null;
  recordedAt: unknown;
  fact: string | null;
  derivedStatus: ImplementationStatus | null;
  overrideReason: string | null;
}

/** What a matrix cell shows of a pair (see `cells()`). */
export type CellRow = Pick<
  PairRow,
  'recommendation' | 'recommendationTitle' | 'subject' | 'status' | 'assessedOn' | 'version'
> & { fact: Fact | null };

interface RawCell {
  ref: string;
  recommendationTitle: string;
  stateIso3: string | null;
  stateName: string | null;
  orgAcronym: string | null;
  orgName: string | null;
  version: number;
  status: ImplementationStatus;
  assessedOn: unknown;
  fact: string | null;
}

/** The status of one State pair, and nothing else (see `stateStatuses()`). */
export interface StateStatus {
  recommendationId: number;
  stateId: number;
  status: ImplementationStatus;
}

/** Where a pair's recommendation stands (its event) and the pair's status (see `placedStatuses()`). */
export interface PlacedStatus {
  pairId: number;
  recommendationId: number;
  ref: string;
  eventId: number;
  status: ImplementationStatus;
}

/** Counts by status of one State's or organisation's pairs (see `countsBySubject()`). */
export interface SubjectCounts {
  kind: SubjectKind;
  /** State or organisation id, by kind. */
  id: number;
  counts: StatusCounts;
  /** YYYY-MM-DD of the latest assessment in force among them; null when none. */
  latestAssessedOn: string | null;
}

interface RawSubjectCount {
  id: number;
  status: ImplementationStatus;
  n: number | string;
  latest: unknown;
}

/** One assessment of a tracked pair, as the set-based history read returns it. */
export interface AssessmentRow {
  pairId: number;
  id: number;
  status: ImplementationStatus;
  assessedOn: string;
  note: string | null;
  internalNote: string | null;
  evidenceUrl: string | null;
  evidenceCitation: string | null;
  author: string;
  recordedAt: string | null;
  /** The fact recorded with it, if any (see the recommendation's measure). */
  fact: Fact | null;
  /** The status the measure derived at its date; null for a judgement on the scale. */
  derivedStatus: ImplementationStatus | null;
  overrideReason: string | null;
  /** Where its status comes from: judged, derived, override or rederived. */
  basis: Basis;
}

interface RawAssessment {
  pairId: number;
  id: number;
  status: ImplementationStatus;
  assessedOn: unknown;
  note: string | null;
  internalNote: string | null;
  evidenceUrl: string | null;
  evidenceCitation: string | null;
  author: string;
  recordedAt: unknown;
  fact: string | null;
  derivedStatus: ImplementationStatus | null;
  overrideReason: string | null;
}

/**
 * Set-based reads of tracked pairs and their status, current or as of a date. The status as of
 * a date is the pair's latest assessment (by assessedOn, then by id) dated on or before it.
 */
@Injectable()
export class StatusesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One page of the pairs `pairs()` would read, in the same order, and how many there are. */
  async pairsPage(
    filter: PairFilter,
    page: number,
    pageSize: number,
  ): Promise<{ rows: PairRow[]; total: number }> {
    const [rows, total] = await Promise.all([
      this.pairs(filter, { offset: (page - 1) * pageSize, limit: pageSize }),
      this.filtered(this.dataSource.getRepository(Pair).createQueryBuilder('p'), filter).getCount(),
    ]);
    return { rows, total };
  }

  async pairs(filter: PairFilter, slice?: { offset: number; limit: number }): Promise<PairRow[]> {
    if (slice && filter.subject) return this.subjectPage(filter, slice);
    const qb = this.base(filter);
    if (slice) qb.offset(slice.offset).limit(slice.limit);
    qb.select('p.id', 'pairId')
      .addSelect('p.recommendation_id', 'recommendationId')
      .addSelect('r.ref', 'ref')
      .addSelect('r.title', 'recommendationTitle')
      .addSelect('s.iso3', 'stateIso3')
      .addSelect('s.name', 'stateName')
      .addSelect('o.acronym', 'orgAcronym')
      .addSelect('o.name', 'orgName')
      .addSelect('p.in_scope', 'inScope')
      .addSelect('p.version', 'version')
      .addSelect('a.id', 'assessmentId')
      .addSelect('a.status', 'status')
      .addSelect('a.assessed_on', 'assessedOn')
      .addSelect('a.note', 'note')
      .addSelect('a.internal_note', 'internalNote')
      .addSelect('a.evidence_url', 'evidenceUrl')
      .addSelect('a.evidence_citation', 'evidenceCitation')
      .addSelect('a.author', 'author')
      .addSelect('a.recorded_at', 'recordedAt')
      .addSelect('a.fact', 'fact')
      .addSelect('a.derived_status', 'derivedStatus')
      .addSelect('a.override_reason', 'overrideReason');
    inDisplayOrder(qb);
    return (await qb.getRawMany<RawPair>()).map(toPairRow);
  }

  /**
   * A page of one subject's pairs. A subject has at most one pair per recommendation, so the
   * page is a page of recommendations: their ids are read by walking the recommendations in the
   * order shown (their index on event and position) among those with a pair that the filter
   * selects, which stops once the page is full. Ordering the subject's pairs instead read all of
   * them (17,000 for a State at 100,000 recommendations) to show 20.
   */
  private async subjectPage(
    filter: PairFilter,
    slice: { offset: number; limit: number },
  ): Promise<PairRow[]> {
    const selected = this.filtered(
      this.dataSource.getRepository(Pair).createQueryBuilder('p'),
      filter,
    ).select('p.recommendation_id');
    const page = await this.dataSource
      .getRepository(Recommendation)
      .createQueryBuilder('r')
      .select('r.id', 'id')
      .where(`r.id IN (${selected.getQuery()})`)
      .setParameters(selected.getParameters())
      .orderBy('r.event_id')
      .addOrderBy('r.position')
      .addOrderBy('r.id')
      .offset(slice.offset)
      .limit(slice.limit)
      .getRawMany<{ id: number }>();
    if (page.length === 0) return [];
    return this.pairs({ ...filter, recommendationIds: page.map((r) => Number(r.id)) });
  }

  /**
   * Only the recommendation, State and status (current, or as of the filter's date) of each
   * State pair the filter selects, in no order: for figures over many pairs, without the notes,
   * evidence and names of `pairs()`.
   */
  async stateStatuses(filter: PairFilter): Promise<StateStatus[]> {
    const rows = await this.counting(filter)
      .andWhere('p.state_id IS NOT NULL')
      .select('p.recommendation_id', 'recommendationId')
      .addSelect('p.state_id', 'stateId')
      .addSelect(this.statusExpr(filter), 'status')
      .getRawMany<{ recommendationId: number; stateId: number; status: ImplementationStatus }>();
    return rows.map((r) => ({
      recommendationId: Number(r.recommendationId),
      stateId: Number(r.stateId),
      status: r.status,
    }));
  }

  /**
   * The place and status of each pair the filter selects (current, or as of its date), in the
   * order pages show them (event, then the source's order): a few values a pair, for reports
   * that go through many pairs and read their full rows a part at a time.
   */
  async placedStatuses(filter: PairFilter): Promise<PlacedStatus[]> {
    const rows = await this.counting(filter)
      .innerJoin(Recommendation, 'r', 'r.id = p.recommendation_id')
      .select('p.id', 'pairId')
      .addSelect('p.recommendation_id', 'recommendationId')
      .addSelect('r.ref', 'ref')
      .addSelect('r.event_id', 'eventId')
      .addSelect(this.statusExpr(filter), 'status')
      .orderBy('r.event_id')
      .addOrderBy('r.position')
      .addOrderBy('r.id')
      .getRawMany<Record<keyof PlacedStatus, unknown>>();
    return rows.map((r) => ({
      pairId: Number(r.pairId),
      recommendationId: Number(r.recommendationId),
      ref: String(r.ref),
      eventId: Number(r.eventId),
      status: r.status as ImplementationStatus,
    }));
  }

  /**
   * The recommendations of the pairs the filter selects that have an assessment dated after
   * `after` (exclusive) and up to `through` (inclusive): what was assessed in a period.
   */
  async recommendationsAssessedIn(
    filter: PairFilter,
    range: { after: string; through: string },
  ): Promise<Set<number>> {
    const rows = await this.filtered(this.dataSource.getRepository(Pair).createQueryBuilder('p'), {
      ...filter,
      asOf: undefined,
    })
      .andWhere(
        'p.id IN (SELECT h.pair_id FROM assessments h WHERE h.assessed_on > :after AND h.assessed_on <= :through)',
        range,
      )
      .select('p.recommendation_id', 'id')
      .getRawMany<{ id: number }>();
    return new Set(rows.map((r) => Number(r.id)));
  }

  /**
   * Counts by State and status of the State pairs the filter selects (current, or as of its
   * date), by the event or theme of their recommendation or all together (`group` null): what
   * the averages of all States are worked out from, without reading a row per pair. A
   * recommendation with several themes counts under each.
   */
  async stateCounts(
    filter: PairFilter,
    by: 'event' | 'theme' | null,
  ): Promise<{ group: number | null; stateId: number; counts: StatusCounts }[]> {
    const statusExpr = this.statusExpr(filter);
    const qb = this.counting(filter).andWhere('p.state_id IS NOT NULL');
    const group = by === 'event' ? 'r.event_id' : by === 'theme' ? 'rt.theme_id' : null;
    if (by === 'event') qb.innerJoin(Recommendation, 'r', 'r.id = p.recommendation_id');
    if (by === 'theme') {
      qb.innerJoin('recommendation_themes', 'rt', 'rt.recommendation_id = p.recommendation_id');
    }
    qb.select(group ?? 'NULL', 'grp')
      .addSelect('p.state_id', 'stateId')
      .addSelect(statusExpr, 'status')
      .addSelect('COUNT(*)', 'n')
      .groupBy('p.state_id')
      .addGroupBy(statusExpr);
    if (group) qb.addGroupBy(group);
    const rows = await qb.getRawMany<{
      grp: number | null;
      stateId: number;
      status: ImplementationStatus;
      n: number | string;
    }>();
    const out = new Map<string, { group: number | null; stateId: number; counts: StatusCounts }>();
    for (const row of rows) {
      const grp = row.grp === null ? null : Number(row.grp);
      const key = `${grp}:${row.stateId}`;
      let entry = out.get(key);
      if (!entry) {
        entry = { group: grp, stateId: Number(row.stateId), counts: emptyCounts() };
        out.set(key, entry);
      }
      entry.counts[row.status] += Number(row.n);
    }
    return [...out.values()];
  }

  /**
   * What a matrix cell shows of each pair the filter selects (status, date, version, with the
   * recommendation and subject), in the order of `pairs()`: the current status is read from the
   * pair itself, without its assessment's note, evidence and author.
   */
  async cells(filter: PairFilter): Promise<CellRow[]> {
    const qb = this.base(filter, false)
      .select('r.ref', 'ref')
      .addSelect('r.title', 'recommendationTitle')
      .addSelect('s.iso3', 'stateIso3')
      .addSelect('s.name', 'stateName')
      .addSelect('o.acronym', 'orgAcronym')
      .addSelect('o.name', 'orgName')
      .addSelect('p.version', 'version')
      .addSelect(this.statusExpr(filter, true), 'status')
      .addSelect(filter.asOf ? 'a.assessed_on' : 'p.assessed_on', 'assessedOn')
      .addSelect(
        filter.asOf
          ? 'a.fact'
          : '(SELECT af.fact FROM assessments af WHERE af.id = p.assessment_id)',
        'fact',
      );
    inDisplayOrder(qb);
    const raws = await qb.getRawMany<RawCell>();
    return raws.map((raw) => ({
      recommendation: raw.ref,
      recommendationTitle: raw.recommendationTitle,
      subject: subjectOf(raw),
      status: raw.status,
      assessedOn: toIsoDate(raw.assessedOn),
      version: Number(raw.version),
      fact: factFromJson(raw.fact),
    }));
  }

  /** Counts by status and the figures of DESIGN.md over the pairs the filter selects. */
  async progress(filter: PairFilter): Promise<ProgressFigures> {
    if (isEverything(filter)) return this.progressOfEverything();
    if (isOneTheme(filter)) return (await this.progressOfThemes([filter.themeId]))[0];
    const statusExpr = this.statusExpr(filter);
    const rows = await this.counting(filter)
      .select(statusExpr, 'status')
      .addSelect('COUNT(*)', 'n')
      .groupBy(statusExpr)
      .getRawMany<{ status: ImplementationStatus; n: number | string }>();
    const counts = emptyCounts();
    for (const row of rows) counts[row.status] = Number(row.n);
    return progressFromCounts(counts);
  }

  /**
   * Counts by status of every State's pairs in scope that the filter selects (all of them by
   * default; current, or as of `asOf`), with the date of
   * the latest assessment among them: one query grouped by State and status, which the index on
   * (State, scope, status, date) answers alone for current counts. Counts as of a date look up
   * the assessment in force for every pair, which is several times slower at scale. The few
   * organisations' pairs are counted alike by a second, small query.
   */
  async countsBySubject(filter: PairFilter = {}): Promise<SubjectCounts[]> {
    const asOf = filter.asOf;
    const statusExpr = this.statusExpr(filter, true);
    const count = (kind: SubjectKind): Promise<RawSubjectCount[]> => {
      const column = kind === 'state' ? 'p.state_id' : 'p.organisation_id';
      const qb = this.counting(filter);
      if (asOf) this.joinAsOf(qb, asOf);
      return qb
        .andWhere(kind === 'state' ? 'p.state_id IS NOT NULL' : 'p.state_id IS NULL')
        .select(column, 'id')
        .addSelect(statusExpr, 'status')
        .addSelect('COUNT(*)', 'n')
        .addSelect(asOf ? 'MAX(a.assessed_on)' : 'MAX(p.assessed_on)', 'latest')
        .groupBy(column)
        .addGroupBy(statusExpr)
        .getRawMany<RawSubjectCount>();
    };
    const [states, organisations] = await Promise.all([count('state'), count('organisation')]);
    const bySubject = new Map<string, SubjectCounts>();
    const add = (kind: SubjectKind, row: RawSubjectCount): void => {
      const id = Number(row.id);
      const key = `${kind}:${id}`;
      let entry = bySubject.get(key);
      if (!entry) {
        entry = { kind, id, counts: emptyCounts(), latestAssessedOn: null };
        bySubject.set(key, entry);
      }
      entry.counts[row.status] += Number(row.n);
      const latest = toIsoDate(row.latest);
      if (latest && (!entry.latestAssessedOn || latest > entry.latestAssessedOn)) {
        entry.latestAssessedOn = latest;
      }
    };
    for (const row of states) add('state', row);
    for (const row of organisations) add('organisation', row);
    return [...bySubject.values()];
  }

  /**
   * The current figures of all pairs in scope, from the totals the database keeps by status (in
   * buckets, summed here: see migration StatusTotalsInBuckets).
   */
  private async progressOfEverything(): Promise<ProgressFigures> {
    const rows = await this.dataSource
      .createQueryBuilder()
      .select('t.status', 'status')
      .addSelect('SUM(t.n)', 'n')
      .from('pair_status_totals', 't')
      .groupBy('t.status')
      .getRawMany<{ status: ImplementationStatus; n: number | string }>();
    const counts = emptyCounts();
    for (const row of rows) counts[row.status] = Number(row.n);
    return progressFromCounts(counts);
  }

  /**
   * The current figures of each theme (all pairs in scope of its recommendations), in the order
   * given, from the totals the database keeps by theme and status (in buckets, summed here).
   */
  async progressOfThemes(themeIds: number[]): Promise<ProgressFigures[]> {
    if (themeIds.length === 0) return [];
    const rows = await this.dataSource
      .createQueryBuilder()
      .select('t.theme_id', 'themeId')
      .addSelect('t.status', 'status')
      .addSelect('SUM(t.n)', 'n')
      .from('theme_status_totals', 't')
      .where('t.theme_id IN (:...themeIds)', { themeIds })
      .groupBy('t.theme_id')
      .addGroupBy('t.status')
      .getRawMany<{ themeId: number; status: ImplementationStatus; n: number | string }>();
    const counts = new Map(themeIds.map((id) => [id, emptyCounts()]));
    for (const row of rows) {
      const c = counts.get(Number(row.themeId));
      if (c) c[row.status] = Number(row.n);
    }
    return themeIds.map((id) => progressFromCounts(counts.get(id) ?? emptyCounts()));
  }

  /** The figures of each recommendation the filter selects, by recommendation id. */
  async progressByRecommendation(filter: PairFilter): Promise<Map<number, ProgressFigures>> {
    const statusExpr = this.statusExpr(filter);
    const rows = await this.counting(filter)
      .select('p.recommendation_id', 'recommendationId')
      .addSelect(statusExpr, 'status')
      .addSelect('COUNT(*)', 'n')
      .groupBy('p.recommendation_id')
      .addGroupBy(statusExpr)
      .getRawMany<{ recommendationId: number; status: ImplementationStatus; n: number | string }>();
    const counts = new Map<number, StatusCounts>();
    for (const row of rows) {
      const id = Number(row.recommendationId);
      const c = counts.get(id) ?? emptyCounts();
      c[row.status] = Number(row.n);
      counts.set(id, c);
    }
    return new Map([...counts].map(([id, c]) => [id, progressFromCounts(c)]));
  }

  /**
   * Every assessment of the pairs the filter selects dated after `after` (exclusive) and up to
   * `through` (inclusive), either bound optional, in one query: by pair, oldest first (by
   * assessedOn, then id: the order that decides the status as of a date). `asOf` is ignored.
   */
  async assessments(
    filter: PairFilter,
    range: { after?: string; through?: string } = {},
  ): Promise<AssessmentRow[]> {
    const qb = this.base({ ...filter, asOf: undefined })
      .innerJoin(Assessment, 'h', 'h.pair_id = p.id')
      .select('p.id', 'pairId')
      .addSelect('h.id', 'id')
      .addSelect('h.status', 'status')
      .addSelect('h.assessed_on', 'assessedOn')
      .addSelect('h.note', 'note')
      .addSelect('h.internal_note', 'internalNote')
      .addSelect('h.evidence_url', 'evidenceUrl')
      .addSelect('h.evidence_citation', 'evidenceCitation')
      .addSelect('h.author', 'author')
      .addSelect('h.recorded_at', 'recordedAt')
      .addSelect('h.fact', 'fact')
      .addSelect('h.derived_status', 'derivedStatus')
      .addSelect('h.override_reason', 'overrideReason')
      .orderBy('p.id')
      .addOrderBy('h.assessed_on')
      .addOrderBy('h.id');
    if (range.after !== undefined) qb.andWhere('h.assessed_on > :after', { after: range.after });
    if (range.through !== undefined) {
      qb.andWhere('h.assessed_on <= :through', { through: range.through });
    }
    const raws = await qb.getRawMany<RawAssessment>();
    return raws.map((raw) => ({
      pairId: Number(raw.pairId),
      id: Number(raw.id),
      status: raw.status,
      assessedOn: toIsoDate(raw.assessedOn) ?? '',
      note: raw.note,
      internalNote: raw.internalNote,
      evidenceUrl: raw.evidenceUrl,
      evidenceCitation: raw.evidenceCitation,
      author: raw.author,
      recordedAt: toIsoTimestamp(raw.recordedAt),
      ...measuredOf(raw),
    }));
  }

  /**
   * One page of the recommendations of the filter's event, theme or organisation (all when
   * none), in event and source order, and how many there are: the columns of a matrix page.
   * Both are answered from indexes on recommendations, without reading their pairs.
   */
  async recommendationPage(
    filter: Pick<PairFilter, 'eventId' | 'themeId' | 'organisationId'>,
    page: number,
    pageSize: number,
  ): Promise<{ columns: { id: number; ref: string; title: string }[]; total: number }> {
    const qb = this.dataSource.getRepository(Recommendation).createQueryBuilder('r');
    if (filter.eventId !== undefined) qb.andWhere('r.event_id = :eventId', filter);
    if (filter.themeId !== undefined) qb.andWhere(HAS_THEME, filter);
    if (filter.organisationId !== undefined) qb.andWhere(HAS_ORGANISATION, filter);
    const [rows, total] = await Promise.all([
      qb
        .clone()
        .select('r.id', 'id')
        .addSelect('r.ref', 'ref')
        .addSelect('r.title', 'title')
        .orderBy('r.event_id')
        .addOrderBy('r.position')
        .addOrderBy('r.id')
        .offset((page - 1) * pageSize)
        .limit(pageSize)
        .getRawMany<{ id: number; ref: string; title: string }>(),
      qb.clone().getCount(),
    ]);
    return { columns: rows.map((r) => ({ ...r, id: Number(r.id) })), total };
  }

  /**
   * The status column counts are grouped by: the pair's own current status (kept in step with
   * its latest assessment on every write), or the status in force at `asOf`: `STATUS_AS_OF`,
   * mostly from the pair's own dates, or that of the assessment `a` that `joined` says the query
   * joins for its other columns.
   */
  private statusExpr(filter: PairFilter, joined = false): string {
    if (!filter.asOf) return 'p.status';
    return joined ? `COALESCE(a.status, '${ImplementationStatus.NoInformation}')` : STATUS_AS_OF;
  }

  /**
   * Pairs to count: current counts read the pairs alone (an index on scope and status answers
   * them), and so do counts at a date (`statusExpr`) but for the pairs assessed both before and
   * after it: one index seek each, no assessment row read.
   */
  private counting(filter: PairFilter): SelectQueryBuilder<Pair> {
    const qb = this.dataSource.getRepository(Pair).createQueryBuilder('p');
    if (filter.asOf) qb.setParameter('asOf', filter.asOf);
    return this.filtered(qb, filter);
  }

  /** Joins to pairs `p` their assessment `a` in force at the filter's date. */
  private joinAsOf(qb: SelectQueryBuilder<Pair>, asOf: string): SelectQueryBuilder<Pair> {
    return qb.leftJoin(Assessment, 'a', `a.id = ${ASSESSMENT_ID_AS_OF}`, { asOf });
  }

  /**
   * Pairs `p` with their recommendation `r`, State `s` or organisation `o`, and assessment `a`:
   * the one in force at the filter's date, or else the current one (unless `current` is false:
   * then the pair's own status and date serve).
   */
  private base(filter: PairFilter, current = true): SelectQueryBuilder<Pair> {
    const qb = this.dataSource
      .getRepository(Pair)
      .createQueryBuilder('p')
      .innerJoin(Recommendation, 'r', 'r.id = p.recommendation_id')
      .leftJoin(State, 's', 's.id = p.state_id')
      .leftJoin(Organisation, 'o', 'o.id = p.organisation_id');
    if (filter.asOf) {
      this.joinAsOf(qb, filter.asOf);
    } else if (current) {
      qb.leftJoin(Assessment, 'a', 'a.id = p.assessment_id');
    }
    return this.filtered(qb, filter);
  }

  /**
   * The filter's conditions on pairs `p`. Event, theme and organisation select recommendation ids
   * in a subquery, so that the pairs are reached through their recommendation index rather than
   * by testing every pair.
   */
  private filtered(qb: SelectQueryBuilder<Pair>, filter: PairFilter): SelectQueryBuilder<Pair> {
    if (!filter.includeOutOfScope)
      qb.andWhere('p.in_scope = :inScope', { inScope: sqlBool(qb.connection, true) });
    if (filter.recommendationId !== undefined) {
      qb.andWhere('p.recommendation_id = :recommendationId', {
        recommendationId: filter.recommendationId,
      });
    }
    if (filter.recommendationIds !== undefined) {
      const ids = filter.recommendationIds;
      if (ids.length === 0) {
        qb.andWhere('1 = 0');
      } else if (ids.length <= LONG_ID_LIST) {
        qb.andWhere('p.recommendation_id IN (:...recommendationIds)', { recommendationIds: ids });
      } else {
        // One parameter for the whole list: a parameter each would pass SQLite's limit (32,766).
        qb.andWhere(
          `p.recommendation_id IN (${jsonIdList(qb.connection, 'recommendationIdList')})`,
          {
            recommendationIdList: JSON.stringify(ids),
          },
        );
      }
    }
    if (filter.eventId !== undefined) {
      qb.andWhere(PAIR_OF_EVENT, { eventId: filter.eventId });
    }
    if (filter.themeId !== undefined) {
      qb.andWhere(PAIR_HAS_THEME, { themeId: filter.themeId });
    }
    if (filter.organisationId !== undefined) {
      qb.andWhere(PAIR_HAS_ORGANISATION, { organisationId: filter.organisationId });
    }
    if (filter.subject?.kind === 'state') {
      qb.andWhere('p.state_id = :subjectId', { subjectId: filter.subject.id });
    } else if (filter.subject?.kind === 'organisation') {
      qb.andWhere('p.organisation_id = :subjectId', { subjectId: filter.subject.id });
    }
    return qb;
  }
}

/**
 * Pairs in the order pages show them: by event and source order of their recommendation, then
 * States by name, then organisations.
 */
function inDisplayOrder(qb: SelectQueryBuilder<Pair>): void {
  qb.orderBy('r.event_id')
    .addOrderBy('r.position')
    .addOrderBy('r.id')
    .addOrderBy('CASE WHEN p.state_id IS NULL THEN 1 ELSE 0 END')
    .addOrderBy('COALESCE(s.name, o.name)');
}

/** Lists of ids longer than this go to the database as one JSON parameter. */
const LONG_ID_LIST = 500;

/** The filter selects the pairs in scope of one theme, as they are now. */
function isOneTheme(filter: PairFilter): filter is PairFilter & { themeId: number } {
  return (
    filter.themeId !== undefined &&
    Object.entries(filter).every(
      ([key, value]) =>
        key === 'themeId' || value === undefined || (key === 'includeOutOfScope' && !value),
    )
  );
}

/** The filter selects every pair in scope, as it is now. */
function isEverything(filter: PairFilter): boolean {
  return Object.entries(filter).every(
    ([key, value]) => value === undefined || (key === 'includeOutOfScope' && !value),
  );
}

/** The State or organisation of a raw row of `pairs()` or `cells()`. */
function subjectOf(
  raw: Pick<RawPair, 'stateIso3' | 'stateName' | 'orgAcronym' | 'orgName'>,
): PairRow['subject'] {
  return raw.stateIso3 !== null
    ? { kind: 'state', code: raw.stateIso3, name: raw.stateName ?? '' }
    : { kind: 'organisation', code: raw.orgAcronym ?? '', name: raw.orgName ?? '' };
}

function toPairRow(raw: RawPair): PairRow {
  const status = raw.status ?? ImplementationStatus.NoInformation;
  return {
    pairId: Number(raw.pairId),
    recommendationId: Number(raw.recommendationId),
    recommendationTitle: raw.recommendationTitle,
    recommendation: raw.ref,
    subject: subjectOf(raw),
    status,
    statusLabel: statusInfo(status).label,
    assessedOn: toIsoDate(raw.assessedOn),
    version: Number(raw.version),
    inScope: toBool(raw.inScope),
    assessmentId: raw.assessmentId === null ? null : Number(raw.assessmentId),
    note: raw.note,
    internalNote: raw.internalNote,
    evidenceUrl: raw.evidenceUrl,
    evidenceCitation: raw.evidenceCitation,
    author: raw.author,
    recordedAt: toIsoTimestamp(raw.recordedAt),
    ...(raw.assessmentId === null
      ? { fact: null, derivedStatus: null, overrideReason: null, basis: null }
      : measuredOf(raw)),
  };
}

/** What an assessment read raw says of the measure: its fact, derived status and basis. */
function measuredOf(
  raw: Pick<RawAssessment, 'fact' | 'derivedStatus' | 'overrideReason'>,
): Pick<AssessmentRow, 'fact' | 'derivedStatus' | 'overrideReason' | 'basis'> {
  const measured = {
    fact: factFromJson(raw.fact),
    derivedStatus: raw.derivedStatus ?? null,
    overrideReason: raw.overrideReason ?? null,
  };
  return { ...measured, basis: basisOf(measured) };
}
