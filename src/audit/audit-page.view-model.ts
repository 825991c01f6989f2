import type { Page } from '../common/paging.js';
import {
  AUDIT_ACTION_LABELS,
  AUDIT_ACTIONS,
  type AuditAction,
  type AuditEventView,
} from './audit.service.js';

export interface AuditPageView {
  title: string;
  /** Each event with its action in words. */
  events: (AuditEventView & { actionLabel: string })[];
  total: number;
  page: number;
  pages: number;
  /** The actor filtered by, for the field. */
  actor: string;
  actions: { value: AuditAction; label: string; selected: boolean }[];
  /** The newer (previous) and older (next) pages, the filters kept. */
  links: { previous: string | null; next: string | null };
}

/** The audit log, newest first, a page at a time, filtered by action or actor. */
export function auditPageViewModel(
  found: Page<AuditEventView>,
  query: { action?: AuditAction; actor?: string },
): AuditPageView {
  const filters = new URLSearchParams();
  if (query.action) filters.set('action', query.action);
  if (query.actor) filters.set('actor', query.actor);
  const link = (p: number): string =>
    `?${new URLSearchParams([...filters, ['page', String(p)]]).toString()}`;
  return {
    title: 'Audit log',
    events: found.items.map((e) => ({
      ...e,
      actionLabel: AUDIT_ACTION_LABELS[e.action as AuditAction] ?? e.action,
    })),
    total: found.total,
    page: found.page,
    pages: found.pages,
    actor: query.actor ?? '',
    actions: AUDIT_ACTIONS.map((a) => ({
      value: a,
      label: AUDIT_ACTION_LABELS[a],
      selected: a === query.action,
    })),
    links: {
      previous: found.page > 1 ? link(found.page - 1) : null,
      next: found.page < found.pages ? link(found.page + 1) : null,
    },
  };
}
