import { Injectable } from '@nestjs/common';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { ImplementationStatus } from '../assessments/implementation-status.enum.js';
import { Pair } from '../assessments/pair.entity.js';
import { emptyCounts, type StatusCounts } from '../assessments/progress.js';
import { STATUS_AS_OF } from '../assessments/sql-fragments.js';
import { today } from '../common/dates.js';
import { toIsoDate } from '../common/sql-values.js';
import { sqlBool } from '../database/dialect.js';

/** How many pairs of one group had status `was` on the earlier date and `now` on the later one. */
export interface GroupTransition {
  /** The group's id: a State, an event or a theme; null for pairs of an organisation. */
  key: number | null;
  was: ImplementationStatus;
  now: ImplementationStatus;
  n: number;
}

export interface StateRef {
  id: number;
  iso3: string;
  group: string;
}

export interface NamedRef {
  id: number;
  slug: string;
  title: string;
}

/**
 * The status of pair `p` on a date, "no information" before its first assessment. From today on
 * it is the pair's current status (no assessment is dated in the future), read without a subquery.
 */
function statusOn(param: string, date: string): string {
  if (date >= today()) return 'p.status';
  return STATUS_AS_OF.replace(/:asOf/g, `:${param}`);
}

/**
 * The dashboard's reads: the pairs in scope counted by group and by their status at two dates, one
 * grouped query per breakdown whatever the number of events, themes or States.
 */
@Injectable()
export class DashboardRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** By State (null: organisations): pairs by status on `from` and on `to`. */
  byState(from: string, to: string): Promise<GroupTransition[]> {
    return this.transitions(this.pairs(from, to), 'p.state_id', from, to);
  }

  /** By event, for the given events only. */
  byEvent(from: string, to: string, eventIds: number[]): Promise<GroupTransition[]> {
    if (eventIds.length === 0) return Promise.resolve([]);
    const qb = this.pairs(from, to)
      .innerJoin('recommendations', 'r', 'r.id = p.recommendation_id')
      .andWhere('r.event_id IN (:...eventIds)', { eventIds });
    return this.transitions(qb, 'r.event_id', from, to);
  }

  /** By theme: a pair counts once for each theme of its recommendation. */
  byTheme(from: string, to: string): Promise<GroupTransition[]> {
    const qb = this.pairs(from, to).innerJoin(
      'recommendation_themes',
      'rt',
      'rt.recommendation_id = p.recommendation_id',
    );
    return this.transitions(qb, 'rt.theme_id', from, to);
  }

  /** The most recent events first (by start date, undated last), at most `limit`. */
  recentEvents(limit: number): Promise<NamedRef[]> {
    return this.dataSource
      .createQueryBuilder()
      .from('events', 'e')
      .select(['e.id AS id', 'e.slug AS slug', 'e.title AS title'])
      .orderBy('e.start_date', 'DESC', 'NULLS LAST')
      .addOrderBy('e.id', 'DESC')
      .limit(limit)
      .getRawMany<NamedRef>();
  }

  themes(): Promise<NamedRef[]> {
    return this.dataSource
      .createQueryBuilder()
      .from('themes', 't')
      .select(['t.id AS id', 't.slug AS slug', 't.title AS title'])
      .getRawMany<NamedRef>();
  }

  states(): Promise<StateRef[]> {
    return this.dataSource
      .createQueryBuilder()
      .from('states', 's')
      .select(['s.id AS id', 's.iso3 AS iso3', 's."group" AS "group"'])
      .getRawMany<StateRef>();
  }

  /**
   * Pairs in scope by status at each of `dates`, in one pass over the assessments: each
   * assessment holds from its date until the pair's next one (by assessedOn, then id), the as-of
   * rule of `ASSESSMENT_ID_AS_OF`; pairs with none in force by a date have no information.
   */
  async countsAtDates(dates: readonly string[]): Promise<StatusCounts[]> {
    if (dates.length === 0) return [];
    const inScope = sqlBool(this.dataSource, true);
    const held = this.dataSource
      .createQueryBuilder()
      .from('assessments', 'a')
      .innerJoin(Pair, 'p', 'p.id = a.pair_id')
      .select('a.status', 'status')
      .addSelect('a.assessed_on', 'heldFrom')
      .addSelect(
        'LEAD(a.assessed_on) OVER (PARTITION BY a.pair_id ORDER BY a.assessed_on, a.id)',
        'heldUntil',
      )
      .where('p.in_scope = :inScope');
    const qb = this.dataSource
      .createQueryBuilder()
      .from(`(${held.getQuery()})`, 'h')
      .select('h.status', 'status')
      .groupBy('h.status')
      .setParameters({ inScope });
    dates.forEach((date, i) => {
      qb.addSelect(
        `SUM(CASE WHEN h."heldFrom" <= :date${i} AND (h."heldUntil" IS NULL OR h."heldUntil" > :date${i}) THEN 1 ELSE 0 END)`,
        `n${i}`,
      ).setParameter(`date${i}`, date);
    });
    const [rows, pairs] = await Promise.all([
      qb.getRawMany<Record<string, unknown> & { status: ImplementationStatus }>(),
      this.dataSource
        .getRepository(Pair)
        .createQueryBuilder('p')
        .where('p.in_scope = :inScope', { inScope })
        .getCount(),
    ]);
    return dates.map((_, i) => {
      const counts = emptyCounts();
      let held = 0;
      for (const row of rows) {
        const n = Number(row[`n${i}`] ?? 0);
        counts[row.status] += n;
        held += n;
      }
      counts[ImplementationStatus.NoInformation] += pairs - held;
      return counts;
    });
  }

  /** The date of the earliest assessment, or null when there is none. */
  async firstAssessedOn(): Promise<string | null> {
    const row = await this.dataSource
      .createQueryBuilder()
      .from('assessments', 'a')
      .select('MIN(a.assessed_on)', 'first')
      .getRawOne<{ first: unknown }>();
    return toIsoDate(row?.first ?? null);
  }

  private pairs(from: string, to: string): SelectQueryBuilder<Pair> {
    return this.dataSource
      .getRepository(Pair)
      .createQueryBuilder('p')
      .where('p.in_scope = :inScope', { inScope: sqlBool(this.dataSource, true) })
      .setParameters({ fromDate: from, toDate: to });
  }

  private async transitions(
    qb: SelectQueryBuilder<Pair>,
    key: string,
    from: string,
    to: string,
  ): Promise<GroupTransition[]> {
    const was = statusOn('fromDate', from);
    const now = statusOn('toDate', to);
    const rows = await qb
      .select(key, 'key')
      .addSelect(was, 'was')
      .addSelect(now, 'now')
      .addSelect('COUNT(*)', 'n')
      // By position: the two date expressions carry parameters that PostgreSQL would number anew.
      .groupBy('1')
      .addGroupBy('2')
      .addGroupBy('3')
      .getRawMany<{
        key: unknown;
        was: ImplementationStatus;
        now: ImplementationStatus;
        n: unknown;
      }>();
    return rows.map((r) => ({
      key: r.key === null ? null : Number(r.key),
      was: r.was,
      now: r.now,
      n: Number(r.n),
    }));
  }
}
