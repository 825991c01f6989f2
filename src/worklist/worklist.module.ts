import { Module } from '@nestjs/common';
import { WorklistPagesController } from './worklist-pages.controller.js';
import { WorklistRepository } from './worklist.repository.js';
import { WorklistService } from './worklist.service.js';

/** An analyst's queue: pairs never assessed, stale, or changed by someone else. */
@Module({
  controllers: [WorklistPagesController],
  providers: [WorklistService, WorklistRepository],
})
export class WorklistModule {}
