import request from 'supertest';
import { Role } from '../../src/users/role.enum.js';
import { createTestApp, csrfOf, TEST_PASSWORD, type TestApp } from '../utils/create-test-app.js';

// A file of its own: failed sign-ins are counted per client address in the database, and every
// request here comes from the same address.
describe('Login throttling', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    await t.user('target', Role.Viewer);
  });
  afterAll(() => t.close());

  it('throttles the tenth wrong password in a minute, even when that one is right, and logs it', async () => {
    const agent = request.agent(t.server);
    const page = await agent.get('/login').expect(200);
    const attempt = (password: string): request.Test =>
      agent
        .post('/login')
        .type('form')
        .send({ _csrf: csrfOf(page.text), username: 'target', password });
    for (let i = 1; i <= 9; i++) await attempt(`wrong password ${i}`).expect(401);
    const tenth = await attempt('wrong password 10').expect(429);
    expect(tenth.headers['retry-after']).toBe('60');
    expect(tenth.text).toContain('Too many wrong passwords');
    // While throttled, not even the right password gets in.
    await attempt(TEST_PASSWORD).expect(429);

    const api = await t.api(Role.Admin);
    const events = (await api.get('/api/v1/audit').query({ action: 'login.throttled' }).expect(200))
      .body.items as { actor: string; sourceIp: string | null }[];
    expect(events).toHaveLength(2);
    expect(events[0].actor).toBe('target');
    expect(events[0].sourceIp).toBeTruthy();
    const failed = (await api.get('/api/v1/audit').query({ action: 'login.failed' }).expect(200))
      .body.total as number;
    expect(failed).toBe(9);
  });
});
