import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AsOfPageQueryDto } from '../assessments/dto/as-of-query.dto.js';
import { StatesService, type StateStatusesView, type StateView } from './states.service.js';
import { ApiAnswer } from '../openapi/responses.js';

@ApiTags('states')
@Controller('api/v1/states')
export class StatesController {
  constructor(private readonly states: StatesService) {}

  @Get()
  @ApiOperation({ summary: 'The 57 participating States and 11 Partners for Co-operation' })
  @ApiAnswer(200, ['StateView'], 'States ordered by name')
  list(): Promise<StateView[]> {
    return this.states.list();
  }

  @Get(':iso3/statuses')
  @ApiOperation({
    summary:
      'Every recommendation in scope for one State (or organisation, e.g. OSCE), with its status',
  })
  @ApiAnswer(200, 'StateStatusesView', 'The figures over every pair, and a page of the pairs')
  statuses(
    @Param('iso3') iso3: string,
    @Query() query: AsOfPageQueryDto,
  ): Promise<StateStatusesView> {
    return this.states.statuses(iso3, query);
  }
}
