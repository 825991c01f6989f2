import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt } from './utils/build.js';
import { issueToken, startServer, type ServerProcess } from './utils/server-process.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The log lines of a server, each parsed as the JSON object it must be. */
function logLines(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`Not a JSON line: ${line}`);
      }
    });
}

/**
 * The built server, started for the first time on a new SQLite file as an operator starts it
 * with its output going to a log collector (not a terminal: JSON lines by default).
 */
describe('Logs an operator can use', () => {
  let dir: string;
  let server: ServerProcess;
  let token: string;

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'rt-logs-'));
    const env = { DATABASE_PATH: join(dir, 'data', 'db.sqlite') };
    token = issueToken(dir, env, 'log reader', 'viewer');
    server = await startServer({ cwd: dir, env });
  }, 180_000);

  afterAll(async () => {
    if (server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exit;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends back the X-Request-Id it was given, or one it made', async () => {
    const given = await fetch(`${server.url}/health/live`, {
      headers: { 'X-Request-Id': 'lb-7f3a.42:x_y' },
    });
    expect(given.headers.get('x-request-id')).toBe('lb-7f3a.42:x_y');

    const none = await fetch(`${server.url}/health/live`);
    expect(none.headers.get('x-request-id')).toMatch(UUID);

    // Too long, or with characters outside the safe set: replaced, not echoed.
    for (const bad of ['a'.repeat(129), 'id with spaces', '<script>', 'a"b']) {
      const res = await fetch(`${server.url}/health/live`, { headers: { 'X-Request-Id': bad } });
      expect(res.headers.get('x-request-id')).toMatch(UUID);
    }
  });

  it('writes one JSON access line per request: method, path without query, status, duration, who, request id', async () => {
    const res = await fetch(`${server.url}/api/v1/states?token=s3cr3t-in-query`, {
      headers: { Authorization: `Bearer ${token}`, 'X-Request-Id': 'access-line-1' },
    });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    // The line is written once the answer is done; give the pipe a moment.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const lines = logLines(server.stdout()).filter((l) => l.requestId === 'access-line-1');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'log',
      context: 'HTTP',
      method: 'GET',
      path: '/api/v1/states',
      status: 200,
      user: 'token:log reader',
      requestId: 'access-line-1',
    });
    expect(lines[0].durationMs).toEqual(expect.any(Number));
    expect(new Date(lines[0].timestamp as string).toISOString()).toBe(lines[0].timestamp);
    expect(server.output()).not.toContain('s3cr3t-in-query');
    expect(server.output()).not.toContain(token);
  });

  it('the first start writes no password in the log: it is in a file only its owner reads, which the log names', () => {
    const file = join(dir, 'data', 'initial-admin-password');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const password = readFileSync(file, 'utf8').trim();
    expect(password.length).toBeGreaterThanOrEqual(12);

    const output = server.output();
    expect(output).not.toContain(password);
    // No ANSI colours when the output is not a terminal; every line (stdout and stderr) JSON.
    expect(output).not.toContain('\u001b[');
    const lines = logLines(output);
    const created = lines.find((l) =>
      String(l.message).includes('created the first administrator'),
    );
    expect(created?.message).toContain(file);
  });
});
