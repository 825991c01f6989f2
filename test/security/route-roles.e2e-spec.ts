import { jest } from '@jest/globals';
import { PDFDocument } from 'pdf-lib';
import request from 'supertest';
import { ApiTokensService } from '../../src/api-tokens/api-tokens.service.js';
import { systemPrincipal } from '../../src/auth/principal.js';
import { DOCUMENT_STAGES, type DocumentStage } from '../../src/documents/document.entity.js';
import { PdfService } from '../../src/reports/pdf.service.js';
import { Role } from '../../src/users/role.enum.js';
import { UsersService } from '../../src/users/users.service.js';
import { createTestApp, csrfOf, type Agent, type TestApp } from '../utils/create-test-app.js';
import { BY_HAND, assessmentsUrl, buildAssessment } from '../utils/factories.js';

/**
 * Every route of the app against every kind of caller. The table must have a row for each route
 * the router knows: a route added without one fails the first test.
 *
 * API routes (/api/...) are called with an API token of the role, pages with a signed-in
 * session of a user of that role (form posts carry the page's CSRF token). `login` means a
 * redirect to the sign-in page.
 */
type Caller = 'anonymous' | 'viewer' | 'analyst' | 'admin';
type Expected = number | 'login';
type Body = Record<string, unknown> | undefined;

interface Row {
  route: string;
  /** The concrete URL to call; computed before each call when it needs a fresh target. */
  url: string | (() => Promise<string>);
  /** Computed just before each call, so that version checks and unique names pass. */
  body?: () => Promise<Body> | Body;
  /** A file sent as a multipart form (with the CSRF field on pages) instead of a body. */
  attach?: () => { field: string; buffer: Buffer; filename: string };
  expect: Record<Caller, Expected>;
}

const CARICC = 'JEW-II.9';
/** A graded recommendation: its measure is set again (graded) by the change rows. */
const GRADED = 'JEW-II.2';
const ANALYST_STATES = ['KAZ', 'KGZ'];
const TARGET = 'target-user';

const READ = { anonymous: 401, viewer: 200, analyst: 200, admin: 200 } as const;
const ADMIN_API_READ = { anonymous: 401, viewer: 403, analyst: 403, admin: 200 } as const;
const PAGE_READ = { anonymous: 'login', viewer: 200, analyst: 200, admin: 200 } as const;
const ADMIN_PAGE = { anonymous: 'login', viewer: 403, analyst: 403, admin: 200 } as const;
const ANALYST_PAGE = { anonymous: 'login', viewer: 403, analyst: 200, admin: 200 } as const;

