/**
 * Assessment writes over HTTP, sent from a worker thread of its own so that the client does not
 * share an event loop with the app it measures: under load by autocannon, or one at a time by a
 * plain keep-alive client. Each request appends an assessment to the next pair of a rotation,
 * with the version the previous answer gave it, so that version checks pass.
 */
import autocannon from 'autocannon';
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

export interface WritePair {
  ref: string;
  iso3: string;
  version: number;
}

export interface WriteLoadOptions {
  /** The app's address, e.g. http://127.0.0.1:41234 */
  base: string;
  token: string;
  pairs: WritePair[];
  durationSeconds: number;
  connections: number;
  /** The date every assessment carries (YYYY-MM-DD). */
  assessedOn: string;
}

export interface WriteLoadResult {
  durationSeconds: number;
  /** Requests done: writes answered 201 (reads answered 200, for a read load). */
  written: number;
  /** Answers other than 2xx (409 when a version was stale), and connection errors. */
  refused: number;
  errors: number;
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  statusCodes: Record<string, number>;
}

export interface SequentialWriteOptions {
  base: string;
  token: string;
  pairs: WritePair[];
  /** Writes measured, after `warmup` writes that are not. */
  count: number;
  warmup: number;
  assessedOn: string;
}

/** A GET of one path under the same load, to compare the writes with. */
export interface ReadLoadOptions {
  base: string;
  token: string;
  path: string;
  durationSeconds: number;
  connections: number;
}

/**
 * The same write load spread over several app instances at once (each its own address, pairs
 * and connections), measured as one: writes and answers summed, latencies from the merged
 * histograms.
 */
export interface SpreadWriteLoadOptions {
  token: string;
  targets: { base: string; pairs: WritePair[]; connections: number }[];
  durationSeconds: number;
  assessedOn: string;
}

type Job =
  | { kind: 'load'; options: WriteLoadOptions }
  | { kind: 'spread'; options: SpreadWriteLoadOptions }
  | { kind: 'read'; options: ReadLoadOptions }
  | { kind: 'sequence'; options: SequentialWriteOptions };

const STATUSES = ['not_implemented', 'partially_implemented', 'mostly_implemented', 'implemented'];

/** Runs the load in a worker thread and resolves with what autocannon measured. */
export function runWriteLoad(options: WriteLoadOptions): Promise<WriteLoadResult> {
  return inWorker<WriteLoadResult>({ kind: 'load', options });
}

/** Runs a write load on several instances at once in one worker thread, measured as one. */
export function runSpreadWriteLoad(options: SpreadWriteLoadOptions): Promise<WriteLoadResult> {
  return inWorker<WriteLoadResult>({ kind: 'spread', options });
}

/** Runs GETs of one path under load in a worker thread; resolves with what autocannon measured. */
export function runReadLoad(options: ReadLoadOptions): Promise<WriteLoadResult> {
  return inWorker<WriteLoadResult>({ kind: 'read', options });
}

/** Sends writes one at a time from a worker thread; resolves with each one's time in ms. */
export function runSequentialWrites(options: SequentialWriteOptions): Promise<number[]> {
  return inWorker<number[]>({ kind: 'sequence', options });
}

function inWorker<T>(job: Job): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: job });
    let result: { value: T } | undefined;
    worker.once('message', (message: T) => (result = { value: message }));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (result) resolve(result.value);
      else reject(new Error(`The write worker stopped with code ${code} and no result`));
    });
  });
}

function body(version: number, i: number, assessedOn: string): string {
  return JSON.stringify({
    status: STATUSES[(version + i) % STATUSES.length],
    assessedOn,
    note: 'Benchmark write',
    baseVersion: version,
  });
}

function writePath(pair: WritePair): string {
  return `/api/v1/recommendations/${encodeURIComponent(pair.ref)}/states/${pair.iso3}/assessments`;
}

