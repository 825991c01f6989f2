import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Setting } from './setting.entity.js';
import { TransactionRunner } from './transaction-runner.js';

/** How long a value read for every page (such as the demo data flag) is kept in memory. */
const CACHE_MS = 10_000;

/** Instance-wide values, generated once and then shared by every app instance on the database. */
@Injectable()
export class SettingsService {
  private readonly cache = new Map<string, { value: string | null; until: number }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
  ) {}

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

  /** The value of `key`, or null; read at most every few seconds per instance. */
  async cached(key: string): Promise<string | null> {
    const hit = this.cache.get(key);
    if (hit && hit.until > Date.now()) return hit.value;
    const row = await this.dataSource.getRepository(Setting).findOneBy({ key });
    const value = row?.value ?? null;
    this.cache.set(key, { value, until: Date.now() + CACHE_MS });
    return value;
  }
}
