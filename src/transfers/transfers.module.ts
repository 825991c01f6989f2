import { AssessmentsModule } from '../assessments/assessments.module.js';
import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { MeasureRulesModule } from '../measures/measure-rules.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { ProgressModule } from '../progress/progress.module.js';
import { ExportPageService } from './export-page.service.js';
import { ExportPagesController } from './export-pages.controller.js';
import { ExportsController } from './exports.controller.js';
import { ExportsService } from './exports.service.js';
import { ImportPagesController } from './import-pages.controller.js';
import { ImportsController } from './imports.controller.js';
import { ImportsRepository } from './imports.repository.js';
import { ImportsService } from './imports.service.js';
import { UploadMiddleware } from './upload.middleware.js';

/** Imports of assessments from CSV and XLSX files, and exports of the matrix and the history. */
@Module({
  imports: [AuditModule, AuthModule, ProgressModule, AssessmentsModule, MeasureRulesModule],
  controllers: [ImportsController, ImportPagesController, ExportsController, ExportPagesController],
  providers: [ImportsRepository, ImportsService, ExportsService, ExportPageService],
  exports: [ImportsService, ExportsService],
})
export class TransfersModule implements NestModule {
  /**
   * Uploads are read before the auth guard, which needs the form's CSRF field (the middleware
   * identifies the caller itself first).
   */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(UploadMiddleware)
      .forRoutes(
        { path: 'imports', method: RequestMethod.POST },
        { path: 'api/v1/imports', method: RequestMethod.POST },
      );
  }
}
