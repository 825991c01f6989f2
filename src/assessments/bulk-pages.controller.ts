import { formProblemsOf } from '../common/error-mapping.js';
import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { CurrentPrincipal, MinRole } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { RedirectException } from '../auth/redirect.exception.js';
import { StaleVersionError, validationError } from '../common/errors.js';
import { today } from '../common/dates.js';
import {
  ASSESSMENT_FIELD_LABELS,
  defaultAsOf,
  formErrors,
  formList,
  rememberRecord,
  validateForm,
  type FormErrors,
} from '../common/views/forms.js';
import { Picker, type Pick } from '../common/views/picker.js';
import { RECOMMENDATION_SOURCE } from '../recommendations/recommendation-picker.js';
import { Recommendation } from '../recommendations/recommendation.entity.js';
import { State } from '../states/state.entity.js';
import { REGIONS, regionOf } from '../states/regions.js';
import { Role } from '../users/role.enum.js';
import { AssessmentsService, mayWriteFor } from './assessments.service.js';
import { assessmentFormFields, RecordAssessmentDto } from './dto/record-assessment.dto.js';
import { statusBadge, statusOptions } from './status-view.js';
import { StatusesService } from './statuses.service.js';

type Form = Record<string, unknown>;

/**
 * Bulk update: one recommendation, several States (picked one by one or a whole region at
 * once), one status, date, note and evidence, recorded in one transaction. The recommendation
 * is a ref (`/bulk?ref=JEW-II.9`) or, typed into the search field offered when there are many,
 * words of its title: one match opens it (redirected to its ref), several are listed to pick
 * from, none is named beside the field (400).
 */
@ApiExcludeController()
@Controller('bulk')
@MinRole(Role.Analyst)
export class BulkPagesController {
  private readonly recommendations: Picker<Recommendation>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly assessments: AssessmentsService,
    private readonly statuses: StatusesService,
  ) {
    this.recommendations = new Picker(dataSource, RECOMMENDATION_SOURCE);
  }

  @Get()
  async page(
    @Req() req: Request,
    @Res() res: Response,
    @Query('ref') ref: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    const pick = await this.recommendations.resolve(
      typeof ref === 'string' ? ref.slice(0, 200) : undefined,
    );
    if (pick.kind === 'one' && !pick.exact) throw new RedirectException(address(pick.choice.key));
    if (pick.kind === 'unknown') res.status(400);
    await this.render(res, principal, pick, { lastAsOf: defaultAsOf(req.session, today()) });
  }

  @Post()
  async submit(
    @Req() req: Request,
    @Res() res: Response,
    @Body() body: Form,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    const ref = typeof body.ref === 'string' ? body.ref : '';
    const form = await validateForm(RecordAssessmentDto, assessmentFormFields(body, 1));
    try {
      if (form.problems) throw validationError(form.problems);
      const { baseVersion: _unused, ...fields } = form.value;
      const pairs = (await this.statuses.forRecommendation(ref)).statuses;
      const regions = formList(body.regions);
      const picked = new Set(formList(body.states));
      const groups = await this.groups();
      for (const p of pairs) {
        const region = regionOf(p.subject.code, groups.get(p.subject.code));
        if (regions.includes(region.key) && mayWriteFor(principal, p.subject)) {
          picked.add(p.subject.code);
        }
      }
      const entries = [...picked].map((code) => ({
        code,
        baseVersion: Number(
          body[`v-${code}`] ?? pairs.find((p) => p.subject.code === code)?.version,
        ),
      }));
      const result = await this.assessments.recordMany(ref, entries, fields, principal);
      rememberRecord(req.session, fields.assessedOn);
      req.session.flash = {
        kind: 'success',
        text: `Recorded ${result.recorded} assessments for ${ref}${result.recorded > result.becameCurrent ? ` (${result.recorded - result.becameCurrent} dated before the current one stay in history only)` : ''}.`,
      };
      res.redirect(303, `/recommendations/${encodeURIComponent(ref)}`);
    } catch (err) {
      if (err instanceof StaleVersionError) {
        res.status(409);
        return this.render(res, principal, await this.recommendations.resolve(ref), {
          values: body,
          errors: formErrors([{ field: '', rule: 'stale', message: err.message }]),
          reloaded: true,
        });
      }
      const problems = formProblemsOf(err);
      if (!problems) throw err;
      res.status(400);
      await this.render(res, principal, await this.recommendations.resolve(ref), {
        values: body,
        errors: formErrors(problems, ASSESSMENT_FIELD_LABELS),
      });
    }
  }

  private groupsCache?: Promise<Map<string, string>>;

  /** ISO3 → State group, for placing partners in their own regions. */
  private groups(): Promise<Map<string, string>> {
    this.groupsCache ??= this.dataSource
      .getRepository(State)
      .find()
      .then((states) => new Map(states.map((s) => [s.iso3, s.group])));
    return this.groupsCache;
  }

  private async render(
    res: Response,
    principal: Principal,
    pick: Pick,
    state: { values?: Form; errors?: FormErrors; reloaded?: boolean; lastAsOf?: string },
  ): Promise<void> {
    // Only the one asked for by its ref (words typed redirect to it first).
    const chosen = pick.kind === 'one' && pick.exact ? pick.choice : null;
    // No status is preselected: the chosen States may stand at different ones, so the user
    // chooses it ("Choose a status" until then). The date is the last one this user entered.
    const values = state.values ?? { assessedOn: state.lastAsOf ?? today() };
    const picked = formList(values.states);
    const pickedRegions = formList(values.regions);
    let regions: object[] = [];
    if (chosen) {
      const pairs = (await this.statuses.forRecommendation(chosen.key)).statuses;
      const groups = await this.groups();
      regions = REGIONS.map((region) => ({
        ...region,
        selected: pickedRegions.includes(region.key),
        subjects: pairs
          .filter((p) => regionOf(p.subject.code, groups.get(p.subject.code)).key === region.key)
          .map((p) => ({
            code: p.subject.code,
            name: p.subject.name,
            version: p.version,
            ...statusBadge(p.status),
            assessedOn: p.assessedOn,
            allowed: mayWriteFor(principal, p.subject),
            checked: picked.includes(p.subject.code),
          })),
      })).filter((r) => r.subjects.length > 0);
    }
    res.render('pages/bulk/index', {
      title: 'Bulk update',
      recommendationPicker: await this.recommendations.view(pick, {
        id: 'bulk-ref',
        name: 'ref',
        empty: 'Choose…',
        emptyHint: 'Type its ref (e.g. JEW-II.9) or words of its title',
        href: address,
      }),
      chosen: chosen ? { ref: chosen.key, title: chosen.title } : null,
      regions,
      values,
      statuses: statusOptions(values.status),
      statusChosen: typeof values.status === 'string' && values.status !== '',
      errors: state.errors,
      reloaded: state.reloaded ?? false,
    });
  }
}

/** The bulk page of one recommendation. */
function address(ref: string): string {
  return `/bulk?ref=${encodeURIComponent(ref)}`;
}
