import { Body, Controller, Get, Param, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, MinRole } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { today } from '../common/dates.js';
import { submitForm } from '../common/views/form-flow.js';
import {
  ASSESSMENT_FIELD_LABELS,
  defaultAsOf,
  matrixReturnTo,
  takeConfirmation,
} from '../common/views/forms.js';
import { Role } from '../users/role.enum.js';
import type { PairStatusView } from './assessment.view.js';
import { AssessmentsService } from './assessments.service.js';
import { assessmentFormFields, RecordAssessmentDto } from './dto/record-assessment.dto.js';
import { PairPageService } from './pair-page.service.js';
import { recordedAnswer, type PairForm, type PairPageView } from './pair-page.view-model.js';

/**
 * The page of one pair (a recommendation for one State): its current status, its history, and
 * the form to record a new assessment. The inline forms of the recommendation and State pages
 * and of the matrix post here too, and go back where they came from.
 */
@ApiExcludeController()
@Controller('recommendations/:ref/states/:iso3')
export class PairPagesController {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly pairPage: PairPageService,
  ) {}

  @Get()
  @Render('pages/pairs/show')
  show(
    @Param('ref') ref: string,
    @Param('iso3') iso3: string,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
  ): Promise<PairPageView> {
    return this.pairPage.view(ref, iso3, principal, {
      lastAsOf: defaultAsOf(req.session, today()),
      confirmation: takeConfirmation(req.session, { page: 'pair', ref, iso3 }),
      returnTo: matrixReturnTo(req.query.returnTo),
    });
  }

  @Post('assessments')
  @MinRole(Role.Analyst)
  record(
    @Req() req: Request,
    @Res() res: Response,
    @Param('ref') ref: string,
    @Param('iso3') iso3: string,
    @Body() body: PairForm,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    const returnTo = matrixReturnTo(body.returnTo);
    return submitForm(req, res, {
      dto: RecordAssessmentDto,
      fields: assessmentFormFields(body, Number(body.baseVersion)),
      labels: ASSESSMENT_FIELD_LABELS,
      // Someone else assessed it first: their assessment beside the user's input, kept (409).
      showAgainOn: ['invalid', 'staleVersion'],
      run: (value) => this.assessments.record(ref, iso3, value, principal),
      done: (result, value) =>
        recordedAnswer(result, body, { ref, iso3, assessedOn: value.assessedOn }),
      again: {
        template: 'pages/pairs/show',
        view: ({ kind, errors, current }) =>
          this.pairPage.view(
            ref,
            iso3,
            principal,
            kind === 'staleVersion'
              ? { values: body, conflict: current as PairStatusView | null, returnTo }
              : { values: body, errors, returnTo },
          ),
      },
    });
  }
}
