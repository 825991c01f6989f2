import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import request from 'supertest';
import type { App } from 'supertest/types.js';
import { Role } from '../../src/users/role.enum.js';
import {
  createTestApp,
  csrfOf,
  TEST_PASSWORD,
  type Agent,
  type TestApp,
} from '../utils/create-test-app.js';
import { assessmentsUrl, buildAssessment, currentVersion } from '../utils/factories.js';

// A recommendation graded on the scale: a measured one takes a status only with a fact or a reason.
const GRADED = 'JEW-II.10';

/** The session cookie a response sets, as "name=value". */
function sessionCookie(res: request.Response): string | undefined {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return cookies.find((c) => c.startsWith('rt.sid='))?.split(';')[0];
}

describe('Security: sessions, CSRF, throttling, State limits, escaping', () => {
  let t: TestApp;
  let admin: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.api(Role.Admin);
    await t.user('kaz-analyst', Role.Analyst, ['KAZ']);
    await t.user('reader', Role.Viewer);
  });
  afterAll(() => t.close());

  const audit = async (
    action: string,
  ): Promise<{ actor: string; target: string | null; sourceIp: string | null }[]> =>
    (await admin.get('/api/v1/audit').query({ action, pageSize: 200 }).expect(200)).body.items;

  describe('first run', () => {
    it('creates an admin whose password, in a file only its owner reads, works once and must be changed first', async () => {
      // The first start writes the password to the data folder (the SQLite file's), mode 0600.
      const file = join(dirname(process.env.DATABASE_PATH ?? ''), 'initial-admin-password');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const password = readFileSync(file, 'utf8').trim();
      expect(password).toMatch(/^\S{12,}$/);

      const agent = request.agent(t.server);
      const page = await agent.get('/login').expect(200);
      const login = await agent
        .post('/login')
        .type('form')
        .send({ _csrf: csrfOf(page.text), username: 'admin', password })
        .expect(303);
      expect(login.headers.location).toBe('/account/password');

      // Every other page and the API through the session wait for the new password.
      expect((await agent.get('/admin/users').expect(303)).headers.location).toBe(
        '/account/password',
      );
      await agent.get('/api/v1/states').expect(403);

      const form = await agent.get('/account/password').expect(200);
      const tooShort = await agent
        .post('/account/password')
        .type('form')
        .send({
          _csrf: csrfOf(form.text),
          currentPassword: password,
          newPassword: 'short',
          confirmPassword: 'short',
        })
        .expect(400);
      expect(tooShort.text).toContain('newPassword must be at least 12 characters long');

      await agent
        .post('/account/password')
        .type('form')
        .send({
          _csrf: csrfOf(form.text),
          currentPassword: password,
          newPassword: 'a passphrase of my own',
          confirmPassword: 'a passphrase of my own',
        })
        .expect(303);
      await agent.get('/admin/users').expect(200);
      expect((await audit('password.changed')).map((e) => e.actor)).toContain('admin');
    });
  });

  describe('sign-in', () => {
    it('rotates the session cookie at sign-in; the cookie from before no longer works', async () => {
      // A visitor has no session before signing in; one who signed out has (its message).
      const agent = await t.signIn('reader');
      const page = await agent.get('/').expect(200);
      const out = await agent
        .post('/logout')
        .type('form')
        .send({ _csrf: csrfOf(page.text) })
        .expect(303);
      const before = sessionCookie(out);
      expect(before).toBeDefined();
      const form = await agent.get('/login').expect(200);
      const login = await agent
        .post('/login')
        .type('form')
        .send({ _csrf: csrfOf(form.text), username: 'reader', password: TEST_PASSWORD })
        .expect(303);
      const after = sessionCookie(login);
      expect(after).toBeDefined();
      expect(after).not.toBe(before);

      await agent.get('/').expect(200);
      const planted = await request(t.server)
        .get('/')
        .set('Cookie', before as string)
        .expect(303);
      expect(planted.headers.location).toMatch(/^\/login/);
    });

    it('sets HttpOnly and SameSite on the session cookie, and a CSP without inline script', async () => {
      const page = await request(t.server).get('/login').expect(200);
      const signInCookie = ([] as string[]).concat(page.headers['set-cookie'] ?? []).join(';');
      expect(signInCookie).toMatch(/^rt\.signin=/);
      expect(signInCookie).toMatch(/HttpOnly/);
      expect(signInCookie).toMatch(/SameSite=Strict/);
      const res = await request(t.server)
        .post('/login')
        .set('Cookie', signInCookie.split(';')[0])
        .type('form')
        .send({ _csrf: csrfOf(page.text), username: 'reader', password: TEST_PASSWORD })
        .expect(303);
      const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).join(';');
      expect(cookie).toMatch(/rt\.sid=/);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toMatch(/script-src 'self'/);
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(page.headers['x-content-type-options']).toBe('nosniff');

      // The bundled API docs page needs inline styles, but gets no inline script either.
      const docs = await admin.get('/api/docs/').expect(200);
      const docsCsp = String(docs.headers['content-security-policy']);
      expect(docsCsp).toMatch(/style-src 'self' 'unsafe-inline'/);
      expect(docsCsp).toMatch(/script-src 'self'(;|$)/);
    });

    it('gives the same answer for an unknown user and a wrong password, and logs both', async () => {
      const agent = request.agent(t.server);
      const page = await agent.get('/login').expect(200);
      const unknown = await agent
        .post('/login')
        .type('form')
        .send({ _csrf: csrfOf(page.text), username: 'no-such-user', password: 'whatever it is' })
        .expect(401);
      const wrong = await agent
        .post('/login')
        .type('form')
        .send({ _csrf: csrfOf(page.text), username: 'reader', password: 'not the password' })
        .expect(401);
      const message = (html: string): string | undefined => /role='alert'>([^<]*)</.exec(html)?.[1];
      expect(message(unknown.text)).toBe('Wrong username or password.');
      expect(message(wrong.text)).toBe(message(unknown.text));
      const failed = (await audit('login.failed')).map((e) => e.actor);
      expect(failed).toEqual(expect.arrayContaining(['no-such-user', 'reader']));
    });

    it('ends a session at sign-out; its cookie is then worthless', async () => {
      const agent = await t.signIn('reader');
      const page = await agent.get('/').expect(200);
      const cookie = sessionCookie(await agent.get('/account/password'));
      await agent
        .post('/logout')
        .type('form')
        .send({ _csrf: csrfOf(page.text) })
        .expect(303);
      expect((await agent.get('/').expect(303)).headers.location).toMatch(/^\/login/);
      if (cookie) await request(t.server).get('/').set('Cookie', cookie).expect(303);
    });

    it('ends a session that has been idle too long (expiry kept in the database)', async () => {
      const agent = await t.signIn('reader');
      await agent.get('/').expect(200);
      const rows = await t.dataSource.query<{ n: number }[]>(
        `SELECT COUNT(*) AS n FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = 'reader')`,
      );
      expect(rows[0].n).toBeGreaterThan(0);
      await t.dataSource.query(`UPDATE sessions SET expires_at = 0`);
      expect((await agent.get('/').expect(303)).headers.location).toMatch(/^\/login/);
    });

    it('moves an idle session on at most once a minute, not at every page view', async () => {
      const agent = await t.signIn('reader');
      const cookie = sessionCookie(await agent.get('/').expect(200));
      const sid = decodeURIComponent(String(cookie)).match(/s:([^.]+)\./)?.[1];
      expect(sid).toBeDefined();
      const expiry = async () =>
        Number(
          (
            await t.dataSource.query<{ e: number }[]>(
              `SELECT expires_at AS e FROM sessions WHERE sid = '${sid}'`,
            )
          )[0].e,
        );
      const first = await expiry();
      await agent.get('/recommendations').expect(200);
      await agent.get('/').expect(200);
      expect(await expiry()).toBe(first);
      // Two minutes later (the stored expiry set back by two minutes), a page view moves it on.
      await t.dataSource.query(
        `UPDATE sessions SET expires_at = ${first - 120_000} WHERE sid = '${sid}'`,
      );
      await agent.get('/').expect(200);
      expect(await expiry()).toBeGreaterThanOrEqual(first);
    });

    it('keeps sessions in the database, so a second app instance sees them', async () => {
      const agent = await t.signIn('reader');
      const cookie = sessionCookie(await agent.get('/account/password').expect(200));
      const other = await t.secondInstance();
      const res = await request(other.getHttpServer() as App)
        .get('/')
        .set('Cookie', cookie as string)
        .expect(200);
      expect(res.text).toContain('reader');
    });
  });

  describe('CSRF', () => {
    it('refuses a form post without the CSRF token, or with a wrong one, and records nothing', async () => {
      const agent = await t.signIn('kaz-analyst');
      const before = await currentVersion(admin, GRADED, 'KAZ');
      const form = { status: 'implemented', assessedOn: '2010-05-01', baseVersion: String(before) };
      const url = `/recommendations/${GRADED}/states/KAZ/assessments`;
      const missing = await agent.post(url).type('form').send(form).expect(403);
      expect(missing.text).toContain('CSRF');
      await agent
        .post(url)
        .type('form')
        .send({ ...form, _csrf: 'forged' })
        .expect(403);
      // The JSON API through the session needs the token too.
      await agent
        .post(assessmentsUrl(GRADED, 'KAZ'))
        .send(buildAssessment({ baseVersion: before }))
        .expect(403);
      expect(await currentVersion(admin, GRADED, 'KAZ')).toBe(before);

      // With the token from the page, the same post goes through.
      const page = await agent.get(`/recommendations/${GRADED}/states/KAZ`).expect(200);
      await agent
        .post(url)
        .type('form')
        .send({ ...form, _csrf: csrfOf(page.text) })
        .expect(303);
      expect(await currentVersion(admin, GRADED, 'KAZ')).toBe(before + 1);
    });
  });

  describe('State limits', () => {
    it('refuses an analyst token outside its States (403), logs it, and records nothing', async () => {
      const api = await t.api(Role.Analyst, ['KAZ']);
      const before = await currentVersion(admin, GRADED, 'TJK');
      const res = await api
        .post(assessmentsUrl(GRADED, 'TJK'))
        .send(buildAssessment({ baseVersion: before }))
        .expect(403);
      expect(res.body.errors[0]).toMatchObject({ field: 'iso3', rule: 'allowedStates' });
      expect(await currentVersion(admin, GRADED, 'TJK')).toBe(before);
      expect((await audit('write.refused')).map((e) => e.target)).toContain(`${GRADED}/TJK`);
      // Inside its States it writes.
      await api
        .post(assessmentsUrl(GRADED, 'KAZ'))
        .send(buildAssessment({ baseVersion: await currentVersion(admin, GRADED, 'KAZ') }))
        .expect(201);
    });

    it('refuses an analyst outside their States through the form, logs it, and records nothing', async () => {
      const agent = await t.signIn('kaz-analyst');
      const page = await agent.get(`/recommendations/${GRADED}/states/TJK`).expect(200);
      expect(page.text).toContain('You may record assessments only for KAZ');
      expect(page.text).not.toContain('Record assessment</button>');
      const before = await currentVersion(admin, GRADED, 'TJK');
      const res = await agent
        .post(`/recommendations/${GRADED}/states/TJK/assessments`)
        .type('form')
        .set('Accept', 'text/html')
        .send({
          _csrf: csrfOf(page.text),
          status: 'implemented',
          assessedOn: '2010-05-01',
          baseVersion: String(before),
        })
        .expect(403);
      expect(res.text).toContain('Tajikistan (TJK) is not among them');
      expect(await currentVersion(admin, GRADED, 'TJK')).toBe(before);
      const refused = (await audit('write.refused')).filter((e) => e.actor === 'kaz-analyst');
      expect(refused.map((e) => e.target)).toContain(`${GRADED}/TJK`);
    });

    it('refuses a viewer write and a revoked token', async () => {
      const viewer = await t.api(Role.Viewer);
      await viewer
        .post(assessmentsUrl(GRADED, 'KAZ'))
        .send(buildAssessment({ baseVersion: await currentVersion(admin, GRADED, 'KAZ') }))
        .expect(403);
      const secret = await t.token(Role.Analyst);
      const tokens = (await admin.get('/api/v1/tokens').expect(200)).body as {
        id: number;
        prefix: string;
      }[];
      const id = tokens.find((tk) => secret.startsWith(tk.prefix))?.id;
      await request(t.server)
        .get('/api/v1/states')
        .set('Authorization', `Bearer ${secret}`)
        .expect(200);
      await admin.delete(`/api/v1/tokens/${id}`).expect(200);
      const res = await request(t.server)
        .get('/api/v1/states')
        .set('Authorization', `Bearer ${secret}`)
        .expect(401);
      expect(res.body.message).toMatch(/revoked/);
    });

    it('takes a token until the end of its last day, and refuses it after', async () => {
      const issue = async (name: string): Promise<{ id: number; secret: string }> => {
        const issued = await admin
          .post('/api/v1/tokens')
          .send({ name, role: 'viewer', expiresOn: '2099-12-31' })
          .expect(201);
        return { id: Number(issued.body.token.id), secret: issued.body.secret as string };
      };
      const get = (secret: string) =>
        request(t.server).get('/api/v1/states').set('Authorization', `Bearer ${secret}`);
      await get((await issue('long-lived')).secret).expect(200);
      // A token whose last day is in the past by the time it is first used.
      const lapsed = await issue('lapsed');
      await t.dataSource.query(
        `UPDATE api_tokens SET expires_at = '2001-01-01 23:59:59.999' WHERE id = ${lapsed.id}`,
      );
      await get(lapsed.secret).expect(401);
    });
  });

  describe('attribution and escaping', () => {
    it('records who made each assessment, and escapes a note with a script in the HTML', async () => {
      const agent = await t.signIn('kaz-analyst');
      const page = await agent.get(`/recommendations/${GRADED}/states/KAZ`).expect(200);
      const note = '<script>alert(1)</script>';
      await agent
        .post(`/recommendations/${GRADED}/states/KAZ/assessments`)
        .type('form')
        .send({
          _csrf: csrfOf(page.text),
          status: 'partially_implemented',
          assessedOn: '2010-06-01',
          note,
          baseVersion: String(await currentVersion(admin, GRADED, 'KAZ')),
        })
        .expect(303);
      const html = (await agent.get(`/recommendations/${GRADED}/states/KAZ`).expect(200)).text;
      expect(html).not.toContain(note);
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');

      const history = (await admin.get(assessmentsUrl(GRADED, 'KAZ')).expect(200)).body as {
        assessments: { note: string | null; author: string }[];
      };
      expect(history.assessments[0]).toMatchObject({ note, author: 'kaz-analyst' });
      const [row] = await t.dataSource.query<{ user_id: number | null; username: string }[]>(
        `SELECT a.user_id, u.username FROM assessments a JOIN users u ON u.id = a.user_id ORDER BY a.id DESC LIMIT 1`,
      );
      expect(row.username).toBe('kaz-analyst');
    });

    it('keeps no password in plain text: only argon2id hashes in the database file', async () => {
      const hashes = await t.dataSource.query<{ password_hash: string }[]>(
        'SELECT password_hash FROM users',
      );
      expect(hashes.length).toBeGreaterThan(0);
      for (const { password_hash } of hashes) expect(password_hash).toMatch(/^\$argon2id\$/);
      if (t.postgres) {
        console.warn(
          'Skipped on PostgreSQL: reading the database file (the server keeps its own files)',
        );
        return;
      }
      await t.dataSource.query('PRAGMA wal_checkpoint(FULL)');
      const file = readFileSync(t.databasePath);
      expect(file.includes(Buffer.from(TEST_PASSWORD))).toBe(false);
    });
  });
});
