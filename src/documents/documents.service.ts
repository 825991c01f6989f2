import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AuditService, type AuditAction } from '../audit/audit.service.js';
import { principalKey, type Principal } from '../auth/principal.js';
import { today } from '../common/dates.js';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
  StaleVersionError,
  fieldError,
} from '../common/errors.js';
import { page, type Page, type PageQueryDto } from '../common/paging.js';
import type { Env } from '../config/env.js';
import { isUniqueViolation } from '../database/dialect.js';
import { SettingsService } from '../database/settings.service.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { DEMO_SETTING } from '../demo/demo.service.js';
import { StatusesService } from '../assessments/statuses.service.js';
import type { ProgressFigures } from '../assessments/progress.js';
import { dateText } from '../common/views/hbs-helpers.js';
import { ProgressService } from '../progress/progress.service.js';
import type { Edition } from '../reports/dto/report-query.dto.js';
import { PdfService } from '../reports/pdf.service.js';
import { ReportRenderer } from '../reports/report-renderer.js';
import type { ReportDocument } from '../reports/report-view.js';
import { ReportsService } from '../reports/reports.service.js';
import { hasRole, Role } from '../users/role.enum.js';
import {
  Document,
  type DocumentKind,
  type DocumentOptions,
  type DocumentStage,
  type Marking,
} from './document.entity.js';
import {
  DocumentsRepository,
  type ConclusionTopic,
  type DocumentFilter,
} from './documents.repository.js';
import type {
  CreateDocumentDto,
  DocumentFieldsDto,
  UpdateDocumentDto,
} from './dto/document.dto.js';
import { IssuedDocument } from './issued-document.entity.js';
import { narrativeHtml } from './markdown.js';
import { methodSection, type MethodSection } from './method.js';

/** The edition of the report each marking prints: only an internal document has internal notes. */
export const EDITION_OF: Record<Marking, Edition> = {
  public: 'public',
  restricted: 'public',
  internal: 'internal',
};

export const MARKING_LABELS: Record<Marking, string> = {
  public: 'Public',
  restricted: 'Restricted',
  internal: 'Internal: secretariat only',
};

export const STAGE_LABELS: Record<DocumentStage, string> = {
  draft: 'Draft',
  submitted: 'Submitted for approval',
  approved: 'Approved',
  issued: 'Issued',
};

/** The kind's code in a document symbol. */
const KIND_CODES: Record<DocumentKind, string> = {
  event: 'EVT',
  state: 'STA',
  theme: 'THM',
  recommendation: 'REC',
  period: 'PER',
};

/** A document symbol from the configured pattern, e.g. "SEC/EVT/2026/3" or ".../Rev.1". */
export function documentSymbol(
  pattern: string,
  kind: DocumentKind,
  year: number,
  number: number,
  revision = 0,
): string {
  const base = pattern
    .replace(/\{KIND\}/g, KIND_CODES[kind])
    .replace(/\{YEAR\}/g, String(year))
    .replace(/\{N\}/g, String(number));
  return revision > 0 ? `${base}/Rev.${revision}` : base;
}

/** What was issued of a document: its hashes, pages and where to download it. */
export interface IssuedView {
  htmlSha256: string;
  pdfSha256: string;
  pdfPages: number;
  pdfUrl: string;
  htmlUrl: string;
}

/** A document as the API returns it. */
export interface DocumentView {
  id: number;
  kind: DocumentKind;
  target: string;
  options: DocumentOptions;
  title: string;
  symbol: string;
  revision: number;
  /** The symbol of the document this revision corrects. */
  revises: string | null;
  /** The symbol of the issued revision that replaces this one. */
  supersededBy: string | null;
  language: string;
  marking: Marking;
  stage: DocumentStage;
  version: number;
  author: string;
  approvedBy: string | null;
  issuedBy: string | null;
  submittedAt: string | null;
  approvedAt: string | null;
  issuedAt: string | null;
  createdAt: string;
  updatedAt: string;
  introduction: string;
  conclusions: Record<string, string>;
  overallConclusion: string;
  issued: IssuedView | null;
}

/** A file of an issued document, exactly as it was issued. */
export interface IssuedFile {
  body: Buffer;
  contentType: string;
  fileName: string;
  sha256: string;
}

