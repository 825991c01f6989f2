import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type pg from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions.js';
import { pgDriver } from './data-source.js';
import { isPostgres } from './dialect.js';

/** What can change under a cache of another instance: one PostgreSQL channel each. */
export type ChangeChannel = 'rt_api_tokens';

/** How long to wait before listening again after the listening connection was lost. */
const RECONNECT_MS = 1_000;

/**
 * Tells every app instance on the database that something they may keep in memory changed.
 *
 * A change is announced inside the transaction that makes it (`announce`): on PostgreSQL a
 * `NOTIFY`, which the server delivers to every listening instance when, and only if, the
 * transaction commits; the instance that made it calls `changed` once committed, which reaches
 * its own listeners at once. On SQLite there is one instance, so `changed` is all there is.
 *
 * Each instance listens on a connection of its own, opened when the module starts. A cache may
 * be used only while `listening` is true: if the connection is lost, every listener is told
 * (anything may have changed meanwhile) and caches are bypassed until it is back.
 */
@Injectable()
export class ChangeSignals implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ChangeSignals.name);
  private readonly listeners = new Map<ChangeChannel, (() => void)[]>();
  private client: pg.Client | null = null;
  private connected = false;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(private readonly dataSource: DataSource) {}

  /** Whether changes made by other instances reach this one now (always, on SQLite). */
  get listening(): boolean {
    return !isPostgres(this.dataSource) || this.connected;
  }

  on(channel: ChangeChannel, listener: () => void): void {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
  }

  /** Announces a change to the other instances, delivered when `manager`'s transaction commits. */
  async announce(manager: EntityManager, channel: ChangeChannel): Promise<void> {
    if (isPostgres(this.dataSource)) await manager.query('SELECT pg_notify($1, $2)', [channel, '']);
  }

  /** Tells this instance's listeners of a change it has just committed. */
  changed(channel: ChangeChannel): void {
    for (const listener of this.listeners.get(channel) ?? []) listener();
  }

  async onModuleInit(): Promise<void> {
    if (isPostgres(this.dataSource)) await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    this.connected = false;
    await client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const options = this.dataSource.options as PostgresConnectionOptions;
    const client = new (pgDriver().Client)({
      connectionString: options.url,
      ...(options.extra as pg.ClientConfig | undefined),
    });
    this.client = client;
    client.on('notification', (message) => {
      if (this.listeners.has(message.channel as ChangeChannel)) {
        this.changed(message.channel as ChangeChannel);
      }
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, null));
    try {
      await client.connect();
      for (const channel of this.listeners.keys()) await client.query(`LISTEN ${channel}`);
      if (this.client === client) this.connected = true;
    } catch (err) {
      this.lost(client, err);
    }
  }

  /** The listening connection is gone: caches are bypassed, and told, until it is back. */
  private lost(client: pg.Client, err: unknown): void {
    if (this.client !== client) return;
    this.client = null;
    this.connected = false;
    for (const channel of this.listeners.keys()) this.changed(channel);
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    this.logger.warn(
      `Not hearing other instances' changes${err instanceof Error ? ` (${err.message})` : ''}; caches are bypassed until listening again`,
    );
    this.retry = setTimeout(() => {
      this.retry = null;
      if (!this.stopped) void this.listen();
    }, RECONNECT_MS);
  }
}
