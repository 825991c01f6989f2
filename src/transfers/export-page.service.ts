import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { today } from '../common/dates.js';
import { EventPicker, type EventPick, type EventPickerView } from '../events/event-picker.js';
import { themeOptions } from '../themes/theme-options.js';

/** The matrix filters of the Export page's form, as sent (empty ones left out). */
export type ExportFilters = Record<string, string>;

export interface ExportPageView {
  title: string;
  eventPicker: EventPickerView;
  themes: { value: string; label: string; selected: boolean }[];
  asOf: string;
  maxDate: string;
}

/** A download's address with the matrix filters. */
export function downloadAddress(file: string, filters: ExportFilters): string {
  const search = new URLSearchParams(filters).toString();
  return `/exports/${file}${search ? `?${search}` : ''}`;
}

/**
 * The Export page: the downloads, and the matrix form with its event picker, filled as sent
 * when the event must be picked again (several events match the words typed, or none).
 */
@Injectable()
export class ExportPageService {
  private readonly events: EventPicker;

  constructor(private readonly dataSource: DataSource) {
    this.events = new EventPicker(dataSource);
  }

  /** What the matrix form's event field stands for. */
  resolveEvent(param: string | undefined): Promise<EventPick> {
    return this.events.resolve(param);
  }

  /** The page, its matrix form filled with `filled`, each event choice downloading `file`. */
  async view(
    pick: EventPick = { kind: 'none', eventCount: null },
    filled: ExportFilters = {},
    file = 'matrix.csv',
  ): Promise<ExportPageView> {
    const [eventPicker, themes] = await Promise.all([
      this.events.view(pick, {
        id: 'event',
        empty: 'All events',
        emptyHint: 'Empty: all events',
        href: (slug) => downloadAddress(file, { ...filled, event: slug }),
      }),
      themeOptions(this.dataSource, filled.theme),
    ]);
    return { title: 'Export', eventPicker, themes, asOf: filled.asOf ?? '', maxDate: today() };
  }
}
