import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module.js';
import { MeasureRulesModule } from '../measures/measure-rules.module.js';
import { DemoService } from './demo.service.js';

/** The clearly labelled demo data set, loaded on request (`seed-demo`), never at start. */
@Module({
  imports: [AssessmentsModule, MeasureRulesModule],
  providers: [DemoService],
  exports: [DemoService],
})
export class DemoModule {}
