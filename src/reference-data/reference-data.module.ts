import { Module } from '@nestjs/common';
import { SubjectsModule } from '../subjects/subjects.module.js';
import { LookupsService } from './lookups.service.js';
import { ReferenceDataService } from './reference-data.service.js';

@Module({
  imports: [SubjectsModule],
  providers: [ReferenceDataService, LookupsService],
  exports: [ReferenceDataService, LookupsService, SubjectsModule],
})
export class ReferenceDataModule {}
