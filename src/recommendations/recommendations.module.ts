import { Module } from '@nestjs/common';
import { MeasureRulesModule } from '../measures/measure-rules.module.js';
import { AssessmentsModule } from '../assessments/assessments.module.js';
import { ReferenceDataModule } from '../reference-data/reference-data.module.js';
import { RecommendationPagesService } from './recommendation-pages.service.js';
import { RecommendationPagesController } from './recommendation-pages.controller.js';
import { RecommendationsController } from './recommendations.controller.js';
import { RecommendationsService } from './recommendations.service.js';
import { SubjectsModule } from '../subjects/subjects.module.js';

@Module({
  imports: [ReferenceDataModule, AssessmentsModule, SubjectsModule, MeasureRulesModule],
  controllers: [RecommendationsController, RecommendationPagesController],
  providers: [RecommendationsService, RecommendationPagesService],
  exports: [RecommendationsService],
})
export class RecommendationsModule {}
