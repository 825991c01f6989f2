import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { MatrixPageQueryDto, ProgressQueryDto } from './dto/progress-query.dto.js';
import { ProgressService, type MatrixView, type ProgressView } from './progress.service.js';
import { ApiAnswer } from '../openapi/responses.js';

@ApiTags('progress')
@Controller('api/v1')
export class ProgressController {
  constructor(private readonly progressService: ProgressService) {}

  @Get('progress')
  @ApiOperation({
    summary: 'Implementation rate, progress index, coverage and counts by status',
    description:
      'Over the pairs in scope that match the filters. Implementation rate = implemented / applicable pairs with information; progress index = mean weight (0, 1/3, 2/3, 1) over those; coverage = share of applicable pairs with any information. Null where undefined.',
  })
  @ApiAnswer(200, 'ProgressView', 'The figures')
  progress(@Query() query: ProgressQueryDto): Promise<ProgressView> {
    return this.progressService.progress(query);
  }

  @Get('matrix')
  @ApiOperation({
    summary: 'States x recommendations, with the status of each pair',
    description:
      'A page of `pageSize` recommendations (columns, default 20) with every State tracked for any of them; `page` tells which columns and how many there are. The figures cover the whole filter.',
  })
  @ApiAnswer(200, 'MatrixView', 'A page of columns, every row')
  matrix(@Query() query: MatrixPageQueryDto): Promise<MatrixView> {
    return this.progressService.matrix(query);
  }
}
