/**
 * An HTTP client in a worker thread of its own, for timing the app's answers: the client's
 * work (reading and decoding a response of hundreds of kilobytes, for one) is then not done on
 * the event loop of the app it measures, and not counted in the app's time. The worker times
 * each request itself, from sending it to the last byte of the answer, over a kept-alive
 * connection.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

interface Ask {
  id: number;
  path: string;
}

interface Answer {
  id: number;
  status: number;
  ms: number;
  bytes: number;
  /** The start of the body, when the status was not 200. */
  excerpt?: string;
  error?: string;
}

export class ThreadClient {
  private next = 0;
  private readonly waiting = new Map<
    number,
    { resolve: (a: Answer) => void; reject: (e: Error) => void }
  >();

  private constructor(private readonly worker: Worker) {
    worker.on('message', (answer: Answer) => {
      const waiter = this.waiting.get(answer.id);
      this.waiting.delete(answer.id);
      if (!waiter) return;
      if (answer.error) waiter.reject(new Error(answer.error));
      else waiter.resolve(answer);
    });
    worker.on('error', (err) => {
      for (const waiter of this.waiting.values()) waiter.reject(err);
      this.waiting.clear();
    });
  }

  /** A client of the app at `base` (e.g. http://127.0.0.1:41234) sending this Bearer token. */
  static start(base: string, token: string): ThreadClient {
    return new ThreadClient(new Worker(new URL(import.meta.url), { workerData: { base, token } }));
  }

  /** GETs `path`; answers the time the worker measured, in ms. Anything but 200 throws. */
  async time(path: string): Promise<{ ms: number; bytes: number }> {
    const id = this.next++;
    const answer = await new Promise<Answer>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, path } satisfies Ask);
    });
    if (answer.status !== 200) {
      throw new Error(`GET ${path} answered ${answer.status}: ${answer.excerpt ?? ''}`);
    }
    return { ms: answer.ms, bytes: answer.bytes };
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

function serve(base: string, token: string): void {
  const port = parentPort;
  if (!port) return;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  port.on('message', ({ id, path }: Ask) => {
    const started = performance.now();
    const req = request(
      new URL(path, base),
      { method: 'GET', agent, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (res.statusCode !== 200 && chunks.length < 4) chunks.push(chunk);
        });
        res.on('end', () => {
          const answer: Answer = {
            id,
            status: res.statusCode ?? 0,
            ms: performance.now() - started,
            bytes,
          };
          if (answer.status !== 200) {
            answer.excerpt = Buffer.concat(chunks).toString('utf8').slice(0, 300);
          }
          port.postMessage(answer);
        });
      },
    );
    req.on('error', (err) =>
      port.postMessage({ id, status: 0, ms: 0, bytes: 0, error: err.message }),
    );
    req.end();
  });
}

if (!isMainThread) {
  const { base, token } = workerData as { base: string; token: string };
  serve(base, token);
}
