import { Controller, Get, Query, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DashboardQueryDto } from './dto/dashboard-query.dto.js';
import { HomeService, type DashboardView } from './home.service.js';

@ApiExcludeController()
@Controller()
export class HomeController {
  constructor(private readonly home: HomeService) {}

  @Get()
  @Render('pages/home/index')
  index(@Query() query: DashboardQueryDto): Promise<DashboardView> {
    return this.home.dashboard(query);
  }
}
