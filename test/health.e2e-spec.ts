import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { createTestApp, type TestApp } from './utils/create-test-app.js';

const { version } = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as {
  version: string;
};

describe('Health for load balancers and orchestrators', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('live: the process answers, with its version, to anyone', async () => {
    const res = await request(t.server).get('/health/live').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', version });
  });

  it('ready: database reachable, every migration applied, Chromium reported, version', async () => {
    for (const path of ['/health/ready', '/health']) {
      const res = await request(t.server).get(path).expect(200);
      expect(res.body.version).toBe(version);
      expect(['ok', 'degraded']).toContain(res.body.status);
      expect(res.body.details.server).toEqual({ status: 'up' });
      expect(res.body.details.database).toMatchObject({ status: 'up' });
      expect(res.body.details.migrations).toMatchObject({
        status: 'up',
        schema: expect.any(String),
      });
      // Found or not, Chromium does not make the server unready.
      expect(res.body.details.chromium.found).toEqual(expect.any(Boolean));
    }
  });

  it('ready: 503 once a migration is missing, live still 200', async () => {
    const [last] = await t.dataSource.query<{ name: string }[]>(
      'SELECT name FROM migrations ORDER BY id DESC LIMIT 1',
    );
    const migrations = (): ReturnType<TestApp['dataSource']['createQueryBuilder']> =>
      t.dataSource.createQueryBuilder();
    await migrations()
      .delete()
      .from('migrations')
      .where('name = :name', { name: last.name })
      .execute();
    try {
      const res = await request(t.server).get('/health/ready').expect(503);
      expect(res.body.status).toBe('error');
      expect(res.body.error.migrations.status).toBe('down');
      expect(JSON.stringify(res.body.error.migrations)).toContain(last.name);
      await request(t.server).get('/health/live').expect(200);
    } finally {
      await migrations()
        .insert()
        .into('migrations', ['timestamp', 'name'])
        .values({ timestamp: Number(/\d{13}$/.exec(last.name)?.[0]), name: last.name })
        .execute();
    }
    await request(t.server).get('/health/ready').expect(200);
  });

  it('logs when readiness changes, once, not at every probe', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const log = jest.spyOn(Logger.prototype, 'log');
    const said = (spy: typeof warn, start: string): string[] =>
      spy.mock.calls.map(([message]) => String(message)).filter((m) => m.startsWith(start));
    const [last] = await t.dataSource.query<{ id: number; name: string }[]>(
      'SELECT id, name FROM migrations ORDER BY id DESC LIMIT 1',
    );
    try {
      await t.dataSource.query(`UPDATE migrations SET name = 'Renamed' WHERE id = ${last.id}`);
      for (let probe = 0; probe < 3; probe++) {
        await request(t.server).get('/health/ready').expect(503);
      }
      await t.dataSource.query(`UPDATE migrations SET name = '${last.name}' WHERE id = ${last.id}`);
      for (let probe = 0; probe < 3; probe++) {
        await request(t.server).get('/health/ready').expect(200);
      }
      expect(said(warn, 'Not ready')).toEqual([
        expect.stringContaining('Not ready: migrations down'),
      ]);
      expect(said(log, 'Ready again')).toHaveLength(1);
    } finally {
      warn.mockRestore();
      log.mockRestore();
    }
  });

  it('ready: 503 when the database is gone; live still 200', async () => {
    await t.dataSource.destroy();
    const res = await request(t.server).get('/health/ready').expect(503);
    expect(res.body.status).toBe('error');
    expect(res.body.error.database.status).toBe('down');
    expect(res.body.version).toBe(version);
    await request(t.server).get('/health').expect(503);
    await request(t.server).get('/health/live').expect(200);
  });
});
