import { type INestApplicationContext } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import {
  DomainError,
  flattenValidationErrors,
  UnavailableError,
  type FieldProblem,
} from '../../common/errors.js';
import { progress } from '../../common/progress.js';
import { SettingsService } from '../../database/settings.service.js';
import { DEMO_SETTING } from '../../demo/demo.service.js';
import { PeriodReportQueryDto } from '../../reports/dto/period-report-query.dto.js';
import { AnnexReportQueryDto, ReportQueryDto } from '../../reports/dto/report-query.dto.js';
import { StateReportQueryDto } from '../../reports/dto/state-report-query.dto.js';
import { PdfService } from '../../reports/pdf.service.js';
import { ReportRenderer } from '../../reports/report-renderer.js';
import { REPORT_KINDS, ReportsService, type ReportKind } from '../../reports/reports.service.js';
import { refusal, UsageError, type OptionSpecs, type ParsedArgs } from '../args.js';
import type { Command, CommandRun } from '../command.js';

/** Options of a report about one thing as of a date (besides `--out`, which every report takes). */
const DATED_OPTIONS = ['as-of', 'compare-with', 'edition', 'format'];

/** Options of the reports with an annex of ratings (event, theme): the dated ones and its form. */
const ANNEX_OPTIONS = [...DATED_OPTIONS, 'annex'];

/** Options of the State report: the dated ones and what narrows it (an event, a theme, a period). */
const STATE_OPTIONS = [...DATED_OPTIONS, 'event', 'theme', 'from', 'to'];

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
  event: { target: 'event slug', options: ANNEX_OPTIONS, query: AnnexReportQueryDto },
  state: { target: 'ISO3 code of the State', options: STATE_OPTIONS, query: StateReportQueryDto },
  theme: { target: 'theme slug', options: ANNEX_OPTIONS, query: AnnexReportQueryDto },
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
  annex: 'heatmap|table',
};

/** One usage line of the help. */
function usageLine(kind: string, target: string, options: string[]): string {
  return [
    `${kind}${target} --out <file>`,
    ...options.map((o) => `[--${o} ${VALUES[o] ?? '<slug>'}]`),
  ].join(' ');
}

/** What each option is, for the help. */
const OPTIONS: OptionSpecs = {
  out: { type: 'string', value: '<file>', help: 'the file to write (required)' },
  'as-of': {
    type: 'string',
    value: 'YYYY-MM-DD',
    help: 'the statuses as of that date (default: today)',
  },
  'compare-with': {
    type: 'string',
    value: 'YYYY-MM-DD',
    help: 'show the movement since that date',
  },
  edition: {
    type: 'string',
    value: 'internal|public',
    help: 'the public edition leaves out internal notes (default: internal)',
  },
  format: { type: 'string', value: 'html|pdf', help: "default: from the file's extension" },
  annex: {
    type: 'string',
    value: 'heatmap|table',
    help: 'event, theme: the annex of ratings as a heatmap or a table (default: heatmap)',
  },
  from: {
    type: 'string',
    value: 'YYYY-MM-DD',
    help: 'period: the day before its first; State: only what was assessed after it',
  },
  to: {
    type: 'string',
    value: 'YYYY-MM-DD',
    help: 'period: its last date; State: only what was assessed up to it',
  },
  event: { type: 'string', value: '<slug>', help: 'period, State: one event only' },
  theme: { type: 'string', value: '<slug>', help: 'period, State: one theme only' },
};

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
export async function parseReportArgs(args: ParsedArgs): Promise<{
  kind: ReportKind;
  target: string;
  query: ReportQuery;
  out: string;
}> {
  const { positionals, flags } = args;
  const [kindArg, ...targets] = positionals;
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
    if (flag !== 'out' && value !== undefined) plain[camel(flag)] = value;
  }
  const fromExtension = extname(out).slice(1).toLowerCase();
  plain.format ??= fromExtension === 'pdf' ? 'pdf' : 'html';
  const query = plainToInstance(spec.query ?? ReportQueryDto, plain);
  const errors = await validate(query, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw new UsageError(describe(flattenValidationErrors(errors)));
  return { kind, target: targets[0] ?? '', query, out };
}

/** A service's refusal, said with the options' names; other errors pass. */
function asFailure(err: unknown): unknown {
  if (!(err instanceof DomainError) || err.kind === 'unavailable') return err;
  const lines = err.problems.length > 0 ? describe([...err.problems]).split('\n') : [err.message];
  return refusal(err, lines);
}

/**
 * `report <kind> [<target>] --out <file> [...]`: reads the data, renders the report and (for a
 * PDF) prints it, then writes the file beside its target and renames it, so a failure leaves no
 * half file. Exit code 1, and no file, when a PDF cannot be printed (no Chromium).
 */
async function runReport({ args, app, log, error, progressStream }: CommandRun): Promise<number> {
  const { kind, target, query, out } = await parseReportArgs(args);
  const pdf = (query as { format?: string }).format === 'pdf';
  const steps = pdf ? 4 : 3;
  let n = 0;
  const step = async <T>(label: string, work: () => Promise<T> | T): Promise<T> => {
    n += 1;
    const bar = progress(`[${n}/${steps}] ${label}`, 1, {
      stream: progressStream,
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

  const context: INestApplicationContext = await app();
  const doc = await step('Reading data', async () => {
    const demo = (await context.get(SettingsService).cached(DEMO_SETTING)) !== null;
    try {
      return await context.get(ReportsService).build(kind, target, query, demo);
    } catch (err) {
      throw asFailure(err);
    }
  });
  // A PDF too long to print is refused before anything is rendered (exit code 4, no file).
  if (pdf && doc.pages !== undefined) {
    try {
      context.get(PdfService).admit(doc.pages, doc.narrowing);
    } catch (err) {
      throw asFailure(err);
    }
  }
  // A file opened without the server: styles inlined, running header and footer in the margins.
  const html = await step('Rendering', () =>
    context.get(ReportRenderer).render(doc, { standalone: true }),
  );
  let body: string | Buffer = html;
  if (pdf) {
    try {
      body = await step('Printing PDF', () =>
        context.get(PdfService).fromHtml(html, undefined, doc),
      );
    } catch (err) {
      // Chromium missing: said plainly, no file written.
      if (!(err instanceof UnavailableError)) throw err;
      error(err.message);
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

export const reportCommand: Command = {
  name: 'report',
  summary: 'write a printable report (HTML or PDF) to a file',
  usage: [
    usageLine('<kind>', ' <target>', DATED_OPTIONS),
    ...REPORT_KINDS.flatMap((kind) => {
      const spec = KIND_ARGS[kind] as KindArgs | undefined;
      if (!spec?.options) return [];
      return [usageLine(kind, spec.target === null ? '' : ' <target>', spec.options)];
    }),
  ],
  description: [
    'Writes a printable report to a file.',
    `Kinds: ${REPORT_KINDS.join(', ')}.`,
    "The target is what the report is about: an event slug, a State's ISO3 code, a theme slug",
    "or a recommendation ref. The format follows the file's extension unless given; pdf needs",
    'Chromium.',
  ].join('\n'),
  options: OPTIONS,
  run: runReport,
};