async function sequence(options: SequentialWriteOptions): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const versions = options.pairs.map((p) => p.version);
  const times: number[] = [];
  for (let n = 0; n < options.warmup + options.count; n++) {
    const i = n % options.pairs.length;
    const payload = body(versions[i], i, options.assessedOn);
    const started = performance.now();
    const answer = await post(
      agent,
      new URL(writePath(options.pairs[i]), options.base),
      {
        authorization: `Bearer ${options.token}`,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(payload)),
      },
      payload,
    );
    const took = performance.now() - started;
    if (answer.status !== 201) {
      throw new Error(`A write answered ${answer.status}: ${answer.text.slice(0, 500)}`);
    }
    versions[i] = (JSON.parse(answer.text) as { current: { version: number } }).current.version;
    if (n >= options.warmup) times.push(took);
  }
  agent.destroy();
  return times;
}

function post(
  agent: Agent,
  url: URL,
  headers: Record<string, string>,
  payload: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function load(options: WriteLoadOptions): Promise<WriteLoadResult> {
  return spread({
    token: options.token,
    targets: [{ base: options.base, pairs: options.pairs, connections: options.connections }],
    durationSeconds: options.durationSeconds,
    assessedOn: options.assessedOn,
  });
}

async function spread(options: SpreadWriteLoadOptions): Promise<WriteLoadResult> {
  const settings = options.targets.map((target) =>
    writeSettings(options, target.base, target.pairs, target.connections),
  );
  if (settings.length === 1) return measured(settings[0], '201');
  const raws = await Promise.all(settings.map((s) => autocannon(s)));
  return summed(raws, {
    ...settings[0],
    connections: options.targets.reduce((n, t) => n + t.connections, 0),
  });
}

/** Autocannon's settings for posting assessments to one instance, rotating over `pairs`. */
function writeSettings(
  options: { token: string; durationSeconds: number; assessedOn: string },
  base: string,
  pairs: WritePair[],
  connections: number,
): autocannon.Options {
  const versions = pairs.map((p) => p.version);
  let next = 0;
  return {
    url: base,
    connections,
    duration: options.durationSeconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (request, context) => {
          const i = next++ % pairs.length;
          (context as { pair?: number }).pair = i;
          return {
            ...request,
            method: 'POST',
            path: writePath(pairs[i]),
            headers: {
              authorization: `Bearer ${options.token}`,
              'content-type': 'application/json',
            },
            body: body(versions[i], i, options.assessedOn),
          };
        },
        onResponse: (_status, body, context) => {
          const i = (context as { pair?: number }).pair;
          if (i === undefined) return;
          try {
            const parsed = JSON.parse(body) as { current?: { version?: number } };
            if (typeof parsed.current?.version === 'number') versions[i] = parsed.current.version;
          } catch {
            // Not JSON: the version stays as it was.
          }
        },
      },
    ],
  };
}

async function readLoad(options: ReadLoadOptions): Promise<WriteLoadResult> {
  return measured(
    {
      url: `${options.base}${options.path}`,
      connections: options.connections,
      duration: options.durationSeconds,
      headers: { authorization: `Bearer ${options.token}` },
    },
    '200',
  );
}

/** Runs autocannon; `done` is the status code counted as done (written, or read). */
async function measured(settings: autocannon.Options, done: string): Promise<WriteLoadResult> {
  return summed([await autocannon(settings)], settings, done);
}

/**
 * Sums up raw runs of autocannon (outside the main thread it hands back its raw histograms),
 * several at once when a load was spread over instances.
 */
function summed(raws: unknown[], settings: autocannon.Options, done = '201'): WriteLoadResult {
  const result = (
    autocannon as unknown as {
      aggregateResult(results: unknown[], opts: autocannon.Options): autocannon.Result;
    }
  ).aggregateResult(raws, settings);
  const codes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) {
    codes[code] = (stats as { count: number }).count;
  }
  return {
    durationSeconds: result.duration,
    written: codes[done] ?? 0,
    refused: result.non2xx,
    errors: result.errors + result.timeouts,
    latency: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.average,
    },
    statusCodes: codes,
  };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const job = workerData as Job;
  const work =
    job.kind === 'load'
      ? load(job.options)
      : job.kind === 'spread'
        ? spread(job.options)
        : job.kind === 'read'
          ? readLoad(job.options)
          : sequence(job.options);
  work.then(
    (result) => port.postMessage(result),
    (err: unknown) => {
      throw err;
    },
  );
}
