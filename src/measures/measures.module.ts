import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { MeasurePagesController } from './measure-pages.controller.js';
import { MeasurePagesService } from './measure-pages.service.js';
import { MeasureRulesModule } from './measure-rules.module.js';
import { MeasuresController } from './measures.controller.js';
import { MeasuresService } from './measures.service.js';

/**
 * How recommendations are measured (graded, milestones, a count, a rating): reading a measure,
 * and changing it with a preview (the API, and the admins' pages). Facts are recorded with assessments (`AssessmentsService`).
 */
@Module({
  imports: [AssessmentsModule, AuditModule, MeasureRulesModule],
  controllers: [MeasuresController, MeasurePagesController],
  providers: [MeasuresService, MeasurePagesService],
  exports: [MeasuresService, MeasureRulesModule],
})
export class MeasuresModule {}
