import { jest } from '@jest/globals';
import { ModulesContainer } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';
import fc from 'fast-check';
import { PDFDocument } from 'pdf-lib';
import request from 'supertest';
import { PdfService } from '../../src/reports/pdf.service.js';
import { Role } from '../../src/users/role.enum.js';
import { createTestApp, csrfOf, type Agent, type TestApp } from '../utils/create-test-app.js';

/**
 * Property-based tests of every route the router knows, API and pages: generated path
 * parameters, query strings and bodies (JSON for the API, forms for the pages), sent by an admin
 * (who may call every route) over real HTTP. No answer may be a 5xx, and every 4xx must say
 * what is wrong: the fields at fault, or a sentence of its own.
 *
 * The seed is printed with any failure; FUZZ_SEED=<seed> runs the same inputs again. FUZZ_RUNS
 * sets how many inputs each route gets (default 25), FUZZ_BUDGET_MS the most the whole table may
 * take (default 45 s, shared by the routes: on a busy machine each gets fewer inputs), and
 * FUZZ_ROUTE="PATCH /api/v1/recommendations/:ref" tries one route alone, showing its input.
 */
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
/** One route alone ("PATCH /api/v1/recommendations/:ref"), to look into what it was sent. */
const ONLY = process.env.FUZZ_ROUTE;
/** The most the table of routes may take, all routes together. */
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 45_000);

type Method = 'get' | 'post' | 'patch' | 'delete';

interface Route {
  method: Method;
  path: string;
}

/** The fields a route reads from its query string and its body, as its handler declares them. */
interface RouteFields {
  query: string[];
  body: string[];
}

/** Where Nest keeps a handler's parameters, and the kinds of those read here (RouteParamtypes). */
const ROUTE_ARGS = '__routeArguments__';
const BODY_ARG = 3;
const QUERY_ARG = 4;

/** The properties a DTO class validates (its own and those it inherits). */
function dtoFields(cls: unknown): string[] {
  if (
    typeof cls !== 'function' ||
    [Object, String, Number, Boolean, Array].includes(cls as never)
  ) {
    return [];
  }
  const metadata = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))];
}

/**
 * What each route reads, found where Nest keeps it: every controller's handlers, their
 * `@Query()` and `@Body()` parameters (a DTO's validated properties, or the one name asked
 * for), keyed like the router's table ("get /api/v1/events").
 */
function routeFields(modules: ModulesContainer): Map<string, RouteFields> {
  const out = new Map<string, RouteFields>();
  for (const module of modules.values()) {
    for (const wrapper of module.controllers.values()) {
      const cls = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!cls) continue;
      const base = String(Reflect.getMetadata('path', cls) ?? '');
      for (const name of Object.getOwnPropertyNames(cls.prototype)) {
        const handler = (cls.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function' || name === 'constructor') continue;
        const method = Reflect.getMetadata('method', handler) as number | undefined;
        if (method === undefined) continue;
        const paths = ([] as string[]).concat(Reflect.getMetadata('path', handler) ?? '');
        const args = (Reflect.getMetadata(ROUTE_ARGS, cls, name) ?? {}) as Record<
          string,
          { index: number; data?: unknown }
        >;
        const types = (Reflect.getMetadata('design:paramtypes', cls.prototype, name) ??
          []) as unknown[];
        const fields: RouteFields = { query: [], body: [] };
        for (const [key, arg] of Object.entries(args)) {
          const kind = Number(key.split(':')[0]);
          const into = kind === QUERY_ARG ? fields.query : kind === BODY_ARG ? fields.body : null;
          if (!into) continue;
          if (typeof arg.data === 'string') into.push(arg.data);
          else into.push(...dtoFields(types[arg.index]));
        }
        const verb = ['get', 'post', 'put', 'delete', 'patch'][method] ?? 'get';
        for (const path of paths) {
          const full = `/${[base, path].filter(Boolean).join('/')}`.replace(/\/+/g, '/');
          out.set(`${verb} ${full.length > 1 ? full.replace(/\/$/, '') : full}`, fields);
        }
      }
    }
  }
  return out;
}

