import ExcelJS from 'exceljs';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { cellText } from '../../src/transfers/assessment-file.js';
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

/** Every odd character the text rule accepts: control characters XML 1.0 allows, marks, emoji. */
const ODD_BUT_ACCEPTED =
  'tab\there, lines\nand\r\nbreaks, DEL\u007f NEL\u0085 NBSP\u00a0 ZWSP\u200b LRM\u200e ' +
  'LS\u2028 BOM\ufeff REPLACEMENT\ufffd emoji\u{1F600} plane-16\u{10FFFD} <&>"\' é ж 中';

function binary(res: request.Response, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

describe('Hardening: what a hostile or careless input can still do', () => {
  let t: TestApp;
  let admin: Agent;
  let analyst: Agent;
  let viewer: Agent;
  let theme: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.api(Role.Admin);
    analyst = await t.api(Role.Analyst);
    await t.user('hard-viewer', Role.Viewer);
    await t.user('hard-analyst', Role.Analyst);
    viewer = await t.signIn('hard-viewer');
    theme = ((await admin.get('/api/v1/themes').expect(200)).body as { slug: string }[])[0].slug;
  });
  afterAll(() => t.close());

  describe('page numbers', () => {
    const TOO_FAR = '99999999999999999999';
    const apiLists = (): string[] => [
      '/api/v1/events',
      '/api/v1/recommendations',
      '/api/v1/states/KAZ/statuses',
      '/api/v1/matrix',
      '/api/v1/audit',
      '/api/v1/documents',
    ];
    const pageLists = (): string[] => [
      '/events',
      '/recommendations',
      '/states/KAZ',
      `/themes/${theme}`,
      '/matrix',
      '/admin/audit',
    ];

    it('refuses a page beyond the range on every paged API list: 400 naming the field and the maximum', async () => {
      for (const url of apiLists()) {
        await admin.get(url).query({ page: 2 }).expect(200);
        const res = await admin.get(url).query({ page: TOO_FAR }).expect(400);
        expect(res.body.errors).toEqual([
          { field: 'page', rule: 'max', message: 'page must be at most 1000000' },
        ]);
        await admin.get(url).query({ page: '1000001' }).expect(400);
        await admin.get(url).query({ page: '1000000' }).expect(200);
      }
    });

    it('refuses it on every paged page too, with the same message', async () => {
      const adminPages = await t.signIn(await t.user('hard-admin', Role.Admin));
      for (const url of pageLists()) {
        await adminPages.get(url).query({ page: 2 }).expect(200);
        const res = await adminPages.get(url).query({ page: TOO_FAR }).expect(400);
        expect(res.text).toContain('page must be at most 1000000');
      }
    });
  });

  describe('search text', () => {
    it('reads control characters in a search as spaces, on the API and the pages', async () => {
      const plain = await admin.get('/api/v1/recommendations').query({ q: 'caricc' }).expect(200);
      expect(plain.body.total).toBeGreaterThan(0);
      for (const q of ['caricc\u0000', '\u0001caricc\u001f', 'cari\ud800', 'caricc\uffff\u0085']) {
        const res = await admin.get('/api/v1/recommendations').query({ q }).expect(200);
        expect(res.body.total).toBe(plain.body.total);
        await viewer.get('/recommendations').query({ q }).expect(200);
        await viewer.get('/events').query({ q }).expect(200);
      }
    });
  });

  describe('JSON bodies', () => {
    const nested = (depth: number): string =>
      `{"note":${'['.repeat(depth)}"x"${']'.repeat(depth)}}`;

    it('refuses a body nested deeper than JSON_MAX_DEPTH on any write, before parsing it', async () => {
      for (const [method, url] of [
        ['post', assessmentsUrl(GRADED, 'KAZ')],
        ['patch', `/api/v1/recommendations/${GRADED}`],
        ['post', '/api/v1/tokens'],
        ['post', '/api/v1/users'],
      ] as const) {
        const res = await admin[method](url)
          .set('Content-Type', 'application/json')
          .send(nested(5000))
          .expect(400);
        expect(res.body.errors).toEqual([
          {
            field: 'body',
            rule: 'maxDepth',
            message:
              'body: the JSON nests more than 32 levels deep (arrays and objects), the most a request may',
          },
        ]);
      }
      // Within the depth, the body reaches the usual checks.
      const res = await admin
        .post(assessmentsUrl(GRADED, 'KAZ'))
        .set('Content-Type', 'application/json')
        .send(nested(20))
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('note');
    });

    it('says how large a body may be', async () => {
      const res = await admin
        .post(assessmentsUrl(GRADED, 'KAZ'))
        .send({ note: 'x'.repeat(1100 * 1024) })
        .expect(413);
      expect(res.body.message).toBe(
        'The request body is larger than 1024 KB, the most a request may send',
      );
    });
  });

  describe('text that cannot be stored', () => {
    it('is refused in any field of the API, naming the field and the character', async () => {
      const baseVersion = await currentVersion(admin, GRADED, 'KAZ');
      const res = await analyst
        .post(assessmentsUrl(GRADED, 'KAZ'))
        .send(buildAssessment({ baseVersion, note: 'fine\uffff' }))
        .expect(400);
      expect(res.body.errors).toEqual([
        {
          field: 'note',
          rule: 'storableText',
          message: 'note: contains a character that cannot be stored (U+FFFF)',
        },
      ]);
      for (const [char, name] of [
        ['\u0000', 'U+0000'],
        ['\u0008', 'U+0008'],
        ['\ufffe', 'U+FFFE'],
        ['\udc00', 'U+DC00'],
      ]) {
        const bad = await analyst
          .post(assessmentsUrl(GRADED, 'KAZ'))
          .send(buildAssessment({ baseVersion, evidenceCitation: `PC${char}` }))
          .expect(400);
        expect(bad.body.message).toBe(
          `evidenceCitation: contains a character that cannot be stored (${name})`,
        );
      }
      const title = await admin
        .patch(`/api/v1/recommendations/${GRADED}`)
        .send({ title: 'Sign\u0007', baseVersion: 1 })
        .expect(400);
      expect(title.body.errors[0].field).toBe('title');
      // A path parameter too.
      const param = await admin.get('/api/v1/recommendations/JEW%00').expect(400);
      expect(param.body.message).toBe('ref: contains a character that cannot be stored (U+0000)');
      expect(await currentVersion(admin, GRADED, 'KAZ')).toBe(baseVersion);
    });

    it('is refused in a form, beside the field', async () => {
      const agent = await t.signIn('hard-analyst');
      const page = await agent.get(`/recommendations/${GRADED}/states/KAZ`).expect(200);
      const baseVersion = await currentVersion(admin, GRADED, 'KAZ');
      const res = await agent
        .post(`/recommendations/${GRADED}/states/KAZ/assessments`)
        .type('form')
        .send({
          _csrf: csrfOf(page.text),
          status: 'implemented',
          assessedOn: '2010-05-01',
          note: 'bell\u0007',
          baseVersion: String(baseVersion),
        })
        .expect(400);
      expect(res.text).toContain('Contains a character that cannot be stored (U+0007)');
      expect(await currentVersion(admin, GRADED, 'KAZ')).toBe(baseVersion);
    });

    it('is named on its line of an import, and a file with NUL is refused whole', async () => {
      const csv = `ref,iso3,status,assessedOn,note\r\n${GRADED},KAZ,implemented,2009-01-01,so\u0002h\r\n`;
      const res = await analyst
        .post('/api/v1/imports?filename=odd.csv')
        .set('Content-Type', 'text/csv')
        .send(csv)
        .expect(201);
      expect(res.body.problems).toEqual([
        {
          line: 2,
          field: 'note',
          rule: 'storableText',
          message: 'note: contains a character that cannot be stored (U+0002)',
        },
      ]);
      const nul = await analyst
        .post('/api/v1/imports?filename=nul.csv')
        .set('Content-Type', 'text/csv')
        .send(Buffer.from(csv.replace('so\u0002h', 'nul\u0000')))
        .expect(400);
      expect(nul.body.message).toContain(
        'nul.csv: line 2 contains a character that cannot be stored (U+0000)',
      );
    });

    it('leaves an XLSX history that opens, after a note with every accepted odd character', async () => {
      const baseVersion = await currentVersion(admin, GRADED, 'KGZ');
      await analyst
        .post(assessmentsUrl(GRADED, 'KGZ'))
        .send(
          buildAssessment({
            baseVersion,
            assessedOn: '2011-11-11',
            note: ODD_BUT_ACCEPTED,
            evidenceCitation: ODD_BUT_ACCEPTED.slice(0, 200),
          }),
        )
        .expect(201);
      const res = await viewer.get('/exports/history.xlsx').buffer(true).parse(binary).expect(200);
      const workbook = new ExcelJS.Workbook();
      const file = res.body as Buffer;
      await workbook.xlsx.load(file as unknown as ArrayBuffer);
      const rows: string[][] = [];
      workbook.worksheets[0].eachRow((row) => {
        rows.push((row.values as ExcelJS.CellValue[]).slice(1).map((v) => cellText(v)));
      });
      const row = rows.find((r) => r[3] === '2011-11-11');
      // XML reads a carriage return as a line feed, and exceljs writes no DEL (U+007F);
      // everything else comes back as it was.
      const asXmlReadsIt = (text: string): string =>
        text.replace(/\r\n?/g, '\n').replace(/\u007f/g, '');
      expect(row?.[4] && asXmlReadsIt(row[4])).toBe(asXmlReadsIt(ODD_BUT_ACCEPTED));
    });
  });

  describe('what the fuzz tests found', () => {
    it('refuses a field of an API body sent as null or as a number no column holds', async () => {
      const title = await admin
        .patch(`/api/v1/recommendations/${GRADED}`)
        .send({ title: null, baseVersion: 1 })
        .expect(400);
      expect(title.body.errors).toEqual([
        {
          field: 'title',
          rule: 'notNull',
          message: 'title must not be null; leave it out to keep what is stored',
        },
      ]);
      await t.user('nullable', Role.Viewer);
      const user = await admin
        .patch('/api/v1/users/nullable')
        .send({ displayName: null, active: null, baseVersion: 1 })
        .expect(400);
      expect(user.body.errors.map((e: { field: string }) => e.field)).toEqual([
        'displayName',
        'active',
      ]);
      // 1e308 is a whole number to JavaScript, and no integer column holds it.
      const huge = await admin
        .patch(`/api/v1/recommendations/${GRADED}`)
        .set('Content-Type', 'application/json')
        .send('{"title":"A title","baseVersion":1e308}')
        .expect(400);
      expect(huge.body.errors).toEqual([
        {
          field: 'baseVersion',
          rule: 'max',
          message: 'baseVersion must be from -2147483647 to 2147483647',
        },
      ]);
    });

    it('says why a form is refused when the page has no form to show it beside', async () => {
      const agent = await t.signIn(await t.user('pages-admin', Role.Admin));
      const page = await agent.get('/account/password').expect(200);
      // A bulk update for no known recommendation.
      const bulk = await agent
        .post('/bulk')
        .type('form')
        .send({ _csrf: csrfOf(page.text), ref: 'NO-SUCH.1', status: 'nonsense' })
        .set('Accept', 'text/html')
        .expect(400);
      expect(bulk.text).toContain('ref: choose a recommendation to update first');
      // The narrative of a document no longer a draft.
      const doc = (
        await admin.post('/api/v1/documents').send({ kind: 'recommendation', target: GRADED })
      ).body as { id: number; version: number };
      await admin
        .post(`/api/v1/documents/${doc.id}/submit`)
        .send({ baseVersion: doc.version })
        .expect(200);
      const saved = await agent
        .post(`/documents/${doc.id}`)
        .type('form')
        .send({ _csrf: csrfOf(page.text), title: 'Late', baseVersion: String(doc.version + 1) })
        .set('Accept', 'text/html')
        .expect(409);
      expect(saved.text).toMatch(/govuk-error-summary[\s\S]*draft/);
    });
  });

  describe('passwords', () => {
    const WEAK =
      'is too easy to guess: it is made of a common password ("password") and a common ' +
      'password ("123456"). Choose a longer one, for example a few unrelated words.';

    it('refuses a common password where one is chosen: a user made by the API, a change', async () => {
      const created = await admin
        .post('/api/v1/users')
        .send({
          username: 'weak-one',
          displayName: 'Weak',
          role: 'viewer',
          password: 'password123456',
        })
        .expect(400);
      expect(created.body.errors).toEqual([
        { field: 'password', rule: 'notCommon', message: `password ${WEAK}` },
      ]);

      const agent = await t.signIn('hard-viewer');
      const form = await agent.get('/account/password').expect(200);
      const changed = await agent
        .post('/account/password')
        .type('form')
        .send({
          _csrf: csrfOf(form.text),
          currentPassword: TEST_PASSWORD,
          newPassword: 'password123456',
          confirmPassword: 'password123456',
        })
        .expect(400);
      expect(changed.text).toContain('is too easy to guess: it is made of a common password');
    });
  });

  describe('sessions and caching', () => {
    const sessions = async (): Promise<number> =>
      Number(
        (await t.dataSource.query<{ n: number }[]>('SELECT COUNT(*) AS n FROM sessions'))[0].n,
      );

    it('stores no session for a visit to the sign-in page or a failed sign-in, one at sign-in', async () => {
      const before = await sessions();
      for (let i = 0; i < 5; i++) {
        const agent = request.agent(t.server);
        const page = await agent.get('/login').expect(200);
        expect(String(page.headers['set-cookie'])).not.toContain('rt.sid');
        await agent.get('/').expect(303);
        await agent
          .post('/login')
          .type('form')
          .send({ _csrf: csrfOf(page.text), username: 'hard-viewer', password: 'not it at all' })
          .expect(401);
      }
      expect(await sessions()).toBe(before);
      await t.signIn('hard-viewer');
      expect(await sessions()).toBe(before + 1);
    });

    it('refuses a sign-in whose form token is not the signed cookie', async () => {
      const page = await request(t.server).get('/login').expect(200);
      const token = csrfOf(page.text);
      const cookie = String(page.headers['set-cookie']).split(';')[0];
      const post = (csrf: string, sent: string) =>
        request(t.server)
          .post('/login')
          .set('Cookie', sent)
          .type('form')
          .send({ _csrf: csrf, username: 'hard-viewer', password: 'not it at all' });
      await post(token, '').expect(403);
      await post('forged', cookie).expect(403);
      // A cookie the server did not sign, sent with the same text in the form.
      const [nonce] = token.split('.');
      const unsigned = `${nonce}.${'A'.repeat(43)}`;
      await post(unsigned, `rt.signin=${unsigned}`).expect(403);
      await post(token, cookie).expect(401);
    });

    it('marks every signed-in answer no-store; static files may be cached', async () => {
      for (const url of ['/', '/recommendations', '/account/password']) {
        expect((await viewer.get(url).expect(200)).headers['cache-control']).toBe('no-store');
      }
      for (const url of ['/api/v1/states', '/api/v1/me', '/api/v1/nothing-here']) {
        expect((await admin.get(url)).headers['cache-control']).toBe('no-store');
      }
      const css = await request(t.server).get('/assets/app.css').expect(200);
      expect(css.headers['cache-control']).toBe('public, max-age=3600');
    });
  });

  describe('bodies of callers not signed in', () => {
    let server: Server;
    let port: number;

    beforeAll(async () => {
      server = t.app.getHttpServer() as Server;
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });

    /**
     * Starts a request declaring a large body, sends its first 64 KB and waits for the answer:
     * it must come while the rest of the body is still unsent.
     */
    function answerBeforeBody(
      method: string,
      path: string,
      headers: Record<string, string>,
      declared: number,
    ): Promise<{ status: number; location?: string; body: string }> {
      return new Promise((resolve, reject) => {
        const req = httpRequest({
          host: '127.0.0.1',
          port,
          method,
          path,
          headers: { ...headers, 'Content-Length': String(declared) },
        });
        const timer = setTimeout(() => {
          req.destroy();
          reject(new Error(`${method} ${path}: no answer while the body was still coming`));
        }, 5000);
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            clearTimeout(timer);
            req.destroy();
            resolve({
              status: res.statusCode ?? 0,
              location: res.headers.location,
              body: Buffer.concat(chunks).toString(),
            });
          });
        });
        req.on('error', () => undefined);
        req.write(Buffer.alloc(64 * 1024, 'a'));
      });
    }

    it('answers an upload with a bad token 401 without reading its 20 MB', async () => {
      const res = await answerBeforeBody(
        'POST',
        '/api/v1/imports?filename=big.csv',
        { Authorization: 'Bearer not-a-token', 'Content-Type': 'text/csv' },
        20 * 1024 * 1024,
      );
      expect(res.status).toBe(401);
      expect(JSON.parse(res.body).message).toBe('The API token is unknown, revoked or expired');
    });

    it('answers a multipart upload without credentials, and a viewer’s, before reading them', async () => {
      const anonymous = await answerBeforeBody(
        'POST',
        '/api/v1/imports',
        { 'Content-Type': 'multipart/form-data; boundary=x' },
        20 * 1024 * 1024,
      );
      expect(anonymous.status).toBe(401);
      const viewerToken = await t.token(Role.Viewer);
      const refused = await answerBeforeBody(
        'POST',
        '/api/v1/imports',
        {
          Authorization: `Bearer ${viewerToken}`,
          'Content-Type': 'multipart/form-data; boundary=x',
        },
        20 * 1024 * 1024,
      );
      expect(refused.status).toBe(403);
    });

    it('answers any other write by a caller not signed in before reading its body', async () => {
      const api = await answerBeforeBody(
        'POST',
        assessmentsUrl(GRADED, 'KAZ'),
        { 'Content-Type': 'application/json' },
        900 * 1024,
      );
      expect(api.status).toBe(401);
      const page = await answerBeforeBody(
        'POST',
        `/recommendations/${GRADED}/states/KAZ/assessments`,
        { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: 'rt.sid=s%3Anobody.x' },
        900 * 1024,
      );
      expect(page.status).toBe(303);
      expect(page.location).toBe('/login');
    });
  });
});
