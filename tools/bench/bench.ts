/**
 * The benchmark: builds or reuses a synthetic data set, starts the app on a copy of it, and
 * measures pages, progress figures, writes, imports, reports and exports over real HTTP, each
 * beside a baseline measured in the same run (the same SQL through the bare sqlite3 driver, the
 * same template from an in-memory view-model, the same rows inserted raw in one transaction).
 *
 *   npm run bench -- [--size small|medium|large] [--out bench-results] [--rebuild] [--database <file>]
 *                    [--postgres <url>]
 *
 * With a PostgreSQL server (--postgres or BENCH_DATABASE_URL), the writes are also measured on
 * PostgreSQL, against one app instance and against two on the same database (postgres.ts).
 *
 * Progress goes to stderr, the table to stdout, everything to <out>/<size>-<time>.json and
 * <out>/<size>-latest.json.
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { copyDatabase, ensureDataSet, prepareCopy, type DataSet } from './data-set.js';
import {
  figuresTable,
  growthTable,
  latencyFigure,
  type Figure,
  type SizedFigures,
} from './figures.js';
import { MemorySampler } from './memory.js';
import { ensurePostgresDataSet, measurePostgresWrites } from './postgres.js';
import { startBareServer } from './bare-server.js';
import { RawSqlite } from './raw-sqlite.js';
import { isRead, SqlCapture, type CapturedQuery } from './sql-capture.js';
import { measureStartup } from './startup.js';
import { costRatio, formatMb, summarize, type Summary } from './stats.js';
import { ThreadClient } from './thread-client.js';
import { runReadLoad, runSequentialWrites, runWriteLoad, type WritePair } from './write-load.js';
import { chromiumPath, launchChromium } from '../../src/common/chromium.js';
import {
  SYNTHETIC_SIZE_NAMES,
  SYNTHETIC_SIZES,
  type SyntheticSize,
} from '../synthetic/synthetic-data.js';

const PHASES = ['startup', 'pages', 'reports', 'writes', 'import', 'export', 'postgres'] as const;
type Phase = (typeof PHASES)[number];

const USAGE = `Usage: npm run bench -- [options]

  --size small|medium|large  the synthetic data set (default small: ${SYNTHETIC_SIZES.small.toLocaleString('en-GB')} recommendations)
  --out <dir>                where the JSON results go (default bench-results)
  --reuse                    reuse the kept data set when its generator version and seed match (default)
  --rebuild                  build the data set anew even so
  --database <file>          measure a copy of this database instead of a synthetic data set
                             (its figures are written as database-<time>.json)
  --only <phases>            only these phases, comma-separated: ${PHASES.join(', ')}
                             (such a run is not kept as <size>-latest.json)
  --postgres <url>           a PostgreSQL server whose user may create databases (default:
                             BENCH_DATABASE_URL): the writes measured on one app instance and on
                             two on the same database (the postgres phase; skipped without one)`;

/** How much each phase measures, by size: enough samples to be steady, bounded in time. */
interface Plan {
  warmup: number;
  samples: number;
  /** Milliseconds one side (app or baseline) of one figure may take, once `minSamples` are in. */
  budgetMs: number;
  minSamples: number;
  reportSamples: number;
  pdfSamples: number;
  writeSeconds: number;
  connections: number;
  writePairs: number;
  sequentialWrites: number;
  importRows: number;
}

const PLANS: Record<SyntheticSize, Plan> = {
  small: {
    warmup: 5,
    samples: 60,
    budgetMs: 5_000,
    minSamples: 10,
    reportSamples: 8,
    pdfSamples: 2,
    writeSeconds: 5,
    connections: 8,
    writePairs: 2_000,
    sequentialWrites: 100,
    importRows: 2_000,
  },
  medium: {
    warmup: 3,
    samples: 40,
    budgetMs: 8_000,
    minSamples: 8,
    reportSamples: 5,
    pdfSamples: 2,
    writeSeconds: 10,
    connections: 8,
    writePairs: 4_000,
    sequentialWrites: 100,
    importRows: 5_000,
  },
  large: {
    warmup: 1,
    samples: 20,
    budgetMs: 10_000,
    minSamples: 5,
    reportSamples: 3,
    pdfSamples: 2,
    writeSeconds: 15,
    connections: 8,
    writePairs: 8_000,
    sequentialWrites: 100,
    importRows: 10_000,
  },
};

/** The targets, for the large data set; reported as met or missed at every size, never asserted. */
const PAGE_TARGET = { p95Ms: 100, ratio: 2 };
const ONE_WRITE_P50_MS = 3;
/** A State's figures as of a date: under this p95 at large (instead of the pages' 100 ms). */
const STATE_AS_OF_P95_MS = 50;
const WRITES_PER_SECOND = 1_000;
const IMPORT_RATIO = 2;
/** The cheapest API request answers at least half as many requests per second as a bare server. */
const REQUEST_FLOOR_RATIO = 2;
/** "Flat": the export may add at most this much resident memory, whatever its length. */
const EXPORT_GROWTH_BYTES = 64 * 1024 * 1024;
const pageTargetText = (p95Ms: number): string => `< ${p95Ms} ms, ≤ ${PAGE_TARGET.ratio}x`;

/**
 * A report whose HTML takes longer than this is not printed to PDF as well: printing would only
 * add Chromium's time to a figure the HTML already shows, and keep a large run from its time.
 */
const PDF_AFTER_HTML_MS = 60_000;

/** The State report narrowed to a theme, as a PDF: under this, request to answer. */
const NARROWED_STATE_PDF_MS = 30_000;

/** The event report's PDF, request to answer, at most this many times Chromium's own print. */
const PDF_RATIO = 1.3;

/** A date inside the synthetic data's years, for the as-of figures. */
const AS_OF = '2015-12-31';

interface Options {
  size: SyntheticSize;
  out: string;
  rebuild: boolean;
  database: string | null;
  phases: Set<Phase>;
  /** The PostgreSQL server of the postgres phase, or null. */
  postgres: string | null;
}

