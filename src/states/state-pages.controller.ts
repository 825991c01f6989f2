import { Controller, Get, Param, Query, Render, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiExcludeController } from '@nestjs/swagger';
import { AsOfPageQueryDto } from '../assessments/dto/as-of-query.dto.js';
import { CurrentPrincipal } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { today } from '../common/dates.js';
import { defaultAsOf, takeConfirmation } from '../common/views/forms.js';
import { ListStatesQueryDto } from './dto/list-states-query.dto.js';
import type { StatePageView } from './state-page.view-model.js';
import type { StatesPageViewModel } from './states-page.view-model.js';

/** The States page: its title, figures, sort links and map. */
type StatesPageView = StatesPageViewModel & { title: string; map: string };
import { StatesService } from './states.service.js';

/** The States list and a State's page: every recommendation in scope for it. */
@ApiExcludeController()
@Controller('states')
export class StatePagesController {
  constructor(private readonly states: StatesService) {}

  @Get()
  @Render('pages/states/index')
  async index(@Query() query: ListStatesQueryDto): Promise<StatesPageView> {
    return { title: 'States', ...(await this.states.figuresPage(query)) };
  }

  @Get(':iso3')
  @Render('pages/states/show')
  show(
    @Param('iso3') iso3: string,
    @Query() query: AsOfPageQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
  ): Promise<StatePageView> {
    return this.states.statePage(iso3, query, principal, {
      confirmation: takeConfirmation(req.session, { page: 'state', iso3 }),
      lastAsOf: defaultAsOf(req.session, today()),
    });
  }
}
