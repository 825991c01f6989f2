import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { EventsService, type EventSummaryView, type EventView } from './events.service.js';

@ApiTags('events')
@Controller('api/v1/events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @ApiOperation({ summary: 'Workshops and conferences, oldest first; undated ones last' })
  list(): Promise<EventSummaryView[]> {
    return this.events.list();
  }

  @Get(':slug')
  @ApiOperation({
    summary: 'One event with its organisers, participating States, sessions and recommendations',
  })
  get(@Param('slug') slug: string): Promise<EventView> {
    return this.events.get(slug);
  }
}
