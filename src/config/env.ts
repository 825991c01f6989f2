import type { DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  validateSync,
} from 'class-validator';

export const DEFAULT_DATABASE_PATH = 'data/recommendation-tracker.sqlite';

function toBoolean({ value }: { value: unknown }): unknown {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value;
}

function toInteger({ value }: { value: unknown }): unknown {
  return typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
}

/** The environment the app reads, with defaults. Anything else in the environment is ignored. */
export class Env {
  @Transform(toInteger)
  @IsInt({ message: 'PORT must be a whole number' })
  @Min(1, { message: 'PORT must be between 1 and 65535' })
  @Max(65535, { message: 'PORT must be between 1 and 65535' })
  PORT: number = 3000;

  @IsString()
  @IsNotEmpty({ message: 'HOST must not be empty' })
  HOST: string = '0.0.0.0';

  /** SQLite database file, created with its folder if missing; ":memory:" for a throw-away one. */
  @IsString()
  @IsNotEmpty({ message: 'DATABASE_PATH must not be empty' })
  DATABASE_PATH: string = DEFAULT_DATABASE_PATH;

  /**
   * A PostgreSQL database (postgres://user:password@host:5432/name) used instead of the SQLite
   * file; unset, the app keeps to DATABASE_PATH. Several app instances may share it.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^/\s]*\/[^\s/?#]+(\?\S*)?$/, {
    message: 'DATABASE_URL must be a PostgreSQL URL: postgres://user:password@host:5432/database',
  })
  DATABASE_URL?: string = undefined;

  /** Load the reference data (States, organisations, themes, events, recommendations) into an empty database at start. */
  @Transform(toBoolean)
  @IsBoolean({ message: 'LOAD_REFERENCE_DATA must be true or false' })
  LOAD_REFERENCE_DATA: boolean = true;

  /** A web session ends after this many minutes without a request. */
  @Transform(toInteger)
  @IsInt({ message: 'SESSION_IDLE_MINUTES must be a whole number' })
  @Min(1, { message: 'SESSION_IDLE_MINUTES must be between 1 and 1440' })
  @Max(1440, { message: 'SESSION_IDLE_MINUTES must be between 1 and 1440' })
  SESSION_IDLE_MINUTES: number = 30;

  /**
   * Above this many pairs, the dashboard shows the current figures alone until its analysis
   * (figures at two dates, trend, breakdowns: seconds at that size) is asked for.
   */
  @Transform(toInteger)
  @IsInt({ message: 'DASHBOARD_ANALYSIS_MAX_PAIRS must be a whole number' })
  @Min(0, { message: 'DASHBOARD_ANALYSIS_MAX_PAIRS must be between 0 and 100000000' })
  @Max(100_000_000, { message: 'DASHBOARD_ANALYSIS_MAX_PAIRS must be between 0 and 100000000' })
  DASHBOARD_ANALYSIS_MAX_PAIRS: number = 50_000;

  /** A pair whose last assessment is older than this many months is stale (in My queue). */
  @Transform(toInteger)
  @IsInt({ message: 'STALE_AFTER_MONTHS must be a whole number' })
  @Min(1, { message: 'STALE_AFTER_MONTHS must be between 1 and 240' })
  @Max(240, { message: 'STALE_AFTER_MONTHS must be between 1 and 240' })
  STALE_AFTER_MONTHS: number = 24;

  /** My queue lists what others recorded on the analyst's pairs in this many last days. */
  @Transform(toInteger)
  @IsInt({ message: 'RECENT_CHANGES_DAYS must be a whole number' })
  @Min(1, { message: 'RECENT_CHANGES_DAYS must be between 1 and 3650' })
  @Max(3650, { message: 'RECENT_CHANGES_DAYS must be between 1 and 3650' })
  RECENT_CHANGES_DAYS: number = 30;

  /** A dry run not applied within this many days is discarded and its file deleted. */
  @Transform(toInteger)
  @IsInt({ message: 'IMPORT_KEEP_DAYS must be a whole number' })
  @Min(1, { message: 'IMPORT_KEEP_DAYS must be between 1 and 3650' })
  @Max(3650, { message: 'IMPORT_KEEP_DAYS must be between 1 and 3650' })
  IMPORT_KEEP_DAYS: number = 30;

  /**
   * An uploaded XLSX workbook that would unpack to more than this many megabytes is refused
   * before it is read: reading it takes about 15 times as much memory.
   */
  @Transform(toInteger)
  @IsInt({ message: 'IMPORT_MAX_UNPACKED_MB must be a whole number' })
  @Min(1, { message: 'IMPORT_MAX_UNPACKED_MB must be between 1 and 1024' })
  @Max(1024, { message: 'IMPORT_MAX_UNPACKED_MB must be between 1 and 1024' })
  IMPORT_MAX_UNPACKED_MB: number = 50;

