import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { Role } from '../src/users/role.enum.js';
import { createTestApp, type Agent, type TestApp } from './utils/create-test-app.js';

const REF = 'JEW-III.1';
const PAIR = `/api/v1/recommendations/${REF}/states/KAZ/assessments`;

/**
 * swagger-parser's verdict on a document (in a process of its own: the package does not load
 * under Jest's ES modules).
 */
function swaggerParserSays(doc: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'rt-openapi-'));
  try {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    const script = `import P from '@apidevtools/swagger-parser';
      try { await P.validate(process.argv[1]); console.log('valid'); }
      catch (e) { console.log(e.message); }`;
    return execFileSync(process.execPath, ['--input-type=module', '-e', script, file], {
      encoding: 'utf8',
    }).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What a client of the API relies on beyond each answer's schema (held by every e2e test). */
describe('The API contract: document, problems, links, methods, versions', () => {
  let t: TestApp;
  let analyst: Agent;

  beforeAll(async () => {
    t = await createTestApp({ BODY_MAX_KB: '16' });
    analyst = await t.api(Role.Analyst);
  });
  afterAll(() => t.close());

  const entry = (baseVersion?: number) => ({
    status: 'partially_implemented',
    assessedOn: '2020-05-01',
    ...(baseVersion === undefined ? {} : { baseVersion }),
  });

  it('serves an OpenAPI 3.1 document that swagger-parser validates, every operation with its answers', async () => {
    const doc = (await analyst.get('/api/docs/openapi.json').expect(200)).body as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, { content?: object }> }>>;
      components: { securitySchemes: { bearer: { bearerFormat: string } } };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(swaggerParserSays(doc)).toBe('valid');
    expect(doc.components.securitySchemes.bearer.bearerFormat).toBe('opaque');
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const success = Object.entries(op.responses).filter(([s]) => s.startsWith('2'));
        expect([method, path, success.length]).toEqual([method, path, 1]);
        expect([method, path, success[0][1].content !== undefined]).toEqual([method, path, true]);
        expect(op.responses['401']).toBeDefined();
      }
    }
  });

  it('answers an error as an RFC 9457 problem with the fields at fault', async () => {
    const res = await analyst
      .post(PAIR)
      .send({ ...entry(1), assessedOn: '2020-13-45', colour: 'red' })
      .expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      type: 'urn:recommendation-tracker:problem:invalid',
      title: 'Bad Request',
      status: 400,
    });
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['assessedOn', 'colour']));
  });

  it('refuses a "__proto__" field as any field the document does not declare', async () => {
    const res = await analyst
      .post(PAIR)
      .set('Content-Type', 'application/json')
      .send(
        '{"status":"implemented","assessedOn":"2020-05-01","baseVersion":1,"__proto__":{"x":1}}',
      )
      .expect(400);
    expect(res.body.errors).toContainEqual(
      expect.objectContaining({ field: '__proto__', rule: 'unknownField' }),
    );
  });

  it('answers bad JSON and an oversize body as problems, without the parser’s words', async () => {
    const bad = await analyst
      .post(PAIR)
      .set('Content-Type', 'application/json')
      .send('{"status": "implemented",')
      .expect(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.body.detail).toBe('The request body is not valid JSON');
    expect(JSON.stringify(bad.body)).not.toMatch(/Unexpected|position|SyntaxError/);
    const big = await analyst
      .post(PAIR)
      .send({ ...entry(1), note: 'x'.repeat(20_000) })
      .expect(413);
    expect(big.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(big.body.detail).toMatch(/larger than 16 KB/);
  });

  it('challenges a caller without credentials (401 with WWW-Authenticate)', async () => {
    const res = await request(t.server).get('/api/v1/states').expect(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="recommendation-tracker"');
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const revoked = await request(t.server)
      .get('/api/v1/states')
      .set('Authorization', 'Bearer no-such-token')
      .expect(401);
    expect(revoked.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('leaves the session alone on a token request, even with a session cookie', async () => {
    const browser = await t.signIn(await t.user('contract-reader', Role.Viewer));
    // A page renews the session (rolling expiry)...
    const page = await browser.get('/').expect(200);
    expect(page.headers['set-cookie']).toBeDefined();
    // ...a token request is the token's: its session is neither read nor renewed.
    const res = await browser
      .get('/api/v1/me')
      .set('Authorization', `Bearer ${await t.token(Role.Analyst)}`)
      .expect(200);
    expect(res.body.kind).toBe('token');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('answers a method an address does not take with 405 and Allow; OPTIONS lists them', async () => {
    const res = await analyst.put('/api/v1/events').send({}).expect(405);
    expect(res.headers.allow).toBe('GET, HEAD, OPTIONS');
    expect(res.body.detail).toMatch(/takes GET, HEAD, not PUT/);
    const options = await analyst.options(PAIR).expect(204);
    expect(options.headers.allow).toBe('GET, HEAD, POST, OPTIONS');
    // An address no operation has is still 404.
    await analyst.put('/api/v1/no-such-thing').send({}).expect(404);
  });

  it('refuses a body of a type the operation does not read with 415, naming the types', async () => {
    const res = await analyst
      .post(PAIR)
      .set('Content-Type', 'text/plain')
      .send('status=implemented')
      .expect(415);
    expect(res.body.detail).toBe('The request body must be application/json, not text/plain');
  });

  it('gives every 201 a Location that reads what was created', async () => {
    const admin = await t.api(Role.Admin);
    const created = await admin
      .post('/api/v1/recommendations')
      .send({
        ref: 'TEST-1',
        title: 'A recommendation made by the contract test',
        text: 'Do the thing the contract test asks for.',
        event: 'joint-expert-workshop-illicit-drugs',
        addressee: 'participating-states',
      })
      .expect(201);
    expect(created.headers.location).toBe('/api/v1/recommendations/TEST-1');
    await admin.get(created.headers.location).expect(200);
    const token = await admin
      .post('/api/v1/tokens')
      .send({ name: 'contract', role: 'viewer' })
      .expect(201);
    expect(token.headers.location).toBe(`/api/v1/tokens/${token.body.token.id}`);
    const version = (await analyst.get(PAIR).expect(200)).body.current.version as number;
    const recorded = await analyst.post(PAIR).send(entry(version)).expect(201);
    expect(recorded.headers.location).toBe(PAIR);
  });

  it('serves the pair’s version as an ETag and takes it back as If-Match (stale: 409)', async () => {
    const read = await analyst.get(PAIR).expect(200);
    const version = read.body.current.version as number;
    expect(read.headers.etag).toBe(`"${version}"`);
    // If-Match stands for baseVersion...
    const { baseVersion: _b, ...noVersion } = entry(0);
    const done = await analyst
      .post(PAIR)
      .set('If-Match', read.headers.etag)
      .send({ ...noVersion, assessedOn: '2021-01-01' })
      .expect(201);
    expect(done.body.current.version).toBe(version + 1);
    // ...and, stale, is refused as a stale baseVersion is, with the pair now.
    const stale = await analyst
      .post(PAIR)
      .set('If-Match', read.headers.etag)
      .send({ ...noVersion, assessedOn: '2021-02-01' })
      .expect(409);
    expect(stale.body.type).toBe('urn:recommendation-tracker:problem:stale-version');
    expect(stale.body.current.version).toBe(version + 1);
    // Both given and different, or a tag that is no version: 400 naming If-Match.
    const both = await analyst
      .post(PAIR)
      .set('If-Match', `"${version + 1}"`)
      .send({ ...noVersion, baseVersion: version })
      .expect(400);
    expect(both.body.errors[0]).toMatchObject({ field: 'If-Match', rule: 'matchesBaseVersion' });
    const odd = await analyst.post(PAIR).set('If-Match', '*').send(noVersion).expect(400);
    expect(odd.body.errors[0]).toMatchObject({ field: 'If-Match', rule: 'isVersionTag' });
    // Neither: 400 naming baseVersion, as before If-Match.
    const none = await analyst.post(PAIR).send(noVersion).expect(400);
    expect((none.body.errors as { field: string }[]).map((e) => e.field)).toContain('baseVersion');
    expect((await analyst.get(PAIR).expect(200)).body.current.version).toBe(version + 1);
  });
});
