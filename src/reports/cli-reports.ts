import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { DataSource } from 'typeorm';
import { parseArgs, UsageError } from '../cli-users.js';
import {
  DomainError,
  flattenValidationErrors,
  UnavailableError,
  type FieldProblem,
} from '../common/errors.js';
import { progress, type ProgressStream } from '../common/progress.js';
import { DatabaseModule } from '../database/database.module.js';
import { SettingsService } from '../database/settings.service.js';
import { DEMO_SETTING } from '../demo/demo.service.js';
import { PeriodReportQueryDto } from './dto/period-report-query.dto.js';
import { ReportQueryDto } from './dto/report-query.dto.js';
import { inlineStyles, PdfService } from './pdf.service.js';
import { ReportRenderer } from './report-renderer.js';
import { ReportsModule } from './reports.module.js';
import { REPORT_KINDS, ReportsService, type ReportKind } from './reports.service.js';

/** Options of a report about one thing as of a date (besides `--out`, which every report takes). */
const DATED_OPTIONS = ['as-of', 'compare-with', 'edition', 'format'];

/** Options of the period report, which has no target and reads two dates of its own. */
const PERIOD_OPTIONS = ['from', 'to', 'event', 'theme', 'edition', 'format'];

/**
 * What each kind of report takes on the command line. A kind not listed takes one target and the
 * dated options, checked by ReportQueryDto. A new kind with options of its own is one line here.
 */
interface KindArgs {
  /** What the positional target names; null for a report without one. */
  target?: string | null;
  /** Its options (without `--out`), read into the query under their camelCase names. */
  options?: string[];
  /** The class that checks the options: the web's query class of this kind. */
  query?: new () => object;
}

const KIND_ARGS: Record<string, KindArgs> = {
  event: { target: 'event slug' },
  state: { target: 'ISO3 code of the State' },
  theme: { target: 'theme slug' },
  recommendation: { target: 'recommendation ref' },
  period: { target: null, options: PERIOD_OPTIONS, query: PeriodReportQueryDto },
};

/** What an option's value looks like, for the usage text. */
const VALUES: Record<string, string> = {
  'as-of': 'YYYY-MM-DD',
  'compare-with': 'YYYY-MM-DD',
  from: 'YYYY-MM-DD',
  to: 'YYYY-MM-DD',
  edition: 'internal|public',
  format: 'html|pdf',
};

/** One usage entry, wrapped like the others in the help. */
function usageLine(kind: string, target: string, options: string[]): string {
  const words = [`report ${kind}${target} --out <file>`];
  for (const o of options) words.push(`[--${o} ${VALUES[o] ?? '<slug>'}]`);
  const lines = [`  ${words[0]}`];
  for (const word of words.slice(1)) {
    const last = lines.length - 1;
    if (lines[last].length + word.length + 1 > 86) lines.push(`         ${word}`);
    else lines[last] += ` ${word}`;
  }
  return lines.join('\n');
}

export const REPORT_USAGE = [
  usageLine('<kind>', ' <target>', DATED_OPTIONS),
  ...REPORT_KINDS.flatMap((kind) => {
    const spec = KIND_ARGS[kind] as KindArgs | undefined;
    if (!spec?.options) return [];
    return [usageLine(kind, spec.target === null ? '' : ' <target>', spec.options)];
  }),
  `            write a printable report to a file
            kinds: ${REPORT_KINDS.join(', ')}
            The target is what the report is about: an event slug, a State's ISO3
            code, a theme slug or a recommendation ref. The format follows the
            file's extension unless given; pdf needs Chromium`,
].join('\n');

/** Where the command writes; tests replace the streams. */
export interface ReportIo {
  progressStream?: ProgressStream;
  log?: (line: string) => void;
  error?: (line: string) => void;
}

/**
 * The services a report needs, resolved by Nest from the reports module on the command's own
 * database connection. Only the reports module's graph is built, and reference data is never
 * loaded from here: the app's start-up work (a first admin, say) stays with the app.
 */
@Module({})
class ReportsCliModule {
  static on(dataSource: DataSource): DynamicModule {
    return {
      module: ReportsCliModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          load: [() => ({ LOAD_REFERENCE_DATA: false })],
        }),
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSource.options,
          dataSourceFactory: () => Promise.resolve(dataSource),
        }),
        DatabaseModule,
        ReportsModule,
      ],
    };
  }
}

/** The query ReportsService.build takes (its type widens as kinds with queries of their own land). */
type ReportQuery = Parameters<ReportsService['build']>[2];

