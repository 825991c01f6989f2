import { Controller, Get, Query, Render, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ViewMatrixPageQueryDto } from './dto/matrix-page-query.dto.js';
import { MatrixPageService } from './matrix-page.service.js';

/**
 * States × recommendations of an event or theme, grouped by region, each cell a status that
 * opens its pair. The event is a slug (`/matrix?event=<slug>`) or, typed into the search field
 * offered when there are many events, words of its title: one match shows that event's matrix
 * (redirected to its slug), several are listed to pick from, none is named beside the field (400).
 */
@ApiExcludeController()
@Controller('matrix')
export class MatrixPageController {
  constructor(private readonly matrixPage: MatrixPageService) {}

  @Get()
  @Render('pages/matrix/index')
  async index(
    @Query() query: ViewMatrixPageQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<object> {
    const page = await this.matrixPage.page(query);
    res.status(page.httpStatus);
    return page.view;
  }
}
