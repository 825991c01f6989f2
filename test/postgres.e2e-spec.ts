import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { openDatabase } from '../src/database/data-source.js';
import { MIGRATIONS } from '../src/database/migrations/index.js';
import { TEST_DATABASE_URL } from './utils/create-test-app.js';

// Only for a PostgreSQL server; on SQLite the suite says so rather than passing silently.
if (!TEST_DATABASE_URL) {
  console.warn(
    'PostgreSQL tests skipped: TEST_DATABASE_URL is not set (the suite runs on SQLite).',
  );
}
const suite = TEST_DATABASE_URL ? describe : describe.skip;

suite('PostgreSQL', () => {
  // describe.skip still runs this body: a placeholder server when there is none.
  const server = TEST_DATABASE_URL ?? 'postgres://localhost/postgres';
  const name = `rt_e2e_${randomBytes(6).toString('hex')}`;
  const url = new URL(server);
  url.pathname = `/${name}`;

  const onServer = async (sql: string): Promise<void> => {
    const admin = await new DataSource({ type: 'postgres', url: server }).initialize();
    try {
      await admin.query(sql);
    } finally {
      await admin.destroy();
    }
  };

  beforeAll(() => onServer(`CREATE DATABASE "${name}"`));
  afterAll(() => onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));

  it('applies each migration once when two instances start at the same moment', async () => {
    const target = { url: url.toString(), path: ':memory:' };
    const [a, b] = await Promise.all([openDatabase(target), openDatabase(target)]);
    try {
      const rows = await a.query<{ name: string }[]>('SELECT name FROM migrations ORDER BY id');
      expect(rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => new m().name));
      const sql = await b.driver.createSchemaBuilder().log();
      expect(sql.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await Promise.all([a.destroy(), b.destroy()]);
    }
  });

  it('starts two app instances at once on an empty database: the reference data and the first admin once', async () => {
    Object.assign(process.env, { DATABASE_URL: url.toString(), LOAD_REFERENCE_DATA: 'true' });
    const { AppModule } = await import('../src/app.module.js');
    const boot = async (): Promise<INestApplication> => {
      const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
      return moduleRef.createNestApplication({ logger: ['error'] }).init();
    };
    const apps = await Promise.all([boot(), boot()]);
    try {
      const ds = apps[0].get(DataSource);
      const [{ states, users }] = await ds.query<{ states: number; users: number }[]>(
        'SELECT (SELECT COUNT(*) FROM states) AS states, (SELECT COUNT(*) FROM users) AS users',
      );
      expect({ states, users }).toEqual({ states: 68, users: 1 });
    } finally {
      for (const app of apps) await app.close();
    }
  });
});