function parseOptions(argv: string[]): Options {
  const options: Options = {
    size: 'small',
    out: 'bench-results',
    rebuild: false,
    database: null,
    phases: new Set(PHASES),
    postgres: process.env.BENCH_DATABASE_URL || null,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--size') {
      const size = value();
      if (!(SYNTHETIC_SIZE_NAMES as string[]).includes(size)) {
        throw new UsageError(`--size must be one of ${SYNTHETIC_SIZE_NAMES.join(', ')}`);
      }
      options.size = size as SyntheticSize;
    } else if (arg === '--out') options.out = value();
    else if (arg === '--rebuild') options.rebuild = true;
    else if (arg === '--reuse') options.rebuild = false;
    else if (arg === '--database') options.database = value();
    else if (arg === '--postgres') options.postgres = value();
    else if (arg === '--only') {
      const wanted = value().split(',');
      const unknown = wanted.filter((p) => !(PHASES as readonly string[]).includes(p));
      if (unknown.length > 0) throw new UsageError(`--only takes ${PHASES.join(', ')}`);
      options.phases = new Set(wanted as Phase[]);
    } else if (arg === '--help' || arg === '-h') throw new UsageError('');
    else throw new UsageError(`Unknown option ${arg}`);
  }
  return options;
}

class UsageError extends Error {}

function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

/** Work that takes longer than this needs no warm-up: its first run counts as a sample. */
const SLOW_MS = 1_000;

/**
 * Samples a piece of work: warm-up runs first, then timed runs until `count` are in or the
 * budget (warm-up included) is spent, with at least `minSamples`. Slow work skips the warm-up.
 */
/**
 * Times `work` until the plan's count or budget; work that times itself (a request timed by the
 * client thread) answers its own time in ms, which is taken instead.
 */
async function sample(
  plan: Plan,
  work: () => Promise<number | void>,
  count = plan.samples,
): Promise<Summary> {
  const started = performance.now();
  const times: number[] = [];
  for (let i = 0; i < Math.min(plan.warmup, count); i++) {
    const t0 = performance.now();
    const took = (await work()) ?? performance.now() - t0;
    if (took > SLOW_MS) {
      times.push(took);
      break;
    }
  }
  while (
    times.length < count &&
    (times.length < Math.min(plan.minSamples, count) || performance.now() - started < plan.budgetMs)
  ) {
    const t0 = performance.now();
    const own = await work();
    times.push(own ?? performance.now() - t0);
  }
  return summarize(times);
}

type Render = (
  name: string,
  options: object,
  done: (err: Error | null, html?: string) => void,
) => void;

/** A page's view-model, as the controller handed it to the template. */
interface CapturedView {
  name: string;
  options: Record<string, unknown>;
}

/** The app, started in this process on a free port, with hooks to see its SQL and its views. */
interface RunningApp {
  app: INestApplication;
  base: string;
  token: string;
  sql: SqlCapture;
  /** Records the SQL and the view-model of one request. */
  capture(
    path: string,
  ): Promise<{ queries: CapturedQuery[]; view: CapturedView | null; bytes: number }>;
  /** Renders a captured view-model with the app's own engine, templates compiled once. */
  render(view: CapturedView): Promise<string>;
  get(path: string): Promise<Buffer>;
  /** GETs `path` from the client thread; answers the time it took, in ms. */
  time(path: string): Promise<number>;
  /** Whether Express caches compiled templates (it does when NODE_ENV is production). */
  viewCache: boolean;
  /** Resolves once the writes queued in the app are done. */
  quiet(): Promise<void>;
  /** Stops the client thread and the app. */
  close(): Promise<void>;
}

async function startApp(databasePath: string): Promise<RunningApp> {
  // The benchmark measures the SQLite database it was given, whatever DATABASE_URL says.
  delete process.env.DATABASE_URL;
  process.env.DATABASE_PATH = databasePath;
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('../../src/app.module.js');
  const { configureApp } = await import('../../src/app.setup.js');
  const { DataSource } = await import('typeorm');
  const { ApiTokensService } = await import('../../src/api-tokens/api-tokens.service.js');
  const { systemPrincipal } = await import('../../src/auth/principal.js');
  const { Role } = await import('../../src/users/role.enum.js');
  const { TransactionRunner } = await import('../../src/database/transaction-runner.js');

  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    logger: ['error', 'warn'],
  });
  await configureApp(app);
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const sql = new SqlCapture(app.get(DataSource));
  const issued = await app
    .get(ApiTokensService)
    .issue({ name: 'benchmark', role: Role.Admin, states: [] }, systemPrincipal('cli', Role.Admin));
  const token = issued.secret;
  const client = ThreadClient.start(base, token);

  const express = app.getHttpAdapter().getInstance() as {
    render: Render;
    enabled(setting: string): boolean;
  };
  const original = express.render.bind(express);
  let seen: CapturedView | null = null;
  let watching = false;
  express.render = (name, options, done) => {
    if (watching) seen = { name, options: { ...(options as Record<string, unknown>) } };
    original(name, options, done);
  };
  const renderOnce = promisify(original) as (name: string, options: object) => Promise<string>;

  const get = async (path: string): Promise<Buffer> => {
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const body = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) {
      throw new Error(`GET ${path} answered ${res.status}: ${body.toString('utf8').slice(0, 300)}`);
    }
    return body;
  };

  return {
    app,
    base,
    token,
    sql,
    get,
    capture: async (path) => {
      seen = null;
      watching = true;
      try {
        const { result, queries } = await sql.record(() => get(path));
        return { queries, view: seen, bytes: result.length };
      } finally {
        watching = false;
      }
    },
    viewCache: express.enabled('view cache'),
    quiet: async () => {
      await new Promise((resolve) => setTimeout(resolve, 250));
      await app.get(TransactionRunner).run(() => Promise.resolve());
    },
    render: (view) => renderOnce(view.name, { ...view.options, cache: true }),
    time: async (path) => (await client.time(path)).ms,
    close: async () => {
      await client.close();
      await app.close();
    },
  };
}