/** What a document prints beside the report: its identity and its generated method. */
export interface PrintedDocument {
  symbol: string;
  title: string;
  /** Its language tag (the page's lang) and the language's name, for the cover. */
  language: string;
  languageName: string;
  /** The issue date, or null on a draft's preview (which is marked as a draft instead). */
  issuedOn: string | null;
  draft: boolean;
  revision: number;
  revises: string | null;
  /** The generated method section: scale, dates, and the pairs the figures rest on. */
  method: MethodSection;
}

/** The marking as printed at the top and foot of every page. */
const PRINTED_MARKINGS: Record<Marking, string> = {
  public: 'PUBLIC',
  restricted: 'RESTRICTED',
  internal: 'INTERNAL · NOT FOR DISTRIBUTION',
};

/** A language's name in English ("French" for fr), or the tag when it has none. */
export function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** Who may see documents not yet issued: those who may write them. */
function seesDrafts(principal: Principal): boolean {
  return hasRole(principal.role, Role.Analyst);
}

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Report documents: a report kind and its options with a symbol, a marking and the analyst's
 * narrative, from draft to issued with a second person's approval. Every step checks the
 * version last read (409 on a stale one) and is written to the audit log in the same
 * transaction. Issuing prints the document once and stores its HTML and PDF, never to change.
 */
@Injectable()
export class DocumentsService {
  private readonly symbolPattern: string;

  constructor(
    private readonly documents: DocumentsRepository,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly reports: ReportsService,
    private readonly renderer: ReportRenderer,
    private readonly pdf: PdfService,
    private readonly settings: SettingsService,
    private readonly progress: ProgressService,
    private readonly statuses: StatusesService,
    config: ConfigService<Env, true>,
  ) {
    this.symbolPattern = config.get('DOCUMENT_SYMBOL_PATTERN', { infer: true });
  }

  /** Documents, newest change first: all of them for writers, the issued ones for viewers. */
  async list(
    query: PageQueryDto & { stage?: DocumentStage; kind?: DocumentKind },
    principal: Principal,
  ): Promise<Page<DocumentView>> {
    const filter: DocumentFilter = { kind: query.kind };
    if (!seesDrafts(principal)) filter.stages = ['issued'];
    if (query.stage) {
      filter.stages = filter.stages?.includes(query.stage) === false ? [] : [query.stage];
    }
    const [rows, total] = await this.documents.page(filter, {
      offset: (query.page - 1) * query.pageSize,
      limit: query.pageSize,
    });
    return page(await this.views(rows), query, total);
  }

  async get(id: number, principal: Principal): Promise<DocumentView> {
    return (await this.views([await this.readable(id, principal)]))[0];
  }

  /** The recommendations a document may conclude on (and whether it has a State conclusion). */
  async topics(id: number, principal: Principal): Promise<ConclusionTopic[]> {
    const doc = await this.readable(id, principal);
    return this.documents.conclusionTopics(doc.kind, doc.target);
  }

  /**
   * A new draft: the report is built once to check its kind, target and options (an unknown
   * event is refused here, naming the field), and gives the default title. Its symbol takes
   * the next number of the year.
   */
  async create(dto: CreateDocumentDto, principal: Principal): Promise<DocumentView> {
    const kind = dto.kind;
    const target = kind === 'period' ? '' : (dto.target ?? '').trim();
    if (kind !== 'period' && !target) {
      throw fieldError('target', 'isNotEmpty', `target: name the ${kind} the report is about`);
    }
    const options = await this.withDefaults(kind, { ...dto.options });
    const built = await this.build(kind, target, options, 'internal');
    const title = dto.title?.trim() || `${built.view.meta.title}: ${built.view.meta.subtitle}`;
    const year = new Date().getUTCFullYear();
    const created = await this.writeWithNumber(async (manager) => {
      const number = await this.documents.nextNumber(manager, year);
      const doc = manager.getRepository(Document).create({
        kind,
        target: kind === 'state' ? target.toUpperCase() : target,
        options,
        title,
        symbol: documentSymbol(this.symbolPattern, kind, year, number),
        year,
        number,
        revision: 0,
        revisesId: null,
        supersededById: null,
        language: dto.language ?? 'en',
        marking: dto.marking ?? 'internal',
        introduction: dto.introduction ?? '',
        conclusions: dto.conclusions ?? {},
        overallConclusion: dto.overallConclusion ?? '',
        stage: 'draft',
        version: 1,
        authorId: principal.userId,
        author: principal.name,
      });
      const saved = await manager.getRepository(Document).save(doc);
      await this.log(manager, 'document.created', principal, saved);
      return saved;
    });
    return this.get(created.id, principal);
  }

