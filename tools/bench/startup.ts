/**
 * Start-up, measured: `node dist/src/main.js` spawned as a process of its own on the run's copy
 * of the data set, timed from the spawn to the first 200 of `GET /health/ready`, several times;
 * beside it, bare Node loading the `sqlite3` driver, opening the same copy, running one query and
 * answering HTTP (startup-baseline.ts), timed the same way. The two alternate, so that whatever
 * else the machine does falls on both alike.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type Figure, latencyFigure } from './figures.js';
import { summarize, type Summary } from './stats.js';

/** The target: ready in under a second. */
export const STARTUP_TARGET_MS = 1_000;

/** Timed starts of each side; one more, untimed, first warms the file cache. */
const RUNS = 5;

/** A start that takes longer than this is a failure, not a figure. */
const GIVE_UP_MS = 60_000;

/** How often the readiness address is asked while the process starts. */
const POLL_MS = 5;

const APP_MAIN = fileURLToPath(new URL('../../src/main.js', import.meta.url));
const BASELINE_MAIN = fileURLToPath(new URL('./startup-baseline.js', import.meta.url));

/** A port nobody listens on at this moment. */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('No free port');
  return address.port;
}

/**
 * One start: milliseconds from the spawn to the first 200 and to the app's "listening" line, the
 * CPU time the process had used by then, and how long it took to stop.
 */
interface Start {
  readyMs: number;
  listeningMs: number | null;
  cpuMs: number | null;
  stopMs: number;
}

/**
 * The CPU time (user and system, all threads) a process has used, in ms, where Linux tells it
 * (/proc, in ticks of 10 ms); null elsewhere. Steadier than wall time on a machine doing other
 * work.
 */
function cpuMsOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/**
 * Spawns `main` on the database, asks `/health/ready` every few ms until it answers 200, then
 * stops the process with SIGTERM (as an orchestrator would) and waits for it to exit.
 */
async function timeStart(main: string, database: string): Promise<Start> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_PATH: database,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_FORMAT: 'json',
  };
  // The benchmark measures the SQLite copy, whatever DATABASE_URL says.
  delete env.DATABASE_URL;
  const started = performance.now();
  const child = spawn(process.execPath, [main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let listeningMs: number | null = null;
  const read = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-4_000);
    if (listeningMs === null && output.includes('listening on')) {
      listeningMs = performance.now() - started;
    }
  };
  child.stdout.on('data', read);
  child.stderr.on('data', read);
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  let ended = false;
  void exited.then(() => (ended = true));
  try {
    const url = `http://127.0.0.1:${port}/health/ready`;
    for (;;) {
      if (ended) throw new Error(`${main} exited before it was ready: ${output.trim()}`);
      if (performance.now() - started > GIVE_UP_MS) {
        throw new Error(`${main} was not ready after ${GIVE_UP_MS / 1000} s: ${output.trim()}`);
      }
      const status = await fetch(url).then(
        async (res) => {
          await res.arrayBuffer();
          return res.status;
        },
        () => null,
      );
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    const readyMs = performance.now() - started;
    const cpuMs = cpuMsOf(child.pid);
    const stopping = performance.now();
    await stop(child, exited);
    return { readyMs, listeningMs, cpuMs, stopMs: performance.now() - stopping };
  } catch (err) {
    await stop(child, exited);
    throw err;
  }
}

async function stop(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), GIVE_UP_MS);
  await exited;
  clearTimeout(timer);
}

/**
 * The start-up figure. `database` is the run's copy, its migrations already applied: the first
 * start after a new migration applies it (and checks the foreign keys), which is not a normal start.
 */
export async function measureStartup(
  database: string,
  log: (line: string) => void,
): Promise<Figure[]> {
  const app: Start[] = [];
  const baseline: Start[] = [];
  const warm = {
    app: await timeStart(APP_MAIN, database),
    baseline: await timeStart(BASELINE_MAIN, database),
  };
  for (let i = 0; i < RUNS; i++) {
    // Alternated, the baseline first once and the app first the next time.
    const pair = i % 2 === 0 ? [BASELINE_MAIN, APP_MAIN] : [APP_MAIN, BASELINE_MAIN];
    for (const main of pair) {
      const start = await timeStart(main, database);
      (main === APP_MAIN ? app : baseline).push(start);
    }
    const cpu = app[i].cpuMs === null ? '' : ` (${app[i].cpuMs} ms of CPU)`;
    log(
      `startup ${i + 1}/${RUNS}: app ready in ${app[i].readyMs.toFixed(0)} ms${cpu}, bare node + sqlite3 in ${baseline[i].readyMs.toFixed(0)} ms`,
    );
  }
  const appSummary = summarize(app.map((s) => s.readyMs));
  const baselineSummary = summarize(baseline.map((s) => s.readyMs));
  const known = (values: (number | null)[]): Summary | null => {
    const numbers = values.filter((ms): ms is number => ms !== null);
    return numbers.length > 0 ? summarize(numbers) : null;
  };
  const figure = latencyFigure(
    {
      id: 'startup',
      label: `start-up, spawn to GET /health/ready 200 (${RUNS} starts)`,
      baselineIs: 'node loading sqlite3, opening the copy, one query, answering HTTP',
      target: `p50 < ${STARTUP_TARGET_MS / 1000} s`,
      detail: {
        command: 'node dist/src/main.js',
        database: 'the run’s copy, migrations already applied',
        note:
          'A normal start: the copy’s migrations were run beforehand. The first start after a ' +
          'new migration applies it (and checks every foreign key afterwards), and takes longer.',
        runs: RUNS,
        warmup: { app: warm.app.readyMs, baseline: warm.baseline.readyMs },
        listening: known(app.map((s) => s.listeningMs)),
        cpu: { app: known(app.map((s) => s.cpuMs)), baseline: known(baseline.map((s) => s.cpuMs)) },
        stop: summarize(app.map((s) => s.stopMs)),
        ratioP50: baselineSummary.p50 > 0 ? appSummary.p50 / baselineSummary.p50 : null,
      },
    },
    appSummary,
    baselineSummary,
    'max',
  );
  figure.met = appSummary.p50 < STARTUP_TARGET_MS;
  return [figure];
}
