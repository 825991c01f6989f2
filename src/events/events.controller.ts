import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { pageLinks } from '../common/paging.js';
import { ListEventsQueryDto } from './dto/list-events-query.dto.js';
import { EventsService, type EventSummaryView, type EventView } from './events.service.js';

@ApiTags('events')
@Controller('api/v1/events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  /**
   * Still a plain array, as before paging: the total is in `X-Total-Count` and the neighbouring
   * pages in `Link` (rel="prev", rel="next").
   */
  @Get()
  @ApiOperation({
    summary:
      'A page of workshops and conferences (pageSize default 20, at most 200), oldest first; undated ones last. The total is in X-Total-Count, the next and previous pages in Link',
  })
  @ApiResponse({
    status: 200,
    description: 'The events of the page',
    headers: {
      'X-Total-Count': { description: 'How many events there are', schema: { type: 'integer' } },
      Link: { description: 'rel="prev" and rel="next" pages, where there are any' },
    },
  })
  async list(
    @Query() query: ListEventsQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<EventSummaryView[]> {
    const found = await this.events.page(query);
    const links = pageLinks(
      '/api/v1/events',
      { q: query.q, pageSize: query.pageSize },
      found.page,
      found.pages,
    );
    res.setHeader('X-Total-Count', String(found.total));
    const link = [
      links.previous && `<${links.previous}>; rel="prev"`,
      links.next && `<${links.next}>; rel="next"`,
    ].filter(Boolean);
    if (link.length) res.setHeader('Link', link.join(', '));
    return found.items;
  }

  @Get(':slug')
  @ApiOperation({
    summary: 'One event with its organisers, participating States, sessions and recommendations',
  })
  get(@Param('slug') slug: string): Promise<EventView> {
    return this.events.get(slug);
  }
}
