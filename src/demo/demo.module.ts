import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module.js';
import { DemoService } from './demo.service.js';

/** The clearly labelled synthetic demo data set. */
@Module({
  imports: [AssessmentsModule],
  providers: [DemoService],
  exports: [DemoService],
})
export class DemoModule {}
