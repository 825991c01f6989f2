/**
 * The start-up baseline of the benchmark (startup.ts), run as a process of its own: bare Node
 * loading the `sqlite3` driver, opening the database at DATABASE_PATH, running one query, and
 * answering 200 on HTTP at HOST:PORT. What any server on this machine needs before it can be
 * ready, without a framework, an ORM or a template.
 */
import { createServer } from 'node:http';
import sqlite3 from 'sqlite3';

const path = process.env.DATABASE_PATH ?? '';
const port = Number(process.env.PORT);
const host = process.env.HOST ?? '127.0.0.1';

const db = new sqlite3.Database(path, sqlite3.OPEN_READWRITE, (err) => {
  if (err) throw err;
  db.get('SELECT COUNT(*) AS n FROM migrations', (error, row: { n: number }) => {
    if (error) throw error;
    const body = JSON.stringify({ status: 'ok', migrations: row.n });
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    });
    server.listen(port, host);
    process.once('SIGTERM', () => {
      server.close();
      db.close();
    });
  });
});
