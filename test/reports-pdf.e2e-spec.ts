import { existsSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type request from 'supertest';
import { chromiumPath } from '../src/common/chromium.js';
import { PdfService } from '../src/reports/pdf.service.js';
import { Role } from '../src/users/role.enum.js';
import { createTestApp, type Agent, type TestApp } from './utils/create-test-app.js';
import { canMeasureMemory, watchMemory } from './utils/memory.js';

// CI installs Chromium; elsewhere these say why they do not run rather than failing.
const haveChromium = existsSync(chromiumPath()) || process.env.CI === 'true';
if (!haveChromium) {
  console.warn(`PDF load tests skipped: no Chromium at ${chromiumPath()} (set CHROMIUM_PATH).`);
}

function asBuffer(req: request.Test): request.Test {
  return req.buffer(true).parse((r, done) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

function isPdf(body: unknown): boolean {
  return Buffer.isBuffer(body) && body.subarray(0, 5).toString() === '%PDF-';
}

/** A server whose images load only when the test lets them: pages that print when told to. */
async function gate(): Promise<{ url: string; open: () => void; server: Server }> {
  const held: ServerResponse[] = [];
  let opened = false;
  const answer = (res: ServerResponse): void => {
    res.writeHead(404).end();
  };
  const server = createServer((_req, res) => (opened ? answer(res) : held.push(res)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/slow.png`,
    server,
    open: () => {
      opened = true;
      held.splice(0).forEach(answer);
    },
  };
}

(haveChromium ? describe : describe.skip)('Report PDFs under load', () => {
  let t: TestApp;
  let viewer: Agent;
  let other: Agent;
  let pdf: PdfService;

  beforeAll(async () => {
    t = await createTestApp();
    await t.user('printer', Role.Viewer);
    await t.user('other-printer', Role.Viewer);
    viewer = await t.signIn('printer');
    other = await t.signIn('other-printer');
    pdf = t.app.get(PdfService);
  });
  afterAll(() => t.close());

  it('prints four PDFs asked at once in one Chromium, two pages at a time, within the memory stated', async () => {
    const { concurrency } = pdf.limits;
    expect(concurrency).toBe(2);
    // Two people, two PDFs each: the most one person may have under way (PDF_PER_USER).
    const { result: answers, peak } = await watchMemory(() =>
      Promise.all(
        (
          [
            [viewer, 'KAZ'],
            [other, 'KGZ'],
            [viewer, 'TJK'],
            [other, 'UZB'],
          ] as [Agent, string][]
        ).map(([agent, iso3]) =>
          asBuffer(agent.get(`/reports/states/${iso3}`).query({ format: 'pdf' })),
        ),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    for (const res of answers) {
      expect(res.headers['content-type']).toMatch(/application\/pdf/);
      expect(isPdf(res.body)).toBe(true);
    }
    expect(pdf.launches).toBe(1);
    // Never more Chromium pages open than PDF_CONCURRENCY.
    expect(pdf.pages.peak).toBeLessThanOrEqual(concurrency);
    if (canMeasureMemory) {
      console.info(
        `Four PDFs at once: the app grew by ${peak.appGrowthMb} MB, Chromium held ${peak.childrenMb} MB, ` +
          `${peak.totalMb} MB in all (the test process included) at the most`,
      );
      // The bounds the README states: while it prints four PDFs (two at a time) the app grows
      // by at most 150 MB and Chromium holds at most 1 GB. (The test process's own size before
      // is left out: in a full run it holds every suite it ran before this one.)
      expect(peak.appGrowthMb).toBeLessThanOrEqual(150);
      expect(peak.childrenMb).toBeLessThanOrEqual(1024);
    }
    // A later PDF reuses the same browser.
    const again = await asBuffer(viewer.get('/reports/states/KAZ').query({ format: 'pdf' }));
    expect(isPdf(again.body)).toBe(true);
    expect(pdf.launches).toBe(1);
  });

  it('answers 429 with Retry-After to a third PDF of one person while two are under way', async () => {
    const { retryAfterSeconds, perCaller } = pdf.limits;
    expect(perCaller).toBe(2);
    const [{ id }] = await t.dataSource.query<{ id: number }[]>(
      "SELECT id FROM users WHERE username = 'printer'",
    );
    const slow = await gate();
    try {
      const html = `<!doctype html><html><body><h1>Held</h1><img src='${slow.url}'></body></html>`;
      const held = [0, 1].map(() => pdf.fromHtml(html, `user:${id}`));

      const refused = await viewer
        .get('/reports/states/KAZ')
        .query({ format: 'pdf' })
        .set('Accept', 'application/json')
        .expect(429);
      expect(refused.headers['retry-after']).toBe(String(retryAfterSeconds));
      expect(refused.body.message).toBe(
        'You already have 2 PDFs being printed, the most one person may have at once. ' +
          `Try again in ${retryAfterSeconds} seconds, once they are done.`,
      );
      // Someone else's PDF waits its turn instead (both places are taken by the held ones).
      const theirs = asBuffer(other.get('/reports/states/KGZ').query({ format: 'pdf' })).then(
        (res) => res,
      );
      for (let i = 0; i < 100 && pdf.load.waiting === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(pdf.load).toEqual({ printing: 2, waiting: 1 });

      slow.open();
      expect((await Promise.all(held)).every(isPdf)).toBe(true);
      expect(isPdf((await theirs).body)).toBe(true);
      const mine = await asBuffer(viewer.get('/reports/states/KAZ').query({ format: 'pdf' }));
      expect(isPdf(mine.body)).toBe(true);
    } finally {
      slow.open();
      await new Promise((resolve) => slow.server.close(resolve));
    }
  }, 60_000);

  it('answers 503 with Retry-After while the queue is full, and prints every queued PDF', async () => {
    const { concurrency, queue, retryAfterSeconds } = pdf.limits;
    const slow = await gate();
    try {
      const html = `<!doctype html><html><body><h1>Held</h1><img src='${slow.url}'></body></html>`;
      const held = Array.from({ length: concurrency + queue }, () => pdf.fromHtml(html));
      expect(pdf.load).toEqual({ printing: concurrency, waiting: queue });

      const refused = await viewer
        .get('/reports/states/KAZ')
        .query({ format: 'pdf' })
        .set('Accept', 'application/json')
        .expect(503);
      expect(refused.headers['retry-after']).toBe(String(retryAfterSeconds));
      expect(refused.body.message).toContain(
        `Too many PDFs are being printed right now. Try again in ${retryAfterSeconds} seconds`,
      );
      // The HTML report is not held up.
      await viewer.get('/reports/states/KAZ').expect(200);

      slow.open();
      const printed = await Promise.all(held);
      expect(printed.every(isPdf)).toBe(true);
      expect(pdf.load).toEqual({ printing: 0, waiting: 0 });
      expect(pdf.launches).toBe(1);
    } finally {
      slow.open();
      await new Promise((resolve) => slow.server.close(resolve));
    }
  }, 60_000);
});