  /** The largest file an import takes, in megabytes (a multipart form or the file as the body). */
  @Transform(toInteger)
  @IsInt({ message: 'IMPORT_MAX_UPLOAD_MB must be a whole number' })
  @Min(1, { message: 'IMPORT_MAX_UPLOAD_MB must be between 1 and 1024' })
  @Max(1024, { message: 'IMPORT_MAX_UPLOAD_MB must be between 1 and 1024' })
  IMPORT_MAX_UPLOAD_MB: number = 20;

  /** The largest JSON or form body any other request may send, in kilobytes. */
  @Transform(toInteger)
  @IsInt({ message: 'BODY_MAX_KB must be a whole number' })
  @Min(1, { message: 'BODY_MAX_KB must be between 1 and 102400' })
  @Max(102_400, { message: 'BODY_MAX_KB must be between 1 and 102400' })
  BODY_MAX_KB: number = 1024;

  /**
   * How deep a JSON body may nest (arrays and objects), checked before it is parsed. The API's
   * bodies nest two or three levels.
   */
  @Transform(toInteger)
  @IsInt({ message: 'JSON_MAX_DEPTH must be a whole number' })
  @Min(2, { message: 'JSON_MAX_DEPTH must be between 2 and 512' })
  @Max(512, { message: 'JSON_MAX_DEPTH must be between 2 and 512' })
  JSON_MAX_DEPTH: number = 32;

  /** PDFs printed at the same time by the process (each a Chromium page of 100 to 300 MB). */
  @Transform(toInteger)
  @IsInt({ message: 'PDF_CONCURRENCY must be a whole number' })
  @Min(1, { message: 'PDF_CONCURRENCY must be between 1 and 32' })
  @Max(32, { message: 'PDF_CONCURRENCY must be between 1 and 32' })
  PDF_CONCURRENCY: number = 2;

  /** PDFs that may wait for their turn; one more is answered 503 with Retry-After. */
  @Transform(toInteger)
  @IsInt({ message: 'PDF_QUEUE must be a whole number' })
  @Min(0, { message: 'PDF_QUEUE must be between 0 and 1000' })
  @Max(1000, { message: 'PDF_QUEUE must be between 0 and 1000' })
  PDF_QUEUE: number = 8;

  /**
   * PDFs one user (or API token) may have printing or waiting at once; one more is answered
   * 429 with Retry-After.
   */
  @Transform(toInteger)
  @IsInt({ message: 'PDF_PER_USER must be a whole number' })
  @Min(1, { message: 'PDF_PER_USER must be between 1 and 1000' })
  @Max(1000, { message: 'PDF_PER_USER must be between 1 and 1000' })
  PDF_PER_USER: number = 2;

  /**
   * The most pages one PDF may have, estimated from what the report holds before it is printed;
   * a longer one is refused (422) with the filters that narrow it. A PDF's time to print grows
   * with its pages (its timeouts do too), and Chromium's memory with them.
   */
  @Transform(toInteger)
  @IsInt({ message: 'PDF_MAX_PAGES must be a whole number' })
  @Min(1, { message: 'PDF_MAX_PAGES must be between 1 and 100000' })
  @Max(100_000, { message: 'PDF_MAX_PAGES must be between 1 and 100000' })
  PDF_MAX_PAGES: number = 1000;

  /** A web session ends this many hours after sign-in, however active. */
  @Transform(toInteger)
  @IsInt({ message: 'SESSION_MAX_HOURS must be a whole number' })
  @Min(1, { message: 'SESSION_MAX_HOURS must be between 1 and 720' })
  @Max(720, { message: 'SESSION_MAX_HOURS must be between 1 and 720' })
  SESSION_MAX_HOURS: number = 12;

  /**
   * The session cookie's Secure flag: `auto` sets it when the request came over HTTPS (behind a
   * proxy, with TRUST_PROXY), `true` always (the app must then be reached over HTTPS), `false` never.
   */
  @IsIn(['auto', 'true', 'false'], { message: 'COOKIE_SECURE must be auto, true or false' })
  COOKIE_SECURE: 'auto' | 'true' | 'false' = 'auto';

  /** Trust X-Forwarded-* headers from this many proxy hops (0: none), for client addresses and HTTPS. */
  @Transform(toInteger)
  @IsInt({ message: 'TRUST_PROXY must be a whole number' })
  @Min(0, { message: 'TRUST_PROXY must be between 0 and 10' })
  @Max(10, { message: 'TRUST_PROXY must be between 0 and 10' })
  TRUST_PROXY: number = 0;

  /** Wrong passwords allowed per client address per minute; the next attempt is refused with 429. */
  @Transform(toInteger)
  @IsInt({ message: 'LOGIN_FAILURES_PER_MINUTE must be a whole number' })
  @Min(1, { message: 'LOGIN_FAILURES_PER_MINUTE must be between 1 and 1000' })
  @Max(1000, { message: 'LOGIN_FAILURES_PER_MINUTE must be between 1 and 1000' })
  LOGIN_FAILURES_PER_MINUTE: number = 9;

