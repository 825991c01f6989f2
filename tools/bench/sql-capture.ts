import type { DataSource, Logger } from 'typeorm';

export interface CapturedQuery {
  sql: string;
  parameters: unknown[];
}

/**
 * Records the SQL the app sends through TypeORM while a recording is open, so the benchmark can
 * run exactly the same statements through the bare driver as a baseline. It sits in front of the
 * data source's own logger, which still receives everything.
 */
export class SqlCapture {
  private recording: CapturedQuery[] | null = null;

  constructor(dataSource: DataSource) {
    const inner = dataSource.logger;
    const capture = (sql: string, parameters?: unknown[]): void => {
      this.recording?.push({ sql, parameters: parameters ? [...parameters] : [] });
    };
    const logger: Logger = {
      logQuery: (query, parameters, runner) => {
        capture(query, parameters);
        inner.logQuery(query, parameters, runner);
      },
      logQueryError: (error, query, parameters, runner) => {
        inner.logQueryError(error, query, parameters, runner);
      },
      logQuerySlow: (time, query, parameters, runner) => {
        inner.logQuerySlow(time, query, parameters, runner);
      },
      logSchemaBuild: (message, runner) => {
        inner.logSchemaBuild(message, runner);
      },
      logMigration: (message, runner) => {
        inner.logMigration(message, runner);
      },
      log: (level, message, runner) => {
        inner.log(level, message, runner);
      },
    };
    dataSource.logger = logger;
  }

  /** Runs `work` and returns the statements it sent, in order. */
  async record<T>(work: () => Promise<T>): Promise<{ result: T; queries: CapturedQuery[] }> {
    const queries: CapturedQuery[] = [];
    this.recording = queries;
    try {
      return { result: await work(), queries };
    } finally {
      this.recording = null;
    }
  }
}

/** Whether a statement only reads (the baseline replays these on a read-only connection). */
export function isRead(sql: string): boolean {
  return /^\s*(SELECT|WITH)\b/i.test(sql);
}
