import { Module } from '@nestjs/common';
import { MeasureRulesModule } from '../measures/measure-rules.module.js';
import { AssessmentsModule } from '../assessments/assessments.module.js';
import { ReferenceDataModule } from '../reference-data/reference-data.module.js';
import { MatrixPageController } from './matrix-page.controller.js';
import { MatrixPageService } from './matrix-page.service.js';
import { ProgressController } from './progress.controller.js';
import { ProgressService } from './progress.service.js';

@Module({
  imports: [ReferenceDataModule, AssessmentsModule, MeasureRulesModule],
  controllers: [ProgressController, MatrixPageController],
  providers: [ProgressService, MatrixPageService],
  exports: [ProgressService],
})
export class ProgressModule {}
