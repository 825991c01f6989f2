import { Controller, Get, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { takeConfirmation } from '../common/views/forms.js';
import { ViewMatrixPageQueryDto } from './dto/matrix-page-query.dto.js';
import { MatrixPageService } from './matrix-page.service.js';

/**
 * States × recommendations of an event or theme, grouped by region, each cell a status that
 * opens its pair; a record made from a cell comes back here, the cell highlighted and confirmed. The event is a slug (`/matrix?event=<slug>`) or, typed into the search field
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
    @Req() req: Request,
  ): Promise<object> {
    // A record made from a cell (the pair page opened from it, or its dialog) is confirmed here.
    const page = await this.matrixPage.page(
      query,
      takeConfirmation(req.session, { page: 'matrix' }),
    );
    res.status(page.httpStatus);
    return page.view;
  }
}
