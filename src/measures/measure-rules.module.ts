import { Module } from '@nestjs/common';
import { MeasuresRepository } from './measures.repository.js';

/**
 * The measures' repository alone, for the write path (`AssessmentsService` derives statuses from
 * facts): `MeasuresModule`, which edits measures, needs the assessments module in turn.
 */
@Module({
  providers: [MeasuresRepository],
  exports: [MeasuresRepository],
})
export class MeasureRulesModule {}
