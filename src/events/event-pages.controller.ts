import { Controller, Get, Param, Query, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ListEventsQueryDto } from './dto/list-events-query.dto.js';
import { EventPagesService } from './event-pages.service.js';
import type { EventPageView, EventsPageView } from './event-pages.view-model.js';

/** The events list and an event's page. */
@ApiExcludeController()
@Controller('events')
export class EventPagesController {
  constructor(private readonly pages: EventPagesService) {}

  @Get()
  @Render('pages/events/index')
  index(@Query() query: ListEventsQueryDto): Promise<EventsPageView> {
    return this.pages.index(query);
  }

  @Get(':slug')
  @Render('pages/events/show')
  show(@Param('slug') slug: string): Promise<EventPageView> {
    return this.pages.show(slug);
  }
}
