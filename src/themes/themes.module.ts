import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AssessmentsModule } from '../assessments/assessments.module.js';
import { ThemePagesController } from './theme-pages.controller.js';
import { ThemePagesService } from './theme-pages.service.js';
import { Theme } from './theme.entity.js';
import { ThemesController } from './themes.controller.js';

@Module({
  imports: [TypeOrmModule.forFeature([Theme]), AssessmentsModule],
  controllers: [ThemesController, ThemePagesController],
  providers: [ThemePagesService],
})
export class ThemesModule {}
