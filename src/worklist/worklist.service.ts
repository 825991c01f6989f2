import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { statusBadge, type StatusBadge } from '../assessments/status-view.js';
import type { Principal } from '../auth/principal.js';
import { monthsBefore, today, yearsBetween } from '../common/dates.js';
import type { Env } from '../config/env.js';
import { WorklistRepository, type QueueRow } from './worklist.repository.js';

/** Rows shown per list; the count says how many there are in all. */
const LIST_LENGTH = 25;

export interface QueueItem extends StatusBadge {
  ref: string;
  recommendationTitle: string;
  code: string;
  name: string;
  href: string;
  assessedOn: string | null;
  /** Whole years since the current assessment's date, for shading stale rows (0 to 5+). */
  ageYears: number | null;
}

export interface QueueList<T> {
  items: T[];
  total: number;
  more: number;
}

export interface WorklistView {
  title: string;
  /** The States the queue covers, or null when it covers every pair. */
  states: string[] | null;
  staleAfterMonths: number;
  staleBefore: string;
  recentDays: number;
  neverAssessed: QueueList<QueueItem>;
  stale: QueueList<QueueItem>;
  changed: QueueList<QueueItem & { author: string; recordedAt: string }>;
}

/**
 * An analyst's queue: what needs a look in the States they may write for. Pairs never assessed,
 * pairs whose last assessment is older than STALE_AFTER_MONTHS, and assessments recorded by
 * someone else in the last RECENT_CHANGES_DAYS.
 */
@Injectable()
export class WorklistService {
  private readonly staleAfterMonths: number;
  private readonly recentDays: number;

  constructor(
    private readonly repository: WorklistRepository,
    config: ConfigService<Env, true>,
  ) {
    this.staleAfterMonths = config.get('STALE_AFTER_MONTHS', { infer: true });
    this.recentDays = config.get('RECENT_CHANGES_DAYS', { infer: true });
  }

  async queue(principal: Principal, now: Date = new Date()): Promise<WorklistView> {
    const scope = { stateIds: principal.states?.map((s) => s.id) ?? null };
    const staleBefore = monthsBefore(now, this.staleAfterMonths);
    const since = new Date(now.getTime() - this.recentDays * 86_400_000).toISOString();
    const [never, stale, changed] = await Promise.all([
      this.repository.neverAssessed(scope, LIST_LENGTH),
      this.repository.assessedBefore(scope, staleBefore, LIST_LENGTH),
      this.repository.changedBy(scope, since, principal, LIST_LENGTH),
    ]);
    const item = (row: QueueRow): QueueItem => ({
      ...statusBadge(row.status),
      ref: row.ref,
      recommendationTitle: row.recommendationTitle,
      code: row.code,
      name: row.name,
      href: `/recommendations/${encodeURIComponent(row.ref)}/states/${encodeURIComponent(row.code)}`,
      assessedOn: row.assessedOn,
      ageYears: row.assessedOn ? yearsBetween(row.assessedOn, today(now)) : null,
    });
    return {
      title: 'My queue',
      states: principal.states?.map((s) => s.iso3) ?? null,
      staleAfterMonths: this.staleAfterMonths,
      staleBefore,
      recentDays: this.recentDays,
      neverAssessed: list(never.rows.map(item), never.total),
      stale: list(stale.rows.map(item), stale.total),
      changed: list(
        changed.rows.map((r) => ({ ...item(r), author: r.author, recordedAt: r.recordedAt })),
        changed.total,
      ),
    };
  }
}

function list<T>(items: T[], total: number): QueueList<T> {
  return { items, total, more: Math.max(0, total - items.length) };
}
