import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RawSqlite } from './raw-sqlite.js';
import type { CapturedQuery } from './sql-capture.js';

/**
 * The baseline of the cheapest API request: a bare `node:http` server on the same database, no
 * framework, no middleware, that checks the bearer token against its hash, runs the statements
 * the app ran for the request through the bare driver, and answers their rows as JSON. What the
 * app spends beyond it is the cost of its stack.
 */
export interface BareServer {
  base: string;
  close(): Promise<void>;
}

export async function startBareServer(
  raw: RawSqlite,
  token: string,
  queries: CapturedQuery[],
): Promise<BareServer> {
  const expected = createHash('sha256').update(token).digest();
  const server: Server = createServer((req, res) => {
    const sent = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    if (!timingSafeEqual(createHash('sha256').update(sent).digest(), expected)) {
      res.writeHead(401).end();
      return;
    }
    void (async () => {
      const results: unknown[] = [];
      for (const q of queries) results.push(await raw.all(q.sql, q.parameters));
      const body = JSON.stringify(results);
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    })().catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
