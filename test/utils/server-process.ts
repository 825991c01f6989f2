import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ROOT } from './build.js';

/** The built server and command line, as an operator runs them. */
export const SERVER = join(ROOT, 'dist', 'src', 'main.js');
export const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');

/** A TCP port nobody listens on now. */
export function freePort(): Promise<number> {
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
export function exited(child: ChildProcess): Promise<number | string | null> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
}

/** The environment of a run: this one without any database setting, plus `extra`. */
export function envWith(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const key of ['DATABASE_URL', 'DATABASE_PATH', 'LOG_FORMAT']) {
    if (!(key in extra)) delete env[key];
  }
  return env;
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built command line to its end. */
export function runCli(args: string[], cwd: string, env: Record<string, string>): CliRun {
  const run = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    env: envWith(env),
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Issues an API token with the built command line and returns its secret. */
export function issueToken(
  cwd: string,
  env: Record<string, string>,
  name: string,
  role: string,
): string {
  const issued = runCli(['token', 'issue', name, '--role', role], cwd, env);
  if (issued.code !== 0) throw new Error(issued.stderr);
  return issued.stdout.trim().split('\n').pop() ?? '';
}

export interface ServerProcess {
  child: ChildProcess;
  /** Sends a signal to the server (with `group`, to every process of its group). */
  signal(signal: NodeJS.Signals): void;
  url: string;
  /** Everything it wrote so far, stdout and stderr. */
  output(): string;
  /** Only what it wrote on stdout so far. */
  stdout(): string;
  /** How it ended. */
  exit: Promise<number | string | null>;
}

/**
 * Starts a server (by default the built one: `node dist/src/main.js`) on a free port of
 * 127.0.0.1 and resolves once it says it is listening.
 */
export async function startServer(options: {
  cwd: string;
  env: Record<string, string>;
  command?: { file: string; args: string[] };
  /** Starts it in a process group of its own (a command that starts the server as a child). */
  group?: boolean;
  timeoutMs?: number;
}): Promise<ServerProcess> {
  const port = await freePort();
  const command = options.command ?? { file: process.execPath, args: [SERVER] };
  const child = spawn(command.file, command.args, {
    cwd: options.cwd,
    env: envWith({ ...options.env, PORT: String(port), HOST: '127.0.0.1' }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.group === true,
  });
  const exit = exited(child);
  const signal = (name: NodeJS.Signals): void => {
    if (options.group && child.pid !== undefined) process.kill(-child.pid, name);
    else child.kill(name);
  };
  let output = '';
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      signal('SIGKILL');
      reject(new Error(`The server did not start in time:\n${output}`));
    }, options.timeoutMs ?? 60_000);
    const check = (): void => {
      if (output.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    void exit.then((how) => {
      clearTimeout(timer);
      reject(new Error(`The server stopped (${how}):\n${output}`));
    });
  });
  return {
    child,
    signal,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    stdout: () => stdout,
    exit,
  };
}