  /** Changes a draft's fields, on top of the version last read. */
  async update(id: number, dto: UpdateDocumentDto, principal: Principal): Promise<DocumentView> {
    const { baseVersion, ...fields } = dto;
    const options =
      fields.options !== undefined ? await this.checkedOptions(id, fields.options) : undefined;
    await this.step(id, baseVersion, principal, 'document.updated', (doc) => {
      this.mustBeAuthorOrAdmin(doc, principal, 'change');
      this.mustBeAt(doc, ['draft'], 'changed', 'Return it to draft first.');
      this.assign(doc, fields, options);
    });
    return this.get(id, principal);
  }

  /** Sends a draft for approval. */
  async submit(id: number, baseVersion: number, principal: Principal): Promise<DocumentView> {
    await this.step(id, baseVersion, principal, 'document.submitted', (doc) => {
      this.mustBeAuthorOrAdmin(doc, principal, 'submit');
      this.mustBeAt(doc, ['draft'], 'submitted');
      doc.stage = 'submitted';
      doc.submittedAt = new Date();
    });
    return this.get(id, principal);
  }

  /** Approves a submitted document: an admin who is not its author (four eyes). */
  async approve(id: number, baseVersion: number, principal: Principal): Promise<DocumentView> {
    await this.step(id, baseVersion, principal, 'document.approved', (doc) => {
      if (!hasRole(principal.role, Role.Admin)) {
        throw new NotAllowedError('Only an admin may approve a document.');
      }
      if (this.isAuthor(doc, principal)) {
        throw new NotAllowedError(
          'You wrote this document: someone else must approve it (four eyes).',
        );
      }
      this.mustBeAt(doc, ['submitted'], 'approved', 'It must be submitted first.');
      doc.stage = 'approved';
      doc.approvedBy = principal.name;
      doc.approvedAt = new Date();
    });
    return this.get(id, principal);
  }

  /** Sends a submitted or approved document back to draft, for its author to change. */
  async returnToDraft(
    id: number,
    baseVersion: number,
    principal: Principal,
  ): Promise<DocumentView> {
    await this.step(id, baseVersion, principal, 'document.returned', (doc) => {
      this.mustBeAuthorOrAdmin(doc, principal, 'return to draft');
      this.mustBeAt(doc, ['submitted', 'approved'], 'returned to draft');
      doc.stage = 'draft';
      doc.approvedBy = null;
      doc.approvedAt = null;
      doc.submittedAt = null;
    });
    return this.get(id, principal);
  }

  /**
   * Issues an approved document: prints it once (HTML with its stylesheet inside, and PDF) and
   * stores both with their SHA-256, never to change. A revision, once issued, supersedes the
   * document it corrects. Only an admin issues.
   */
  async issue(id: number, baseVersion: number, principal: Principal): Promise<DocumentView> {
    if (!hasRole(principal.role, Role.Admin)) {
      throw new NotAllowedError('Only an admin may issue a document.');
    }
    const doc = await this.readable(id, principal);
    this.checkVersion(doc, baseVersion);
    this.mustBeAt(doc, ['approved'], 'issued', 'It must be approved first.');
    const issuedAt = new Date();
    // Printed before the transaction: a PDF takes seconds, and a write must not wait for it.
    const { html, report } = await this.printable(doc, today(issuedAt));
    const pdf = await this.pdf.fromHtml(html, principalKey(principal), report);
    // pdf-lib is loaded with the first PDF, not at every start.
    const { pageCount } = await import('../reports/pdf-document.js');
    const pdfPages = await pageCount(pdf);
    await this.step(id, baseVersion, principal, 'document.issued', async (fresh, manager) => {
      this.mustBeAt(fresh, ['approved'], 'issued');
      fresh.stage = 'issued';
      fresh.issuedBy = principal.name;
      fresh.issuedAt = issuedAt;
      await manager.getRepository(IssuedDocument).insert({
        documentId: fresh.id,
        html,
        pdf: pdf.toString('base64'),
        htmlSha256: sha256(html),
        pdfSha256: sha256(pdf),
        pdfPages,
        issuedAt,
      });
      if (fresh.revisesId !== null) {
        await manager
          .getRepository(Document)
          .update({ id: fresh.revisesId }, { supersededById: fresh.id });
      }
    });
    return this.get(id, principal);
  }

