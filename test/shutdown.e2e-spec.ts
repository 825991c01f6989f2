import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { browserSuite } from './utils/browser.js';
import { ensureBuilt, ROOT } from './utils/build.js';

const JEW = 'joint-expert-workshop-illicit-drugs';

/** A TCP port nobody listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Resolves with how a process ended: its exit code, or the signal that ended it. */
function exited(child: ChildProcess): Promise<number | string | null> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
}

/**
 * The built server, started as an operator starts it, is sent SIGTERM while it prints a PDF: the
 * request in flight still gets its whole PDF, then the server ends as the signal asked (Nest
 * closes the app, then lets the signal end the process).
 */
browserSuite('Shutting down while printing', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let token: string;

  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'rt-shutdown-'));
    env = { ...process.env, DATABASE_PATH: join(dir, 'db.sqlite'), DATABASE_URL: '' };
    const issued = spawnSync(
      process.execPath,
      [
        join(ROOT, 'dist', 'src', 'cli', 'main.js'),
        'token',
        'issue',
        'printer',
        '--role',
        'viewer',
      ],
      { cwd: dir, env, encoding: 'utf8', timeout: 60_000 },
    );
    if (issued.status !== 0) throw new Error(issued.stderr);
    token = issued.stdout.trim().split('\n').pop() ?? '';
  }, 120_000);

  it('finishes the PDF in flight, then ends', async () => {
    const port = await freePort();
    const server = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'main.js')], {
      cwd: dir,
      env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exit = exited(server);
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        if (output.includes('listening on')) resolve();
      };
      server.stdout?.on('data', onData);
      server.stderr?.on('data', onData);
      server.once('exit', () => reject(new Error(`The server stopped:\n${output}`)));
    });
    const started = Date.now();
    const answer = fetch(`http://127.0.0.1:${port}/reports/events/${JEW}?format=pdf`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    // Once the browser is printing (well before a PDF of this report is done), the signal.
    await new Promise((resolve) => setTimeout(resolve, 700));
    server.kill('SIGTERM');
    const res = await answer;
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(res.status).toBe(200);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.subarray(-8).toString()).toContain('%%EOF');
    // The PDF was not already done when the signal came.
    expect(Date.now() - started).toBeGreaterThan(700);
    await expect(exit).resolves.toBe('SIGTERM');
    expect(output).not.toMatch(/error/i);
  }, 120_000);
});