/** Values that have broken web apps before: sizes, signs, encodings, characters, formats. */
const NASTY = [
  '',
  ' ',
  '0',
  '-1',
  '1.5',
  '1e999',
  '99999999999999999999',
  '2147483648',
  '9007199254740993',
  'NaN',
  'null',
  'true',
  '[]',
  '{}',
  '2024-02-30',
  '0000-00-00',
  '9999-12-31',
  '\u0000',
  '\u0007bell',
  'a\uffff',
  '\ufffe',
  '\ud800',
  '\udfff',
  '\u202eRTL',
  '\u{1F600}',
  "' OR 1=1 --",
  '"; DROP TABLE users; --',
  '<script>alert(1)</script>',
  '{{constructor}}',
  '../../etc/passwd',
  '%',
  '%00',
  '%FF',
  '__proto__',
  'constructor',
  'JEW-II.9',
  'KAZ',
  'OSCE',
  'admin',
  'implemented',
  'x'.repeat(5000),
];

/** Values of the right shape for the query strings' fields, by name. */
const GOOD_VALUES: Record<string, string[]> = {
  page: ['1', '2'],
  pageSize: ['20', '200'],
  asOf: ['2010-01-01'],
  compareTo: ['2009-01-01'],
  from: ['2008-01-01'],
  to: ['2010-12-31'],
  q: ['caricc', 'drug'],
  event: ['joint-expert-workshop-illicit-drugs'],
  state: ['KAZ'],
  status: ['implemented', 'not_implemented'],
  format: ['pdf', 'html', 'csv'],
  kind: ['event', 'state', 'recommendation'],
  target: ['KAZ', 'JEW-II.9'],
  compareWith: ['2009-01-01'],
  dir: ['asc', 'desc'],
  stage: ['draft', 'issued'],
  ref: ['JEW-II.9'],
};

/** Names the forms, DTOs and query strings of the app use, and a few they do not. */
const FIELDS = [
  'status',
  'assessedOn',
  'note',
  'internalNote',
  'evidenceUrl',
  'evidenceCitation',
  'baseVersion',
  'states',
  'regions',
  'ref',
  'event',
  'title',
  'text',
  'addressee',
  'themes',
  'organisations',
  'username',
  'displayName',
  'role',
  'password',
  'currentPassword',
  'newPassword',
  'confirmPassword',
  'active',
  'name',
  'expiresOn',
  'kind',
  'target',
  'from',
  'to',
  'asOf',
  'compareTo',
  'page',
  'pageSize',
  'q',
  'theme',
  'state',
  'organisation',
  'region',
  'sort',
  'order',
  'format',
  'annex',
  'action',
  'actor',
  'stage',
  'language',
  'marking',
  'narrative',
  'next',
  'filename',
  'returnTo',
  'analysis',
  '__proto__',
  'constructor',
];

const text = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
);

const fieldName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...FIELDS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);

/** A JSON value with the odd strings and numbers above among its leaves. */
const jsonLeaf = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1e308, -1e308, 2 ** 53 + 1, true, false, null),
);
const jsonValue = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    jsonLeaf,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fieldName, tie('value'), { maxKeys: 4 }),
  ),
})).value;

const jsonBody = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(fieldName, jsonValue, { maxKeys: 8 }) },
  { weight: 1, arbitrary: jsonValue },
);

/** A form or query: names with one value or several (a field sent more than once). */
const pairs = fc.array(
  fc.tuple(fieldName, fc.oneof(text, fc.array(text, { minLength: 2, maxLength: 3 }))),
  { maxLength: 6 },
);

/** Numbers as a query string carries them: beyond every range most of all, negative, broken. */
const numberText = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '99999999999999999999',
      '9007199254740993',
      '2147483648',
      '1e999',
      '-1',
      '0',
      '1.5',
      '0x10',
      ' 7',
    ),
  },
  { weight: 1, arbitrary: fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String) },
);