/** What the benchmark measures against, picked from the data: the biggest event, and so on. */
interface Targets {
  event: { slug: string; recommendations: number; pairs: number };
  theme: string;
  state: string;
  word: string;
  pairs: (WritePair & { id: number })[];
}

async function pickTargets(raw: RawSqlite, wantedPairs: number): Promise<Targets> {
  const [event] = await raw.all<{ slug: string; recommendations: number; pairs: number }>(
    `SELECT e.slug AS slug, COUNT(DISTINCT p.recommendation_id) AS recommendations, COUNT(*) AS pairs
     FROM current_statuses p JOIN recommendations r ON r.id = p.recommendation_id
     JOIN events e ON e.id = r.event_id WHERE p.in_scope = 1
     GROUP BY e.id ORDER BY pairs DESC, e.id LIMIT 1`,
  );
  const [theme] = await raw.all<{ slug: string }>(
    `SELECT t.slug AS slug FROM recommendation_themes rt JOIN themes t ON t.id = rt.theme_id
     GROUP BY t.id ORDER BY COUNT(*) DESC, t.id LIMIT 1`,
  );
  const states = await raw.all<{ iso3: string }>(
    `SELECT s.iso3 AS iso3 FROM current_statuses p JOIN states s ON s.id = p.state_id
     WHERE p.in_scope = 1 GROUP BY s.id ORDER BY (s.iso3 = 'KAZ') DESC, COUNT(*) DESC LIMIT 1`,
  );
  const titles = await raw.all<{ title: string }>(
    'SELECT title FROM recommendations ORDER BY id LIMIT 500',
  );
  const words = new Map<string, number>();
  for (const { title } of titles) {
    for (const w of new Set(title.toLowerCase().match(/[a-z]{6,}/g) ?? [])) {
      words.set(w, (words.get(w) ?? 0) + 1);
    }
  }
  // A word in about a tenth of the titles: a search that finds something without finding all.
  const word =
    [...words].sort(
      (a, b) => Math.abs(a[1] - titles.length / 10) - Math.abs(b[1] - titles.length / 10),
    )[0]?.[0] ?? 'border';
  const pairs = await raw.all<{ id: number; ref: string; iso3: string; version: number }>(
    `SELECT p.id AS id, r.ref AS ref, s.iso3 AS iso3, p.version AS version
     FROM current_statuses p JOIN recommendations r ON r.id = p.recommendation_id
     JOIN states s ON s.id = p.state_id
     -- Graded recommendations: a measured one takes facts, and would refuse a plain status.
     WHERE p.in_scope = 1 AND r.id NOT IN (SELECT recommendation_id FROM measures)
     ORDER BY p.id LIMIT ?`,
    [wantedPairs],
  );
  if (!event || !theme || states.length === 0 || pairs.length === 0) {
    throw new Error('The database has no events, themes or tracked pairs to measure');
  }
  return { event, theme: theme.slug, state: states[0].iso3, word, pairs };
}

interface PageSpec {
  id: string;
  label: string;
  path: string;
  /** An HTML page: its baseline adds the template rendered from the captured view-model. */
  html: boolean;
  /** Its p95 target, when tighter than the pages' (PAGE_TARGET). */
  p95Ms?: number;
}

function pagesOf(t: Targets): PageSpec[] {
  const e = encodeURIComponent(t.event.slug);
  const th = encodeURIComponent(t.theme);
  const q = encodeURIComponent(t.word);
  return [
    {
      id: 'matrix-page',
      label: `matrix page, event of ${t.event.recommendations} recommendations, ${t.event.pairs} pairs`,
      path: `/matrix?event=${e}`,
      html: true,
    },
    {
      id: 'matrix-api',
      label: 'matrix API, same event',
      path: `/api/v1/matrix?event=${e}`,
      html: false,
    },
    {
      id: 'matrix-api-as-of',
      label: `matrix API, same event as of ${AS_OF}`,
      path: `/api/v1/matrix?event=${e}&asOf=${AS_OF}`,
      html: false,
    },
    {
      id: 'recommendations-page',
      label: 'recommendation list',
      path: '/recommendations',
      html: true,
    },
    {
      id: 'recommendations-search',
      label: `recommendation list, search "${t.word}"`,
      path: `/recommendations?q=${q}`,
      html: true,
    },
    {
      id: 'recommendations-filtered',
      label: 'recommendation list, search + theme + event',
      path: `/recommendations?q=${q}&theme=${th}&event=${e}`,
      html: true,
    },
    { id: 'state-page', label: `State page ${t.state}`, path: `/states/${t.state}`, html: true },
    { id: 'progress-all', label: 'progress API, all pairs', path: '/api/v1/progress', html: false },
    {
      id: 'progress-theme',
      label: 'progress API, by theme',
      path: `/api/v1/progress?theme=${th}`,
      html: false,
    },
    {
      id: 'progress-state-as-of',
      label: `progress API, State ${t.state} as of ${AS_OF}`,
      path: `/api/v1/progress?state=${t.state}&asOf=${AS_OF}`,
      html: false,
      p95Ms: STATE_AS_OF_P95_MS,
    },
  ];
}

function pageTargetMet(f: Figure, p95Ms: number): boolean | null {
  if (f.value === null || f.ratio === null) return null;
  return f.value < p95Ms && f.ratio <= PAGE_TARGET.ratio;
}

async function measurePages(
  plan: Plan,
  running: RunningApp,
  raw: RawSqlite,
  pages: PageSpec[],
): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const [i, page] of pages.entries()) {
    try {
      figures.push(await measurePage(plan, running, raw, page));
      const f = figures[figures.length - 1];
      log(
        `pages ${i + 1}/${pages.length}: ${page.path} p95 ${(f.value ?? 0).toFixed(1)} ms (baseline ${(f.baseline ?? 0).toFixed(1)} ms, ${String(f.detail?.readStatements)} statements)`,
      );
    } catch (err) {
      figures.push(failed(page.id, page.label, 'latency', err));
      log(`pages ${i + 1}/${pages.length}: ${page.path} FAILED: ${messageOf(err)}`);
    }
  }
  return figures;
}

