import { Controller, Get, Param, Query, Render, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiExcludeController } from '@nestjs/swagger';
import { mayWriteFor } from '../assessments/assessments.service.js';
import { AsOfPageQueryDto } from '../assessments/dto/as-of-query.dto.js';
import { pageLinks } from '../common/paging.js';
import { STATUS_LEGEND, statusBadge, statusOptions } from '../assessments/status-view.js';
import { CurrentPrincipal } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { today } from '../common/dates.js';
import { defaultAsOf, takeConfirmation } from '../common/views/forms.js';
import { hasRole, Role } from '../users/role.enum.js';
import { ListStatesQueryDto } from './dto/list-states-query.dto.js';
import { StatesService } from './states.service.js';

/** The States list and a State's page: every recommendation in scope for it. */
@ApiExcludeController()
@Controller('states')
export class StatePagesController {
  constructor(private readonly states: StatesService) {}

  @Get()
  @Render('pages/states/index')
  async index(@Query() query: ListStatesQueryDto): Promise<object> {
    return { title: 'States', ...(await this.states.figuresPage(query)) };
  }

  @Get(':iso3')
  @Render('pages/states/show')
  async show(
    @Param('iso3') iso3: string,
    @Query() query: AsOfPageQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
  ): Promise<object> {
    const confirmation = takeConfirmation(req.session, { page: 'state', iso3 });
    const view = await this.states.statuses(iso3, query);
    const canWrite =
      hasRole(principal.role, Role.Analyst) && !query.asOf && mayWriteFor(principal, view.subject);
    return {
      title: view.subject.name,
      subject: view.subject,
      asOf: query.asOf ?? null,
      progress: view.progress,
      statusLegend: STATUS_LEGEND,
      statusChoices: statusOptions(undefined),
      lastAsOf: defaultAsOf(req.session, today()),
      rows: view.statuses.map((s) => ({
        ...s,
        ...statusBadge(s.status),
        canWrite,
        confirmation: confirmation?.ref === s.recommendation ? confirmation.text : null,
      })),
      // Shown at the top only when its row is not on this page of the list.
      // (No key at all otherwise: the layout's own flash message, if any, stays.)
      ...(confirmation && !view.statuses.some((s) => s.recommendation === confirmation.ref)
        ? { flash: { kind: 'success', text: confirmation.text } }
        : {}),
      paging: {
        ...view.page,
        first: (view.page.page - 1) * view.page.pageSize + 1,
        last: (view.page.page - 1) * view.page.pageSize + view.statuses.length,
        links: pageLinks(
          `/states/${view.subject.code}`,
          { asOf: query.asOf, pageSize: query.pageSize === 20 ? undefined : query.pageSize },
          view.page.page,
          view.page.pages,
        ),
      },
    };
  }
}
