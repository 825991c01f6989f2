import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { createWriteStream, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { finished } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import {
  ConflictError,
  DomainError,
  flattenValidationErrors,
  InvalidInputError,
  StaleVersionError,
} from '../../common/errors.js';
import { progress, type Progress, type ProgressStream } from '../../common/progress.js';
import { MatrixQueryDto } from '../../progress/dto/progress-query.dto.js';
import type { LineProblem } from '../../transfers/assessment-file.js';
import {
  EXPORT_FORMATS,
  ExportsService,
  type ExportFormat,
} from '../../transfers/exports.service.js';
import type { ImportChange } from '../../transfers/import-plan.js';
import {
  ImportsService,
  type ImportReport,
  type ProgressSink,
} from '../../transfers/imports.service.js';
import { Role } from '../../users/role.enum.js';
import { refusal, UsageError } from '../args.js';
import type { Command, CommandRun } from '../command.js';
import { actingUser } from '../input.js';

function stageProgress(stream: ProgressStream | undefined): { sink: ProgressSink; finish(): void } {
  let bar: Progress | undefined;
  let stage: string | undefined;
  const label = { check: 'Checking lines', write: 'Writing assessments' };
  return {
    sink: (s, done, total) => {
      if (stage !== s) {
        bar?.finish();
        stage = s;
        bar = progress(label[s], total, { stream });
      }
      bar?.update(done, total);
    },
    finish: () => bar?.finish(),
  };
}

function printProblems(log: (line: string) => void, problems: LineProblem[]): void {
  for (const p of problems) {
    log(`  line ${p.line}  ${p.field}  ${p.rule}: ${p.message}`);
  }
}

function printReport(log: (line: string) => void, report: ImportReport): void {
  const c = report.counts;
  log(
    `${report.filename} (${report.format.toUpperCase()}): ${plural(c.lines, 'line')}, ${c.changes} to change, ${c.unchanged} unchanged, ${c.bad} bad.`,
  );
  if (report.problems.length > 0) {
    log(`Bad lines (${c.bad}):`);
    printProblems(log, report.problems);
  }
  if (report.changes.length > 0) {
    log(`Changes (${report.changes.length}):`);
    for (const ch of report.changes) {
      log(
        `  line ${ch.line}  ${ch.ref}  ${ch.iso3}  ${ch.currentStatusLabel} → ${ch.statusLabel}  as of ${ch.assessedOn}${ch.becomesCurrent ? '' : '  (history only: dated before the current assessment)'}`,
      );
    }
  }
  printFacts(log, report.changes, 'Facts');
}

/**
 * The lines of recommendations measured by facts, each with its fact and the status it gives:
 * `line 3  KGZ  JEW-II.9  CARICC Agreement: Ratified → Mostly implemented  as of 2010-06-01`; a
 * status set by hand with its reason, and the later statuses a back-dated fact re-derives.
 */
function printFacts(log: (line: string) => void, changes: ImportChange[], title: string): void {
  const measured = changes.filter((ch) => ch.derivedStatus !== null);
  if (measured.length === 0) return;
  log(`${title} (${measured.length}):`);
  for (const ch of measured) {
    log(
      `  line ${ch.line}  ${ch.iso3}  ${ch.ref}  ${ch.fact ?? 'no fact'} → ${ch.statusLabel}  as of ${ch.assessedOn}`,
    );
    if (ch.overrideReason !== null) {
      log(`    set by hand (the facts give ${ch.derivedStatusLabel}): ${ch.overrideReason}`);
    }
    for (const r of ch.rederived) {
      log(`    re-derives ${r.assessedOn} → ${r.statusLabel}`);
    }
  }
}

/** `import <file> --as <username> [--apply]`; exit code 2 when a line is bad. */
async function runImport({ args, app, log, progressStream }: CommandRun): Promise<number> {
  const [file, ...extra] = args.positionals;
  if (!file || extra.length > 0) {
    throw new UsageError('import needs one file: import <file> --as <username> [--apply]');
  }
  const as = args.flags.as;
  if (!as) {
    throw new UsageError('--as: name the user the import is recorded for (an analyst or admin)');
  }
  let buffer: Buffer;
  try {
    buffer = readFileSync(file);
  } catch (err) {
    throw new UsageError(`file: cannot read ${file} (${(err as Error).message})`);
  }
  const context = await app();
  const principal = await actingUser(context.get(DataSource), as, Role.Analyst, 'an import');
  const imports = context.get(ImportsService);
  const bar = stageProgress(progressStream);
  let report: ImportReport;
  try {
    report = await imports.dryRun({ buffer, filename: basename(file) }, principal, bar.sink);
  } catch (err) {
    bar.finish();
    if (err instanceof InvalidInputError) {
      log(`${basename(file)} was refused; nothing was stored or changed:`);
      printProblems(log, problemsOf(err));
      return 2;
    }
    throw err;
  }
  bar.finish();
  printReport(log, report);
  if (report.problems.length > 0) {
    log(
      `Nothing was applied: correct the ${plural(report.counts.bad, 'bad line')} and run the import again.`,
    );
    return 2;
  }
  if (!args.switches.has('apply')) {
    log(
      `Dry run only, kept as import #${report.id}: run again with --apply to write it, or apply it at /imports/${report.id}.`,
    );
    return 0;
  }
  const applying = stageProgress(progressStream);
  try {
    const done = await imports.apply(report.id, principal, applying.sink);
    applying.finish();
    log(
      `Imported ${plural(done.counts.written ?? 0, 'assessment')} (import #${done.id}), attributed to ${principal.displayName}.`,
    );
    // The apply writes the dry run's plan or nothing (it is refused when anything moved).
    printFacts(log, report.changes, 'Facts recorded');
    return 0;
  } catch (err) {
    applying.finish();
    if (err instanceof ConflictError || err instanceof StaleVersionError) {
      log(err.message);
      printProblems(log, problemsOf(err));
      return 2;
    }
    throw err;
  }
}

/** `export history|matrix --format csv|xlsx --out <file> [...]`. */
async function runExport({ args, app, log, progressStream }: CommandRun): Promise<number> {
  const { flags } = args;
  const [kind, ...extra] = args.positionals;
  if ((kind !== 'history' && kind !== 'matrix') || extra.length > 0) {
    throw new UsageError(
      'export needs what to export: export history|matrix --format csv|xlsx --out <file>',
    );
  }
  const target = flags.out;
  if (!target) throw new UsageError('--out: name the file to write');
  const format = (flags.format ?? extname(target).slice(1)).toLowerCase();
  if (!EXPORT_FORMATS.includes(format as ExportFormat)) {
    throw new UsageError(
      `--format: must be csv or xlsx${flags.format ? ` (not "${flags.format}")` : ''}`,
    );
  }
  const filters = ['event', 'theme', 'as-of'].filter((f) => flags[f] !== undefined);
  if (kind === 'history' && filters.length > 0) {
    throw new UsageError(
      `${filters.map((f) => `--${f}`).join(', ')}: only the matrix is filtered; the history is exported whole`,
    );
  }
  let query: MatrixQueryDto | undefined;
  if (kind === 'matrix') {
    query = plainToInstance(MatrixQueryDto, {
      event: flags.event,
      theme: flags.theme,
      asOf: flags['as-of'],
    });
    const errors = await validate(query, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) throw new UsageError(describe(flattenValidationErrors(errors)));
  }
  const exportsService = (await app()).get(ExportsService);
  let table;
  try {
    table = query ? await exportsService.matrix(query) : await exportsService.history();
  } catch (err) {
    if (err instanceof DomainError) throw refusal(err, describe(problemsOf(err)).split('\n'));
    throw err;
  }
  // Written beside the target and renamed at the end, so a failed export leaves no half file.
  const partial = `${target}.partial`;
  const out = createWriteStream(partial);
  const bar = progress(`Exporting ${kind}`, table.total, { stream: progressStream });
  try {
    const rows = await exportsService.write(table, format as ExportFormat, out, (n) =>
      bar.update(n),
    );
    await finished(out);
    renameSync(partial, target);
    bar.finish(`${rows} rows`);
    log(`Wrote ${plural(rows, kind === 'history' ? 'assessment' : 'row')} to ${target}.`);
    return 0;
  } catch (err) {
    bar.finish();
    out.destroy();
    rmSync(partial, { force: true });
    throw err;
  }
}

export const importCommand: Command = {
  name: 'import',
  summary: 'check a CSV or XLSX file of assessments; with --apply, write it',
  usage: ['<file> --as <username> [--apply]'],
  description:
    'Checks a CSV or XLSX file of assessments (a dry run): prints the counts, every bad line\n' +
    'and every change, and keeps the dry run. With --apply, writes it all in one transaction,\n' +
    'or nothing. Exit code 2 when a line is bad.',
  options: {
    as: {
      type: 'string',
      value: '<username>',
      help: 'the analyst or admin the import is recorded for (required)',
    },
    apply: { type: 'boolean', help: 'write the assessments (all or nothing)' },
  },
  run: runImport,
};

export const exportCommand: Command = {
  name: 'export',
  summary: 'write the assessment history or the matrix to a CSV or XLSX file',
  usage: [
    'history --out <file> [--format csv|xlsx]',
    'matrix --out <file> [--format csv|xlsx] [--event <slug>] [--theme <slug>] [--as-of YYYY-MM-DD]',
  ],
  description:
    'Writes the full assessment history, or the matrix (filters and as-of date for the matrix\n' +
    'only), to a file.',
  options: {
    out: { type: 'string', value: '<file>', help: 'the file to write (required)' },
    format: {
      type: 'string',
      value: 'csv|xlsx',
      help: "the file's format (default: from the file's extension)",
    },
    event: { type: 'string', value: '<slug>', help: 'matrix: one event only' },
    theme: { type: 'string', value: '<slug>', help: 'matrix: one theme only' },
    'as-of': { type: 'string', value: 'YYYY-MM-DD', help: 'matrix: the statuses as of that date' },
  },
  run: runExport,
};

/** Field problems (or line problems) of a refusal, as the services throw them. */
function problemsOf(err: DomainError): LineProblem[] {
  if (err.problems.length === 0) {
    return [{ line: 0, field: '', rule: err.kind, message: err.message }];
  }
  return err.problems.map((p) => ({ ...p, line: p.line ?? 0 }));
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function describe(problems: { field: string; message: string }[]): string {
  return problems.map((p) => `${p.field.replace('asOf', 'as-of')}: ${p.message}`).join('\n');
}
