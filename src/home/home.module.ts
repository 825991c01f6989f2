import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module.js';
import { HomeController } from './home.controller.js';
import { DashboardRepository } from './dashboard.repository.js';
import { HomeService } from './home.service.js';

@Module({
  imports: [AssessmentsModule],
  controllers: [HomeController],
  providers: [HomeService, DashboardRepository],
})
export class HomeModule {}