/** A value for a field: of the right shape, a number beyond every range, or anything. */
function valueFor(name: string): fc.Arbitrary<string | string[]> {
  const good = GOOD_VALUES[name];
  return fc.oneof(
    { weight: good ? 2 : 0, arbitrary: fc.constantFrom(...(good ?? [''])) },
    { weight: 2, arbitrary: numberText },
    { weight: 2, arbitrary: text },
    { weight: 1, arbitrary: fc.array(text, { minLength: 2, maxLength: 3 }) },
  );
}

/**
 * A query string for a route: most of the time only fields it reads (so that the request gets
 * past the check of unknown fields and on to the services), each with a value of the right shape
 * or an odd one; else any names at all.
 */
function queryFor(names: string[]): fc.Arbitrary<[string, string | string[]][]> {
  if (names.length === 0) return pairs;
  const known = fc
    .subarray(names, { minLength: 1, maxLength: Math.min(4, names.length) })
    .chain((picked) =>
      fc.tuple(...picked.map((n) => valueFor(n).map((v) => [n, v] as [string, string | string[]]))),
    );
  return fc.oneof({ weight: 4, arbitrary: known }, { weight: 1, arbitrary: pairs });
}

/**
 * Percent-encodes text as a browser would (a lone surrogate as U+FFFD), but keeps the
 * deliberately broken escapes ("%", "%FF") as they are, so that they reach the server raw.
 */
function encode(value: string): string {
  if (value === '%' || value === '%FF' || value === '%00') return value;
  return encodeURIComponent(value.replace(/\p{Cs}/gu, '\ufffd'));
}

function encodePairs(list: [string, string | string[]][]): string {
  return list
    .flatMap(([name, value]) =>
      (Array.isArray(value) ? value : [value]).map((v) => `${encode(name)}=${encode(v)}`),
    )
    .join('&');
}

/** A path parameter: the nasty values, words and numbers above. */
const segment = text.filter((s) => s !== '' && s.length < 200);

/** What a path parameter names when it names something (`fuzz-target`, a user to play with). */
const GOOD_PARAMS: Record<string, string[]> = {
  ref: ['JEW-II.9', 'JEW-IV.4'],
  iso3: ['KAZ', 'OSCE'],
  slug: ['joint-expert-workshop-illicit-drugs'],
  username: ['fuzz-target'],
  id: ['1', '2'],
  step: ['submit', 'approve', 'return', 'issue'],
};

/** A parameter of the right shape half the time, anything the other half. */
function param(name: string): fc.Arbitrary<string> {
  const good = GOOD_PARAMS[name];
  return good ? fc.oneof(fc.constantFrom(...good), segment) : segment;
}

/**
 * A body that passes most checks (`template`), with some of its values swapped for odd ones and
 * perhaps a field too many: so that the fuzz reaches past the validation into the services.
 */
function mutated(template: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.fromEntries(
    Object.entries(template).map(([key, value]) => [
      key,
      fc.oneof({ weight: 3, arbitrary: fc.constant(value) }, { weight: 1, arbitrary: jsonLeaf }),
    ]),
  );
  return fc
    .tuple(fc.record(fields), fc.option(fc.tuple(fieldName, jsonLeaf), { freq: 4 }))
    .map(([body, extra]) => (extra ? { ...body, [extra[0]]: extra[1] } : body));
}

