import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, EntityManager } from 'typeorm';
import { mayWriteFor } from '../assessments/assessments.service.js';
import { ImplementationStatus, statusInfo } from '../assessments/implementation-status.enum.js';
import { PairsMoved, PairsRepository } from '../assessments/pairs.repository.js';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { today } from '../common/dates.js';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
  validationError,
} from '../common/errors.js';
import type { Env } from '../config/env.js';
import { toBool, toIsoDate, toIsoTimestamp } from '../common/sql-values.js';
import { isPostgres, jsonIdList, sqlNow } from '../database/dialect.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import type { Subject } from '../subjects/subject.js';
import { Role } from '../users/role.enum.js';
import {
  DEFAULT_MAX_UNPACKED_MB,
  FileRefused,
  IMPORT_COLUMNS,
  readStored,
  truncate,
  readUpload,
  type FileLine,
  type LineProblem,
} from './assessment-file.js';
import {
  Import,
  type ImportCounts,
  type ImportFormat,
  type ImportStatus,
} from './import.entity.js';
import { checkFields, type LineValues } from './import-line.js';

/** A line the import would add as an assessment. */
export interface ImportChange {
  line: number;
  ref: string;
  /** ISO3 code, or the organisation's acronym. */
  iso3: string;
  subjectName: string;
  currentStatus: ImplementationStatus;
  currentStatusLabel: string;
  currentAssessedOn: string | null;
  status: ImplementationStatus;
  statusLabel: string;
  assessedOn: string;
  /** Whether it will be the pair's current status; false when dated before it (history only). */
  becomesCurrent: boolean;
}

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

interface PlannedChange extends ImportChange {
  pairId: number;
  values: LineValues;
}

interface Analysis {
  counts: ImportCounts;
  changes: PlannedChange[];
  problems: LineProblem[];
  /** Pair id → version, for each pair a change touches. */
  pairVersions: Record<string, number>;
}

interface PairRow {
  id: number;
  recommendationId: number;
  stateId: number | null;
  organisationId: number | null;
  inScope: unknown;
  version: number;
  status: ImplementationStatus;
  assessedOn: unknown;
}

interface ExistingRow {
  pairId: number;
  assessedOn: unknown;
  status: ImplementationStatus;
  note: string | null;
  evidenceUrl: string | null;
  evidenceCitation: string | null;
}

/** Assessments written per INSERT statement; all of them inside one transaction. */
const PROGRESS_EVERY = 1000;

class StaleImport extends Error {}

type ApplyOutcome =
  | { kind: 'closed'; status: ImportStatus }
  | { kind: 'refused'; reasons: LineProblem[] }
  | { kind: 'applied' };

/**
 * Imports of assessments from CSV or XLSX files, in two steps. The dry run reads the file, checks
 * every line against the database and keeps the file with what it found. Applying checks the
 * kept file again, inside one transaction, and writes every change or nothing: not when a line
 * has become bad, nor when a pair it changes was assessed by someone else since the dry run.
 */