  /**
   * Wrong passwords allowed for one username, from any address, per 15 minutes; the next
   * attempt at that username is refused with 429 until the oldest of them is 15 minutes old.
   */
  @Transform(toInteger)
  @IsInt({ message: 'LOGIN_FAILURES_PER_ACCOUNT must be a whole number' })
  @Min(1, { message: 'LOGIN_FAILURES_PER_ACCOUNT must be between 1 and 10000' })
  @Max(10_000, { message: 'LOGIN_FAILURES_PER_ACCOUNT must be between 1 and 10000' })
  LOGIN_FAILURES_PER_ACCOUNT: number = 30;

  /**
   * How a report document's symbol is made: {KIND} (EVT, STA, THM, REC, PER), {YEAR} and {N}, the
   * document's number within its year. A revision adds "/Rev.1", "/Rev.2" and so on.
   */
  @IsString()
  @Matches(/^(?=.*\{N\})[A-Za-z0-9 ./()_{}-]{3,60}$/, {
    message:
      'DOCUMENT_SYMBOL_PATTERN must contain {N} and only letters, digits, spaces and . / ( ) _ - (3 to 60 characters)',
  })
  DOCUMENT_SYMBOL_PATTERN: string = 'SEC/{KIND}/{YEAR}/{N}';

  /**
   * How log lines are written: `json`, one JSON object a line (for a log collector), or `text`,
   * for a person at a terminal. Unset: text when standard output is a terminal, JSON otherwise.
   */
  @IsOptional()
  @IsIn(['json', 'text'], { message: 'LOG_FORMAT must be json or text' })
  LOG_FORMAT?: 'json' | 'text' = undefined;

  /**
   * On SIGTERM or SIGINT the server stops taking requests and finishes those in flight within
   * this many seconds; past them it stops anyway, with exit code 1.
   */
  @Transform(toInteger)
  @IsInt({ message: 'SHUTDOWN_GRACE_SECONDS must be a whole number' })
  @Min(1, { message: 'SHUTDOWN_GRACE_SECONDS must be between 1 and 3600' })
  @Max(3600, { message: 'SHUTDOWN_GRACE_SECONDS must be between 1 and 3600' })
  SHUTDOWN_GRACE_SECONDS: number = 30;

  /** The organisation whose analysts use the app: shown in every page's header and footer. */
  @IsString()
  @IsNotEmpty({ message: 'ORGANISATION_NAME must not be empty' })
  @MaxLength(100, { message: 'ORGANISATION_NAME must be at most 100 characters' })
  ORGANISATION_NAME: string = 'Secretariat';

  /**
   * The organisation's logo beside its name in the header: a path on this site (/assets/...) or
   * an https:// address (the Content-Security-Policy then allows images from that origin). Unset:
   * no logo.
   */
  @IsOptional()
  @Matches(/^(\/[^/\s][^\s]*|https:\/\/[^/\s]+\/\S*)$/, {
    message: 'ORGANISATION_LOGO_URL must be a path on this site (/...) or an https:// address',
  })
  ORGANISATION_LOGO_URL?: string = undefined;
}

export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'InvalidEnvironmentError';
  }
}

/** Reads and checks the environment; throws one error listing every bad variable. */
export function validateEnv(raw: Record<string, unknown>): Env {
  const known = Object.keys(new Env());
  const picked = Object.fromEntries(
    Object.entries(raw).filter(([k, v]) => known.includes(k) && v !== undefined && v !== ''),
  );
  const env = plainToInstance(Env, picked);
  const errors = validateSync(env, { skipMissingProperties: false });
  if (errors.length > 0) {
    throw new InvalidEnvironmentError(
      errors.map((e) => {
        const constraints = e.constraints ?? {};
        // A value of the wrong type only needs that said, not every range it also misses.
        const messages = constraints.isInt ? [constraints.isInt] : Object.values(constraints);
        // A database URL may hold a password: it is named, never printed.
        const value = e.property === 'DATABASE_URL' ? '(hidden)' : JSON.stringify(e.value);
        return `${e.property}=${value}: ${[...new Set(messages)].join('; ')}`;
      }),
    );
  }
  return env;
}

/**
 * How the server and the command line read their settings, in one place: the `.env` file in the
 * working directory when there is one, real environment variables winning over it, the whole
 * checked by validateEnv (a bad variable stops the start with one message naming each).
 */
export function configModule(): Promise<DynamicModule> {
  return ConfigModule.forRoot({
    isGlobal: true,
    envFilePath: '.env',
    ignoreEnvFile: false,
    validate: validateEnv,
  });
}