/** A figure that could not be measured, with the reason; the run goes on and fails at the end. */
function failed(id: string, label: string, kind: Figure['kind'], err: unknown): Figure {
  return {
    id,
    label,
    kind,
    high: kind === 'latency' ? 'p95' : undefined,
    value: null,
    p50: null,
    baseline: null,
    ratio: null,
    target: null,
    met: null,
    note: `FAILED: ${messageOf(err).slice(0, 80)}`,
    detail: { error: messageOf(err) },
  };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function measurePage(
  plan: Plan,
  running: RunningApp,
  raw: RawSqlite,
  page: PageSpec,
): Promise<Figure> {
  const { queries, view, bytes } = await running.capture(page.path);
  const reads = queries.filter((q) => isRead(q.sql));
  if (page.html && !view) throw new Error(`${page.path} rendered no template`);
  const app = await sample(plan, () => running.time(page.path));
  const sqlTimes: number[] = [];
  const renderTimes: number[] = [];
  const baseline = await sample(plan, async () => {
    const t0 = performance.now();
    for (const q of reads) await raw.all(q.sql, q.parameters);
    const t1 = performance.now();
    if (page.html && view) await running.render(view);
    sqlTimes.push(t1 - t0);
    renderTimes.push(performance.now() - t1);
  });
  const figure = latencyFigure(
    {
      id: page.id,
      label: page.label,
      baselineIs: page.html
        ? 'its SQL through sqlite3, then its template from the captured view-model'
        : 'its SQL through sqlite3',
      target: pageTargetText(page.p95Ms ?? PAGE_TARGET.p95Ms),
      detail: {
        path: page.path,
        responseBytes: bytes,
        statements: queries.length,
        readStatements: reads.length,
        template: view?.name ?? null,
        baselineSql: summarize(sqlTimes),
        baselineRender: page.html ? summarize(renderTimes) : null,
        sql: reads.map((q) => q.sql.replace(/\s+/g, ' ').trim()),
      },
    },
    app,
    baseline,
  );
  figure.met = pageTargetMet(figure, page.p95Ms ?? PAGE_TARGET.p95Ms);
  return figure;
}

/**
 * Why the app refuses a PDF before printing it (422: too long to print), or null when it prints
 * it: a report over PDF_MAX_PAGES is answered at once and is no figure of printing.
 */
async function refusedUpFront(
  running: RunningApp,
  path: string,
  maxPages: number,
): Promise<string | null> {
  const res = await fetch(`${running.base}${path}`, {
    headers: { authorization: `Bearer ${running.token}` },
  });
  await res.arrayBuffer();
  return res.status === 422 ? `refused up front (422): over PDF_MAX_PAGES (${maxPages})` : null;
}

async function measureReports(
  plan: Plan,
  running: RunningApp,
  targets: Targets,
): Promise<Figure[]> {
  const { ReportsService } = await import('../../src/reports/reports.service.js');
  const { ReportRenderer } = await import('../../src/reports/report-renderer.js');
  const { SettingsService } = await import('../../src/database/settings.service.js');
  const { DEMO_SETTING } = await import('../../src/demo/demo.service.js');
  const reports = running.app.get(ReportsService);
  const renderer = running.app.get(ReportRenderer);
  const render = renderer.render.bind(renderer);
  let built: Parameters<typeof render>[0] | null = null;
  renderer.render = (doc, options) => {
    built = doc;
    return render(doc, options);
  };
  const demo = (await running.app.get(SettingsService).cached(DEMO_SETTING)) !== null;
  const hasChromium = existsSync(chromiumPath());
  const figures: Figure[] = [];
  const kinds = [
    {
      kind: 'event' as const,
      target: targets.event.slug,
      path: `/reports/events/${encodeURIComponent(targets.event.slug)}`,
      name: `event report (${targets.event.slug})`,
    },
    {
      kind: 'state' as const,
      target: targets.state,
      path: `/reports/states/${targets.state}`,
      name: `State report (${targets.state})`,
    },
    {
      // Narrowed to the theme with the most recommendations: the PDF a State at large can print.
      kind: 'state' as const,
      target: targets.state,
      query: { theme: targets.theme },
      path: `/reports/states/${targets.state}?theme=${encodeURIComponent(targets.theme)}`,
      name: `State report (${targets.state}, theme ${targets.theme})`,
    },
  ];
  const { PdfService } = await import('../../src/reports/pdf.service.js');
  const maxPages = running.app.get(PdfService).limits.maxPages;
  for (const k of kinds) {
    const htmlPlan = { ...plan, warmup: 1, samples: plan.reportSamples, minSamples: 1 };
    const app = await sample(htmlPlan, () => running.time(k.path));
    // The view-model the app's last request built, so a slow report is not built once more.
    const doc = built ?? (await reports.build(k.kind, k.target, k.query ?? {}, demo));
    built = null;
    let html = '';
    const baseline = await sample({ ...htmlPlan, samples: plan.reportSamples * 3 }, async () => {
      html = await render(doc);
    });
    figures.push({
      ...latencyFigure(
        {
          id: `report-${k.kind}${k.query ? '-narrowed' : ''}-html`,
          label: `${k.name} HTML`,
          baselineIs: 'ReportRenderer.render of the built view-model',
          target: null,
          detail: { path: k.path, htmlBytes: html.length },
        },
        app,
        baseline,
      ),
    });
    log(
      `reports: ${k.path} HTML p95 ${app.p95.toFixed(1)} ms (render alone ${baseline.p95.toFixed(1)} ms)`,
    );
    const pdfPath = `${k.path}${k.path.includes('?') ? '&' : '?'}format=pdf`;
    const skip = !hasChromium
      ? 'skipped: no Chromium'
      : (doc.pages ?? 0) > maxPages
        ? `refused: about ${doc.pages} pages, over PDF_MAX_PAGES (${maxPages})`
        : app.p50 > PDF_AFTER_HTML_MS
          ? `skipped: HTML alone took ${Math.round(app.p50 / 1000)} s`
          : await refusedUpFront(running, pdfPath, maxPages);
    if (skip) {
      figures.push({
        id: `report-${k.kind}${k.query ? '-narrowed' : ''}-pdf`,
        label: `${k.name} PDF`,
        kind: 'latency',
        high: 'p95',
        value: null,
        p50: null,
        baseline: null,
        ratio: null,
        target: null,
        met: null,
        note: skip,
      });
      continue;
    }
    // The request that found it printable was the warm-up.
    const pdfPlan = { ...plan, warmup: 0, samples: plan.pdfSamples, minSamples: 1 };
    let pdfBytes = 0;
    const pdfApp = await sample(pdfPlan, async () => {
      pdfBytes = (await running.get(pdfPath)).length;
    });
    // The baseline: Chromium printing the same HTML, saved as a file (its stylesheet inside), once,
    // in a page of the same running browser, with the same PDF options (tagged, with an outline).
    const saved = await render(doc, { standalone: true });
    const browser = await launchChromium();
    const pdfBaseline = await sample(pdfPlan, async () => {
      const page = await browser.newPage();
      await page.setContent(saved, { waitUntil: 'load' });
      await page.pdf({
        format: 'A4',
        printBackground: true,
        preferCSSPageSize: true,
        outline: true,
        tagged: true,
      });
      await page.close();
    });
    await browser.close();
    const pdfFigure = latencyFigure(
      {
        id: `report-${k.kind}${k.query ? '-narrowed' : ''}-pdf`,
        label: `${k.name} PDF`,
        baselineIs: 'Chromium printing the same saved HTML once',
        target:
          k.kind === 'event'
            ? `p50 ≤ ${PDF_RATIO}x`
            : k.query
              ? `p95 < ${NARROWED_STATE_PDF_MS / 1000} s`
              : null,
        detail: {
          path: pdfPath,
          pdfBytes,
          pages: doc.pages,
        },
      },
      pdfApp,
      pdfBaseline,
    );
    if (k.kind === 'event') pdfFigure.met = pdfApp.p50 <= PDF_RATIO * pdfBaseline.p50;
    else if (k.query) pdfFigure.met = pdfApp.p95 < NARROWED_STATE_PDF_MS;
    figures.push(pdfFigure);
    log(
      `reports: ${k.path} PDF p95 ${pdfApp.p95.toFixed(0)} ms (printing alone ${pdfBaseline.p95.toFixed(0)} ms)`,
    );
  }
  return figures;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

type RawWriter = <T>(work: (raw: RawSqlite) => Promise<T>) => Promise<T>;

/** Opens a connection of the bare driver for some work, and closes it after. */
async function withRaw<T>(path: string, work: (raw: RawSqlite) => Promise<T>): Promise<T> {
  const raw = await RawSqlite.open(path, 'write');
  try {
    return await work(raw);
  } finally {
    await raw.close();
  }
}

/** Bulk baselines are run this many times and the best rate kept: the least disturbed run. */
const BULK_TRIES = 3;

/** The best rate of a few runs of the bulk baseline (the copy takes the rows each time). */
async function bestRawInserts(
  rawWrite: RawWriter,
  rows: { pairId: number; status: string }[],
  note: string,
): Promise<{ best: number; rates: number[] }> {
  const rates: number[] = [];
  for (let i = 0; i < BULK_TRIES; i++)
    rates.push(await rawWrite((raw) => rawInserts(raw, rows, note)));
  return { best: Math.max(...rates), rates };
}

/**
 * The same rows the app wrote, raw, in one transaction: each assessment inserted (the database's
 * trigger moves its pair, as for the app).
 */
async function rawInserts(
  raw: RawSqlite,
  rows: { pairId: number; status: string }[],
  note: string,
): Promise<number> {
  const insert = await raw.prepare(
    `INSERT INTO assessments (pair_id, status, assessed_on, note, author) VALUES (?, ?, ?, ?, ?)`,
  );
  const date = today();
  const t0 = performance.now();
  await raw.exec('BEGIN IMMEDIATE');
  for (const row of rows) await insert.run([row.pairId, row.status, date, note, 'benchmark']);
  await raw.exec('COMMIT');
  const seconds = (performance.now() - t0) / 1000;
  await insert.finalize();
  return rows.length / seconds;
}

const STATUSES = ['not_implemented', 'partially_implemented', 'mostly_implemented', 'implemented'];

async function measureWrites(
  plan: Plan,
  running: RunningApp,
  rawRead: RawSqlite,
  rawWrite: RawWriter,
  targets: Targets,
): Promise<Figure[]> {
  const rotation = targets.pairs.slice(0, Math.min(plan.writePairs, targets.pairs.length));
  const sequential = targets.pairs.slice(rotation.length, rotation.length + plan.sequentialWrites);
  const singles = sequential.length > 0 ? sequential : rotation.slice(0, plan.sequentialWrites);
  const date = today();

  // One write at a time: the latency of a single write with nothing else going on.
  const versions = new Map(singles.map((p) => [p.id, p.version]));
  let next = 0;
  const post = async (): Promise<void> => {
    const pair = singles[next++ % singles.length];
    const res = await fetch(
      `${running.base}/api/v1/recommendations/${encodeURIComponent(pair.ref)}/states/${pair.iso3}/assessments`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${running.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          status: STATUSES[next % STATUSES.length],
          assessedOn: date,
          note: 'Benchmark write',
          baseVersion: versions.get(pair.id),
        }),
      },
    );
    const body = (await res.json()) as { current?: { version?: number } };
    if (res.status !== 201)
      throw new Error(`A write answered ${res.status}: ${JSON.stringify(body)}`);
    versions.set(pair.id, body.current?.version ?? 0);
  };
  const { queries: writeSql } = await running.sql.record(post);
  // Measured from a client in a thread of its own, as the load below, so that the client's work
  // is not counted in the app's time.
  const one = summarize(
    await runSequentialWrites({
      base: running.base,
      token: running.token,
      pairs: singles.map(({ id, ref, iso3 }) => ({ ref, iso3, version: versions.get(id) ?? 1 })),
      count: plan.sequentialWrites,
      warmup: 3,
      assessedOn: date,
    }),
  );
  // The same, raw: one row inserted and its pair moved, in a transaction of its own.
  let rawNext = 0;
  const rawOne = await rawWrite((raw) =>
    sample(
      { ...plan, warmup: 3 },
      async () => {
        const pair = singles[rawNext++ % singles.length];
        await rawInserts(
          raw,
          [{ pairId: pair.id, status: STATUSES[rawNext % 4] }],
          'Benchmark write',
        );
      },
      plan.sequentialWrites,
    ),
  );
  log(`writes: one at a time p50 ${one.p50.toFixed(2)} ms (raw ${rawOne.p50.toFixed(2)} ms)`);

  const load = await runWriteLoad({
    base: running.base,
    token: running.token,
    pairs: rotation.map(({ ref, iso3, version }) => ({ ref, iso3, version })),
    durationSeconds: plan.writeSeconds,
    connections: plan.connections,
    assessedOn: date,
  });
  // Requests still in flight when the load stopped finish before the baseline takes the lock.
  await running.quiet();
  // The cheapest API request under the same load: what any request costs in the app's stack
  // (HTTP, token, guard, JSON) on this machine, the ceiling of writes as of everything else;
  // then a bare server running the same statements under the same load, its baseline.
  const floorPath = '/api/v1/progress';
  await running.get(floorPath);
  const floorSql = (await running.sql.record(() => running.get(floorPath))).queries;
  const readLoad = (base: string) =>
    runReadLoad({
      base,
      token: running.token,
      path: floorPath,
      durationSeconds: plan.writeSeconds,
      connections: plan.connections,
    });
  const floor = await readLoad(running.base);
  const bare = await startBareServer(rawRead, running.token, floorSql);
  const bareFloor = await readLoad(bare.base).finally(() => bare.close());
  const floorPerSecond = floor.written / floor.durationSeconds;
  const barePerSecond = bareFloor.written / bareFloor.durationSeconds;
  log(
    `writes: the cheapest API request, same load: ${floorPerSecond.toFixed(0)}/s (bare server ${barePerSecond.toFixed(0)}/s)`,
  );
  const perSecond = load.written / load.durationSeconds;
  const rows = Array.from({ length: Math.max(load.written, 1) }, (_, i) => ({
    pairId: rotation[i % rotation.length].id,
    status: STATUSES[i % STATUSES.length],
  }));
  const { best: rawRate, rates: rawRates } = await bestRawInserts(
    rawWrite,
    rows,
    'Benchmark write',
  );
  log(
    `writes: ${perSecond.toFixed(0)}/s over ${plan.connections} connections for ${load.durationSeconds} s (p99 ${load.latency.p99} ms); raw ${rawRate.toFixed(0)} rows/s`,
  );
  const oneFigure = latencyFigure(
    {
      id: 'write-one',
      label: 'one assessment write over HTTP, one at a time',
      baselineIs: 'the row inserted and its pair moved raw, a transaction each',
      target: `p50 < ${ONE_WRITE_P50_MS} ms`,
      detail: {
        statements: writeSql.length,
        sql: writeSql.map((q) => q.sql.replace(/\s+/g, ' ').trim()),
      },
    },
    one,
    rawOne,
  );
  oneFigure.met = one.p50 < ONE_WRITE_P50_MS;
  return [
    oneFigure,
    {
      id: 'write-throughput',
      label: `assessment writes over HTTP (autocannon, ${plan.connections} connections)`,
      kind: 'rate',
      unit: 'writes/s',
      value: perSecond,
      baseline: rawRate,
      baselineIs: `the same number of rows inserted raw in one transaction (best of ${BULK_TRIES})`,
      ratio: costRatio(perSecond, rawRate, 'rate'),
      target: `≥ ${WRITES_PER_SECOND.toLocaleString('en-GB')}/s`,
      met: perSecond >= WRITES_PER_SECOND,
      detail: { ...load, rawRates },
    },
    {
      id: 'request-floor',
      label: `cheapest API request (progress of everything), ${plan.connections} connections`,
      kind: 'rate',
      unit: 'requests/s',
      value: floorPerSecond,
      baseline: barePerSecond,
      baselineIs:
        'a bare node:http server checking the token and running the same statements through the bare driver, same load',
      ratio: costRatio(floorPerSecond, barePerSecond, 'rate'),
      target: `≥ ½ bare`,
      met: floorPerSecond * REQUEST_FLOOR_RATIO >= barePerSecond,
      detail: {
        ...floor,
        statements: floorSql.map((q) => q.sql.replace(/\s+/g, ' ').trim()),
        bare: bareFloor,
      },
    },
    {
      id: 'write-latency-under-load',
      label: 'write latency under load',
      kind: 'latency',
      high: 'p99',
      p50: load.latency.p50,
      value: load.latency.p99,
      baseline: null,
      ratio: null,
      target: null,
      met: null,
    },
  ];
}