function kebab(camel: string): string {
  return camel.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function camel(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** `asOf: asOf must be …` as `--as-of: as-of must be … (isIsoDate)`. */
function describe(problems: FieldProblem[]): string {
  return problems
    .map((p) => {
      const option = kebab(p.field);
      return `--${option}: ${p.message.replace(p.field, option)} (${p.rule})`;
    })
    .join('\n');
}

function parseKind(kind: string | undefined): ReportKind {
  if (!kind || !(REPORT_KINDS as readonly string[]).includes(kind)) {
    throw new UsageError(
      `report needs a kind: ${REPORT_KINDS.join(', ')}${kind ? ` (not "${kind}")` : ''}\n` +
        'report <kind> [<target>] --out <file> [--as-of YYYY-MM-DD] [--edition internal|public]',
    );
  }
  return kind as ReportKind;
}

/** Reads and checks the arguments; throws a UsageError naming the option and the rule. */
export async function parseReportArgs(args: string[]): Promise<{
  kind: ReportKind;
  target: string;
  query: ReportQuery;
  out: string;
}> {
  const { positional, flags } = parseArgs(args);
  const [kindArg, ...targets] = positional;
  const kind = parseKind(kindArg);
  const spec = KIND_ARGS[kind] ?? { target: 'target' };
  const allowed = ['out', ...(spec.options ?? DATED_OPTIONS)];
  const unknown = Object.keys(flags).filter((f) => !allowed.includes(f));
  if (unknown.length > 0) {
    throw new UsageError(
      `Unknown option ${unknown.map((f) => `--${f}`).join(', ')}; a ${kind} report takes ${allowed
        .map((f) => `--${f}`)
        .join(', ')}`,
    );
  }
  const wanted = spec.target === null ? 0 : 1;
  if (targets.length !== wanted) {
    throw new UsageError(
      wanted === 0
        ? `a ${kind} report takes no target (not "${targets.join(' ')}")`
        : `a ${kind} report needs one target: the ${spec.target ?? 'target'}`,
    );
  }
  const out = flags.out;
  if (!out) throw new UsageError('--out: name the file to write');
  const plain: Record<string, string> = {};
  for (const [flag, value] of Object.entries(flags)) {
    if (flag !== 'out') plain[camel(flag)] = value;
  }
  const fromExtension = extname(out).slice(1).toLowerCase();
  plain.format ??= fromExtension === 'pdf' ? 'pdf' : 'html';
  const query = plainToInstance(spec.query ?? ReportQueryDto, plain);
  const errors = await validate(query, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw new UsageError(describe(flattenValidationErrors(errors)));
  return { kind, target: targets[0] ?? '', query, out };
}

/** Turns a service's refusal into a usage error; other errors pass. */
function asUsageError(err: unknown): unknown {
  if (!(err instanceof DomainError) || err.kind === 'unavailable') return err;
  return new UsageError(err.problems.length > 0 ? describe([...err.problems]) : err.message);
}

/**
 * `report <kind> [<target>] --out <file> [...]`: reads the data, renders the report and (for a
 * PDF) prints it, then writes the file beside its target and renames it, so a failure leaves no
 * half file. Returns the exit code.
 */
export async function reportCommand(
  ds: DataSource,
  args: string[],
  io: ReportIo = {},
): Promise<number> {
  const log = io.log ?? ((line: string) => console.log(line));
  const { kind, target, query, out } = await parseReportArgs(args);
  const pdf = (query as { format?: string }).format === 'pdf';
  const steps = pdf ? 4 : 3;
  let n = 0;
  const step = async <T>(label: string, work: () => Promise<T> | T): Promise<T> => {
    n += 1;
    const bar = progress(`[${n}/${steps}] ${label}`, 1, {
      stream: io.progressStream,
      quietBelow: 0,
    });
    bar.update(0);
    const started = Date.now();
    try {
      const result = await work();
      bar.finish(`done in ${Date.now() - started} ms`);
      return result;
    } catch (err) {
      bar.finish('failed');
      throw err;
    }
  };

  const context: INestApplicationContext = await NestFactory.createApplicationContext(
    ReportsCliModule.on(ds),
    { logger: ['error'] },
  );
  const doc = await step('Reading data', async () => {
    const demo = (await context.get(SettingsService).cached(DEMO_SETTING)) !== null;
    try {
      return await context.get(ReportsService).build(kind, target, query, demo);
    } catch (err) {
      throw asUsageError(err);
    }
  });
  const html = await step('Rendering', () => inlineStyles(context.get(ReportRenderer).render(doc)));
  let body: string | Buffer = html;
  if (pdf) {
    try {
      body = await step('Printing PDF', () => context.get(PdfService).fromHtml(html));
    } catch (err) {
      // Chromium missing: said plainly, no file written.
      if (!(err instanceof UnavailableError)) throw err;
      (io.error ?? ((line: string) => console.error(line)))(err.message);
      return 1;
    } finally {
      // The browser is kept for further PDFs until closed; left open, the command would not end.
      await context.get(PdfService).close();
    }
  }
  await step('Writing', () => {
    const partial = `${out}.${process.pid}.partial`;
    try {
      writeFileSync(partial, body);
      renameSync(partial, out);
    } catch (err) {
      rmSync(partial, { force: true });
      throw err;
    }
  });
  const { meta } = doc.view;
  log(
    `Wrote ${out}: ${meta.title}, ${meta.subtitle}, ${meta.editionLabel.toLowerCase()}, as of ${meta.asOf} (${pdf ? 'PDF' : 'HTML'}).`,
  );
  return 0;
}
