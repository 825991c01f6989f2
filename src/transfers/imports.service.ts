import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EntityManager } from 'typeorm';
import { mayWriteFor } from '../assessments/assessments.service.js';
import {
  type NewAssessment,
  PairsMoved,
  PairsRepository,
} from '../assessments/pairs.repository.js';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { today } from '../common/dates.js';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
  validationError,
} from '../common/errors.js';
import { toIsoTimestamp } from '../common/sql-values.js';
import { cleanText } from '../common/text.js';
import type { Env } from '../config/env.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { Role } from '../users/role.enum.js';
import {
  DEFAULT_MAX_UNPACKED_MB,
  DEFAULT_MAX_UPLOAD_MB,
  FileRefused,
  readStored,
  readUpload,
  type FileLine,
  type LineProblem,
} from './assessment-file.js';
import {
  assessmentKeysOf,
  badLines,
  checkLines,
  planImport,
  publicChange,
  recommendationIdsOf,
  refusalsOf,
  staleProblems,
  type ImportChange,
  type ImportPlan,
  type ImportWriter,
} from './import-plan.js';
import type { Import, ImportCounts, ImportFormat, ImportStatus } from './import.entity.js';
import { ImportsRepository, type ImportOwner } from './imports.repository.js';

export type { ImportChange } from './import-plan.js';

export interface ImportSummary {
  id: number;
  filename: string;
  format: ImportFormat;
  status: ImportStatus;
  uploadedBy: string;
  createdAt: string;
  appliedAt: string | null;
  counts: ImportCounts;
}

/** A dry run: what applying the file would do, line by line. */
export interface ImportReport extends ImportSummary {
  changes: ImportChange[];
  problems: LineProblem[];
}

export interface Upload {
  buffer: Buffer;
  filename: string;
}

/** Progress of long work, for the command line: `done` of `total` lines checked or written. */
export type ProgressSink = (stage: 'check' | 'write', done: number, total: number) => void;

/**
 * An import that cannot be applied (or discarded) now: refused, or no longer open. `report` is
 * the import as the refusing check found it, so that a page can show it without checking the
 * file again.
 */
export class ImportConflictError extends ConflictError {
  constructor(
    message: string,
    problems: readonly LineProblem[],
    readonly report: ImportReport,
  ) {
    super(message, problems);
  }
}

/** A pair of the plan was assessed by another writer during the write; the plan it broke. */
class StaleImport extends Error {
  constructor(readonly plan: ImportPlan) {
    super('a pair of the import was assessed meanwhile');
  }
}

type ApplyOutcome =
  | { kind: 'closed'; status: ImportStatus }
  | { kind: 'refused'; message: string; reasons: LineProblem[]; report: ImportReport }
  | { kind: 'applied' };

/** The one reason given when another writer moved a pair while the import was being written. */
const MOVED_WHILE_WRITING: LineProblem = {
  line: 1,
  field: 'file',
  rule: 'stale',
  message:
    'A pair of the file was assessed by someone else while it was being applied; upload it again.',
};

/**
 * Imports of assessments from CSV or XLSX files, in two steps. The dry run reads the file, checks
 * every line against the database and keeps the file with what it found. Applying checks the
 * kept file again, once, inside one transaction, and writes every change or nothing: not when a
 * line has become bad, nor when a pair it changes was assessed by someone else since the dry run.
 *
 * The checking is `import-plan.ts` (pure); the facts it needs and the import rows are read and
 * written by the repository; the assessments are appended by the pairs repository.
 */
@Injectable()
export class ImportsService {
  private readonly keepDays: number;
  private readonly maxUnpackedBytes: number;
  /** The largest file an import takes (IMPORT_MAX_UPLOAD_MB). */
  readonly maxUploadMb: number;

  constructor(
    private readonly repository: ImportsRepository,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly pairs: PairsRepository,
    config: ConfigService<Env, true>,
  ) {
    this.keepDays = config.get('IMPORT_KEEP_DAYS', { infer: true });
    const maxUploadMb: number | undefined = config.get('IMPORT_MAX_UPLOAD_MB', { infer: true });
    this.maxUploadMb = maxUploadMb ?? DEFAULT_MAX_UPLOAD_MB;
    const maxUnpackedMb: number | undefined = config.get('IMPORT_MAX_UNPACKED_MB', { infer: true });
    this.maxUnpackedBytes = (maxUnpackedMb ?? DEFAULT_MAX_UNPACKED_MB) * 1024 * 1024;
  }