async function measureImport(
  plan: Plan,
  running: RunningApp,
  rawWrite: RawWriter,
  targets: Targets,
): Promise<Figure[]> {
  const used = Math.min(plan.writePairs, targets.pairs.length) + plan.sequentialWrites;
  let pairs = targets.pairs.slice(used, used + plan.importRows);
  if (pairs.length < plan.importRows) pairs = targets.pairs.slice(0, plan.importRows);
  const date = today();
  const lines = pairs.map(
    (p, i) =>
      `${p.ref},${p.iso3},${STATUSES[i % STATUSES.length]},${date},Benchmark import line ${i + 1}`,
  );
  const csv = `ref,iso3,status,assessedOn,note\n${lines.join('\n')}\n`;
  const headers = { authorization: `Bearer ${running.token}` };
  const t0 = performance.now();
  const form = new FormData();
  form.append('file', new Blob([csv], { type: 'text/csv' }), 'bench-import.csv');
  const dry = await fetch(`${running.base}/api/v1/imports`, {
    method: 'POST',
    headers,
    body: form,
  });
  const report = (await dry.json()) as { id?: number; counts?: Record<string, number> };
  if (dry.status !== 201 || report.id === undefined) {
    throw new Error(
      `The import's dry run answered ${dry.status}: ${JSON.stringify(report).slice(0, 300)}`,
    );
  }
  const t1 = performance.now();
  const applied = await fetch(`${running.base}/api/v1/imports/${report.id}/apply`, {
    method: 'POST',
    headers,
  });
  const result = (await applied.json()) as { counts?: Record<string, number> };
  if (applied.status !== 200 && applied.status !== 201) {
    throw new Error(
      `Applying the import answered ${applied.status}: ${JSON.stringify(result).slice(0, 300)}`,
    );
  }
  const t2 = performance.now();
  const written = result.counts?.written ?? pairs.length;
  const rate = written / ((t2 - t0) / 1000);
  const { best: rawRate, rates: rawRates } = await bestRawInserts(
    rawWrite,
    pairs.map((p, i) => ({ pairId: p.id, status: STATUSES[(i + 1) % STATUSES.length] })),
    'Benchmark import',
  );
  const ratio = costRatio(rate, rawRate, 'rate');
  log(`import: ${written} rows, ${rate.toFixed(0)} rows/s (raw ${rawRate.toFixed(0)} rows/s)`);
  return [
    {
      id: 'import',
      label: `CSV import of ${written.toLocaleString('en-GB')} rows (dry run + apply)`,
      kind: 'rate',
      unit: 'rows/s',
      value: rate,
      baseline: rawRate,
      baselineIs: `the same rows inserted raw in one transaction (best of ${BULK_TRIES})`,
      ratio,
      target: `≥ ½ raw (≤ ${IMPORT_RATIO}x)`,
      met: ratio !== null && ratio <= IMPORT_RATIO,
      detail: {
        rows: pairs.length,
        written,
        dryRunMs: t1 - t0,
        applyMs: t2 - t1,
        counts: result.counts ?? report.counts,
        rawRates,
      },
    },
  ];
}

