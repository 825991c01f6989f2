import { Controller, Get, Param, Query, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { ProgressFigures } from '../assessments/progress.js';
import { StatusesRepository } from '../assessments/statuses.repository.js';
import { pageLinks } from '../common/paging.js';
import { ListEventsQueryDto } from './dto/list-events-query.dto.js';
import { LookupsService } from '../reference-data/lookups.service.js';
import { EventsService, type EventSummaryView, type EventView } from './events.service.js';

/** The events list and an event's page. */
@ApiExcludeController()
@Controller('events')
export class EventPagesController {
  constructor(
    private readonly events: EventsService,
    private readonly lookups: LookupsService,
    private readonly statuses: StatusesRepository,
  ) {}

  @Get()
  @Render('pages/events/index')
  async index(@Query() query: ListEventsQueryDto): Promise<object> {
    const found = await this.events.page(query);
    const events: EventSummaryView[] = found.items;
    return {
      title: 'Events',
      q: query.q ?? '',
      events,
      paging: {
        page: found.page,
        pages: found.pages,
        total: found.total,
        first: (found.page - 1) * found.pageSize + 1,
        last: (found.page - 1) * found.pageSize + events.length,
        links: pageLinks(
          '/events',
          { q: query.q, pageSize: query.pageSize === 20 ? undefined : query.pageSize },
          found.page,
          found.pages,
        ),
      },
    };
  }

  @Get(':slug')
  @Render('pages/events/show')
  async show(
    @Param('slug') slug: string,
  ): Promise<{ title: string; event: EventView; progress: ProgressFigures }> {
    const event = await this.events.get(slug);
    const { id } = await this.lookups.event(slug);
    return { title: event.title, event, progress: await this.statuses.progress({ eventId: id }) };
  }
}