  /**
   * Checks an uploaded file and keeps it for applying. A file that cannot be read as a whole (bad
   * header, no data lines, not CSV or XLSX) is refused with 400 and nothing is kept.
   *
   * Dry runs older than IMPORT_KEEP_DAYS that were never applied are discarded with each new
   * upload, and their file (up to 20 MB each) deleted; the record of the upload stays.
   */
  async dryRun(
    upload: Upload,
    principal: Principal,
    onProgress?: ProgressSink,
  ): Promise<ImportReport> {
    const filename = cleanFilename(upload.filename);
    let file;
    try {
      file = await readUpload(upload.buffer, filename, { maxUnpackedBytes: this.maxUnpackedBytes });
    } catch (err) {
      if (err instanceof FileRefused) throw validationError(err.problems);
      throw err;
    }
    const plan = await this.analyse(file.lines, principal, onProgress);
    const id = await this.transactions.run(async (m) => {
      await this.repository.discardExpired(m, new Date(Date.now() - this.keepDays * 86_400_000));
      return this.repository.insertDryRun(m, {
        userId: principal.userId,
        apiTokenId: principal.apiTokenId,
        uploadedBy: authorName(principal),
        filename,
        format: file.format,
        content: file.content,
        counts: plan.counts,
        pairVersions: plan.pairVersions,
      });
    });
    return {
      ...summaryOf(await this.load(id)),
      changes: plan.changes.map(publicChange),
      problems: plan.problems,
    };
  }

  /**
   * An import as it stands. A file not yet applied is checked again against the database now,
   * so the report shows what applying it would do (or why it would be refused).
   */
  async report(id: number, principal: Principal): Promise<ImportReport> {
    const row = await this.load(id, true);
    assertOwner(row, principal);
    if (row.status !== 'dry-run') return closedReport(row);
    const plan = await this.analyse(readStored(row.format, row.content, row.filename), principal);
    return reportOf(row, plan, staleProblems(plan, row.pairVersions));
  }

  /**
   * Writes every change of a dry run in one transaction, attributed to `principal`, or nothing:
   * 409 when the dry run had bad lines, when a line is bad now, when a pair it changes has been
   * assessed since, or when the import was already applied or discarded. The file is checked
   * once, inside the transaction; a refusal carries the report of that check.
   */
  async apply(id: number, principal: Principal, onProgress?: ProgressSink): Promise<ImportReport> {
    const row = await this.load(id, true);
    assertOwner(row, principal);
    assertOpen(row);
    const lines = readStored(row.format, row.content, row.filename);
    const outcome: ApplyOutcome = await this.transactions
      .run(async (m): Promise<ApplyOutcome> => {
        const status = await this.repository.statusOf(m, id);
        if (status !== 'dry-run') return { kind: 'closed', status };
        const plan = await this.analyse(lines, principal, onProgress, m);
        const report = reportOf(row, plan, staleProblems(plan, row.pairVersions));
        if (row.counts.bad > 0) {
          return { kind: 'refused', message: badDryRunMessage(row), reasons: [], report };
        }
        const reasons = refusalsOf(plan, row);
        if (reasons.length > 0) {
          return { kind: 'refused', message: refusedMessage(id, reasons), reasons, report };
        }
        await this.write(m, plan, principal, onProgress);
        await this.repository.markApplied(m, id, {
          ...plan.counts,
          written: plan.changes.reduce((n, c) => n + (c.planned?.length ?? 1), 0),
        });
        const by =
          row.uploadedBy !== authorName(principal) ? `, uploaded by ${row.uploadedBy}` : '';
        await this.audit.record(
          {
            action: 'import.applied',
            actor: principal,
            target: `import #${id}`,
            detail: `${plan.changes.length} assessments from ${row.filename} (${plan.counts.lines} lines, ${plan.counts.unchanged} unchanged${by})`,
          },
          m,
        );
        return { kind: 'applied' };
      })
      .catch((err: unknown): ApplyOutcome => {
        if (!(err instanceof StaleImport)) throw err;
        const reasons = [MOVED_WHILE_WRITING];
        return {
          kind: 'refused',
          message: refusedMessage(id, reasons),
          reasons,
          report: reportOf(row, err.plan, reasons),
        };
      });
    if (outcome.kind === 'closed') assertOpen(await this.load(id));
    if (outcome.kind === 'refused') {
      throw new ImportConflictError(outcome.message, outcome.reasons, outcome.report);
    }
    return closedReport(await this.load(id));
  }

  /** Sets a dry run aside: it can no longer be applied. */
  async discard(id: number, principal: Principal): Promise<ImportSummary> {
    const row = await this.load(id);
    assertOwner(row, principal);
    assertOpen(row);
    await this.transactions.run((m) => this.repository.discard(m, id));
    return summaryOf(await this.load(id));
  }

  /** Recent imports, newest first: one's own, or everyone's for an admin. */
  async list(principal: Principal, limit = 50): Promise<ImportSummary[]> {
    const owner: ImportOwner =
      principal.role === Role.Admin
        ? null
        : principal.userId !== null
          ? { userId: principal.userId }
          : { apiTokenId: principal.apiTokenId ?? -1 };
    return (await this.repository.list(owner, limit)).map(summaryOf);
  }

  private async load(id: number, withContent = false): Promise<Import> {
    const row = await this.repository.load(id, withContent);
    if (!row) throw new NotFoundError(`No import #${id}`);
    return row;
  }