  /**
   * A correction of an issued document: a new draft with the same report and narrative, the
   * next revision of its symbol. One revision is worked on at a time.
   */
  async revise(id: number, principal: Principal): Promise<DocumentView> {
    const original = await this.readable(id, principal);
    this.mustBeAt(original, ['issued'], 'revised', 'Only an issued document is revised.');
    if (original.supersededById !== null) {
      throw new ConflictError(
        `${original.symbol} is superseded; revise the latest revision instead.`,
      );
    }
    const created = await this.writeWithNumber(async (manager) => {
      const last = await this.documents.lastRevision(manager, original.year, original.number);
      const pending = await manager
        .getRepository(Document)
        .findOne({ where: { year: original.year, number: original.number, revision: last } });
      if (pending && pending.stage !== 'issued') {
        throw new ConflictError(
          `${pending.symbol} is already being written (${STAGE_LABELS[pending.stage].toLowerCase()}); finish it first.`,
        );
      }
      const revision = last + 1;
      const doc = manager.getRepository(Document).create({
        ...original,
        id: undefined,
        symbol: documentSymbol(
          this.symbolPattern,
          original.kind,
          original.year,
          original.number,
          revision,
        ),
        revision,
        revisesId: original.id,
        supersededById: null,
        stage: 'draft',
        version: 1,
        authorId: principal.userId,
        author: principal.name,
        approvedBy: null,
        issuedBy: null,
        submittedAt: null,
        approvedAt: null,
        issuedAt: null,
      });
      const saved = await manager.getRepository(Document).save(doc);
      await this.log(manager, 'document.revised', principal, saved, `revises ${original.symbol}`);
      return saved;
    });
    return this.get(created.id, principal);
  }

  /** The document as it would print today, marked as a draft until it is issued. */
  async preview(id: number, principal: Principal): Promise<string> {
    const doc = await this.readable(id, principal);
    if (doc.stage === 'issued')
      return (await this.issuedFile(id, 'html', principal)).body.toString();
    return (await this.printable(doc, null)).html;
  }

  /** The HTML or PDF of an issued document, byte for byte as issued, with its SHA-256. */
  async issuedFile(id: number, format: 'pdf' | 'html', principal: Principal): Promise<IssuedFile> {
    const doc = await this.readable(id, principal);
    const issued = doc.stage === 'issued' ? await this.documents.issued(id) : null;
    if (!issued) throw new NotFoundError(`${doc.symbol} has not been issued.`);
    const name = doc.symbol.replace(/[^A-Za-z0-9.-]+/g, '-');
    return format === 'pdf'
      ? {
          body: Buffer.from(issued.pdf, 'base64'),
          contentType: 'application/pdf',
          fileName: `${name}.pdf`,
          sha256: issued.pdfSha256,
        }
      : {
          body: Buffer.from(issued.html, 'utf8'),
          contentType: 'text/html; charset=utf-8',
          fileName: `${name}.html`,
          sha256: issued.htmlSha256,
        };
  }

  /** A document the principal may read: any for writers, issued ones for viewers. */
  private async readable(id: number, principal: Principal): Promise<Document> {
    const doc = await this.documents.find(id);
    if (!doc || (doc.stage !== 'issued' && !seesDrafts(principal))) {
      throw new NotFoundError(`No document ${id}.`);
    }
    return doc;
  }

  /**
   * The report's options with their defaults: a period report starts where the last issued
   * period report ended (else a year before its end, the report's own default).
   */
  private async withDefaults(
    kind: DocumentKind,
    options: DocumentOptions,
  ): Promise<DocumentOptions> {
    const kept = Object.fromEntries(
      Object.entries(options).filter(([, v]) => v !== undefined && v !== ''),
    ) as DocumentOptions;
    if (kind === 'period' && !kept.from) {
      const from = await this.documents.lastIssuedPeriodEnd();
      if (from && from < (kept.to ?? today())) kept.from = from;
    }
    return kept;
  }

