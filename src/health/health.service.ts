import { Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import {
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { existsSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { chromiumPath } from '../common/chromium.js';
import { isStopping } from '../common/graceful-shutdown.js';
import { appVersion } from '../common/project-root.js';
import { APPLIED_MIGRATIONS_SQL, schemaVersionOf } from '../database/schema-version.js';

/** A health answer: its HTTP status, and the checks with the app's version. */
export interface HealthAnswer {
  httpStatus: 200 | 503;
  body: HealthCheckResult & { version: string };
}

/** How long the database may take to answer a readiness check before it counts as down. */
const DATABASE_TIMEOUT_MS = 3000;

/**
 * Liveness (the process answers) and readiness (the server may be sent requests: not stopping,
 * the database answers, and its schema has every migration of this version applied). Chromium
 * is reported, found or not, but PDFs are not needed to be ready: without it, readiness says
 * "degraded" and stays 200.
 */
@Injectable()
export class HealthService {
  private readonly logger = new Logger('Health');
  /** What readiness last found down (null: ready, or not asked yet). */
  private down: string | null = null;

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly dataSource: DataSource,
  ) {}

  liveness(): Promise<HealthAnswer> {
    return this.answer([]);
  }

  async readiness(): Promise<HealthAnswer> {
    const answer = await this.answer([
      () => this.server(),
      () => this.database.pingCheck('database', { timeout: DATABASE_TIMEOUT_MS }),
      () => this.schema(),
      () => this.chromium(),
    ]);
    this.noteChange(answer);
    return answer;
  }

  /**
   * Logs readiness when it changes, not at every probe (a load balancer asks every few seconds):
   * a warning naming what is down when it stops being ready, a line when it is ready again.
   */
  private noteChange(answer: HealthAnswer): void {
    const failed = answer.httpStatus === 503 ? (answer.body.error ?? {}) : {};
    const down = Object.keys(failed).join(', ') || null;
    if (down === this.down) return;
    this.down = down;
    if (down) this.logger.warn(`Not ready: ${down} down (${JSON.stringify(failed)})`);
    else this.logger.log('Ready again');
  }

  private async answer(checks: Parameters<HealthCheckService['check']>[0]): Promise<HealthAnswer> {
    const version = appVersion();
    try {
      return { httpStatus: 200, body: { ...(await this.health.check(checks)), version } };
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      return { httpStatus: 503, body: { ...(err.getResponse() as HealthCheckResult), version } };
    }
  }

  private server() {
    const check = this.indicator.check('server');
    return isStopping() ? check.down({ message: 'stopping' }) : check.up();
  }

  private schema() {
    return this.indicator
      .check('migrations')
      .attempt(async () => {
        const rows = await this.dataSource.query<{ name: string }[]>(APPLIED_MIGRATIONS_SQL);
        const version = schemaVersionOf(rows.map((r) => r.name));
        if (version.pending.length > 0) {
          throw new Error(
            `${version.pending.length} migration(s) not applied: ${version.pending.join(', ')}`,
          );
        }
        return { schema: version.last, applied: version.applied };
      })
      .withTimeout(DATABASE_TIMEOUT_MS);
  }

  private chromium() {
    const check = this.indicator.check('chromium');
    return existsSync(chromiumPath())
      ? check.up({ found: true })
      : check.degraded({ found: false, message: 'Chromium not found: PDFs cannot be printed' });
  }
}
