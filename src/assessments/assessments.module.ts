import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Recommendation } from '../recommendations/recommendation.entity.js';
import { AuditModule } from '../audit/audit.module.js';
import { MeasureRulesModule } from '../measures/measure-rules.module.js';
import { SubjectsModule } from '../subjects/subjects.module.js';
import { AssessmentsController } from './assessments.controller.js';
import { AssessmentsService } from './assessments.service.js';
import { BulkPageService } from './bulk-page.service.js';
import { BulkPagesController } from './bulk-pages.controller.js';
import { PairPageService } from './pair-page.service.js';
import { PairPagesController } from './pair-pages.controller.js';
import { PairsRepository } from './pairs.repository.js';
import { StatusesRepository } from './statuses.repository.js';
import { StatusesService } from './statuses.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([Recommendation]),
    SubjectsModule,
    AuditModule,
    MeasureRulesModule,
  ],
  controllers: [AssessmentsController, PairPagesController, BulkPagesController],
  providers: [
    AssessmentsService,
    StatusesService,
    StatusesRepository,
    PairsRepository,
    PairPageService,
    BulkPageService,
  ],
  exports: [AssessmentsService, StatusesRepository, StatusesService, PairsRepository],
})
export class AssessmentsModule {}