async function measureExport(running: RunningApp, memory: MemorySampler): Promise<Figure[]> {
  const t0 = performance.now();
  const { result, before, peak } = await memory.watch(async () => {
    const res = await fetch(`${running.base}/api/v1/exports/history.csv`, {
      headers: { authorization: `Bearer ${running.token}` },
    });
    if (res.status !== 200 || !res.body) throw new Error(`The export answered ${res.status}`);
    let bytes = 0;
    let lines = 0;
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (const b of chunk) if (b === 10) lines++;
    }
    return { bytes, rows: Math.max(lines - 1, 0) };
  });
  const seconds = (performance.now() - t0) / 1000;
  const grew = peak - before;
  log(
    `export: ${result.rows} rows in ${seconds.toFixed(1)} s; RSS ${formatMb(before)} before, ${formatMb(peak)} at peak`,
  );
  return [
    {
      id: 'export-rate',
      label: `history export (CSV, ${result.rows.toLocaleString('en-GB')} rows)`,
      kind: 'rate',
      unit: 'rows/s',
      value: result.rows / seconds,
      baseline: null,
      ratio: null,
      target: null,
      met: null,
      detail: { ...result, seconds },
    },
    {
      id: 'export-memory-growth',
      label: 'memory added while exporting the history',
      kind: 'memory',
      value: grew,
      baseline: null,
      ratio: null,
      target: `flat (≤ ${formatMb(EXPORT_GROWTH_BYTES)})`,
      met: grew <= EXPORT_GROWTH_BYTES,
      detail: { rssBefore: before, rssPeak: peak },
    },
  ];
}

