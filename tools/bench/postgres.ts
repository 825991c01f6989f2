/**
 * The PostgreSQL column of the benchmark: the write load against one app instance, then the same
 * load spread over two instances on the same database, each a server process of its own
 * (`node dist/src/main.js`, as `npm start` runs it), at each number of connections. Beside the
 * writes per second and their latency: the answers other than 2xx, the deadlocks PostgreSQL
 * counted, and how often a backend of the database was seen waiting for a lock.
 *
 * The synthetic data set is built once into a database of its own on the server
 * (`rt_bench_<size>`, rebuilt when its generator version or seed differ) and each run works on a
 * copy of it (`CREATE DATABASE … TEMPLATE`), dropped at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { ApiTokensService } from '../../src/api-tokens/api-tokens.service.js';
import { systemPrincipal } from '../../src/auth/principal.js';
import { createCliContext } from '../../src/cli/cli.module.js';
import { describeDatabase } from '../../src/database/data-source.js';
import { TransactionRunner } from '../../src/database/transaction-runner.js';
import {
  loadReferenceData,
  readReferenceData,
} from '../../src/reference-data/reference-data.service.js';
import { Role } from '../../src/users/role.enum.js';
import { UsersService } from '../../src/users/users.service.js';
import { progress } from '../../src/common/progress.js';
import {
  DEFAULT_SYNTHETIC_SEED,
  generateSyntheticData,
  SYNTHETIC_SETTING,
  SYNTHETIC_SIZES,
  SYNTHETIC_VERSION,
  type SyntheticSize,
  type SyntheticSummary,
} from '../synthetic/synthetic-data.js';
import type { Figure } from './figures.js';
import { formatMs, formatRate, formatRatio, formatTable } from './stats.js';
import { runSpreadWriteLoad, type WriteLoadResult, type WritePair } from './write-load.js';

/** The connections of the write load, in total over the instances. */
export const PG_CONNECTIONS = [16, 32] as const;
/** Two instances should write at least this many times what one writes. */
export const SCALE_OUT_TARGET = 1.6;

export interface PostgresPlan {
  writeSeconds: number;
  writePairs: number;
}

type Log = (line: string) => void;

