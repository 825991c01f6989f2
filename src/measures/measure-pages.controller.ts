import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, MinRole } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { submitForm } from '../common/views/form-flow.js';
import { Role } from '../users/role.enum.js';
import { ChangeMeasureDto, PreviewMeasureDto } from './dto/change-measure.dto.js';
import { measureFormRequest } from './measure-form.js';
import { MeasurePagesService } from './measure-pages.service.js';
import {
  changedMessage,
  measurePageHref,
  type MeasureEditView,
  type MeasuresIndexView,
} from './measure-pages.view-model.js';
import { MeasuresService } from './measures.service.js';

const EDIT = 'pages/admin/measures/edit';

/**
 * The admins' pages for measures: the recommendations measured by facts, and one
 * recommendation's measure with the form to change it. A change is previewed (what it would
 * move, shown on the page), then applied with that preview's digest.
 */
@ApiExcludeController()
@Controller('admin/measures')
@MinRole(Role.Admin)
export class MeasurePagesController {
  constructor(
    private readonly pages: MeasurePagesService,
    private readonly measures: MeasuresService,
  ) {}

  @Get()
  @Render('pages/admin/measures/index')
  async index(
    @Res({ passthrough: true }) res: Response,
    @Query('ref') ref: unknown,
  ): Promise<MeasuresIndexView> {
    const page = await this.pages.index(ref);
    res.status(page.httpStatus);
    return page.view;
  }

  @Get(':ref')
  @Render(EDIT)
  edit(@Param('ref') ref: string): Promise<MeasureEditView> {
    return this.pages.edit(ref);
  }

  @Post(':ref/preview')
  preview(
    @Req() req: Request,
    @Res() res: Response,
    @Param('ref') ref: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const form = measureFormRequest(body);
    return submitForm(req, res, {
      dto: PreviewMeasureDto,
      fields: form.fields,
      showAgainOn: ['invalid', 'staleVersion'],
      run: (dto) => this.measures.preview(ref, dto),
      done: async (preview) => ({
        status: 200,
        template: EDIT,
        view: await this.pages.edit(ref, { rows: form.rows, preview }),
      }),
      again: { template: EDIT, view: (refusal) => this.pages.again(ref, form, refusal) },
    });
  }

  @Post(':ref')
  apply(
    @Req() req: Request,
    @Res() res: Response,
    @Param('ref') ref: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    const form = measureFormRequest(body);
    return submitForm(req, res, {
      dto: ChangeMeasureDto,
      fields: form.fields,
      showAgainOn: ['invalid', 'staleVersion'],
      run: (dto) => this.measures.change(ref, dto, principal),
      done: (result) => ({
        redirect: measurePageHref(result.measure.recommendation.ref),
        flash: { kind: 'success', text: changedMessage(result) },
      }),
      again: { template: EDIT, view: (refusal) => this.pages.again(ref, form, refusal) },
    });
  }
}
