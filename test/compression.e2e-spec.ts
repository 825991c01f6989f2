import { get } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { Role } from '../src/users/role.enum.js';
import { createTestApp, type TestApp } from './utils/create-test-app.js';

const JEW = 'joint-expert-workshop-illicit-drugs';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The bytes as they came over the wire (not decompressed). */
  body: Buffer;
}

describe('Compression of HTML, JSON and CSV answers', () => {
  let t: TestApp;
  let base: string;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp();
    token = await t.token(Role.Viewer);
    const server = t.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => t.close());

  const fetchRaw = (path: string, encoding?: string): Promise<Raw> =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
      if (encoding) headers['Accept-Encoding'] = encoding;
      get(`${base}${path}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
      }).once('error', reject);
    });

  it('a report page comes gzipped when asked, smaller, and the same once unpacked', async () => {
    const plain = await fetchRaw(`/reports/events/${JEW}`);
    const gzipped = await fetchRaw(`/reports/events/${JEW}`, 'gzip');
    expect(plain.status).toBe(200);
    expect(gzipped.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers['content-type']).toMatch(/^text\/html/);
    expect(gzipped.body.length).toBeLessThan(plain.body.length / 3);
    // Same page but for the request id and nonces: compare the text without them.
    const text = (b: Buffer): string => b.toString('utf8').replace(/[0-9a-f-]{36}/g, '');
    expect(text(gunzipSync(gzipped.body)).length).toBe(text(plain.body).length);
  });

  it('JSON and a streamed CSV export are compressed; an XLSX workbook is sent as it is', async () => {
    const json = await fetchRaw('/api/v1/recommendations?pageSize=100', 'gzip');
    expect(json.status).toBe(200);
    expect(json.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(json.body).toString()).items.length).toBeGreaterThan(0);

    const csvPlain = await fetchRaw('/api/v1/exports/matrix.csv');
    const csv = await fetchRaw('/api/v1/exports/matrix.csv', 'gzip');
    expect(csv.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(csv.body).equals(csvPlain.body)).toBe(true);

    const xlsx = await fetchRaw('/api/v1/exports/matrix.xlsx', 'gzip');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-encoding']).toBeUndefined();
    expect(xlsx.body.subarray(0, 2).toString()).toBe('PK');
  });
});
