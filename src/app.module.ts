import { DemoModule } from './demo/demo.module.js';
import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiTokensModule } from './api-tokens/api-tokens.module.js';
import { AssessmentsModule } from './assessments/assessments.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { createValidationPipe } from './common/validation.js';
import { validateEnv, type Env } from './config/env.js';
import { DatabaseModule } from './database/database.module.js';
import {
  dataSourceOptions,
  databaseTarget,
  ensureDatabaseFolder,
  runMigrations,
} from './database/data-source.js';
import { EventsModule } from './events/events.module.js';
import { HomeModule } from './home/home.module.js';
import { OrganisationsModule } from './organisations/organisations.module.js';
import { ProgressModule } from './progress/progress.module.js';
import { RecommendationsModule } from './recommendations/recommendations.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { ReferenceDataModule } from './reference-data/reference-data.module.js';
import { StatesModule } from './states/states.module.js';
import { ThemesModule } from './themes/themes.module.js';
import { TransfersModule } from './transfers/transfers.module.js';
import { UsersModule } from './users/users.module.js';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, validate: validateEnv, ignoreEnvFile: false }),
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>) =>
        dataSourceOptions(
          databaseTarget({
            DATABASE_URL: config.get('DATABASE_URL', { infer: true }),
            DATABASE_PATH: config.get('DATABASE_PATH', { infer: true }),
          }),
        ),
      // The schema is brought up to date before anything else touches the database.
      dataSourceFactory: async (options) => {
        if (!options) throw new Error('No database options');
        if (options.type === 'sqlite') ensureDatabaseFolder(options.database);
        const dataSource = await new DataSource(options).initialize();
        await runMigrations(dataSource);
        return dataSource;
      },
    }),
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
    DemoModule,
    ProgressModule,
    ReportsModule,
    HomeModule,
    TransfersModule,
  ],
  providers: [
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: HttpExceptionFilter },
  ],
})
export class AppModule {}
