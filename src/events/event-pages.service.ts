import { Injectable } from '@nestjs/common';
import { StatusesRepository } from '../assessments/statuses.repository.js';
import { LookupsService } from '../reference-data/lookups.service.js';
import type { ListEventsQueryDto } from './dto/list-events-query.dto.js';
import {
  eventPageViewModel,
  eventsPageViewModel,
  type EventPageView,
  type EventsPageView,
} from './event-pages.view-model.js';
import { EventsService } from './events.service.js';

/** Reads what the events pages show and builds their view-models. */
@Injectable()
export class EventPagesService {
  constructor(
    private readonly events: EventsService,
    private readonly lookups: LookupsService,
    private readonly statuses: StatusesRepository,
  ) {}

  async index(query: ListEventsQueryDto): Promise<EventsPageView> {
    return eventsPageViewModel(await this.events.page(query), query.q);
  }

  async show(slug: string): Promise<EventPageView> {
    const event = await this.events.get(slug);
    const { id } = await this.lookups.event(slug);
    return eventPageViewModel(event, await this.statuses.progress({ eventId: id }));
  }
}
