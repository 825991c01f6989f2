import { Controller, Get, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CurrentPrincipal, MinRole } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { Role } from '../users/role.enum.js';
import { WorklistService, type WorklistView } from './worklist.service.js';

@ApiExcludeController()
@Controller('queue')
@MinRole(Role.Analyst)
export class WorklistPagesController {
  constructor(private readonly worklist: WorklistService) {}

  @Get()
  @Render('pages/worklist/index')
  index(@CurrentPrincipal() principal: Principal): Promise<WorklistView> {
    return this.worklist.queue(principal);
  }
}
