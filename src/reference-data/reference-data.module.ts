import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from '../config/env.js';
import { SubjectsModule } from '../subjects/subjects.module.js';
import { LookupsService } from './lookups.service.js';
import { ReferenceDataService } from './reference-data.service.js';

@Module({
  imports: [SubjectsModule],
  providers: [ReferenceDataService, LookupsService],
  exports: [ReferenceDataService, LookupsService, SubjectsModule],
})
export class ReferenceDataModule implements OnApplicationBootstrap {
  constructor(
    private readonly referenceData: ReferenceDataService,
    private readonly config: ConfigService<Env, true>,
  ) {}

  /** A new, empty database gets the reference data on first start. */
  async onApplicationBootstrap(): Promise<void> {
    if (this.config.get('LOAD_REFERENCE_DATA', { infer: true })) {
      await this.referenceData.loadIfEmpty();
    }
  }
}
