import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { App } from 'supertest/types.js';
import { DataSource } from 'typeorm';
import { ApiTokensService } from '../../src/api-tokens/api-tokens.service.js';
import { systemPrincipal } from '../../src/auth/principal.js';
import { Role } from '../../src/users/role.enum.js';
import { UsersService } from '../../src/users/users.service.js';
import { ContractCheck } from './contract.js';

export type Agent = ReturnType<typeof request.agent>;

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestApp {
  app: INestApplication;
  server: App;
  dataSource: DataSource;
  /** The SQLite file; empty on PostgreSQL. */
  databasePath: string;
  /** True when the suite runs on PostgreSQL (TEST_DATABASE_URL). */
  postgres: boolean;
  /** Issues an API token with this role (and State limits) and returns its secret. */
  token(role: Role, states?: string[]): Promise<string>;
  /** An HTTP client that sends a new API token of this role with every request. */
  api(role: Role, states?: string[]): Promise<Agent>;
  /** Creates a user with TEST_PASSWORD who need not change it, and returns the username. */
  user(username: string, role: Role, states?: string[]): Promise<string>;
  /** A browser-like client (cookies kept) signed in as this user. */
  signIn(username: string, password?: string): Promise<Agent>;
  /** A second app instance on the same database, as a second server process would be. */
  secondInstance(): Promise<INestApplication>;
  close(): Promise<void>;
}

/** The CSRF token in a page's forms. */
export function csrfOf(html: string): string {
  const match = /name='_csrf' value='([^']+)'/.exec(html);
  if (!match) throw new Error('No CSRF token on the page');
  return match[1];
}

/** The PostgreSQL server the e2e suite runs on instead of SQLite, when set (its user may create databases). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

/** Skips a test that only makes sense on SQLite, saying so, when the suite runs on PostgreSQL. */
export const itOnSqlite = (
  name: string,
  reason: string,
  fn: () => Promise<void>,
  timeout?: number,
): void => {
  if (TEST_DATABASE_URL) {
    it.skip(name, fn);
    console.warn(`Skipped on PostgreSQL: "${name}" (${reason})`);
  } else {
    it(name, fn, timeout);
  }
};

/**
 * Skips a test that only makes sense on PostgreSQL (several app instances on one database, its
 * sequences), saying so, when the suite runs on SQLite.
 */
export const itOnPostgres = (name: string, reason: string, fn: () => Promise<void>): void => {
  if (TEST_DATABASE_URL) {
    it(name, fn);
  } else {
    it.skip(name, fn);
    console.warn(`Skipped on SQLite: "${name}" (${reason})`);
  }
};

/**
 * The PostgreSQL database of this test file: one name per file, as the app's configuration is
 * read once per file. It is created empty for the first app that needs it and dropped when the
 * last one closes, so a later app in the same file starts on a fresh database again, as a later
 * app on SQLite starts on a fresh file at the same path.
 */
const pgDatabase = { name: `rt_e2e_${randomBytes(6).toString('hex')}`, users: 0 };

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const admin = await new DataSource({ type: 'postgres', url: serverUrl }).initialize();
  try {
    await admin.query(sql);
  } finally {
    await admin.destroy();
  }
}

/** This file's database on the TEST_DATABASE_URL server, and how to let go of it. */
async function usePostgresDatabase(
  serverUrl: string,
): Promise<{ url: string; release: () => Promise<void> }> {
  if (pgDatabase.users === 0) await onServer(serverUrl, `CREATE DATABASE "${pgDatabase.name}"`);
  pgDatabase.users += 1;
  const url = new URL(serverUrl);
  url.pathname = `/${pgDatabase.name}`;
  return {
    url: url.toString(),
    release: async () => {
      pgDatabase.users -= 1;
      if (pgDatabase.users > 0) return;
      // FORCE ends our own sessions; an autovacuum worker busy on the database cannot be ended
      // by a role that is not a superuser, so the drop is tried again once it has finished.
      for (let attempt = 1; ; attempt++) {
        try {
          await onServer(serverUrl, `DROP DATABASE IF EXISTS "${pgDatabase.name}" WITH (FORCE)`);
          return;
        } catch (err) {
          if (attempt >= 20 || !String(err).includes('must be a member of the role')) throw err;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
    },
  };
}

/**
 * Boots the real AppModule on a new database of its own (migrations and reference data applied
 * exactly as on a first start), configured by the same configureApp() as main.ts: a new SQLite
 * file, or with TEST_DATABASE_URL a new PostgreSQL database on that server, dropped by close().
 * One per test file: the configuration is read when the app module is first imported.
 */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'rt-e2e-'));
  const postgres = TEST_DATABASE_URL ? await usePostgresDatabase(TEST_DATABASE_URL) : null;
  const databasePath = postgres ? '' : join(dir, 'test.sqlite');
  Object.assign(process.env, {
    DATABASE_PATH: postgres ? join(dir, 'unused.sqlite') : databasePath,
    // Empty counts as unset: on SQLite, never a DATABASE_URL from the environment or .env.
    DATABASE_URL: postgres ? postgres.url : '',
    ...env,
  });
  const { AppModule } = await import('../../src/app.module.js');
  const { configureApp, openApiDocument } = await import('../../src/app.setup.js');
  // Every API answer of the file is held to the OpenAPI document.
  const contract = new ContractCheck(openApiDocument);
  const boot = async (): Promise<INestApplication> => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    const instance = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error'] });
    contract.watch(instance);
    await configureApp(instance);
    return instance.init();
  };
  // A start that fails leaves no database behind on the server.
  const app = await boot().catch(async (err: unknown) => {
    await postgres?.release();
    throw err;
  });
  const others: INestApplication[] = [];
  const server = app.getHttpServer() as App;
  const admin = systemPrincipal('system', Role.Admin);
  let tokens = 0;

  const token = async (role: Role, states: string[] = []): Promise<string> => {
    tokens += 1;
    const issued = await app
      .get(ApiTokensService)
      .issue({ name: `test ${role} ${tokens}`, role, states }, admin);
    return issued.secret;
  };

  const signIn = async (username: string, password = TEST_PASSWORD): Promise<Agent> => {
    const agent = request.agent(server);
    const page = await agent.get('/login').expect(200);
    await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfOf(page.text), username, password })
      .expect(303);
    return agent;
  };

  return {
    app,
    server,
    dataSource: app.get(DataSource),
    databasePath,
    postgres: postgres !== null,
    token,
    api: async (role, states) =>
      request.agent(server).set('Authorization', `Bearer ${await token(role, states)}`),
    user: async (username, role, states = []) => {
      await app
        .get(UsersService)
        .create({ username, displayName: username, role, states, password: TEST_PASSWORD }, admin, {
          mustChangePassword: false,
        });
      return username;
    },
    signIn,
    secondInstance: async () => {
      const other = await boot();
      others.push(other);
      return other;
    },
    close: async () => {
      for (const other of others) await other.close();
      await app.close();
      await postgres?.release();
      rmSync(dir, { recursive: true, force: true });
      contract.assertKept();
    },
  };
}
