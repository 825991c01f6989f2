import { Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { PageLinksInterceptor } from './common/page-links.interceptor.js';
import { AnswerHeadersInterceptor } from './openapi/answer-headers.interceptor.js';
import { AppStartupService } from './app-startup.service.js';
import { ApiTokensModule } from './api-tokens/api-tokens.module.js';
import { AssessmentsModule } from './assessments/assessments.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { createValidationPipe } from './common/validation.js';
import { configModule } from './config/env.js';
import { databaseConnection, DatabaseModule } from './database/database.module.js';
import { DemoModule } from './demo/demo.module.js';
import { DocumentsModule } from './documents/documents.module.js';
import { EventsModule } from './events/events.module.js';
import { HealthModule } from './health/health.module.js';
import { HomeModule } from './home/home.module.js';
import { MeasuresModule } from './measures/measures.module.js';
import { OrganisationsModule } from './organisations/organisations.module.js';
import { ProgressModule } from './progress/progress.module.js';
import { RecommendationsModule } from './recommendations/recommendations.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { ReferenceDataModule } from './reference-data/reference-data.module.js';
import { StatesModule } from './states/states.module.js';
import { ThemesModule } from './themes/themes.module.js';
import { TransfersModule } from './transfers/transfers.module.js';
import { UsersModule } from './users/users.module.js';
import { WorklistModule } from './worklist/worklist.module.js';

@Module({
  imports: [
    configModule(),
    databaseConnection(),
    DatabaseModule,
    ReferenceDataModule,
    AuditModule,
    UsersModule,
    ApiTokensModule,
    AuthModule,
    StatesModule,
    OrganisationsModule,
    ThemesModule,
    EventsModule,
    RecommendationsModule,
    AssessmentsModule,
    MeasuresModule,
    ProgressModule,
    ReportsModule,
    DocumentsModule,
    HomeModule,
    HealthModule,
    TransfersModule,
    WorklistModule,
    DemoModule,
  ],
  providers: [
    AppStartupService,
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: HttpExceptionFilter },
    { provide: APP_INTERCEPTOR, useClass: PageLinksInterceptor },
    { provide: APP_INTERCEPTOR, useClass: AnswerHeadersInterceptor },
  ],
})
export class AppModule {}