/** Bodies the writes take, by route: the API's as JSON, the pages' as forms (text values). */
const TEMPLATES: Record<string, Record<string, unknown>> = {
  'post /api/v1/recommendations/:ref/states/:iso3/assessments': {
    status: 'implemented',
    assessedOn: '2009-01-01',
    note: 'A note',
    evidenceUrl: 'https://example.org/a',
    baseVersion: 1,
  },
  'post /recommendations/:ref/states/:iso3/assessments': {
    status: 'implemented',
    assessedOn: '2009-01-01',
    note: 'A note',
    baseVersion: '1',
  },
  'post /bulk': {
    ref: 'JEW-II.9',
    states: 'KAZ',
    status: 'implemented',
    assessedOn: '2009-01-01',
  },
  'post /api/v1/recommendations': {
    ref: 'JEW-F.1',
    event: 'joint-expert-workshop-illicit-drugs',
    title: 'A title',
    text: 'A text',
    addressee: 'participating-states',
  },
  'patch /api/v1/recommendations/:ref': { title: 'A title', baseVersion: 1 },
  'post /api/v1/users': { username: 'fuzz-new', displayName: 'New', role: 'viewer' },
  'post /admin/users': { username: 'fuzz-new', displayName: 'New', role: 'viewer' },
  'patch /api/v1/users/:username': { displayName: 'Target', role: 'analyst', baseVersion: 1 },
  'post /admin/users/:username': { displayName: 'Target', role: 'analyst', baseVersion: '1' },
  'post /admin/measures/:ref/preview': {
    kind: 'count',
    'rule.unit': 'officers placed',
    'rule.target': '5',
    'rule.thresholds[0].min': '0',
    'rule.thresholds[0].status': 'not_implemented',
    'rule.thresholds[1].min': '3',
    'rule.thresholds[1].status': 'implemented',
    baseVersion: '1',
  },
  'post /admin/measures/:ref': {
    kind: 'milestones',
    'rule.instruments[0].label': 'A treaty',
    'rule.instruments[0].steps[0].label': 'Signed',
    'rule.instruments[0].steps[0].status': 'partially_implemented',
    baseVersion: '1',
    previewDigest: '0'.repeat(64),
  },
  'post /api/v1/tokens': { name: 'fuzz token', role: 'viewer', expiresOn: '2099-01-01' },
  'post /admin/tokens': { name: 'fuzz token', role: 'viewer' },
  'post /api/v1/documents': { kind: 'recommendation', target: 'JEW-II.9' },
  'post /documents': { kind: 'recommendation', target: 'JEW-II.9' },
  'patch /api/v1/documents/:id': {
    title: 'A title',
    language: 'en',
    introduction: 'Text',
    options: { asOf: '2010-01-01' },
    baseVersion: 1,
  },
  'post /documents/:id': {
    title: 'A title',
    introduction: 'Text',
    overallConclusion: 'Text',
    asOf: '2010-01-01',
    baseVersion: '1',
  },
  'post /api/v1/documents/:id/submit': { baseVersion: 1 },
  'post /api/v1/documents/:id/approve': { baseVersion: 1 },
  'post /api/v1/documents/:id/return': { baseVersion: 1 },
  'post /api/v1/documents/:id/issue': { baseVersion: 1 },
  'post /api/v1/documents/:id/revise': { baseVersion: 1 },
  'post /documents/:id/:step': { baseVersion: '1' },
  'post /login': { username: 'fuzz-target', password: 'not the password', next: '/states' },
  'post /account/password': {
    currentPassword: 'correct horse battery staple',
    newPassword: 'another passphrase of mine',
    confirmPassword: 'another passphrase of mine',
  },
};

interface Input {
  params: string[];
  query: [string, string | string[]][];
  body: unknown;
  form: [string, string | string[]][];
}

const GENERIC = new Set([
  'Bad Request',
  'Unauthorized',
  'Forbidden',
  'Not Found',
  'Conflict',
  'Payload Too Large',
  'Unprocessable Entity',
  'Too Many Requests',
]);

/** What is wrong with an answer, or null: no 5xx, and a 4xx that says what is at fault. */
function fault(res: request.Response): string | null {
  if (res.status >= 500) return `answered ${res.status}: ${res.text.slice(0, 300)}`;
  if (res.status < 400) return null;
  const type = String(res.headers['content-type'] ?? '');
  if (type.includes('application/problem+json')) {
    const body = res.body as { detail?: unknown; message?: unknown; errors?: unknown };
    if (typeof body.detail !== 'string' || body.detail !== body.message) {
      return `answered ${res.status} with a problem whose detail is not its message: ${res.text.slice(0, 300)}`;
    }
    if (body.detail.trim().length < 8) {
      return `answered ${res.status} without a message: ${res.text.slice(0, 300)}`;
    }
    if (GENERIC.has(body.detail)) {
      return `answered ${res.status} with a bare "${body.detail}"`;
    }
    if (body.errors !== undefined) {
      const errors = body.errors as { field?: unknown; message?: unknown }[];
      if (
        !Array.isArray(errors) ||
        errors.some((e) => typeof e.field !== 'string' || typeof e.message !== 'string')
      ) {
        return `answered ${res.status} with errors naming no field: ${res.text.slice(0, 300)}`;
      }
    }
    return null;
  }
  if (type.includes('application/json')) {
    return `answered ${res.status} as plain JSON, not a problem: ${res.text.slice(0, 300)}`;
  }
  if (type.includes('text/html')) {
    // A form shown again with its messages, or the error page with its message or problems.
    const said =
      /govuk-error-summary|govuk-error-message/.test(res.text) ||
      /<p class='govuk-body'>[^<]{8,}<\/p>|<li>[^<]{8,}<\/li>/.test(res.text);
    return said ? null : `answered ${res.status} with a page that says nothing of why`;
  }
  return `answered ${res.status} as ${type || 'nothing'}: ${res.text.slice(0, 200)}`;
}

