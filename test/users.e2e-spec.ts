import { jest } from '@jest/globals';
import request from 'supertest';
import { UsageError } from '../src/cli/args.js';
import { execute } from '../src/cli/run.js';
import { Role } from '../src/users/role.enum.js';
import { createTestApp, csrfOf, type Agent, type TestApp } from './utils/create-test-app.js';

/** Runs a CLI command in-process and returns what it printed. */
async function cli(t: TestApp, command: 'user' | 'token', args: string[]): Promise<string> {
  const lines: string[] = [];
  const spy = jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
    lines.push(a.map(String).join(' '));
  });
  try {
    await execute(t.app, [command, ...args]);
  } finally {
    spy.mockRestore();
  }
  return lines.join('\n');
}

async function signInStatus(
  t: TestApp,
  username: string,
  password: string,
): Promise<request.Response> {
  const agent = request.agent(t.server);
  const page = await agent.get('/login').expect(200);
  return agent
    .post('/login')
    .type('form')
    .send({ _csrf: csrfOf(page.text), username, password });
}

describe('Users and tokens: command line, API and admin pages', () => {
  let t: TestApp;
  let admin: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.api(Role.Admin);
  });
  afterAll(() => t.close());

  describe('command line', () => {
    it('creates a user whose printed password signs in once, to be changed', async () => {
      const out = await cli(t, 'user', [
        'create',
        'A.Smith',
        '--role',
        'analyst',
        '--states',
        'kaz,KGZ',
        '--name',
        'Anna Smith',
      ]);
      expect(out).toContain('Created analyst a.smith for KAZ, KGZ.');
      const password = /: (\S+)$/m.exec(out)?.[1] as string;
      const res = await signInStatus(t, 'a.smith', password);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/account/password');
      const user = (await admin.get('/api/v1/users/a.smith').expect(200)).body;
      expect(user).toMatchObject({
        displayName: 'Anna Smith',
        role: 'analyst',
        states: ['KAZ', 'KGZ'],
        mustChangePassword: true,
      });
    });

    it('resets a password: the old one stops working, the new one is printed once', async () => {
      const created = await cli(t, 'user', ['create', 'b.jones', '--role', 'viewer']);
      const old = /: (\S+)$/m.exec(created)?.[1] as string;
      const out = await cli(t, 'user', ['reset-password', 'b.jones']);
      const fresh = /: (\S+)$/m.exec(out)?.[1] as string;
      expect(fresh).not.toBe(old);
      expect((await signInStatus(t, 'b.jones', old)).status).toBe(401);
      expect((await signInStatus(t, 'b.jones', fresh)).status).toBe(303);
      const resets = (
        await admin.get('/api/v1/audit').query({ action: 'user.password-reset' }).expect(200)
      ).body.items;
      expect(resets[0]).toMatchObject({ actor: 'cli', target: 'b.jones' });
    });

    it('lists users, and names the bad field of a wrong command', async () => {
      expect(await cli(t, 'user', ['list'])).toMatch(/a\.smith\s+analyst\s+KAZ,KGZ/);
      await expect(cli(t, 'user', ['create', 'c.doe', '--role', 'boss'])).rejects.toThrow(
        /role: role must be one of viewer, analyst, admin/,
      );
      await expect(
        cli(t, 'user', ['create', 'c.doe', '--role', 'analyst', '--states', 'XXX']),
      ).rejects.toThrow(/states: no State with ISO3 code XXX/);
      await expect(cli(t, 'user', ['create', 'a.smith', '--role', 'viewer'])).rejects.toThrow(
        /already taken/,
      );
      await expect(cli(t, 'user', ['create', '--role'])).rejects.toBeInstanceOf(UsageError);
    });

    it('issues a token whose secret works on the API', async () => {
      const out = await cli(t, 'token', [
        'issue',
        'nightly import',
        '--role',
        'analyst',
        '--states',
        'TJK',
      ]);
      const secret = out.split('\n').pop() as string;
      const me = await request(t.server)
        .get('/api/v1/me')
        .set('Authorization', `Bearer ${secret}`)
        .expect(200);
      expect(me.body).toEqual({
        kind: 'token',
        name: 'token:nightly import',
        displayName: 'nightly import',
        role: 'analyst',
        states: ['TJK'],
      });
    });
  });

  describe('API', () => {
    it('creates a user with a generated password, edits with a version check, and deactivates', async () => {
      const created = await admin
        .post('/api/v1/users')
        .send({ username: 'd.lee', displayName: 'Dana Lee', role: 'analyst', states: ['ARM'] })
        .expect(201);
      expect(created.body.password).toHaveLength(20);
      expect(created.body.user).toMatchObject({ username: 'd.lee', states: ['ARM'], version: 1 });

      const bad = await admin
        .post('/api/v1/users')
        .send({ username: 'x', displayName: 'X', role: 'analyst', states: ['ZZZ'] })
        .expect(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['username']);

      await admin.patch('/api/v1/users/d.lee').send({ role: 'viewer', baseVersion: 1 }).expect(200);
      const stale = await admin
        .patch('/api/v1/users/d.lee')
        .send({ displayName: 'Dana', baseVersion: 1 })
        .expect(409);
      expect(stale.body.current).toMatchObject({ role: 'viewer', states: [], version: 2 });

      // Deactivation ends the user's sessions at once.
      await admin.patch('/api/v1/users/d.lee').send({ active: true, baseVersion: 2 }).expect(200);
      const reset = await admin.post('/api/v1/users/d.lee/password-reset').expect(200);
      const agent = request.agent(t.server);
      const page = await agent.get('/login').expect(200);
      await agent
        .post('/login')
        .type('form')
        .send({ _csrf: csrfOf(page.text), username: 'd.lee', password: reset.body.password })
        .expect(303);
      await agent.get('/account/password').expect(200);
      await admin.patch('/api/v1/users/d.lee').send({ active: false, baseVersion: 4 }).expect(200);
      expect((await agent.get('/account/password').expect(303)).headers.location).toMatch(
        /^\/login/,
      );
      expect((await signInStatus(t, 'd.lee', reset.body.password)).status).toBe(401);
    });

    it('never returns a token secret in the list, only its prefix', async () => {
      const issued = await admin
        .post('/api/v1/tokens')
        .send({ name: 'listing', role: 'viewer' })
        .expect(201);
      const list = await admin.get('/api/v1/tokens').expect(200);
      expect(JSON.stringify(list.body)).not.toContain(issued.body.secret);
      expect(issued.body.secret.startsWith(issued.body.token.prefix)).toBe(true);
      const expired = await admin
        .post('/api/v1/tokens')
        .send({ name: 'old', role: 'viewer', expiresOn: '2001-01-01' })
        .expect(400);
      expect(expired.body.errors[0]).toMatchObject({ field: 'expiresOn', rule: 'notInPast' });
    });

    it('records when a token was last used, also when its requests arrive all at once', async () => {
      const issued = await admin
        .post('/api/v1/tokens')
        .send({ name: 'busy', role: 'viewer' })
        .expect(201);
      const lastUsed = async (): Promise<string | null> => {
        const list = await admin.get('/api/v1/tokens').expect(200);
        const found = (list.body as { id: number; lastUsedAt: string | null }[]).find(
          (token) => token.id === issued.body.token.id,
        );
        return found?.lastUsedAt ?? null;
      };
      expect(await lastUsed()).toBeNull();
      const before = Date.now() - 1_000;
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          request(t.server)
            .get('/api/v1/progress')
            .set('Authorization', `Bearer ${issued.body.secret}`),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
      expect(Date.parse((await lastUsed()) ?? '')).toBeGreaterThanOrEqual(before);
    });
  });

  describe('admin pages', () => {
    it('shows a bad field next to its input and keeps what was typed', async () => {
      await t.user('page-admin', Role.Admin);
      const agent = await t.signIn('page-admin');
      const page = await agent.get('/admin/users').expect(200);
      const res = await agent
        .post('/admin/users')
        .type('form')
        .send({
          _csrf: csrfOf(page.text),
          username: 'No Spaces',
          displayName: 'Kept Name',
          role: 'analyst',
          states: 'KAZ',
        })
        .expect(400);
      expect(res.text).toMatch(
        /<p class='govuk-error-message' id='username-error'>username must be 2-64 characters/,
      );
      expect(res.text).toContain("value='Kept Name'");
      expect(res.text).toMatch(/<option value='KAZ' selected>/);

      const ok = await agent
        .post('/admin/users')
        .type('form')
        .send({
          _csrf: csrfOf(page.text),
          username: 'e.kim',
          displayName: 'Eun Kim',
          role: 'viewer',
        })
        .expect(201);
      expect(ok.text).toMatch(
        /class='app-secret'><span class='govuk-visually-hidden'>Password: <\/span>[A-Za-z0-9]{20}</,
      );
    });

    it('refuses to let an admin deactivate themselves', async () => {
      const agent = await t.signIn('page-admin');
      const page = await agent.get('/admin/users/page-admin').expect(200);
      const version = /name='baseVersion' value='(\d+)'/.exec(page.text)?.[1];
      const res = await agent
        .post('/admin/users/page-admin')
        .type('form')
        .send({
          _csrf: csrfOf(page.text),
          displayName: 'page-admin',
          role: 'admin',
          active: 'false',
          baseVersion: version,
        })
        .expect(400);
      expect(res.text).toContain('You cannot deactivate yourself');
    });

    it('shows the saved values again (409) when someone else changed the user meanwhile', async () => {
      await t.user('edited.twice', Role.Viewer);
      const agent = await t.signIn('page-admin');
      const page = await agent.get('/admin/users/edited.twice').expect(200);
      const version = /name='baseVersion' value='(\d+)'/.exec(page.text)?.[1];
      const save = (displayName: string) =>
        agent
          .post('/admin/users/edited.twice')
          .type('form')
          .send({
            _csrf: csrfOf(page.text),
            displayName,
            role: 'viewer',
            active: 'true',
            baseVersion: version,
          });
      const first = await save('First Edit').expect(303);
      expect(first.headers.location).toBe('/admin/users');
      const second = await save('Second Edit').expect(409);
      expect(second.text).toContain(
        'Someone else changed edited.twice while you were editing. The form now shows the saved values; make your change again.',
      );
      expect(second.text).toContain("value='First Edit'");
      expect(second.text).not.toContain('Second Edit');
    });
  });
});