@Injectable()
export class ImportsService {
  private readonly keepDays: number;
  private readonly maxUnpackedBytes: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly pairs: PairsRepository,
    config: ConfigService<Env, true>,
  ) {
    this.keepDays = config.get('IMPORT_KEEP_DAYS', { infer: true });
    const maxUnpackedMb: number | undefined = config.get('IMPORT_MAX_UNPACKED_MB', { infer: true });
    this.maxUnpackedBytes = (maxUnpackedMb ?? DEFAULT_MAX_UNPACKED_MB) * 1024 * 1024;
  }

  /**
   * Checks an uploaded file and keeps it for applying. A file that cannot be read as a whole (bad
   * header, no data lines, not CSV or XLSX) is refused with 400 and nothing is kept.
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
    const analysis = await this.analyse(this.dataSource.manager, file.lines, principal, onProgress);
    const saved = await this.transactions.run(async (m) => {
      await this.discardExpired(m);
      return m.save(
        m.create(Import, {
          userId: principal.userId,
          apiTokenId: principal.apiTokenId,
          uploadedBy: authorName(principal),
          filename,
          format: file.format,
          content: file.content,
          counts: analysis.counts,
          pairVersions: analysis.pairVersions,
          status: 'dry-run',
        }),
      );
    });
    const row = await this.load(saved.id);
    return {
      ...summaryOf(row),
      changes: analysis.changes.map(publicChange),
      problems: analysis.problems,
    };
  }

  /**
   * Dry runs older than IMPORT_KEEP_DAYS that were never applied are discarded, and their file
   * (up to 20 MB each) deleted; the record of the upload stays. Done with each new upload.
   */
  private async discardExpired(m: EntityManager): Promise<void> {
    const cutoff = new Date(Date.now() - this.keepDays * 86_400_000);
    await m
      .createQueryBuilder()
      .update(Import)
      .set({ status: 'discarded', content: '' })
      .where('status = :status AND created_at < :cutoff', {
        status: 'dry-run',
        // The stored form of a time on SQLite (UTC text); PostgreSQL reads it as a timestamp.
        cutoff: cutoff.toISOString().slice(0, 19).replace('T', ' '),
      })
      .execute();
  }

  /**
   * An import as it stands. A file not yet applied is checked again against the database now,
   * so the report shows what applying it would do (or why it would be refused).
   */
  async report(id: number, principal: Principal): Promise<ImportReport> {
    const row = await this.load(id, true);
    assertOwner(row, principal);
    if (row.status !== 'dry-run') return { ...summaryOf(row), changes: [], problems: [] };
    const lines = readStored(row.format, row.content, row.filename);
    const analysis = await this.analyse(this.dataSource.manager, lines, principal);
    const problems = [...analysis.problems, ...staleProblems(analysis, row.pairVersions)];
    return {
      ...summaryOf(row),
      counts: { ...analysis.counts, bad: badLines(problems), problems: problems.length },
      changes: analysis.changes.map(publicChange),
      problems,
    };
  }

  /**
   * Writes every change of a dry run in one transaction, attributed to `principal`, or nothing:
   * 409 when the dry run had bad lines, when a line is bad now, when a pair it changes has been
   * assessed since, or when the import was already applied or discarded.
   */
  async apply(id: number, principal: Principal, onProgress?: ProgressSink): Promise<ImportReport> {
    const row = await this.load(id, true);
    assertOwner(row, principal);
    assertOpen(row);
    if (row.counts.bad > 0) {
      throw conflict(
        `Import #${id} (${row.filename}) had ${row.counts.bad} bad line${row.counts.bad === 1 ? '' : 's'} ` +
          'in its dry run, so nothing of it can be applied. Correct the file and upload it again.',
        [],
      );
    }
    const lines = readStored(row.format, row.content, row.filename);
    const outcome: ApplyOutcome = await this.transactions
      .run(async (m): Promise<ApplyOutcome> => {
        const fresh = await m.findOneOrFail(Import, {
          select: { id: true, status: true },
          where: { id },
        });
        if (fresh.status !== 'dry-run') return { kind: 'closed', status: fresh.status };
        const analysis = await this.analyse(m, lines, principal, onProgress);
        const reasons = [...analysis.problems, ...staleProblems(analysis, row.pairVersions)];
        if (reasons.length === 0 && analysis.counts.changes !== row.counts.changes) {
          reasons.push({
            line: 1,
            field: 'file',
            rule: 'changed',
            message: `The file now makes ${analysis.counts.changes} changes, not ${row.counts.changes} as in the dry run; upload it again to check it.`,
          });
        }
        if (reasons.length > 0) return { kind: 'refused', reasons };
        await this.write(m, analysis, principal, onProgress);
        const counts: ImportCounts = { ...analysis.counts, written: analysis.changes.length };
        await m
          .createQueryBuilder()
          .update(Import)
          .set({ status: 'applied', counts, appliedAt: () => sqlNow(m) })
          .where('id = :id', { id })
          .execute();
        const by =
          row.uploadedBy !== authorName(principal) ? `, uploaded by ${row.uploadedBy}` : '';
        await this.audit.record(
          {
            action: 'import.applied',
            actor: principal,
            target: `import #${id}`,
            detail: `${analysis.changes.length} assessments from ${row.filename} (${analysis.counts.lines} lines, ${analysis.counts.unchanged} unchanged${by})`,
          },
          m,
        );
        return { kind: 'applied' };
      })
      .catch((err: unknown): ApplyOutcome => {
        if (err instanceof StaleImport) {
          return {
            kind: 'refused',
            reasons: [
              {
                line: 1,
                field: 'file',
                rule: 'stale',
                message:
                  'A pair of the file was assessed by someone else while it was being applied; upload it again.',
              },
            ],
          };
        }
        throw err;
      });
    if (outcome.kind === 'closed') assertOpen({ ...row, status: outcome.status });
    if (outcome.kind === 'refused') {
      const { reasons } = outcome;
      throw conflict(
        `Nothing was imported: ${reasons.length} problem${reasons.length === 1 ? '' : 's'} ` +
          `since the dry run of import #${id}. ${reasons
            .slice(0, 3)
            .map((p) => `Line ${p.line}, ${p.field}: ${p.message}`)
            .join('; ')}${reasons.length > 3 ? '; …' : ''}`,
        reasons,
      );
    }
    return { ...summaryOf(await this.load(id)), changes: [], problems: [] };
  }

  /** Sets a dry run aside: it can no longer be applied. */
  async discard(id: number, principal: Principal): Promise<ImportSummary> {
    const row = await this.load(id);
    assertOwner(row, principal);
    assertOpen(row);
    await this.transactions.run((m) =>
      m.update(Import, { id, status: 'dry-run' }, { status: 'discarded' }),
    );
    return summaryOf(await this.load(id));
  }

  /** Recent imports, newest first: one's own, or everyone's for an admin. */
  async list(principal: Principal, limit = 50): Promise<ImportSummary[]> {
    const qb = this.summaryQuery().orderBy('i.id', 'DESC').take(limit);
    if (principal.role !== Role.Admin) {
      if (principal.userId !== null) qb.where('i.userId = :userId', { userId: principal.userId });
      else qb.where('i.apiTokenId = :tokenId', { tokenId: principal.apiTokenId ?? -1 });
    }
    return (await qb.getMany()).map(summaryOf);
  }

  private summaryQuery() {
    return this.dataSource
      .getRepository(Import)
      .createQueryBuilder('i')
      .select([
        'i.id',
        'i.userId',
        'i.apiTokenId',
        'i.uploadedBy',
        'i.filename',
        'i.format',
        'i.counts',
        'i.pairVersions',
        'i.status',
        'i.createdAt',
        'i.appliedAt',
      ]);
  }

  private async load(id: number, withContent = false): Promise<Import> {
    const qb = this.summaryQuery().where('i.id = :id', { id });
    if (withContent) qb.addSelect('i.content');
    const row = await qb.getOne();
    if (!row) throw new NotFoundError(`No import #${id}`);
    return row;
  }

  /**
   * Checks every line against the database through `manager` (the apply transaction's, when
   * applying: the sqlite driver has one connection). Set-based: a few queries for the whole file.
   */
  private async analyse(
    manager: EntityManager,
    lines: FileLine[],
    principal: Principal,
    onProgress?: ProgressSink,
  ): Promise<Analysis> {
    const now = today();
    const problems: LineProblem[] = [];
    const refs = await this.refsByKey(manager);
    const subjects = await this.subjectsByCode(manager);
    const resolved: {
      line: number;
      values: LineValues;
      recommendation: { id: number; ref: string };
      subject: Subject;
    }[] = [];
    for (const line of lines) {
      // Every problem of a line is named: an unknown ref too when its status is also bad.
      const result = checkFields(line, now);
      const own = [...result.problems];
      const ref = line.values.ref ?? '';
      const code = (line.values.iso3 ?? '').toUpperCase();
      const recommendation = ref ? refs.get(ref.toUpperCase()) : undefined;
      const subject = code ? subjects.get(code) : undefined;
      if (ref && !recommendation) {
        own.push({
          line: line.line,
          field: 'ref',
          rule: 'exists',
          message: `no recommendation with ref "${truncate(ref)}"`,
        });
      }
      if (code && !subject) {
        own.push({
          line: line.line,
          field: 'iso3',
          rule: 'exists',
          message: `no State with ISO 3166 alpha-3 code (or organisation with acronym) "${truncate(code)}"`,
        });
      }
      if (own.length > 0 || !result.values || !recommendation || !subject) {
        problems.push(...own.sort((a, b) => fieldOrder(a.field) - fieldOrder(b.field)));
        continue;
      }
      resolved.push({ line: line.line, values: result.values, recommendation, subject });
    }

    const pairs = await this.pairsOf(manager, [
      ...new Set(resolved.map((r) => r.recommendation.id)),
    ]);
    const pairOf = (r: (typeof resolved)[number]): PairRow | undefined =>
      pairs.get(pairKey(r.recommendation.id, r.subject));
    const existing = await this.existingOf(
      manager,
      resolved.flatMap((r) => {
        const pair = pairOf(r);
        return pair ? [[pair.id, r.values.assessedOn] as [number, string]] : [];
      }),
    );

    let unchanged = 0;
    const planned: PlannedChange[] = [];
    const firstWriter = new Map<string, number>();
    resolved.forEach((r, i) => {
      if (i % PROGRESS_EVERY === 0) onProgress?.('check', i, resolved.length);
      const pair = pairOf(r);
      const same = pair
        ? existing
            .get(`${pair.id}|${r.values.assessedOn}`)
            ?.some((a) => sameAssessment(a, r.values))
        : false;
      if (same) {
        unchanged++;
        return;
      }
      const own: LineProblem[] = [];
      const { ref } = r.recommendation;
      const code = r.subject.code;
      if (!pair || !toBool(pair.inScope)) {
        own.push({
          line: r.line,
          field: 'iso3',
          rule: 'inScope',
          message: `${r.subject.name} (${code}) is not in the scope of recommendation ${ref}`,
        });
      }
      if (!mayWriteFor(principal, r.subject)) {
        const list = (principal.states ?? []).map((s) => s.iso3).join(', ');
        own.push({
          line: r.line,
          field: 'iso3',
          rule: 'allowedStates',
          message: `${code} is not among the States you may write for (${list})`,
        });
      }
      const key = `${pairKey(r.recommendation.id, r.subject)}|${r.values.assessedOn}`;
      const first = firstWriter.get(key);
      if (first !== undefined) {
        own.push({
          line: r.line,
          field: 'assessedOn',
          rule: 'duplicate',
          message: `duplicate of line ${first}: the same ref (${ref}), iso3 (${code}) and assessedOn (${r.values.assessedOn})`,
        });
      } else {
        firstWriter.set(key, r.line);
      }
      if (own.length > 0 || !pair) {
        problems.push(...own);
        return;
      }
      const current = statusInfo(pair.status);
      planned.push({
        line: r.line,
        ref,
        iso3: code,
        subjectName: r.subject.name,
        currentStatus: current.value,
        currentStatusLabel: current.label,
        currentAssessedOn: toIsoDate(pair.assessedOn),
        status: r.values.status,
        statusLabel: statusInfo(r.values.status).label,
        assessedOn: r.values.assessedOn,
        becomesCurrent: false,
        pairId: pair.id,
        values: r.values,
      });
    });
    onProgress?.('check', resolved.length, resolved.length);

    // A change becomes current when it is the pair's latest by date, the current one included
    // (on the same date as the current one, the one recorded later wins: the import).
    const latest = new Map<number, string>();
    const pairVersions: Record<string, number> = {};
    for (const c of planned) {
      const max = latest.get(c.pairId);
      if (max === undefined || c.assessedOn > max) latest.set(c.pairId, c.assessedOn);
    }
    const versionById = new Map([...pairs.values()].map((p) => [p.id, p]));
    for (const c of planned) {
      const pair = versionById.get(c.pairId) as PairRow;
      pairVersions[String(pair.id)] = Number(pair.version);
      c.becomesCurrent =
        c.assessedOn === latest.get(c.pairId) &&
        (c.currentAssessedOn === null || c.assessedOn >= c.currentAssessedOn);
    }

    problems.sort((a, b) => a.line - b.line);
    return {
      counts: {
        lines: lines.length,
        changes: planned.length,
        unchanged,
        bad: badLines(problems),
        problems: problems.length,
      },
      changes: planned,
      problems,
      pairVersions,
    };
  }

  /** Appends the changes through the one append; the versions seen in the dry run must hold. */
  private async write(
    m: EntityManager,
    analysis: Analysis,
    principal: Principal,
    onProgress?: ProgressSink,
  ): Promise<void> {
    const { changes } = analysis;
    const author = authorName(principal);
    const seen = new Map(
      changes.map((c) => [c.pairId, analysis.pairVersions[String(c.pairId)]] as const),
    );
    try {
      await this.pairs.append(
        m,
        changes.map((c) => ({
          pairId: c.pairId,
          status: c.values.status,
          assessedOn: c.values.assessedOn,
          note: c.values.note,
          internalNote: null,
          evidenceUrl: c.values.evidenceUrl,
          evidenceCitation: c.values.evidenceCitation,
          author,
          userId: principal.userId,
          apiTokenId: principal.apiTokenId,
        })),
        seen,
        (done) => onProgress?.('write', done, changes.length),
      );
    } catch (err) {
      if (err instanceof PairsMoved) throw new StaleImport();
      throw err;
    }
  }

  /** Recommendations by upper-case ref. */
  private async refsByKey(m: EntityManager): Promise<Map<string, { id: number; ref: string }>> {
    const rows = await m.query<{ id: number; ref: string }[]>(
      'SELECT "id", "ref" FROM "recommendations"',
    );
    return new Map(rows.map((r) => [r.ref.toUpperCase(), { id: Number(r.id), ref: r.ref }]));
  }

  /** States by ISO3 code and organisations by acronym (a State wins, as in the API). */
  private async subjectsByCode(m: EntityManager): Promise<Map<string, Subject>> {
    const states = await m.query<{ id: number; code: string; name: string }[]>(
      'SELECT "id", "iso3" AS code, "name" FROM "states"',
    );
    const orgs = await m.query<{ id: number; code: string; name: string }[]>(
      'SELECT "id", "acronym" AS code, "name" FROM "organisations"',
    );
    const map = new Map<string, Subject>();
    for (const o of orgs) {
      map.set(o.code.toUpperCase(), {
        kind: 'organisation',
        id: Number(o.id),
        code: o.code,
        name: o.name,
      });
    }
    for (const s of states) {
      map.set(s.code.toUpperCase(), {
        kind: 'state',
        id: Number(s.id),
        code: s.code,
        name: s.name,
      });
    }
    return map;
  }

  private async pairsOf(
    m: EntityManager,
    recommendationIds: number[],
  ): Promise<Map<string, PairRow>> {
    if (recommendationIds.length === 0) return new Map();
    const rows = await m.query<PairRow[]>(
      `SELECT "id", "recommendation_id" AS "recommendationId", "state_id" AS "stateId",
              "organisation_id" AS "organisationId", "in_scope" AS "inScope", "version", "status",
              "assessed_on" AS "assessedOn"
       FROM "current_statuses" WHERE "recommendation_id" IN (${jsonIdList(m, 1)})`,
      [JSON.stringify(recommendationIds)],
    );
    return new Map(
      rows.map((p) => [
        pairKey(
          Number(p.recommendationId),
          p.stateId !== null
            ? { kind: 'state', id: Number(p.stateId) }
            : { kind: 'organisation', id: Number(p.organisationId) },
        ),
        { ...p, id: Number(p.id), version: Number(p.version) },
      ]),
    );
  }

  /** The assessments recorded for these (pair, assessedOn) keys, by "pairId|date". */
  private async existingOf(
    m: EntityManager,
    keys: [number, string][],
  ): Promise<Map<string, ExistingRow[]>> {
    const unique = [...new Map(keys.map((k) => [`${k[0]}|${k[1]}`, k])).values()];
    const map = new Map<string, ExistingRow[]>();
    if (unique.length === 0) return map;
    // CROSS JOIN keeps the keys as the outer loop, so each key is one index lookup.
    const rows = await m.query<ExistingRow[]>(
      `SELECT a."pair_id" AS "pairId", a."assessed_on" AS "assessedOn", a."status", a."note",
              a."evidence_url" AS "evidenceUrl", a."evidence_citation" AS "evidenceCitation"
       ${
         isPostgres(m)
           ? `FROM jsonb_array_elements($1::jsonb) AS j(v) CROSS JOIN "assessments" AS a
       WHERE a."pair_id" = (j.v->>0)::integer AND a."assessed_on" = (j.v->>1)::date`
           : `FROM json_each(?) AS j CROSS JOIN "assessments" AS a
       WHERE a."pair_id" = json_extract(j.value, '$[0]') AND a."assessed_on" = json_extract(j.value, '$[1]')`
       }`,
      [JSON.stringify(unique)],
    );
    for (const row of rows) {
      const key = `${Number(row.pairId)}|${toIsoDate(row.assessedOn)}`;
      const list = map.get(key) ?? [];
      list.push(row);
      map.set(key, list);
    }
    return map;
  }
}

