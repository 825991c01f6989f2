import { formProblemsOf, staleCurrentOf } from '../common/error-mapping.js';
import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, MinRole } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { validationError } from '../common/errors.js';
import { today } from '../common/dates.js';
import {
  ASSESSMENT_FIELD_LABELS,
  defaultAsOf,
  formErrors,
  matrixReturnTo,
  rememberRecord,
  takeConfirmation,
  validateForm,
  type FormErrors,
  type RowConfirmation,
} from '../common/views/forms.js';
import { dateText } from '../common/views/hbs-helpers.js';
import { SubjectsService } from '../subjects/subjects.service.js';
import { hasRole, Role } from '../users/role.enum.js';
import type { PairStatusView } from './assessment.view.js';
import { AssessmentsService, mayWriteFor } from './assessments.service.js';
import { assessmentFormFields, RecordAssessmentDto } from './dto/record-assessment.dto.js';
import { STATUS_INFO } from './implementation-status.enum.js';

type Form = Record<string, unknown>;

/**
 * The page a form was posted from: a row of the recommendation or State page, a cell of the
 * matrix (the pair page opened from it, or its dialog), else the pair page.
 */
function originOf(returnTo: unknown): RowConfirmation['page'] {
  if (returnTo === 'recommendation' || returnTo === 'state') return returnTo;
  return matrixReturnTo(returnTo) ? 'matrix' : 'pair';
}

/**
 * Where a successful post goes back to: the page the form was on, at the confirmation shown in
 * the row recorded from (or under the pair's current status), which the fragment focuses.
 */
function returnUrl(
  origin: RowConfirmation['page'],
  ref: string,
  iso3: string,
  page?: unknown,
  returnTo?: unknown,
): string {
  const r = encodeURIComponent(ref);
  const s = encodeURIComponent(iso3);
  // The page of a paged list the form was on (a whole number, nothing else is carried over).
  const onPage = typeof page === 'string' && /^[1-9]\d{0,5}$/.test(page) ? `?page=${page}` : '';
  if (origin === 'recommendation') return `/recommendations/${r}${onPage}#pair-${s}-recorded`;
  if (origin === 'state') return `/states/${s}${onPage}#rec-${r}-recorded`;
  if (origin === 'matrix') return matrixReturnTo(returnTo) ?? '/matrix';
  return `/recommendations/${r}/states/${s}#recorded`;
}

interface PageState {
  errors?: FormErrors;
  values?: Form;
  /** Someone else assessed the pair first: what they saved, shown beside the user's input. */
  conflict?: PairStatusView;
  /** The as-of date a fresh form starts with. */
  lastAsOf?: string;
  /** The record just made from this page, confirmed beside the current status. */
  confirmation?: RowConfirmation | null;
  /** The matrix this page was opened from, which a record goes back to. */
  returnTo?: string | null;
}

/**
 * The page of one pair (a recommendation for one State): its current status, its history, and
 * the form to record a new assessment.
 */
@ApiExcludeController()
@Controller('recommendations/:ref/states/:iso3')
export class PairPagesController {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly subjects: SubjectsService,
  ) {}

  @Get()
  async show(
    @Res() res: Response,
    @Param('ref') ref: string,
    @Param('iso3') iso3: string,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
  ): Promise<void> {
    await this.render(res, ref, iso3, principal, {
      lastAsOf: defaultAsOf(req.session, today()),
      confirmation: takeConfirmation(req.session, { page: 'pair', ref, iso3 }),
      returnTo: matrixReturnTo(req.query.returnTo),
    });
  }

  @Post('assessments')
  @MinRole(Role.Analyst)
  async record(
    @Req() req: Request,
    @Res() res: Response,
    @Param('ref') ref: string,
    @Param('iso3') iso3: string,
    @Body() body: Form,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    const form = await validateForm(
      RecordAssessmentDto,
      assessmentFormFields(body, Number(body.baseVersion)),
    );
    try {
      if (form.problems) throw validationError(form.problems);
      const result = await this.assessments.record(ref, iso3, form.value, principal);
      const origin = originOf(body.returnTo);
      rememberRecord(req.session, form.value.assessedOn, {
        page: origin,
        ref: result.assessment.recommendation,
        iso3: result.assessment.subject.code,
        text: result.becameCurrent
          ? `Recorded: ${result.assessment.subject.name} is now "${result.assessment.statusLabel}" for ${result.assessment.recommendation}, as of ${dateText(result.assessment.assessedOn)}.`
          : `Recorded in the history. It is dated before the current assessment, so the current status stays "${result.current.statusLabel}".`,
      });
      res.redirect(303, returnUrl(origin, ref, iso3, body.returnPage, body.returnTo));
    } catch (err) {
      const current = staleCurrentOf<PairStatusView>(err);
      if (current) {
        res.status(409);
        return this.render(res, ref, iso3, principal, {
          values: body,
          conflict: current,
          returnTo: matrixReturnTo(body.returnTo),
        });
      }
      const problems = formProblemsOf(err);
      if (!problems) throw err;
      res.status(400);
      await this.render(res, ref, iso3, principal, {
        values: body,
        errors: formErrors(problems, ASSESSMENT_FIELD_LABELS),
        returnTo: matrixReturnTo(body.returnTo),
      });
    }
  }

  private async render(
    res: Response,
    ref: string,
    iso3: string,
    principal: Principal,
    state: PageState,
  ): Promise<void> {
    const pair = await this.assessments.history(ref, iso3);
    const subject = await this.subjects.get(iso3);
    // A fresh form starts from the pair as it stands: its current status, the user's last date.
    const values = state.values ?? {
      status: pair.current.status,
      assessedOn: state.lastAsOf ?? today(),
    };
    const canWrite =
      hasRole(principal.role, Role.Analyst) &&
      mayWriteFor(principal, subject) &&
      pair.current.inScope;
    res.render('pages/pairs/show', {
      title: `${pair.current.recommendation} · ${subject.name}`,
      ref: pair.current.recommendation,
      recommendationTitle: pair.recommendationTitle,
      subject: pair.current.subject,
      current: pair.current,
      history: pair.assessments,
      canWrite,
      whyReadOnly: canWrite
        ? null
        : !pair.current.inScope
          ? `${subject.name} is not in the scope of this recommendation.`
          : !hasRole(principal.role, Role.Analyst)
            ? 'Your role (viewer) can read but not record assessments.'
            : `You may record assessments only for ${(principal.states ?? []).map((s) => s.iso3).join(', ')}.`,
      // A stale edit is re-submitted on top of the version now saved.
      baseVersion: state.conflict ? state.conflict.version : pair.current.version,
      conflict: state.conflict,
      confirmation: state.confirmation ?? null,
      assessmentCount: pair.assessments.length,
      values,
      statuses: STATUS_INFO.map((s) => ({
        value: s.value,
        label: s.label,
        selected: s.value === values.status,
      })),
      maxDate: today(),
      errors: state.errors,
      returnTo: state.returnTo ?? null,
    });
  }
}
