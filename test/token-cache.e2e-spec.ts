import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types.js';
import { Role } from '../src/users/role.enum.js';
import { createTestApp, itOnPostgres, type TestApp } from './utils/create-test-app.js';

/**
 * A token a request has used is kept in memory, so that the next request need not read it
 * again. Revoking it must still refuse it on its very next request, on any instance.
 */
describe('Revoked tokens, despite the tokens kept in memory', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.token(Role.Admin);
  });
  afterAll(() => t.close());

  const get = (server: App, secret: string) =>
    request(server).get('/api/v1/progress').set('Authorization', `Bearer ${secret}`);

  /** Issues a token through the API, and answers its id and secret. */
  const issue = async (name: string): Promise<{ id: number; secret: string }> => {
    const res = await request(t.server)
      .post('/api/v1/tokens')
      .set('Authorization', `Bearer ${admin}`)
      .send({ name, role: Role.Viewer })
      .expect(201);
    return { id: Number(res.body.token.id), secret: res.body.secret as string };
  };

  const revoke = (server: App, id: number) =>
    request(server)
      .delete(`/api/v1/tokens/${id}`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);

  it('refuses a revoked token on its next request, after requests that used it', async () => {
    const { id, secret } = await issue('used, then revoked');
    for (let i = 0; i < 3; i++) await get(t.server, secret).expect(200);
    await revoke(t.server, id);
    const res = await get(t.server, secret).expect(401);
    expect(res.body.detail).toBe('The API token is unknown, revoked or expired');
    // Other tokens are read again, and still work.
    await get(t.server, admin).expect(200);
  });

  itOnPostgres(
    'refuses a token revoked through one instance on its next request through another',
    'several app instances share a PostgreSQL database; SQLite is for one instance',
    async () => {
      const other = (await t.secondInstance()).getHttpServer() as App;
      for (let n = 1; n <= 10; n++) {
        const { id, secret } = await issue(`revoked elsewhere ${n}`);
        await get(t.server, secret).expect(200);
        await get(other, secret).expect(200);
        // Revoked through each instance in turn, refused at once through the other.
        const [through, next] = n % 2 ? [t.server, other] : [other, t.server];
        await revoke(through, id);
        await get(next, secret).expect(401);
        await get(through, secret).expect(401);
      }
    },
  );

  itOnPostgres(
    'refuses a revoked token through an instance that lost its connection for hearing changes',
    'the signal between instances is a PostgreSQL notification',
    async () => {
      const second: INestApplication = await t.secondInstance();
      const other = second.getHttpServer() as App;
      const listening = async (): Promise<number> =>
        Number(
          (
            await t.dataSource.query<{ n: number }[]>(
              `SELECT COUNT(*) AS n FROM pg_stat_activity
               WHERE datname = current_database() AND query LIKE 'LISTEN %'`,
            )
          )[0].n,
        );
      const instances = await listening();
      expect(instances).toBeGreaterThanOrEqual(2);
      const { id, secret } = await issue('revoked while not heard');
      await get(other, secret).expect(200);
      // The listening connections of the instances end, as when the database restarts.
      await t.dataSource.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND query LIKE 'LISTEN %'`,
      );
      await revoke(t.server, id);
      await get(other, secret).expect(401);
      // The instances listen again within seconds, keep tokens again and hear revocations.
      for (let waited = 0; (await listening()) < instances; waited += 100) {
        if (waited > 10_000) throw new Error('The instances did not listen again');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const again = await issue('revoked once heard again');
      await get(other, again.secret).expect(200);
      await get(other, again.secret).expect(200);
      await revoke(t.server, again.id);
      await get(other, again.secret).expect(401);
    },
  );
});