  /** New options for a draft, checked by building its report with them. */
  private async checkedOptions(id: number, options: DocumentOptions): Promise<DocumentOptions> {
    const doc = await this.documents.find(id);
    if (!doc) throw new NotFoundError(`No document ${id}.`);
    const kept = await this.withDefaults(doc.kind, { ...options });
    await this.build(doc.kind, doc.target, kept, 'internal');
    return kept;
  }

  private assign(doc: Document, fields: DocumentFieldsDto, options?: DocumentOptions): void {
    if (fields.title !== undefined) {
      if (!fields.title.trim()) throw fieldError('title', 'isNotEmpty', 'title must not be empty');
      doc.title = fields.title.trim();
    }
    if (fields.language !== undefined) doc.language = fields.language;
    if (fields.marking !== undefined) doc.marking = fields.marking;
    if (options !== undefined) doc.options = options;
    if (fields.introduction !== undefined) doc.introduction = fields.introduction;
    if (fields.conclusions !== undefined) {
      doc.conclusions = Object.fromEntries(
        Object.entries(fields.conclusions).filter(([, text]) => text.trim() !== ''),
      );
    }
    if (fields.overallConclusion !== undefined) doc.overallConclusion = fields.overallConclusion;
  }

  /**
   * One step of a document in one transaction: read it again, check the version, change it,
   * move the version on, and log the step.
   */
  private async step(
    id: number,
    baseVersion: number,
    principal: Principal,
    action: AuditAction,
    change: (doc: Document, manager: EntityManager) => void | Promise<void>,
  ): Promise<void> {
    await this.transactions.run(async (manager) => {
      const doc = await this.documents.find(id, manager);
      if (!doc || (doc.stage !== 'issued' && !seesDrafts(principal))) {
        throw new NotFoundError(`No document ${id}.`);
      }
      this.checkVersion(doc, baseVersion);
      await change(doc, manager);
      doc.version += 1;
      await manager.getRepository(Document).save(doc);
      await this.log(manager, action, principal, doc);
    });
  }