function readLatest(out: string, size: SyntheticSize): SizedFigures | null {
  const file = join(out, `${size}-latest.json`);
  if (!existsSync(file)) return null;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { figures?: Figure[] };
    return parsed.figures ? { size, figures: parsed.figures } : null;
  } catch {
    return null;
  }
}

/** The phases on SQLite: the app in this process, on a copy of the data set. */
async function measureOnSqlite(
  options: Options,
  plan: Plan,
  dataSet: DataSet,
  memory: MemorySampler,
  figures: Figure[],
  appInfo: { viewCache: boolean | null },
): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'rt-bench-'));
  const copy = join(work, basename(dataSet.path));
  copyDatabase(dataSet.path, copy);
  await prepareCopy(copy);
  log(`working on a copy, so the kept data set never changes`);

  let running: RunningApp | null = null;
  const raws: RawSqlite[] = [];
  try {
    memory.enter('app start');
    const live = await startApp(copy);
    running = live;
    appInfo.viewCache = running.viewCache;
    const rawRead = await RawSqlite.open(copy, 'read');
    raws.push(rawRead);
    const targets = await pickTargets(
      rawRead,
      plan.writePairs + plan.sequentialWrites + plan.importRows,
    );
    log(
      `app on ${running.base}; event ${targets.event.slug}, theme ${targets.theme}, State ${targets.state}, search "${targets.word}"`,
    );

    const phases = options.phases;
    /** Runs a phase; if it breaks, its figure says so and the others still run. */
    const guarded = async (phase: Phase, work: () => Promise<Figure[]>): Promise<void> => {
      memory.enter(phase);
      try {
        figures.push(...(await work()));
      } catch (err) {
        figures.push(failed(phase, `${phase} phase`, 'latency', err));
        log(`${phase} FAILED: ${messageOf(err)}`);
      }
    };
    if (phases.has('startup')) await guarded('startup', () => measureStartup(copy, log));
    if (phases.has('pages'))
      await guarded('pages', () => measurePages(plan, live, rawRead, pagesOf(targets)));
    if (phases.has('reports')) await guarded('reports', () => measureReports(plan, live, targets));
    // A writing connection of the baseline's own, open only while the baseline writes: the app
    // must find the database as it would in production while it is measured.
    const rawWrite = <T>(work: (raw: RawSqlite) => Promise<T>): Promise<T> => withRaw(copy, work);
    if (phases.has('writes'))
      await guarded('writes', () => measureWrites(plan, live, rawRead, rawWrite, targets));
    if (phases.has('import'))
      await guarded('import', () => measureImport(plan, live, rawWrite, targets));
    if (phases.has('export')) await guarded('export', () => measureExport(live, memory));
  } finally {
    for (const raw of raws) await raw.close();
    if (running) await running.close();
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<void> {
  const options = parseOptions(argv);
  const plan = PLANS[options.size];
  const startedAt = new Date();
  const memory = new MemorySampler();
  memory.start();

  const figures: Figure[] = [];
  const appInfo: { viewCache: boolean | null } = { viewCache: null };
  const onSqlite = [...options.phases].some((p) => p !== 'postgres');
  let dataSet: DataSet | null = null;
  if (onSqlite) {
    memory.enter('data set');
    if (options.database) {
      if (!existsSync(options.database)) throw new UsageError(`No database at ${options.database}`);
      dataSet = { path: options.database, record: null, built: false };
      log(`database: measuring a copy of ${options.database}`);
    } else {
      dataSet = await ensureDataSet(options.size, { rebuild: options.rebuild, log });
    }
    await measureOnSqlite(options, plan, dataSet, memory, figures, appInfo);
  }
  let postgresTable: string | null = null;
  if (options.phases.has('postgres')) {
    if (!options.postgres) {
      log('postgres: skipped (no server: --postgres <url> or BENCH_DATABASE_URL)');
    } else {
      memory.enter('postgres');
      try {
        const pgData = await ensurePostgresDataSet(options.postgres, options.size, {
          rebuild: options.rebuild,
          log,
        });
        const measured = await measurePostgresWrites(options.postgres, pgData.name, plan, log);
        figures.push(...measured.figures);
        postgresTable = measured.table;
      } catch (err) {
        figures.push(failed('postgres', 'postgres phase', 'rate', err));
        log(`postgres FAILED: ${messageOf(err)}`);
      }
    }
  }
  memory.stop();

  const peakByPhase = memory.peakByPhase();
  figures.push({
    id: 'peak-rss',
    label: 'peak memory (RSS) of the run',
    kind: 'memory',
    value: memory.peak(),
    baseline: null,
    ratio: null,
    target: null,
    met: null,
    detail: { byPhase: peakByPhase },
  });
  const finishedAt = new Date();
  const name = options.database ? 'database' : options.size;
  const result = {
    size: options.database ? null : options.size,
    database: options.database,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    seconds: Math.round((finishedAt.getTime() - startedAt.getTime()) / 1000),
    dataSet: dataSet ? { ...dataSet.record, built: dataSet.built } : null,
    machine: {
      node: process.version,
      cpus: cpus().length,
      cpu: cpus()[0]?.model ?? null,
      memoryBytes: totalmem(),
    },
    plan,
    app: { nodeEnv: process.env.NODE_ENV ?? null, ...appInfo },
    targetsAreFor: 'large',
    peakRssByPhase: peakByPhase,
    figures,
  };
  mkdirSync(options.out, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  writeFileSync(join(options.out, `${name}-${stamp}.json`), `${JSON.stringify(result, null, 2)}\n`);
  // The growth table compares whole runs only.
  const whole = PHASES.every((p) => p === 'postgres' || options.phases.has(p));
  if (!options.database && whole) {
    writeFileSync(join(options.out, `${name}-latest.json`), `${JSON.stringify(result, null, 2)}\n`);
  }

  const lines = [
    '',
    `Benchmark: ${options.database ? options.database : `${options.size} data set`} (${dataSet?.record ? `${dataSet.record.summary.recommendations.toLocaleString('en-GB')} recommendations, ${dataSet.record.summary.pairs.toLocaleString('en-GB')} pairs, ${dataSet.record.summary.assessments.toLocaleString('en-GB')} assessments` : options.database ? 'own database' : 'data set on PostgreSQL'}), ${result.seconds} s`,
    'Latencies in ms as p50 / p95 (p99 or max where named); ratio = app ÷ baseline at the high percentile, or baseline rate ÷ app rate: above 1 the app is slower. Targets are for the large data set.',
    '',
    figuresTable(figures),
    '',
    `Peak RSS by phase: ${Object.entries(peakByPhase)
      .map(([phase, bytes]) => `${phase} ${formatMb(bytes)}`)
      .join(', ')}`,
  ];
  if (postgresTable) {
    lines.push(
      '',
      'PostgreSQL: the same write load on one app instance and spread over two on one database (non-2xx: answers other than 2xx and connection errors; lock waits: samples every 100 ms in which a backend waited for a lock; CPU in cores used by the app instances, by PostgreSQL, and by the whole machine; writes per CPU s: writes per second of CPU the app and PostgreSQL used):',
      '',
      postgresTable,
    );
  }
  if (!options.database) {
    const runs = SYNTHETIC_SIZE_NAMES.map((size) =>
      size === options.size && whole ? { size, figures } : readLatest(options.out, size),
    ).filter((r): r is SizedFigures => r !== null);
    const table = growthTable(runs);
    if (table) {
      lines.push(
        '',
        'Growth with the data (latest run of each size; k: value ∝ recommendations^k, 0 flat, 1 linear):',
        '',
        table,
      );
    }
  }
  lines.push('', `Results: ${join(options.out, `${name}-${stamp}.json`)}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  const broken = figures.filter((f) => f.note?.startsWith('FAILED'));
  if (broken.length > 0) {
    log(`${broken.length} figure(s) could not be measured: ${broken.map((f) => f.id).join(', ')}`);
    process.exitCode = 1;
  }
}

main(process.argv.slice(2))
  .then(() => {
    // Sessions' timers and the like must not keep the process alive once the results are out.
    process.exit(process.exitCode ?? 0);
  })
  .catch((err: unknown) => {
    if (err instanceof UsageError) {
      console.error(err.message ? `${err.message}\n\n${USAGE}` : USAGE);
      process.exit(2);
    }
    console.error(err);
    process.exit(1);
  });
