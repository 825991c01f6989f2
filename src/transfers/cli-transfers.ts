import { PairsRepository } from '../assessments/pairs.repository.js';
import { ConfigService } from '@nestjs/config';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { createWriteStream, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { finished } from 'node:stream/promises';
import type { DataSource } from 'typeorm';
import { StatusesRepository } from '../assessments/statuses.repository.js';
import { AuditService } from '../audit/audit.service.js';
import { principalOf } from '../auth/auth.service.js';
import type { Principal } from '../auth/principal.js';
import { parseArgs, UsageError } from '../cli-users.js';
import {
  ConflictError,
  DomainError,
  flattenValidationErrors,
  InvalidInputError,
  StaleVersionError,
} from '../common/errors.js';
import { progress, type Progress, type ProgressStream } from '../common/progress.js';
import { validateEnv, type Env } from '../config/env.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { MatrixQueryDto } from '../progress/dto/progress-query.dto.js';
import { ProgressService } from '../progress/progress.service.js';
import { LookupsService } from '../reference-data/lookups.service.js';
import { State } from '../states/state.entity.js';
import { SubjectsService } from '../subjects/subjects.service.js';
import { hasRole, Role } from '../users/role.enum.js';
import { User } from '../users/user.entity.js';
import type { LineProblem } from './assessment-file.js';
import { EXPORT_FORMATS, ExportsService, type ExportFormat } from './exports.service.js';
import { ImportsRepository } from './imports.repository.js';
import { ImportsService, type ImportReport, type ProgressSink } from './imports.service.js';

export const TRANSFER_USAGE = `  import <file> --as <username> [--apply]
            check a CSV or XLSX file of assessments (a dry run): prints the counts,
            every bad line and every change. With --apply, writes it all in one
            transaction, or nothing. Exit code 2 when a line is bad
  export history|matrix --format csv|xlsx --out <file>
         [--event <slug>] [--theme <slug>] [--as-of YYYY-MM-DD]
            write the full assessment history, or the matrix (filters and as-of
            date for the matrix only), to a file`;

/** Where the commands write; tests replace the progress stream. */
export interface TransferIo {
  progressStream?: ProgressStream;
}

function services(ds: DataSource): { imports: ImportsService; exportsService: ExportsService } {
  const runner = new TransactionRunner(ds);
  const audit = new AuditService(ds, runner);
  const subjects = new SubjectsService(ds.getRepository(State), ds.getRepository(Organisation));
  const lookups = new LookupsService(ds, subjects);
  return {
    imports: new ImportsService(
      new ImportsRepository(ds),
      runner,
      audit,
      new PairsRepository(),
      new ConfigService<Env, true>(validateEnv(process.env)),
    ),
    exportsService: new ExportsService(
      ds,
      new ProgressService(lookups, new StatusesRepository(ds)),
    ),
  };
}

/** Arguments with on/off switches (`--apply`) besides `--flag value` pairs; unknown flags refused. */
function parseCommand(
  args: string[],
  allowed: string[],
  switches: string[] = [],
): { positional: string[]; flags: Record<string, string>; on: Set<string> } {
  const on = new Set<string>();
  const rest = args.filter((a) => {
    if (a.startsWith('--') && switches.includes(a.slice(2))) {
      on.add(a.slice(2));
      return false;
    }
    return true;
  });
  const { positional, flags } = parseArgs(rest);
  const unknown = Object.keys(flags).filter((f) => !allowed.includes(f));
  if (unknown.length > 0) {
    throw new UsageError(
      `Unknown option ${unknown.map((f) => `--${f}`).join(', ')}; the options are ${[
        ...allowed,
        ...switches,
      ]
        .map((f) => `--${f}`)
        .join(', ')}`,
    );
  }
  return { positional, flags, on };
}

/** The user an import from the command line is recorded for: active, analyst or admin. */
async function principalFor(ds: DataSource, username: string): Promise<Principal> {
  const user = await ds.getRepository(User).findOne({
    where: { username: username.trim().toLowerCase() },
    relations: { states: true },
  });
  if (!user) throw new UsageError(`--as: no user "${username}"`);
  if (!user.active) throw new UsageError(`--as: the user ${user.username} is deactivated`);
  if (!hasRole(user.role, Role.Analyst)) {
    throw new UsageError(
      `--as: ${user.username} is a ${user.role}; an import needs an analyst or an admin`,
    );
  }
  return principalOf(user, null);
}

function stageProgress(io: TransferIo): { sink: ProgressSink; finish(): void } {
  let bar: Progress | undefined;
  let stage: string | undefined;
  const label = { check: 'Checking lines', write: 'Writing assessments' };
  return {
    sink: (s, done, total) => {
      if (stage !== s) {
        bar?.finish();
        stage = s;
        bar = progress(label[s], total, { stream: io.progressStream });
      }
      bar?.update(done, total);
    },
    finish: () => bar?.finish(),
  };
}

function printProblems(problems: LineProblem[]): void {
  for (const p of problems) {
    console.log(`  line ${p.line}  ${p.field}  ${p.rule}: ${p.message}`);
  }
}

function printReport(report: ImportReport): void {
  const c = report.counts;
  console.log(
    `${report.filename} (${report.format.toUpperCase()}): ${plural(c.lines, 'line')}, ${c.changes} to change, ${c.unchanged} unchanged, ${c.bad} bad.`,
  );
  if (report.problems.length > 0) {
    console.log(`Bad lines (${c.bad}):`);
    printProblems(report.problems);
  }
  if (report.changes.length > 0) {
    console.log(`Changes (${report.changes.length}):`);
    for (const ch of report.changes) {
      console.log(
        `  line ${ch.line}  ${ch.ref}  ${ch.iso3}  ${ch.currentStatusLabel} → ${ch.statusLabel}  as of ${ch.assessedOn}${ch.becomesCurrent ? '' : '  (history only: dated before the current assessment)'}`,
      );
    }
  }
}

/** `import <file> --as <username> [--apply]`; returns the exit code (2 when a line is bad). */
export async function importCommand(
  ds: DataSource,
  args: string[],
  io: TransferIo = {},
): Promise<number> {
  const { positional, flags, on } = parseCommand(args, ['as'], ['apply']);
  const [file, ...extra] = positional;
  if (!file || extra.length > 0) {
    throw new UsageError('import needs one file: import <file> --as <username> [--apply]');
  }
  if (!flags.as) {
    throw new UsageError('--as: name the user the import is recorded for (an analyst or admin)');
  }
  const principal = await principalFor(ds, flags.as);
  let buffer: Buffer;
  try {
    buffer = readFileSync(file);
  } catch (err) {
    throw new UsageError(`file: cannot read ${file} (${(err as Error).message})`);
  }
  const { imports } = services(ds);
  const bar = stageProgress(io);
  let report: ImportReport;
  try {
    report = await imports.dryRun({ buffer, filename: basename(file) }, principal, bar.sink);
  } catch (err) {
    bar.finish();
    if (err instanceof InvalidInputError) {
      console.log(`${basename(file)} was refused; nothing was stored or changed:`);
      printProblems(problemsOf(err));
      return 2;
    }
    throw err;
  }
  bar.finish();
  printReport(report);
  if (report.problems.length > 0) {
    console.log(
      `Nothing was applied: correct the ${plural(report.counts.bad, 'bad line')} and run the import again.`,
    );
    return 2;
  }
  if (!on.has('apply')) {
    console.log(
      `Dry run only, kept as import #${report.id}: run again with --apply to write it, or apply it at /imports/${report.id}.`,
    );
    return 0;
  }
  const applying = stageProgress(io);
  try {
    const done = await imports.apply(report.id, principal, applying.sink);
    applying.finish();
    console.log(
      `Imported ${plural(done.counts.written ?? 0, 'assessment')} (import #${done.id}), attributed to ${principal.displayName}.`,
    );
    return 0;
  } catch (err) {
    applying.finish();
    if (err instanceof ConflictError || err instanceof StaleVersionError) {
      console.log(err.message);
      printProblems(problemsOf(err));
      return 2;
    }
    throw err;
  }
}

/** `export history|matrix --format csv|xlsx --out <file> [...]`. */
export async function exportCommand(
  ds: DataSource,
  args: string[],
  io: TransferIo = {},
): Promise<number> {
  const { positional, flags } = parseCommand(args, ['format', 'out', 'event', 'theme', 'as-of']);
  const [kind, ...extra] = positional;
  if ((kind !== 'history' && kind !== 'matrix') || extra.length > 0) {
    throw new UsageError(
      'export needs what to export: export history|matrix --format csv|xlsx --out <file>',
    );
  }
  if (!flags.out) throw new UsageError('--out: name the file to write');
  const format = (flags.format ?? extname(flags.out).slice(1)).toLowerCase();
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
  const { exportsService } = services(ds);
  let table;
  try {
    if (kind === 'history') {
      table = await exportsService.history();
    } else {
      const query = plainToInstance(MatrixQueryDto, {
        event: flags.event,
        theme: flags.theme,
        asOf: flags['as-of'],
      });
      const errors = await validate(query, { whitelist: true, forbidNonWhitelisted: true });
      if (errors.length > 0) throw new UsageError(describe(flattenValidationErrors(errors)));
      table = await exportsService.matrix(query);
    }
  } catch (err) {
    if (err instanceof DomainError) {
      throw new UsageError(describe(problemsOf(err)));
    }
    throw err;
  }
  // Written beside the target and renamed at the end, so a failed export leaves no half file.
  const partial = `${flags.out}.partial`;
  const out = createWriteStream(partial);
  const bar = progress(`Exporting ${kind}`, table.total, { stream: io.progressStream });
  try {
    const rows = await exportsService.write(table, format as ExportFormat, out, (n) =>
      bar.update(n),
    );
    await finished(out);
    renameSync(partial, flags.out);
    bar.finish(`${rows} rows`);
    console.log(
      `Wrote ${plural(rows, kind === 'history' ? 'assessment' : 'row')} to ${flags.out}.`,
    );
    return 0;
  } catch (err) {
    bar.finish();
    out.destroy();
    rmSync(partial, { force: true });
    throw err;
  }
}

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
