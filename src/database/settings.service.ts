import { Injectable } from '@nestjs/common';
import { Setting } from './setting.entity.js';
import { TransactionRunner } from './transaction-runner.js';

/** Instance-wide values, generated once and then shared by every app instance on the database. */
@Injectable()
export class SettingsService {
  constructor(private readonly transactions: TransactionRunner) {}

  /** The stored value of `key`, created with `make()` the first time. */
  async getOrCreate(key: string, make: () => string): Promise<string> {
    return this.transactions.run(async (manager) => {
      // Another instance may create it at the same moment: the first one written wins.
      await manager
        .createQueryBuilder()
        .insert()
        .into(Setting)
        .values({ key, value: make() })
        .orIgnore()
        .execute();
      const { value } = await manager.findOneByOrFail(Setting, { key });
      return value;
    });
  }
}
