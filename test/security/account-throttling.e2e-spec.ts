import request from 'supertest';
import { Role } from '../../src/users/role.enum.js';
import { createTestApp, csrfOf, TEST_PASSWORD, type TestApp } from '../utils/create-test-app.js';

// A file of its own: the app's configuration is read once per file, and this one runs behind one
// trusted proxy, so that each attempt can come from another address.
describe('Login throttling per username', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: '1', LOGIN_FAILURES_PER_ACCOUNT: '5' });
    await t.user('guessed', Role.Viewer);
    await t.user('bystander', Role.Viewer);
  });
  afterAll(() => t.close());

  const attempt = async (username: string, password: string, address: string) => {
    const agent = request.agent(t.server);
    const page = await agent.get('/login').set('X-Forwarded-For', address).expect(200);
    return agent
      .post('/login')
      .set('X-Forwarded-For', address)
      .type('form')
      .send({ _csrf: csrfOf(page.text), username, password });
  };

  it('throttles guesses at one username spread over many addresses, and no other username', async () => {
    // Five wrong passwords from five addresses (each far under the limit per address), the
    // username typed in another case each time.
    for (const [i, name] of ['guessed', 'GUESSED', 'Guessed', 'guessed', 'gUessed'].entries()) {
      await attempt(name, `wrong ${i}`, `198.51.100.${i + 1}`).then((r) =>
        expect(r.status).toBe(401),
      );
    }
    const sixth = await attempt('guessed', TEST_PASSWORD, '203.0.113.9');
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(800);
    expect(Number(sixth.headers['retry-after'])).toBeLessThanOrEqual(900);
    expect(sixth.text).toContain('Too many wrong passwords for this username');
    // Another username from the same address signs in.
    const other = await attempt('bystander', TEST_PASSWORD, '203.0.113.9');
    expect(other.status).toBe(303);

    const api = await t.api(Role.Admin);
    const events = (await api.get('/api/v1/audit').query({ action: 'login.throttled' }).expect(200))
      .body.items as { actor: string; detail: string; sourceIp: string }[];
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: 'guessed', sourceIp: '203.0.113.9' });
    expect(events[0].detail).toMatch(/5 wrong passwords for this username/);
  });
});