/** Problems of one line are listed in the order of the columns. */
function fieldOrder(field: string): number {
  const i = (IMPORT_COLUMNS as readonly string[]).indexOf(field);
  return i === -1 ? IMPORT_COLUMNS.length : i;
}

function pairKey(recommendationId: number, subject: Pick<Subject, 'kind' | 'id'>): string {
  return `${recommendationId}:${subject.kind === 'state' ? 's' : 'o'}${subject.id}`;
}

/** Line ends differ between a form (CRLF), a CSV and an XLSX (LF): they do not make a change. */
function sameText(a: string | null, b: string | null): boolean {
  const norm = (s: string | null): string => (s ?? '').replace(/\r\n?/g, '\n');
  return norm(a) === norm(b);
}

function sameAssessment(a: ExistingRow, v: LineValues): boolean {
  return (
    a.status === v.status &&
    sameText(a.note, v.note) &&
    sameText(a.evidenceUrl, v.evidenceUrl) &&
    sameText(a.evidenceCitation, v.evidenceCitation)
  );
}

/** A problem for every change whose pair was assessed after the dry run. */
function staleProblems(analysis: Analysis, seen: Record<string, number>): LineProblem[] {
  return analysis.changes.flatMap((c) => {
    const before = seen[String(c.pairId)];
    const now = analysis.pairVersions[String(c.pairId)];
    if (before === now) return [];
    return [
      {
        line: c.line,
        field: 'iso3',
        rule: 'stale',
        message:
          before === undefined
            ? `${c.ref} / ${c.iso3} was not changed by the dry run; upload the file again to check it`
            : `${c.ref} / ${c.iso3} was assessed by someone else after the dry run (version ${before}, now ${now}); upload the file again to see its new state`,
      },
    ];
  });
}

function badLines(problems: LineProblem[]): number {
  return new Set(problems.map((p) => p.line)).size;
}

function publicChange(c: PlannedChange): ImportChange {
  const { pairId: _p, values: _v, ...change } = c;
  return change;
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

function assertOpen(row: Pick<Import, 'id' | 'status' | 'filename'>): void {
  if (row.status === 'applied') {
    throw conflict(`Import #${row.id} (${row.filename}) was already applied.`, []);
  }
  if (row.status === 'discarded') {
    throw conflict(
      `Import #${row.id} (${row.filename}) was discarded (by hand, or as a dry run not applied in time); upload the file again.`,
      [],
    );
  }
}

function conflict(message: string, problems: LineProblem[]): ConflictError {
  return new ConflictError(message, problems);
}

/** The file's own name, without any folder a browser may send, at most 255 characters. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop()?.trim() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 255);
  return clean || 'upload';
}
