import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Recommendation } from '../recommendations/recommendation.entity.js';
import { AssessmentsModule } from '../assessments/assessments.module.js';
import { ReferenceDataModule } from '../reference-data/reference-data.module.js';
import { EventPagesService } from './event-pages.service.js';
import { EventPagesController } from './event-pages.controller.js';
import { Event } from './event.entity.js';
import { EventsController } from './events.controller.js';
import { EventsService } from './events.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([Event, Recommendation]),
    ReferenceDataModule,
    AssessmentsModule,
  ],
  controllers: [EventsController, EventPagesController],
  providers: [EventsService, EventPagesService],
  exports: [EventsService],
})
export class EventsModule {}