/** A database on the server of `serverUrl`. */
function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function databaseExists(serverUrl: string, name: string): Promise<boolean> {
  return onServer(serverUrl, async (c) => {
    const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return (rowCount ?? 0) > 0;
  });
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await onServer(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** The synthetic data set a database on the server holds, or null. */
async function summaryIn(url: string): Promise<SyntheticSummary | null> {
  try {
    return await onServer(url, async (c) => {
      const { rows } = await c.query<{ value: string }>(
        'SELECT value FROM settings WHERE key = $1',
        [SYNTHETIC_SETTING],
      );
      return rows.length ? (JSON.parse(rows[0].value) as SyntheticSummary) : null;
    });
  } catch {
    return null;
  }
}

/**
 * The synthetic data set of a size in a database of its own on the server: reused when it holds
 * the same generator version and seed (unless `rebuild`), else built anew (schema, reference
 * data, generator) under another name and renamed once complete.
 */
export async function ensurePostgresDataSet(
  serverUrl: string,
  size: SyntheticSize,
  options: { rebuild: boolean; log: Log },
): Promise<{ name: string; summary: SyntheticSummary }> {
  const name = `rt_bench_${size}`;
  if (!options.rebuild && (await databaseExists(serverUrl, name))) {
    const kept = await summaryIn(databaseUrl(serverUrl, name));
    if (kept?.version === SYNTHETIC_VERSION && kept.seed === DEFAULT_SYNTHETIC_SEED) {
      options.log(`postgres: reusing the data set in database ${name}`);
      return { name, summary: kept };
    }
  }
  const partial = `${name}_partial`;
  options.log(
    `postgres: building ${SYNTHETIC_SIZES[size].toLocaleString('en-GB')} recommendations into database ${name}`,
  );
  await dropDatabase(serverUrl, partial);
  await onServer(serverUrl, (c) => c.query(`CREATE DATABASE "${partial}"`));
  const context = await createCliContext({
    database: { url: databaseUrl(serverUrl, partial), path: ':memory:' },
  });
  let summary: SyntheticSummary;
  try {
    await context
      .get(TransactionRunner)
      .run((manager) => loadReferenceData(manager, readReferenceData()));
    const bar = progress(`postgres data set ${size}`, SYNTHETIC_SIZES[size], { quietBelow: 0 });
    summary = await generateSyntheticData(context.get(DataSource), {
      size,
      seed: DEFAULT_SYNTHETIC_SEED,
      progress: bar,
    });
    bar.finish();
  } finally {
    await context.close();
  }
  await dropDatabase(serverUrl, name);
  await onServer(serverUrl, (c) => c.query(`ALTER DATABASE "${partial}" RENAME TO "${name}"`));
  return { name, summary };
}

/** A free local port. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** An app instance in a process of its own, as `npm start` runs it. */
interface Instance {
  base: string;
  pid: number;
  /** What it printed on stderr and stdout (its error log). */
  output: string[];
  stop(): Promise<void>;
}

async function startInstance(url: string, token: string): Promise<Instance> {
  const port = await freePort();
  const main = fileURLToPath(new URL('../../src/main.js', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOAD_REFERENCE_DATA: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  const base = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`An app instance stopped at start: ${output.join('').slice(-2000)}`);
    }
    try {
      const res = await fetch(`${base}/api/v1/progress`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (res.status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() - started > 60_000) throw new Error('An app instance did not start in 60 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    base,
    pid: child.pid ?? 0,
    output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** What the database's backends were seen doing while a load ran, sampled every 100 ms. */
interface LockSamples {
  samples: number;
  /** Samples in which at least one backend waited for a lock. */
  samplesWithWaits: number;
  /** Backends seen waiting for a lock, summed over the samples, by what they waited for. */
  waits: Record<string, number>;
  /** Backends seen running a statement, on average. */
  activeMean: number;
}

function sampleLocks(url: string, database: string): { stop(): Promise<LockSamples> } {
  const client = new pg.Client({ connectionString: url });
  const seen: LockSamples = { samples: 0, samplesWithWaits: 0, waits: {}, activeMean: 0 };
  let active = 0;
  let running = true;
  const loop = (async () => {
    await client.connect();
    while (running) {
      const { rows } = await client.query<{ type: string | null; event: string | null }>(
        `SELECT wait_event_type AS type, wait_event AS event FROM pg_stat_activity
         WHERE datname = $1 AND state = 'active' AND pid <> pg_backend_pid()`,
        [database],
      );
      seen.samples += 1;
      active += rows.length;
      const locks = rows.filter((r) => r.type === 'Lock');
      if (locks.length > 0) seen.samplesWithWaits += 1;
      for (const r of locks) seen.waits[r.event ?? '?'] = (seen.waits[r.event ?? '?'] ?? 0) + 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await client.end();
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      seen.activeMean = seen.samples ? active / seen.samples : 0;
      return seen;
    },
  };
}

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICKS = 100;

/** CPU seconds used so far by a process (user and system), from /proc; 0 when unreadable. */
function cpuOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return 0;
  }
}

/** The processes of the PostgreSQL server on this machine (its backends), by their name. */
function postgresPids(): number[] {
  try {
    return readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          return readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'postgres';
        } catch {
          return false;
        }
      })
      .map(Number);
  } catch {
    return [];
  }
}

/** The machine's CPU time so far, busy and in all, in seconds (all cores). */
function machineCpu(): { busy: number; total: number } {
  try {
    const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n');
    const ticks = cpu.split(/\s+/).slice(1).map(Number);
    const total = ticks.reduce((a, b) => a + b, 0);
    const idle = ticks[3] + (ticks[4] ?? 0);
    return { busy: (total - idle) / TICKS, total: total / TICKS };
  } catch {
    return { busy: 0, total: 0 };
  }
}

/**
 * Where the machine's CPU went while a load ran, in cores (CPU seconds per second): the app
 * instances, PostgreSQL's processes (backends started meanwhile counted from zero), the load's
 * client (this process, its worker thread included) and everything else on the machine.
 */
interface CpuProfile {
  cores: number;
  machineBusy: number;
  instances: number[];
  postgres: number;
  client: number;
  others: number;
}

function cpuProfiler(instancePids: number[]): { stop(): CpuProfile } {
  const started = performance.now();
  const machine = machineCpu();
  const instances = instancePids.map(cpuOf);
  const pgBefore = new Map(postgresPids().map((pid) => [pid, cpuOf(pid)]));
  const client = process.cpuUsage();
  return {
    stop: () => {
      const seconds = (performance.now() - started) / 1000;
      const m = machineCpu();
      const pg = postgresPids().reduce(
        (sum, pid) => sum + cpuOf(pid) - (pgBefore.get(pid) ?? 0),
        0,
      );
      const used = process.cpuUsage(client);
      const own = instancePids.map((pid, i) => (cpuOf(pid) - instances[i]) / seconds);
      const clientCores = (used.user + used.system) / 1e6 / seconds;
      const busy = (m.busy - machine.busy) / seconds;
      const cores = (m.total - machine.total) / seconds;
      const postgres = pg / seconds;
      return {
        cores,
        machineBusy: busy,
        instances: own,
        postgres,
        client: clientCores,
        others: Math.max(0, busy - postgres - clientCores - own.reduce((a, b) => a + b, 0)),
      };
    },
  };
}

async function deadlocksOf(url: string, database: string): Promise<number> {
  return onServer(url, async (c) => {
    // The statistics of a backend reach the shared counters within a second of its work.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const { rows } = await c.query<{ deadlocks: string }>(
      'SELECT deadlocks FROM pg_stat_database WHERE datname = $1',
      [database],
    );
    return Number(rows[0]?.deadlocks ?? 0);
  });
}

/** The pairs the load writes to, with their versions as they are now. */
async function writePairs(url: string, count: number): Promise<WritePair[]> {
  return onServer(url, async (c) => {
    const { rows } = await c.query<WritePair>(
      `SELECT r.ref AS ref, s.iso3 AS iso3, p.version AS version
       FROM current_statuses p JOIN recommendations r ON r.id = p.recommendation_id
       JOIN states s ON s.id = p.state_id
       -- Graded recommendations: a measured one takes facts, and would refuse a plain status.
       WHERE p.in_scope AND r.id NOT IN (SELECT recommendation_id FROM measures)
       ORDER BY p.id LIMIT $1`,
      [count],
    );
    return rows.map((r) => ({ ...r, version: Number(r.version) }));
  });
}

interface Measured {
  instances: number;
  connections: number;
  load: WriteLoadResult;
  writesPerSecond: number;
  deadlocks: number;
  locks: LockSamples;
  /** Lines of the instances' logs that name a deadlock, during this load. */
  deadlocksLogged: number;
  cpu: CpuProfile;
}

/**
 * Measures the write load on one and on two instances, at each number of connections, on a copy
 * of the data set: the figures, and a table of them.
 */
export async function measurePostgresWrites(
  serverUrl: string,
  dataSetName: string,
  plan: PostgresPlan,
  log: Log,
): Promise<{ figures: Figure[]; table: string }> {
  const name = `rt_bench_run_${process.pid}`;
  const url = databaseUrl(serverUrl, name);
  await dropDatabase(serverUrl, name);
  await onServer(serverUrl, (c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${dataSetName}"`));
  const instances: Instance[] = [];
  try {
    // Pending migrations, the first administrator and an API token, as a first start would.
    const context = await createCliContext({ database: { url, path: ':memory:' } });
    let token: string;
    try {
      const admin = systemPrincipal('cli', Role.Admin);
      await context.get(UsersService).ensureInitialAdmin(admin);
      token = (
        await context
          .get(ApiTokensService)
          .issue({ name: 'benchmark', role: Role.Admin, states: [] }, admin)
      ).secret;
    } finally {
      await context.close();
    }
    instances.push(await startInstance(url, token));
    instances.push(await startInstance(url, token));
    log(`postgres: two app instances on ${describeDatabase({ url, path: '' })}`);
    const date = new Date().toISOString().slice(0, 10);

    const run = async (count: 1 | 2, connections: number, seconds: number): Promise<Measured> => {
      const pairs = await writePairs(url, plan.writePairs);
      const used = instances.slice(0, count);
      const before = await deadlocksOf(url, name);
      const logged = used.map((i) => i.output.length);
      const locks = sampleLocks(url, name);
      const cpu = cpuProfiler(instances.map((i) => i.pid));
      const load = await runSpreadWriteLoad({
        token,
        // Each instance its own share of the pairs, as a load balancer would spread clients.
        targets: used.map((instance, k) => ({
          base: instance.base,
          pairs: pairs.filter((_, i) => i % count === k),
          connections: connections / count,
        })),
        durationSeconds: seconds,
        assessedOn: date,
      });
      const cpuProfile = cpu.stop();
      const sampled = await locks.stop();
      const deadlocks = (await deadlocksOf(url, name)) - before;
      const deadlocksLogged = used
        .flatMap((i, k) => i.output.slice(logged[k]))
        .join('')
        .split('\n')
        .filter((line) => /deadlock/i.test(line)).length;
      return {
        instances: count,
        connections,
        load,
        writesPerSecond: load.written / load.durationSeconds,
        deadlocks,
        locks: sampled,
        deadlocksLogged,
        cpu: cpuProfile,
      };
    };

    // Warm-up: both instances compile their code paths and fill their pools.
    await run(2, 8, 3);
    const results: Measured[] = [];
    for (const connections of PG_CONNECTIONS) {
      for (const count of [1, 2] as const) {
        const m = await run(count, connections, plan.writeSeconds);
        results.push(m);
        log(
          `postgres: ${count} instance(s), ${connections} connections: ${m.writesPerSecond.toFixed(0)} writes/s, ` +
            `p50 ${m.load.latency.p50} ms, p99 ${m.load.latency.p99} ms, non-2xx ${m.load.refused}, ` +
            `deadlocks ${m.deadlocks}, lock waits in ${m.locks.samplesWithWaits} of ${m.locks.samples} samples; ` +
            `CPU (cores): machine ${m.cpu.machineBusy.toFixed(2)} of ${m.cpu.cores.toFixed(1)}, ` +
            `instances ${m.cpu.instances.map((c) => c.toFixed(2)).join(' + ')}, postgres ${m.cpu.postgres.toFixed(2)}, ` +
            `client ${m.cpu.client.toFixed(2)}, others ${m.cpu.others.toFixed(2)}`,
        );
      }
    }
    return { figures: figuresOf(results), table: tableOf(results) };
  } finally {
    for (const instance of instances) await instance.stop();
    await dropDatabase(serverUrl, name);
  }
}

function figuresOf(results: Measured[]): Figure[] {
  const figures: Figure[] = [];
  for (const connections of PG_CONNECTIONS) {
    const one = results.find((r) => r.connections === connections && r.instances === 1);
    const two = results.find((r) => r.connections === connections && r.instances === 2);
    if (!one || !two) continue;
    const scale = one.writesPerSecond > 0 ? two.writesPerSecond / one.writesPerSecond : null;
    const clean = [one, two].every(
      (r) => r.deadlocks === 0 && (r.load.statusCodes['500'] ?? 0) === 0 && r.load.errors === 0,
    );
    figures.push({
      id: `pg-writes-${connections}`,
      label: `PostgreSQL writes, two instances against one (${connections} connections)`,
      kind: 'rate',
      unit: 'writes/s',
      value: two.writesPerSecond,
      baseline: one.writesPerSecond,
      baselineIs: 'the same load on one instance',
      // Above 1 the second instance adds nothing: one ÷ two, as for every rate.
      ratio: scale === null || scale === 0 ? null : 1 / scale,
      target: `two ≥ ${SCALE_OUT_TARGET}x one, no deadlock, no 500`,
      met: scale !== null && scale >= SCALE_OUT_TARGET && clean,
      detail: {
        scale,
        writesPerCpuSecond: { one: perCpuSecond(one), two: perCpuSecond(two) },
        one,
        two,
      },
    });
  }
  return figures;
}

/**
 * Writes per second of CPU the app instances and PostgreSQL used: on a machine whose cores are
 * all busy, what shows whether a second instance costs more per write, whatever share of the
 * cores the load got.
 */
function perCpuSecond(m: Measured): number {
  const cores = m.cpu.instances.reduce((a, b) => a + b, 0) + m.cpu.postgres;
  return cores > 0 ? m.writesPerSecond / cores : NaN;
}

function tableOf(results: Measured[]): string {
  const byConnections = PG_CONNECTIONS.map((connections) => {
    const one = results.find((r) => r.connections === connections && r.instances === 1);
    const two = results.find((r) => r.connections === connections && r.instances === 2);
    return { connections, one, two };
  });
  const cells = (m: Measured | undefined): string[] =>
    m
      ? [
          formatRate(m.writesPerSecond),
          `${formatMs(m.load.latency.p50).replace(' ms', '')} / ${formatMs(m.load.latency.p99)}`,
          String(m.load.refused + m.load.errors),
          String(m.deadlocks),
          `${m.locks.samplesWithWaits}/${m.locks.samples}`,
          [m.cpu.instances.reduce((a, b) => a + b, 0), m.cpu.postgres, m.cpu.machineBusy]
            .map((c) => c.toFixed(2))
            .join(' / '),
          formatRate(perCpuSecond(m), ''),
        ]
      : ['–', '–', '–', '–', '–', '–', '–'];
  const columns = [
    'p50 / p99',
    'non-2xx',
    'deadlocks',
    'lock waits',
    'CPU app / pg / all',
    'writes per CPU s',
  ];
  return formatTable(
    ['connections', 'one: writes/s', ...columns, 'two: writes/s', ...columns, 'two ÷ one'],
    byConnections.map(({ connections, one, two }) => [
      String(connections),
      ...cells(one),
      ...cells(two),
      one && two && one.writesPerSecond > 0
        ? formatRatio(two.writesPerSecond / one.writesPerSecond)
        : '–',
    ]),
  );
}
