import { MeasureRulesModule } from '../measures/measure-rules.module.js';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AssessmentsModule } from '../assessments/assessments.module.js';
import { SubjectsModule } from '../subjects/subjects.module.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { State } from './state.entity.js';
import { StatePagesController } from './state-pages.controller.js';
import { StatesController } from './states.controller.js';
import { StatesService } from './states.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([State, Organisation]),
    SubjectsModule,
    AssessmentsModule,
    MeasureRulesModule,
  ],
  controllers: [StatesController, StatePagesController],
  providers: [StatesService],
  exports: [StatesService],
})
export class StatesModule {}