describe('Fuzzing every route: no 5xx, and every 4xx says why', () => {
  let t: TestApp;
  let token: string;
  let agent: Agent;
  let csrf: string;
  let routes: Route[];
  let fields: Map<string, RouteFields>;

  const signIn = async (): Promise<void> => {
    agent = await t.signIn('fuzz-admin');
    csrf = csrfOf((await agent.get('/account/password').expect(200)).text);
  };

  beforeAll(async () => {
    // Generated sign-ins fail by the hundred: the throttle would soon refuse the fuzz's own.
    t = await createTestApp({
      LOGIN_FAILURES_PER_MINUTE: '1000',
      LOGIN_FAILURES_PER_ACCOUNT: '10000',
    });
    token = await t.token(Role.Admin);
    await t.user('fuzz-admin', Role.Admin);
    await t.user('fuzz-target', Role.Viewer);
    await signIn();
    // The fuzz is about what the routes make of their input, not about printing.
    const blank = await PDFDocument.create();
    blank.addPage();
    const printed = Buffer.from(await blank.save());
    jest.spyOn(t.app.get(PdfService), 'fromHtml').mockResolvedValue(printed);
    const express = t.app.getHttpAdapter().getInstance() as {
      router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
    };
    fields = routeFields(t.app.get(ModulesContainer));
    routes = express.router.stack.flatMap((layer) =>
      layer.route
        ? Object.keys(layer.route.methods)
            .filter((m): m is Method => ['get', 'post', 'patch', 'delete'].includes(m))
            .map((method) => ({ method, path: layer.route?.path ?? '/' }))
        : [],
    );
  });
  afterAll(() => t.close());

  /** Sends one generated request to a route, as the admin token (API) or session (pages). */
  async function send(route: Route, input: Input): Promise<request.Response> {
    let i = 0;
    const path = route.path.replace(/:[A-Za-z_]+/g, () => encode(input.params[i++] ?? 'x'));
    const query = encodePairs(input.query);
    const url = query ? `${path}?${query}` : path;
    if (path.startsWith('/api/')) {
      const req = request(t.server)[route.method](url).set('Authorization', `Bearer ${token}`);
      if (route.method === 'get' || route.method === 'delete') return req;
      const json = JSON.stringify(input.body) ?? 'null';
      return req.set('Content-Type', 'application/json').send(json);
    }
    const req = agent[route.method](url).set('Accept', 'text/html');
    if (route.method === 'get') return req;
    const form = encodePairs([['_csrf', csrf], ...input.form]);
    return req.set('Content-Type', 'application/x-www-form-urlencoded').send(form);
  }

  const inputs = (route: Route): fc.Arbitrary<Input> => {
    const names = (route.path.match(/:[A-Za-z_]+/g) ?? []).map((p) => p.slice(1));
    const key = `${route.method} ${route.path}`;
    const reads = fields.get(key) ?? { query: [], body: [] };
    // A body of the right shape with odd values, else the DTO's fields with any values.
    const template =
      TEMPLATES[key] ??
      (reads.body.length > 0 ? Object.fromEntries(reads.body.map((f) => [f, 'x'])) : undefined);
    const asForm = (body: Record<string, unknown>): [string, string][] =>
      Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]);
    return fc.record({
      params: fc.tuple(...names.map(param)),
      query: queryFor(reads.query),
      body: template ? fc.oneof(mutated(template), jsonBody) : jsonBody,
      form: template ? fc.oneof(mutated(template).map(asForm), pairs) : pairs,
    });
  };

  it(
    'answers every route, whatever it is sent, without a 5xx and saying why it refuses',
    async () => {
      const faults: string[] = [];
      const started = Date.now();
      let runs = 0;
      for (const [index, route] of routes.entries()) {
        if (ONLY && `${route.method.toUpperCase()} ${route.path}` !== ONLY) continue;
        const details = await fc.check(
          fc.asyncProperty(inputs(route), async (input) => {
            const res = await send(route, input);
            // A generated sign-out, password change or revocation may end the session or the
            // token: they are made again, and the fuzz goes on.
            if (res.status === 401) token = await t.token(Role.Admin);
            if (res.status === 303 && String(res.headers.location).startsWith('/login')) {
              await signIn();
            }
            const wrong = fault(res);
            if (wrong) throw new Error(wrong);
          }),
          {
            // A seed of its own for each route: the same inputs everywhere would find less.
            seed: SEED + index,
            numRuns: RUNS,
            endOnFailure: true,
            // Each route gets its share of the time budget (on a busy machine, fewer runs each),
            // and at least the time of a slow page: a route that cannot answer once in it fails.
            interruptAfterTimeLimit: Math.max(3000, BUDGET_MS / routes.length),
          },
        );
        runs += details.numRuns;
        if (details.failed) {
          const why =
            details.errorInstance instanceof Error
              ? details.errorInstance.message
              : details.interrupted
                ? 'gave no answer in time'
                : String(details.errorInstance);
          faults.push(
            `${route.method.toUpperCase()} ${route.path} ${why}\n` +
              `  input: ${fc.stringify(details.counterexample)}`,
          );
        }
      }
      if (faults.length > 0) {
        console.error(
          `Fuzz seed ${SEED} (FUZZ_SEED=${SEED} to repeat):\n` +
            faults.map((f) => (ONLY ? f : f.split('\n')[0].slice(0, 400))).join('\n'),
        );
      }
      expect(faults).toEqual([]);
      if (!ONLY) expect(routes.length).toBeGreaterThan(80);
      console.info(
        `Fuzzed ${routes.length} routes with ${runs} requests in ${Date.now() - started} ms`,
      );
    },
    BUDGET_MS + 60_000,
  );

  it('answers any path and method, with any credentials, without a 5xx', async () => {
    const method = fc.constantFrom<Method>('get', 'post', 'patch', 'delete');
    const path = fc
      .array(fc.oneof(segment, fc.constantFrom('api', 'v1', 'assets', 'admin', 'reports')), {
        minLength: 1,
        maxLength: 5,
      })
      .map((parts) => `/${parts.map(encode).join('/')}`);
    const credentials = fc.oneof(
      fc.constant({}),
      // Header values of printable ASCII, as an HTTP client sends them.
      text.map((v) => ({ Authorization: `Bearer ${v.replace(/[^\x20-\x7e]/g, '')}` })),
      text.map((v) => ({ Cookie: `rt.sid=${encode(v)}; rt.signin=${encode(v)}` })),
    );
    const faults: string[] = [];
    const details = await fc.check(
      fc.asyncProperty(method, path, credentials, jsonBody, async (m, p, headers, body) => {
        const req = request(t.server)[m](p).set(headers);
        const res = await (m === 'get' ? req : req.send(JSON.stringify(body) ?? 'null'));
        const wrong = res.status >= 500 ? fault(res) : null;
        if (wrong) throw new Error(`${m.toUpperCase()} ${p}: ${wrong}`);
      }),
      { seed: SEED, numRuns: RUNS * 40, endOnFailure: true },
    );
    if (details.failed) {
      faults.push(
        `${String(details.errorInstance)}\n  input: ${fc.stringify(details.counterexample)}`,
      );
      console.error(`Fuzz seed ${SEED} (FUZZ_SEED=${SEED} to repeat)`);
    }
    expect(faults).toEqual([]);
  }, 60_000);
});
