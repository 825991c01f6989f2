/**
 * Assessment writes over HTTP under load, by autocannon in a worker thread of its own, so that
 * the load generator does not share an event loop with the app it measures. Each request appends
 * an assessment to the next pair of a rotation, with the version the previous answer gave it,
 * so that version checks pass.
 */
import autocannon from 'autocannon';
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
  /** Writes answered 201. */
  written: number;
  /** Answers other than 2xx (409 when a version was stale), and connection errors. */
  refused: number;
  errors: number;
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  statusCodes: Record<string, number>;
}

const STATUSES = ['not_implemented', 'partially_implemented', 'mostly_implemented', 'implemented'];

/** Runs the load in a worker thread and resolves with what autocannon measured. */
export function runWriteLoad(options: WriteLoadOptions): Promise<WriteLoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: options });
    let result: WriteLoadResult | undefined;
    worker.once('message', (message: WriteLoadResult) => (result = message));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`The write load worker stopped with code ${code} and no result`));
    });
  });
}

async function load(options: WriteLoadOptions): Promise<WriteLoadResult> {
  const { pairs } = options;
  const versions = pairs.map((p) => p.version);
  let next = 0;
  const settings: autocannon.Options = {
    url: options.base,
    connections: options.connections,
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
            path: `/api/v1/recommendations/${encodeURIComponent(pairs[i].ref)}/states/${pairs[i].iso3}/assessments`,
            headers: {
              authorization: `Bearer ${options.token}`,
              'content-type': 'application/json',
            },
            body: JSON.stringify({
              status: STATUSES[(versions[i] + i) % STATUSES.length],
              assessedOn: options.assessedOn,
              note: 'Benchmark write',
              baseVersion: versions[i],
            }),
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
  // Outside the main thread autocannon hands back its raw histograms: they are summed up here.
  const raw = await autocannon(settings);
  const result = (
    autocannon as unknown as {
      aggregateResult(results: unknown[], opts: autocannon.Options): autocannon.Result;
    }
  ).aggregateResult([raw], settings);
  const codes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) {
    codes[code] = (stats as { count: number }).count;
  }
  return {
    durationSeconds: result.duration,
    written: codes['201'] ?? 0,
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
  load(workerData as WriteLoadOptions).then(
    (result) => port.postMessage(result),
    (err: unknown) => {
      throw err;
    },
  );
}
