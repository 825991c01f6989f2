import type { ProgressFigures } from '../assessments/progress.js';
import { pagingView, type Page, type PagingView } from '../common/paging.js';
import type { EventSummaryView, EventView } from './events.service.js';

export interface EventsPageView {
  title: string;
  /** The words searched for. */
  q: string;
  events: EventSummaryView[];
  paging: PagingView;
}

export interface EventPageView {
  title: string;
  event: EventView;
  progress: ProgressFigures;
}

/** The events list: a page of events, oldest first, found by words of their title or slug. */
export function eventsPageViewModel(found: Page<EventSummaryView>, q?: string): EventsPageView {
  return {
    title: 'Events',
    q: q ?? '',
    events: found.items,
    paging: pagingView(found, found.items.length, '/events', { q }),
  };
}

/** An event's page: what it was, its sessions and recommendations, and their figures. */
export function eventPageViewModel(event: EventView, progress: ProgressFigures): EventPageView {
  return { title: event.title, event, progress };
}
