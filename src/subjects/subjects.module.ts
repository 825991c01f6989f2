import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Organisation } from '../organisations/organisation.entity.js';
import { State } from '../states/state.entity.js';
import { SubjectsService } from './subjects.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([State, Organisation])],
  providers: [SubjectsService],
  exports: [SubjectsService],
})
export class SubjectsModule {}
