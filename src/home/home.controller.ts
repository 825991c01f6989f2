import { Controller, Get, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/decorators.js';
import { HomeService, type DashboardView } from './home.service.js';

@ApiExcludeController()
@Controller()
export class HomeController {
  constructor(private readonly home: HomeService) {}

  @Get()
  @Render('pages/home/index')
  index(): Promise<DashboardView> {
    return this.home.dashboard();
  }

  @Get('health')
  @Public()
  health(): Promise<{ status: 'ok'; database: 'ok' }> {
    return this.home.health();
  }
}
