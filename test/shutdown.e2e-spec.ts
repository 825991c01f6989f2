import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { browserSuite } from './utils/browser.js';
import { ensureBuilt } from './utils/build.js';
import { issueToken, startServer } from './utils/server-process.js';

const JEW = 'joint-expert-workshop-illicit-drugs';

/** An import whose body is sent in two halves: the request stays in flight in between. */
function slowUpload(
  url: string,
  token: string,
  body: string,
): { sendRest: () => void; answer: Promise<{ status: number; body: string }>; req: ClientRequest } {
  const bytes = Buffer.from(body);
  const half = Math.floor(bytes.length / 2);
  const req = httpRequest(`${url}/api/v1/imports?filename=slow.csv`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'text/csv',
      'Content-Length': bytes.length,
    },
  });
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.once('response', (res: IncomingMessage) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.once('error', reject);
  });
  req.write(bytes.subarray(0, half));
  return { sendRest: () => req.end(bytes.subarray(half)), answer, req };
}

const CSV = 'ref,iso3,status,assessedOn\nJEW-II.1,KAZ,partially_implemented,2010-01-01\n';

/**
 * The built server, started as an operator starts it, is sent SIGTERM with a request in
 * flight: it takes no new connection, answers the request, closes the database and exits 0;
 * past SHUTDOWN_GRACE_SECONDS it gives up with exit code 1 and says why.
 */
describe('Shutting down gracefully', () => {
  let dir: string;
  let env: Record<string, string>;
  let token: string;

  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'rt-shutdown-'));
    env = { DATABASE_PATH: join(dir, 'db.sqlite') };
    token = issueToken(dir, env, 'uploader', 'analyst');
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers the request in flight, refuses new connections, then exits 0', async () => {
    const server = await startServer({ cwd: dir, env });
    const upload = slowUpload(server.url, token, CSV);
    await new Promise((resolve) => setTimeout(resolve, 300));
    server.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Stopping: no new connection is taken.
    await expect(fetch(`${server.url}/health/live`)).rejects.toThrow();
    expect(server.child.exitCode).toBeNull();

    upload.sendRest();
    const answer = await upload.answer;
    expect({ status: answer.status, body: answer.body }).toMatchObject({ status: 201 });
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'dry-run' });
    await expect(server.exit).resolves.toBe(0);
    expect(server.output()).toContain('SIGTERM: taking no new requests; finishing the 1 in flight');
    expect(server.output()).toContain('Stopped: every request answered, database closed');
  }, 60_000);

  it('past SHUTDOWN_GRACE_SECONDS, exits 1 and says why', async () => {
    const server = await startServer({ cwd: dir, env: { ...env, SHUTDOWN_GRACE_SECONDS: '1' } });
    const upload = slowUpload(server.url, token, CSV);
    upload.answer.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const signalled = Date.now();
    server.child.kill('SIGTERM');
    await expect(server.exit).resolves.toBe(1);
    expect(Date.now() - signalled).toBeGreaterThanOrEqual(1000);
    expect(server.output()).toMatch(
      /1 request\(s\) still in flight after 1 s \(SHUTDOWN_GRACE_SECONDS\): exiting without them/,
    );
    upload.req.destroy();
  }, 60_000);
});

/**
 * The same with a PDF being printed when the signal comes: the whole PDF is sent, then the
 * server exits 0.
 */
browserSuite('Shutting down while printing', () => {
  let dir: string;
  let env: Record<string, string>;
  let token: string;

  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'rt-shutdown-pdf-'));
    env = { DATABASE_PATH: join(dir, 'db.sqlite') };
    token = issueToken(dir, env, 'printer', 'viewer');
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finishes the PDF in flight, then exits 0', async () => {
    const server = await startServer({ cwd: dir, env });
    const started = Date.now();
    const answer = fetch(`${server.url}/reports/events/${JEW}?format=pdf`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    // Once the browser is printing (well before a PDF of this report is done), the signal.
    await new Promise((resolve) => setTimeout(resolve, 700));
    server.child.kill('SIGTERM');
    const res = await answer;
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(res.status).toBe(200);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.subarray(-8).toString()).toContain('%%EOF');
    // The PDF was not already done when the signal came.
    expect(Date.now() - started).toBeGreaterThan(700);
    await expect(server.exit).resolves.toBe(0);
    expect(server.output()).not.toMatch(/"level":"error"/);
  }, 120_000);
});