describe('Access: every route x every role', () => {
  let t: TestApp;
  let tokens: Record<Exclude<Caller, 'anonymous'>, string>;
  let tokenToRevoke: number;
  let seq = 0;
  const unique = (prefix: string): string => `${prefix}-${++seq}`;

  beforeAll(async () => {
    t = await createTestApp();
    tokens = {
      viewer: await t.token(Role.Viewer),
      analyst: await t.token(Role.Analyst, ANALYST_STATES),
      admin: await t.token(Role.Admin),
    };
    await t.user('viewer-user', Role.Viewer);
    await t.user('analyst-user', Role.Analyst, ANALYST_STATES);
    await t.user('admin-user', Role.Admin);
    await t.user(TARGET, Role.Viewer);
    const issued = await t.app
      .get(ApiTokensService)
      .issue({ name: 'to revoke', role: Role.Viewer }, systemPrincipal('system', Role.Admin));
    tokenToRevoke = issued.token.id;
    // Who may issue a document is checked here, not the printing: no Chromium needed. Issuing
    // counts the PDF's pages, so the stand-in is a real (blank, one-page) PDF.
    const blank = await PDFDocument.create();
    blank.addPage();
    const printed = Buffer.from(await blank.save());
    jest.spyOn(t.app.get(PdfService), 'fromHtml').mockResolvedValue(printed);
  });
  afterAll(() => t.close());

  const userVersion = async (): Promise<number> =>
    (await t.app.get(UsersService).get(TARGET)).version;
  const pairVersion = async (iso3 = 'KAZ'): Promise<number> => {
    const res = await request(t.server)
      .get(assessmentsUrl(CARICC, iso3))
      .set('Authorization', `Bearer ${tokens.admin}`)
      .expect(200);
    return (res.body as { current: { version: number } }).current.version;
  };
  const importFile = (): { field: string; buffer: Buffer; filename: string } => ({
    field: 'file',
    buffer: Buffer.from(
      `ref,iso3,status,assessedOn,note,overrideReason\r\n${CARICC},KAZ,implemented,2009-01-01,${unique('import')},${BY_HAND.overrideReason}\r\n`,
    ),
    filename: 'route.csv',
  });
  /** A new dry run by the admin token: only an admin other than the uploader may act on it. */
  const adminImport = async (): Promise<number> => {
    const { buffer, filename } = importFile();
    const res = await request(t.server)
      .post('/api/v1/imports')
      .set('Authorization', `Bearer ${tokens.admin}`)
      .attach('file', buffer, filename)
      .expect(201);
    return (res.body as { id: number }).id;
  };
  const recommendationVersion = async (): Promise<number> => {
    const res = await request(t.server)
      .get(`/api/v1/recommendations/${CARICC}`)
      .set('Authorization', `Bearer ${tokens.admin}`)
      .expect(200);
    return (res.body as { version: number }).version;
  };

  const measureUrl = `/api/v1/recommendations/${GRADED}/measure`;
  /** The body of a measure change (graded again) with the digest of its preview by the admin. */
  const measureChange = async (): Promise<Record<string, unknown>> => {
    const admin = (url: string) =>
      request(t.server).get(url).set('Authorization', `Bearer ${tokens.admin}`).expect(200);
    const { version } = (await admin(measureUrl)).body as { version: number };
    const change = { kind: 'graded', baseVersion: version };
    const preview = await request(t.server)
      .post(`${measureUrl}/preview`)
      .set('Authorization', `Bearer ${tokens.admin}`)
      .send(change)
      .expect(200);
    return { ...change, previewDigest: (preview.body as { previewDigest: string }).previewDigest };
  };

  /** The document a row's URL was last made for: its body carries that version. */
  let lastDocument = { id: 0, version: 0 };
  let issuedDocument: Promise<string> | undefined;
  /**
   * A new document of the analyst token, taken to `stage` (approved and issued by the admin
   * token: someone other than its author); returns its URL.
   */
  const documentAt = async (stage: DocumentStage): Promise<string> => {
    const api = async (caller: 'analyst' | 'admin', url: string, body: object) =>
      (
        await request(t.server)
          .post(url)
          .set('Authorization', `Bearer ${tokens[caller]}`)
          .send(body)
          .expect((res) => {
            if (res.status >= 300) throw new Error(`${url}: ${res.status} ${res.text}`);
          })
      ).body as { id: number; version: number };
    let doc = await api('analyst', '/api/v1/documents', { kind: 'recommendation', target: CARICC });
    const steps = [
      ['analyst', 'submit'],
      ['admin', 'approve'],
      ['admin', 'issue'],
    ] as const;
    for (const [caller, action] of steps.slice(0, DOCUMENT_STAGES.indexOf(stage))) {
      doc = await api(caller, `/api/v1/documents/${doc.id}/${action}`, {
        baseVersion: doc.version,
      });
    }
    lastDocument = doc;
    return `/api/v1/documents/${doc.id}`;
  };
  /** The page of a document, from its API address. */
  const pagePath = (apiUrl: string): string => apiUrl.replace('/api/v1', '');
  const documentStep = (stage: DocumentStage, action: string) => ({
    url: async () => `${await documentAt(stage)}/${action}`,
    body: () => ({ baseVersion: lastDocument.version }),
  });

  const rows = (): Row[] => [
    // Open to all
    {
      route: 'GET /health',
      url: '/health',
      expect: { anonymous: 200, viewer: 200, analyst: 200, admin: 200 },
    },
    {
      route: 'GET /health/live',
      url: '/health/live',
      expect: { anonymous: 200, viewer: 200, analyst: 200, admin: 200 },
    },
    {
      route: 'GET /health/ready',
      url: '/health/ready',
      expect: { anonymous: 200, viewer: 200, analyst: 200, admin: 200 },
    },
    {
      route: 'GET /login',
      url: '/login',
      expect: { anonymous: 200, viewer: 303, analyst: 303, admin: 303 },
    },
    {
      route: 'POST /login',
      url: '/login',
      body: () => ({ username: 'nobody', password: 'wrong password here' }),
      // Without a session there is no CSRF token to send: refused before the password is looked at.
      expect: { anonymous: 403, viewer: 401, analyst: 401, admin: 401 },
    },
    // The API description
    ...[
      '/api/docs',
      '/api/docs/',
      '/api/docs/index.html',
      '/api/docs/swagger-ui-init.js',
      '/api/docs/docs/swagger-ui-init.js',
      '/api/docs/openapi.json',
    ].map((url) => ({ route: `GET ${url}`, url, expect: READ })),
    // Routed by the docs module, but the file is not shipped: still hidden from anonymous callers.
    {
      route: 'GET /api/docs/LICENSE',
      url: '/api/docs/LICENSE',
      expect: { anonymous: 401, viewer: 404, analyst: 404, admin: 404 },
    },
    // Reference data and figures
    { route: 'GET /api/v1/states', url: '/api/v1/states', expect: READ },
    {
      route: 'GET /api/v1/states/:iso3/statuses',
      url: '/api/v1/states/KAZ/statuses',
      expect: READ,
    },
    { route: 'GET /api/v1/organisations', url: '/api/v1/organisations', expect: READ },
    { route: 'GET /api/v1/themes', url: '/api/v1/themes', expect: READ },
    { route: 'GET /api/v1/events', url: '/api/v1/events', expect: READ },
    {
      route: 'GET /api/v1/events/:slug',
      url: '/api/v1/events/joint-expert-workshop-illicit-drugs',
      expect: READ,
    },
    { route: 'GET /api/v1/progress', url: '/api/v1/progress', expect: READ },
    { route: 'GET /api/v1/matrix', url: '/api/v1/matrix', expect: READ },
    { route: 'GET /api/v1/me', url: '/api/v1/me', expect: READ },
    // Recommendations: reading is for all, editing reference data for admins
    { route: 'GET /api/v1/recommendations', url: '/api/v1/recommendations', expect: READ },
    {
      route: 'GET /api/v1/recommendations/:ref',
      url: `/api/v1/recommendations/${CARICC}`,
      expect: READ,
    },
    {
      route: 'GET /api/v1/recommendations/:ref/statuses',
      url: `/api/v1/recommendations/${CARICC}/statuses`,
      expect: READ,
    },
    {
      route: 'POST /api/v1/recommendations',
      url: '/api/v1/recommendations',
      body: () => ({
        ref: unique('JEW-T.1'),
        event: 'joint-expert-workshop-illicit-drugs',
        title: 'A test recommendation',
        text: 'Participating States should test their access rules.',
        addressee: 'participating-states',
      }),
      expect: { anonymous: 401, viewer: 403, analyst: 403, admin: 201 },
    },
    {
      route: 'PATCH /api/v1/recommendations/:ref',
      url: `/api/v1/recommendations/${CARICC}`,
      body: async () => ({
        title: 'Sign the CARICC Agreement',
        baseVersion: await recommendationVersion(),
      }),
      expect: { anonymous: 401, viewer: 403, analyst: 403, admin: 200 },
    },
    // Assessments: analysts (within their States) and admins write
    {
      route: 'GET /api/v1/recommendations/:ref/states/:iso3/assessments',
      url: assessmentsUrl(CARICC, 'KAZ'),
      expect: READ,
    },
    {
      route: 'POST /api/v1/recommendations/:ref/states/:iso3/assessments',
      url: assessmentsUrl(CARICC, 'KAZ'),
      body: async () => buildAssessment({ baseVersion: await pairVersion(), ...BY_HAND }),
      expect: { anonymous: 401, viewer: 403, analyst: 201, admin: 201 },
    },
    // Measures: read by all; set and changed by admins (the preview is the first step of a change)
    { route: 'GET /api/v1/measures', url: '/api/v1/measures', expect: READ },
    {
      route: 'GET /api/v1/recommendations/:ref/measure',
      url: `/api/v1/recommendations/${CARICC}/measure`,
      expect: READ,
    },
    {
      route: 'POST /api/v1/recommendations/:ref/measure/preview',
      url: `${measureUrl}/preview`,
      body: async () => {
        const { previewDigest: _digest, ...change } = await measureChange();
        return change;
      },
      expect: { anonymous: 401, viewer: 403, analyst: 403, admin: 200 },
    },
    {
      route: 'PUT /api/v1/recommendations/:ref/measure',
      url: measureUrl,
      body: measureChange,
      expect: { anonymous: 401, viewer: 403, analyst: 403, admin: 200 },
    },
    {
      route: 'GET /recommendations/:ref/states/:iso3',
      url: `/recommendations/${CARICC}/states/KAZ`,
      expect: PAGE_READ,
    },
    {
      route: 'POST /recommendations/:ref/states/:iso3/assessments',
      url: `/recommendations/${CARICC}/states/KAZ/assessments`,
      body: async () => ({
        status: 'mostly_implemented',
        ...BY_HAND,
        assessedOn: '2010-03-01',
        baseVersion: String(await pairVersion()),
      }),
      expect: { anonymous: 'login', viewer: 403, analyst: 303, admin: 303 },
    },
    // Pages
    { route: 'GET /', url: '/', expect: PAGE_READ },
    { route: 'GET /events', url: '/events', expect: PAGE_READ },
    {
      route: 'GET /events/:slug',
      url: '/events/joint-expert-workshop-illicit-drugs',
      expect: PAGE_READ,
    },
    { route: 'GET /recommendations', url: '/recommendations?q=caricc', expect: PAGE_READ },
    { route: 'GET /recommendations/:ref', url: `/recommendations/${CARICC}`, expect: PAGE_READ },
    {
      route: 'GET /recommendations/:ref/jump',
      url: `/recommendations/${CARICC}/jump?state=KAZ`,
      expect: { anonymous: 'login', viewer: 303, analyst: 303, admin: 303 },
    },
    { route: 'GET /states', url: '/states', expect: PAGE_READ },
    { route: 'GET /states/:iso3', url: '/states/KAZ', expect: PAGE_READ },
    { route: 'GET /themes', url: '/themes', expect: PAGE_READ },
    {
      route: 'GET /themes/:slug',
      url: '/themes/information-sharing?asOf=2010-01-01',
      expect: PAGE_READ,
    },
    { route: 'GET /matrix', url: '/matrix?asOf=2010-01-01', expect: PAGE_READ },
    { route: 'GET /reports', url: '/reports', expect: PAGE_READ },
    {
      route: 'GET /reports/open',
      url: '/reports/open?kind=state&target=KAZ&edition=public',
      expect: { anonymous: 'login', viewer: 303, analyst: 303, admin: 303 },
    },
    {
      route: 'GET /reports/events/:slug',
      url: '/reports/events/joint-expert-workshop-illicit-drugs?edition=public',
      expect: PAGE_READ,
    },
    {
      route: 'GET /reports/states/:iso3',
      url: '/reports/states/KAZ?edition=public',
      expect: PAGE_READ,
    },
    {
      route: 'GET /reports/themes/:slug',
      url: '/reports/themes/information-sharing?edition=public',
      expect: PAGE_READ,
    },
    {
      route: 'GET /reports/recommendations/:ref',
      url: `/reports/recommendations/${CARICC}?edition=public`,
      expect: PAGE_READ,
    },
    {
      route: 'GET /reports/period',
      url: '/reports/period?from=2009-12-31&to=2010-12-31&edition=public',
      expect: PAGE_READ,
    },
    {
      route: 'GET /bulk',
      url: `/bulk?ref=${CARICC}`,
      expect: { anonymous: 'login', viewer: 403, analyst: 200, admin: 200 },
    },
    {
      route: 'POST /bulk',
      url: '/bulk',
      body: async () => ({
        ref: CARICC,
        states: 'KGZ',
        'v-KGZ': String(await pairVersion('KGZ')),
        status: 'implemented',
        ...BY_HAND,
        assessedOn: '2010-04-01',
      }),
      expect: { anonymous: 'login', viewer: 403, analyst: 303, admin: 303 },
    },
    { route: 'GET /account/password', url: '/account/password', expect: PAGE_READ },
    {
      route: 'POST /account/password',
      url: '/account/password',
      body: () => ({
        currentPassword: 'not the password',
        newPassword: 'another long password',
        confirmPassword: 'another long password',
      }),
      expect: { anonymous: 'login', viewer: 400, analyst: 400, admin: 400 },
    },
    // Signing out ends on the sign-in page, as does an anonymous attempt.
    {
      route: 'POST /logout',
      url: '/logout',
      body: () => ({}),
      expect: { anonymous: 'login', viewer: 'login', analyst: 'login', admin: 'login' },
    },
    // Users
    { route: 'GET /api/v1/users', url: '/api/v1/users', expect: ADMIN_API_READ },
    {
      route: 'GET /api/v1/users/:username',
      url: `/api/v1/users/${TARGET}`,
      expect: ADMIN_API_READ,
    },
    {
      route: 'POST /api/v1/users',
      url: '/api/v1/users',
      body: () => ({ username: unique('api-user'), displayName: 'New user', role: 'viewer' }),
      expect: { anonymous: 401, viewer: 403, analyst: 403, admin: 201 },
    },
    {
      route: 'PATCH /api/v1/users/:username',
      url: `/api/v1/users/${TARGET}`,
      body: async () => ({ displayName: 'Target user', baseVersion: await userVersion() }),
      expect: { anonymous: 401, viewer: 403, analyst: 403, admin: 200 },
    },
    {
      route: 'POST /api/v1/users/:username/password-reset',
      url: `/api/v1/users/${TARGET}/password-reset`,
      body: () => ({}),
      expect: { anonymous: 401, viewer: 403, analyst: 403, admin: 200 },
    },
    { route: 'GET /admin/users', url: '/admin/users', expect: ADMIN_PAGE },
    { route: 'GET /admin/users/:username', url: `/admin/users/${TARGET}`, expect: ADMIN_PAGE },
    {
      route: 'POST /admin/users',
      url: '/admin/users',
      body: () => ({ username: unique('page-user'), displayName: 'New user', role: 'viewer' }),
      expect: { anonymous: 'login', viewer: 403, analyst: 403, admin: 201 },
    },
    {
      route: 'POST /admin/users/:username',
      url: `/admin/users/${TARGET}`,
      body: async () => ({
        displayName: 'Target user',
        role: 'viewer',
        active: 'true',
        baseVersion: String(await userVersion()),
      }),
      expect: { anonymous: 'login', viewer: 403, analyst: 403, admin: 303 },
    },
    {
      route: 'POST /admin/users/:username/password-reset',
      url: `/admin/users/${TARGET}/password-reset`,
      body: () => ({}),
      expect: { anonymous: 'login', viewer: 403, analyst: 403, admin: 200 },
    },
    // Measure pages (admins): a preview shows the page with it, a change redirects to it
    { route: 'GET /admin/measures', url: '/admin/measures', expect: ADMIN_PAGE },
    { route: 'GET /admin/measures/:ref', url: `/admin/measures/${GRADED}`, expect: ADMIN_PAGE },
    {
      route: 'POST /admin/measures/:ref/preview',
      url: `/admin/measures/${GRADED}/preview`,
      body: async () => {
        const { previewDigest: _digest, ...change } = await measureChange();
        return change;
      },
      expect: { anonymous: 'login', viewer: 403, analyst: 403, admin: 200 },
    },
    {
      route: 'POST /admin/measures/:ref',
      url: `/admin/measures/${GRADED}`,
      body: measureChange,
      expect: { anonymous: 'login', viewer: 403, analyst: 403, admin: 303 },
    },
    // API tokens
    { route: 'GET /api/v1/tokens', url: '/api/v1/tokens', expect: ADMIN_API_READ },
    {
      route: 'POST /api/v1/tokens',
      url: '/api/v1/tokens',
      body: () => ({ name: unique('token'), role: 'viewer' }),
      expect: { anonymous: 401, viewer: 403, analyst: 403, admin: 201 },
    },
    {
      route: 'DELETE /api/v1/tokens/:id',
      url: `/api/v1/tokens/${tokenToRevoke}`,
      expect: { anonymous: 401, viewer: 403, analyst: 403, admin: 200 },
    },
    { route: 'GET /admin/tokens', url: '/admin/tokens', expect: ADMIN_PAGE },
    {
      route: 'POST /admin/tokens',
      url: '/admin/tokens',
      body: () => ({ name: unique('page-token'), role: 'viewer' }),
      expect: { anonymous: 'login', viewer: 403, analyst: 403, admin: 201 },
    },
    {
      route: 'POST /admin/tokens/:id/revoke',
      url: `/admin/tokens/${tokenToRevoke}/revoke`,
      body: () => ({}),
      expect: { anonymous: 'login', viewer: 403, analyst: 403, admin: 303 },
    },
    // Imports and exports
    {
      route: 'POST /api/v1/imports',
      url: '/api/v1/imports',
      attach: importFile,
      expect: { anonymous: 401, viewer: 403, analyst: 201, admin: 201 },
    },
    {
      route: 'GET /api/v1/imports',
      url: '/api/v1/imports',
      expect: { anonymous: 401, viewer: 403, analyst: 200, admin: 200 },
    },
    {
      route: 'GET /api/v1/imports/:id',
      url: async () => `/api/v1/imports/${await adminImport()}`,
      expect: { anonymous: 401, viewer: 403, analyst: 403, admin: 200 },
    },
    {
      route: 'POST /api/v1/imports/:id/apply',
      url: async () => `/api/v1/imports/${await adminImport()}/apply`,
      body: () => ({}),
      expect: { anonymous: 401, viewer: 403, analyst: 403, admin: 200 },
    },
    {
      route: 'POST /api/v1/imports/:id/discard',
      url: async () => `/api/v1/imports/${await adminImport()}/discard`,
      body: () => ({}),
      expect: { anonymous: 401, viewer: 403, analyst: 403, admin: 200 },
    },
    { route: 'GET /queue', url: '/queue', expect: ANALYST_PAGE },
    { route: 'GET /imports', url: '/imports', expect: ANALYST_PAGE },
    { route: 'GET /imports/new', url: '/imports/new', expect: ANALYST_PAGE },
    { route: 'GET /imports/template.csv', url: '/imports/template.csv', expect: ANALYST_PAGE },
    {
      route: 'POST /imports',
      url: '/imports',
      attach: importFile,
      expect: { anonymous: 'login', viewer: 403, analyst: 200, admin: 200 },
    },
    {
      route: 'GET /imports/:id',
      url: async () => `/imports/${await adminImport()}`,
      expect: { anonymous: 'login', viewer: 403, analyst: 403, admin: 200 },
    },
    {
      route: 'POST /imports/:id/apply',
      url: async () => `/imports/${await adminImport()}/apply`,
      body: () => ({}),
      expect: { anonymous: 'login', viewer: 403, analyst: 403, admin: 303 },
    },
    {
      route: 'POST /imports/:id/discard',
      url: async () => `/imports/${await adminImport()}/discard`,
      body: () => ({}),
      expect: { anonymous: 'login', viewer: 403, analyst: 403, admin: 303 },
    },
    ...['history.csv', 'history.xlsx', 'matrix.csv', 'matrix.xlsx'].flatMap((file) => [
      { route: `GET /api/v1/exports/${file}`, url: `/api/v1/exports/${file}`, expect: READ },
      { route: `GET /exports/${file}`, url: `/exports/${file}`, expect: PAGE_READ },
    ]),
    { route: 'GET /exports', url: '/exports', expect: PAGE_READ },
    // Report documents: viewers read the issued ones; analysts write, admins approve and issue
    { route: 'GET /api/v1/documents', url: '/api/v1/documents', expect: READ },
    {
      route: 'POST /api/v1/documents',
      url: '/api/v1/documents',
      body: () => ({ kind: 'recommendation', target: CARICC }),
      expect: { anonymous: 401, viewer: 403, analyst: 201, admin: 201 },
    },
    {
      // A draft: not for viewers.
      route: 'GET /api/v1/documents/:id',
      url: () => documentAt('draft'),
      expect: { anonymous: 401, viewer: 404, analyst: 200, admin: 200 },
    },
    {
      route: 'PATCH /api/v1/documents/:id',
      url: () => documentAt('draft'),
      body: () => ({ baseVersion: lastDocument.version, introduction: unique('words') }),
      expect: { anonymous: 401, viewer: 403, analyst: 200, admin: 200 },
    },
    {
      route: 'POST /api/v1/documents/:id/submit',
      ...documentStep('draft', 'submit'),
      expect: { anonymous: 401, viewer: 403, analyst: 200, admin: 200 },
    },
    {
      route: 'POST /api/v1/documents/:id/approve',
      ...documentStep('submitted', 'approve'),
      expect: { anonymous: 401, viewer: 403, analyst: 403, admin: 200 },
    },
    {
      route: 'POST /api/v1/documents/:id/return',
      ...documentStep('submitted', 'return'),
      expect: { anonymous: 401, viewer: 403, analyst: 200, admin: 200 },
    },
    {
      route: 'POST /api/v1/documents/:id/issue',
      ...documentStep('approved', 'issue'),
      expect: { anonymous: 401, viewer: 403, analyst: 403, admin: 200 },
    },
    {
      route: 'POST /api/v1/documents/:id/revise',
      url: async () => `${await documentAt('issued')}/revise`,
      body: () => ({}),
      expect: { anonymous: 401, viewer: 403, analyst: 201, admin: 201 },
    },
    ...['issued.pdf', 'issued.html'].map((file) => ({
      route: `GET /api/v1/documents/:id/${file}`,
      url: async () => `${await (issuedDocument ??= documentAt('issued'))}/${file}`,
      expect: READ,
    })),
    // Their pages: the same rules; a page's form posted by someone who is not the author (the
    // analyst user, where the analyst token wrote it) is shown again with the refusal.
    { route: 'GET /documents', url: '/documents', expect: PAGE_READ },
    { route: 'GET /documents/new', url: '/documents/new', expect: ANALYST_PAGE },
    {
      route: 'POST /documents',
      url: '/documents',
      body: () => ({ kind: 'recommendation', target: CARICC, marking: 'internal' }),
      expect: { anonymous: 'login', viewer: 403, analyst: 303, admin: 303 },
    },
    {
      route: 'GET /documents/:id',
      url: async () => pagePath(await documentAt('draft')),
      expect: { anonymous: 'login', viewer: 404, analyst: 200, admin: 200 },
    },
    {
      route: 'GET /documents/:id/preview',
      url: async () => `${pagePath(await documentAt('draft'))}/preview`,
      expect: { anonymous: 'login', viewer: 404, analyst: 200, admin: 200 },
    },
    {
      route: 'POST /documents/:id',
      url: async () => pagePath(await documentAt('draft')),
      body: () => ({ baseVersion: lastDocument.version, introduction: unique('words') }),
      expect: { anonymous: 'login', viewer: 403, analyst: 403, admin: 303 },
    },
    {
      route: 'POST /documents/:id/revise',
      url: async () => `${pagePath(await documentAt('issued'))}/revise`,
      body: () => ({}),
      expect: { anonymous: 'login', viewer: 403, analyst: 303, admin: 303 },
    },
    {
      route: 'POST /documents/:id/:step',
      url: async () => `${pagePath(await documentAt('draft'))}/submit`,
      body: () => ({ baseVersion: lastDocument.version }),
      expect: { anonymous: 'login', viewer: 403, analyst: 403, admin: 303 },
    },
    // Audit log
    { route: 'GET /api/v1/audit', url: '/api/v1/audit', expect: ADMIN_API_READ },
    { route: 'GET /admin/audit', url: '/admin/audit', expect: ADMIN_PAGE },
  ];

  function routerRoutes(): string[] {
    const express = t.app.getHttpAdapter().getInstance() as {
      router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
    };
    return express.router.stack.flatMap((layer) =>
      layer.route
        ? Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${layer.route?.path}`)
        : [],
    );
  }

  it('has a row for every route the app serves, and no row for a route it does not', () => {
    const served = routerRoutes();
    const table = rows().map((r) => r.route);
    expect(served.filter((r) => !table.includes(r))).toEqual([]);
    expect(table.filter((r) => !served.includes(r))).toEqual([]);
    expect(new Set(table).size).toBe(table.length);
  });

  async function signedIn(caller: Exclude<Caller, 'anonymous'>): Promise<Agent> {
    return t.signIn(`${caller}-user`);
  }

  async function call(row: Row, caller: Caller): Promise<request.Response> {
    const [method] = row.route.split(' ');
    const url = typeof row.url === 'string' ? row.url : await row.url();
    const isApi = url.startsWith('/api/');
    const body = row.body ? await row.body() : undefined;
    const file = row.attach?.();
    if (isApi || caller === 'anonymous') {
      const agent = request.agent(t.server);
      const req = agent[method.toLowerCase() as 'get'](url);
      if (caller !== 'anonymous') req.set('Authorization', `Bearer ${tokens[caller]}`);
      if (file) return req.attach(file.field, file.buffer, file.filename);
      return body === undefined ? req : isApi ? req.send(body) : req.type('form').send(body);
    }
    const agent = await signedIn(caller);
    if (method === 'GET') return agent.get(url);
    // A form post carries the CSRF token of a page of the same session.
    const page = await agent.get('/account/password').expect(200);
    if (file) {
      return agent
        .post(url)
        .field('_csrf', csrfOf(page.text))
        .attach(file.field, file.buffer, file.filename);
    }
    return agent
      .post(url)
      .type('form')
      .send({ _csrf: csrfOf(page.text), ...body });
  }

  const callers: Caller[] = ['anonymous', 'viewer', 'analyst', 'admin'];
  describe.each(callers)('as %s', (caller) => {
    it('gets the expected answer from every route', async () => {
      const mismatches: string[] = [];
      for (const row of rows()) {
        const res = await call(row, caller);
        const want = row.expect[caller];
        const ok =
          want === 'login'
            ? res.status === 303 && String(res.headers.location).startsWith('/login')
            : res.status === want &&
              !(res.status === 303 && String(res.headers.location).startsWith('/login'));
        if (!ok) {
          mismatches.push(
            `${row.route} (${typeof row.url === 'string' ? row.url : 'a fresh URL'}): expected ${want}, got ${res.status} ${res.headers.location ?? ''}`,
          );
        }
      }
      expect(mismatches).toEqual([]);
      // About 100 routes, each page route with a fresh sign-in.
    }, 120_000);
  });
});
