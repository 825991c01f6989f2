import { Body, Controller, Get, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, MinRole } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { today } from '../common/dates.js';
import { fieldError } from '../common/errors.js';
import { submitForm } from '../common/views/form-flow.js';
import { ASSESSMENT_FIELD_LABELS, defaultAsOf } from '../common/views/forms.js';
import { Role } from '../users/role.enum.js';
import { AssessmentsService } from './assessments.service.js';
import { BulkPageService } from './bulk-page.service.js';
import type { BulkForm, BulkPageView } from './bulk-page.view-model.js';
import { assessmentFormFields, RecordAssessmentDto } from './dto/record-assessment.dto.js';

/**
 * Bulk update: one recommendation, several States (picked one by one or a whole region at
 * once), one status, date, note and evidence, recorded in one transaction.
 */
@ApiExcludeController()
@Controller('bulk')
@MinRole(Role.Analyst)
export class BulkPagesController {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly bulkPage: BulkPageService,
  ) {}

  @Get()
  @Render('pages/bulk/index')
  async page(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Query('ref') ref: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BulkPageView> {
    const page = await this.bulkPage.page(ref, principal, {
      lastAsOf: defaultAsOf(req.session, today()),
    });
    res.status(page.httpStatus);
    return page.view;
  }

  @Post()
  submit(
    @Req() req: Request,
    @Res() res: Response,
    @Body() body: BulkForm,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    const ref = typeof body.ref === 'string' ? body.ref : '';
    return submitForm(req, res, {
      dto: RecordAssessmentDto,
      fields: assessmentFormFields(body, 1),
      labels: ASSESSMENT_FIELD_LABELS,
      // Someone else assessed some of the States meanwhile: nothing written, the page reloaded.
      showAgainOn: ['invalid', 'staleVersion'],
      run: async ({ baseVersion: _unused, ...fields }) =>
        this.assessments.recordMany(
          ref,
          await this.bulkPage.entries(ref, body, principal),
          fields,
          principal,
        ),
      done: (result, value) => ({
        redirect: `/recommendations/${encodeURIComponent(ref)}`,
        assessedOn: value.assessedOn,
        flash: {
          kind: 'success',
          text: `Recorded ${result.recorded} assessments for ${ref}${result.recorded > result.becameCurrent ? ` (${result.recorded - result.becameCurrent} dated before the current one stay in history only)` : ''}.`,
        },
      }),
      again: {
        template: 'pages/bulk/index',
        view: async ({ kind, errors }) => {
          const view = await this.bulkPage.again(ref, principal, {
            values: body,
            errors,
            reloaded: kind === 'staleVersion',
            lastAsOf: today(),
          });
          // The form names its recommendation; without a known one there is no form to show.
          if (!view.chosen) {
            throw fieldError('ref', 'exists', 'ref: choose a recommendation to update first');
          }
          return view;
        },
      },
    });
  }
}
