import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Page } from '../common/paging.js';
import { ListEventsQueryDto } from './dto/list-events-query.dto.js';
import { EventsService, type EventSummaryView, type EventView } from './events.service.js';
import { ApiAnswer } from '../openapi/responses.js';

@ApiTags('events')
@Controller('api/v1/events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @ApiOperation({
    summary:
      'A page of workshops and conferences (pageSize default 20, at most 200), oldest first; undated ones last',
  })
  @ApiAnswer(200, 'EventPage', 'A page of events')
  list(@Query() query: ListEventsQueryDto): Promise<Page<EventSummaryView>> {
    return this.events.page(query);
  }

  @Get(':slug')
  @ApiOperation({
    summary: 'One event with its organisers, participating States, sessions and recommendations',
  })
  @ApiAnswer(200, 'EventView', 'The event')
  get(@Param('slug') slug: string): Promise<EventView> {
    return this.events.get(slug);
  }
}
