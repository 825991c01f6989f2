import { Global, Module } from '@nestjs/common';
import { SettingsService } from './settings.service.js';
import { TransactionRunner } from './transaction-runner.js';

@Global()
@Module({
  providers: [TransactionRunner, SettingsService],
  exports: [TransactionRunner, SettingsService],
})
export class DatabaseModule {}