  /**
   * Plans the file against the database, read through `m` when given (the apply transaction's:
   * the sqlite driver has one connection). Set-based: a few queries for the whole file.
   */
  private async analyse(
    lines: FileLine[],
    principal: Principal,
    onProgress?: ProgressSink,
    m?: EntityManager,
  ): Promise<ImportPlan> {
    const checked = checkLines(
      lines,
      await this.repository.refsByKey(m),
      await this.repository.subjectsByCode(m),
      today(),
    );
    const pairs = await this.repository.pairsOf(recommendationIdsOf(checked), m);
    const recorded = await this.repository.existingOf(assessmentKeysOf(checked, pairs), m);
    const measured = await this.repository.measuresOf(recommendationIdsOf(checked), m);
    return planImport(checked, pairs, recorded, writerOf(principal), measured, (done, total) =>
      onProgress?.('check', done, total),
    );
  }

  /** Appends the changes through the one append; the versions seen in the dry run must hold. */
  private async write(
    m: EntityManager,
    plan: ImportPlan,
    principal: Principal,
    onProgress?: ProgressSink,
  ): Promise<void> {
    const { changes } = plan;
    const author = authorName(principal);
    const seen = new Map(
      changes.map((c) => [c.pairId, plan.pairVersions[String(c.pairId)]] as const),
    );
    const entries = changes.flatMap((c): NewAssessment[] => {
      const line: NewAssessment = {
        pairId: c.pairId,
        status: c.status,
        assessedOn: c.values.assessedOn,
        note: c.values.note,
        internalNote: null,
        evidenceUrl: c.values.evidenceUrl,
        evidenceCitation: c.values.evidenceCitation,
        author,
        userId: principal.userId,
        apiTokenId: principal.apiTokenId,
      };
      if (!c.planned) return [line];
      const [entry, ...followUps] = c.planned;
      return [
        { ...line, ...entry },
        ...followUps.map((f) => ({
          ...line,
          ...f,
          note: c.rederivedNote,
          evidenceUrl: null,
          evidenceCitation: null,
        })),
      ];
    });
    try {
      await this.pairs.append(m, entries, seen, (done) =>
        onProgress?.('write', done, entries.length),
      );
    } catch (err) {
      if (err instanceof PairsMoved) throw new StaleImport(plan);
      throw err;
    }
  }
}

function writerOf(principal: Principal): ImportWriter {
  return {
    mayWrite: (subject) => mayWriteFor(principal, subject),
    writableStates: (principal.states ?? []).map((s) => s.iso3),
  };
}

/** A dry run checked now: the plan's counts, changes and problems, and `extra` problems. */
function reportOf(row: Import, plan: ImportPlan, extra: LineProblem[]): ImportReport {
  const problems = [...plan.problems, ...extra];
  return {
    ...summaryOf(row),
    counts: { ...plan.counts, bad: badLines(problems), problems: problems.length },
    changes: plan.changes.map(publicChange),
    problems,
  };
}

/** An import that is not checked again: applied, discarded, or just applied. */
function closedReport(row: Import): ImportReport {
  return { ...summaryOf(row), changes: [], problems: [] };
}

function badDryRunMessage(row: Import): string {
  const { bad } = row.counts;
  return (
    `Import #${row.id} (${row.filename}) had ${bad} bad line${bad === 1 ? '' : 's'} ` +
    'in its dry run, so nothing of it can be applied. Correct the file and upload it again.'
  );
}

function refusedMessage(id: number, reasons: LineProblem[]): string {
  return (
    `Nothing was imported: ${reasons.length} problem${reasons.length === 1 ? '' : 's'} ` +
    `since the dry run of import #${id}. ${reasons
      .slice(0, 3)
      .map((p) => `Line ${p.line}, ${p.field}: ${p.message}`)
      .join('; ')}${reasons.length > 3 ? '; …' : ''}`
  );
}

export function authorName(principal: Principal): string {
  return principal.kind === 'token' ? principal.name : principal.displayName;
}

function summaryOf(row: Import): ImportSummary {
  return {
    id: row.id,
    filename: row.filename,
    format: row.format,
    status: row.status,
    uploadedBy: row.uploadedBy,
    createdAt: toIsoTimestamp(row.createdAt) ?? '',
    appliedAt: toIsoTimestamp(row.appliedAt),
    counts: row.counts,
  };
}

function isOwner(row: Import, principal: Principal): boolean {
  if (row.userId !== null) return row.userId === principal.userId;
  return row.apiTokenId !== null && row.apiTokenId === principal.apiTokenId;
}

function assertOwner(row: Import, principal: Principal): void {
  if (principal.role === Role.Admin || isOwner(row, principal)) return;
  throw new NotAllowedError(
    `Import #${row.id} was uploaded by ${row.uploadedBy}: only they, or an admin, may see or apply it.`,
  );
}

function assertOpen(row: Import): void {
  if (row.status === 'applied') {
    throw new ImportConflictError(
      `Import #${row.id} (${row.filename}) was already applied.`,
      [],
      closedReport(row),
    );
  }
  if (row.status === 'discarded') {
    throw new ImportConflictError(
      `Import #${row.id} (${row.filename}) was discarded (by hand, or as a dry run not applied in time); upload the file again.`,
      [],
      closedReport(row),
    );
  }
}

/** The file's own name, without any folder a browser may send, at most 255 characters. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop()?.trim() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = cleanText(base.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 255));
  return clean || 'upload';
}