  /** A write that takes a number of the year; two at once may pick the same one: try again. */
  private async writeWithNumber(
    work: (manager: EntityManager) => Promise<Document>,
  ): Promise<Document> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.transactions.run(work);
      } catch (err) {
        if (!isUniqueViolation(err) || attempt >= 5) throw err;
      }
    }
  }

  private checkVersion(doc: Document, baseVersion: number): void {
    if (doc.version !== baseVersion) {
      throw new StaleVersionError(
        `${doc.symbol} was changed by someone else (version ${doc.version}, you had ${baseVersion}).`,
        baseVersion,
        { version: doc.version, stage: doc.stage, updatedAt: doc.updatedAt.toISOString() },
        [
          {
            field: 'baseVersion',
            rule: 'current',
            message: 'baseVersion is not the current version',
          },
        ],
      );
    }
  }

  private mustBeAt(doc: Document, stages: readonly DocumentStage[], verb: string, hint = ''): void {
    if (!stages.includes(doc.stage)) {
      throw new ConflictError(
        `${doc.symbol} is ${STAGE_LABELS[doc.stage].toLowerCase()}: it cannot be ${verb}.${hint ? ` ${hint}` : ''}`,
      );
    }
  }

  private isAuthor(doc: Document, principal: Principal): boolean {
    return doc.authorId !== null
      ? doc.authorId === principal.userId
      : doc.author === principal.name;
  }

  private mustBeAuthorOrAdmin(doc: Document, principal: Principal, verb: string): void {
    if (!this.isAuthor(doc, principal) && !hasRole(principal.role, Role.Admin)) {
      throw new NotAllowedError(
        `Only its author (${doc.author}) or an admin may ${verb} ${doc.symbol}.`,
      );
    }
  }

  private log(
    manager: EntityManager,
    action: AuditAction,
    principal: Principal,
    doc: Document,
    detail?: string,
  ): Promise<void> {
    return this.audit.record(
      { action, actor: principal, target: doc.symbol, detail: detail ?? doc.title },
      manager,
    );
  }

  private async build(
    kind: DocumentKind,
    target: string,
    options: DocumentOptions,
    edition: Edition,
  ) {
    const demo = (await this.settings.cached(DEMO_SETTING)) !== null;
    return this.reports.build(kind, target, { ...options, edition }, demo);
  }

  /**
   * The document printed as HTML with its stylesheet inside: the report in the edition of its
   * marking, with the document's symbol, marking and narrative. `issuedOn` null: a draft.
   */
  private async printable(
    doc: Document,
    issuedOn: string | null,
  ): Promise<{ html: string; report: ReportDocument }> {
    const report = await this.build(doc.kind, doc.target, doc.options, EDITION_OF[doc.marking]);
    const revises =
      doc.revisesId !== null
        ? (await this.documents.symbols([doc.revisesId])).get(doc.revisesId)
        : null;
    const document: PrintedDocument = {
      symbol: doc.symbol,
      title: doc.title,
      language: doc.language,
      languageName: languageName(doc.language),
      issuedOn,
      draft: issuedOn === null,
      revision: doc.revision,
      revises: revises ?? null,
      method: methodSection(
        report.figures ?? (await this.figures(doc, report.view.meta.asOf)),
        doc.kind === 'period'
          ? report.view.meta.dateLine
          : `as of ${dateText(report.view.meta.asOf)}, compared with ${dateText(report.view.meta.compareWith)}`,
        report.view.measureRules ?? [],
        report.view.meta.selection ?? null,
      ),
    };
    // The report templates print the document's parts where `document` is present; the running
    // header starts with its symbol.
    const meta = {
      ...report.view.meta,
      shortTitle: `${doc.symbol} · ${report.view.meta.shortTitle}`,
    };
    const view = { ...report.view, meta, document };
    const html = await this.renderer.render(
      { ...report, view },
      {
        standalone: true,
        marking: PRINTED_MARKINGS[doc.marking],
        narrative: {
          introduction: narrativeHtml(doc.introduction),
          conclusions: Object.fromEntries(
            Object.entries(doc.conclusions).map(([key, text]) => [key, narrativeHtml(text)]),
          ),
          overallConclusion: narrativeHtml(doc.overallConclusion),
        },
      },
    );
    return { html, report };
  }

  /** The figures of the pairs a document's report speaks of, at its date. */
  private async figures(doc: Document, asOf: string): Promise<ProgressFigures> {
    const o = doc.options;
    switch (doc.kind) {
      case 'recommendation':
        return (await this.statuses.forRecommendation(doc.target, asOf)).progress;
      case 'period':
        return this.progress.progress({ event: o.event, theme: o.theme, asOf: o.to ?? asOf });
      default:
        return this.progress.progress({ [doc.kind]: doc.target, asOf });
    }
  }

  private async views(docs: Document[]): Promise<DocumentView[]> {
    const linked = docs
      .flatMap((d) => [d.revisesId, d.supersededById])
      .filter((x): x is number => x !== null);
    const [symbols, issued] = await Promise.all([
      this.documents.symbols(linked),
      this.documents.issuedSummaries(docs.filter((d) => d.stage === 'issued').map((d) => d.id)),
    ]);
    return docs.map((d) => {
      const files = issued.get(d.id);
      return {
        id: d.id,
        kind: d.kind,
        target: d.target,
        options: d.options,
        title: d.title,
        symbol: d.symbol,
        revision: d.revision,
        revises: d.revisesId !== null ? (symbols.get(d.revisesId) ?? null) : null,
        supersededBy: d.supersededById !== null ? (symbols.get(d.supersededById) ?? null) : null,
        language: d.language,
        marking: d.marking,
        stage: d.stage,
        version: d.version,
        author: d.author,
        approvedBy: d.approvedBy,
        issuedBy: d.issuedBy,
        submittedAt: iso(d.submittedAt),
        approvedAt: iso(d.approvedAt),
        issuedAt: iso(d.issuedAt),
        createdAt: d.createdAt.toISOString(),
        updatedAt: d.updatedAt.toISOString(),
        introduction: d.introduction,
        conclusions: d.conclusions,
        overallConclusion: d.overallConclusion,
        issued: files
          ? {
              htmlSha256: files.htmlSha256,
              pdfSha256: files.pdfSha256,
              pdfPages: files.pdfPages,
              pdfUrl: `/api/v1/documents/${d.id}/issued.pdf`,
              htmlUrl: `/api/v1/documents/${d.id}/issued.html`,
            }
          : null,
      };
    });
  }
}

/** A page of DocumentViews, as the API answers it. */
export type DocumentPage = Page<DocumentView>;
