import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';
import type { AnnexForm } from '../reports/dto/report-query.dto.js';
import { User } from '../users/user.entity.js';

/** Where a document is on its way: written, sent for approval, approved by another, issued. */
export const DOCUMENT_STAGES = ['draft', 'submitted', 'approved', 'issued'] as const;
export type DocumentStage = (typeof DOCUMENT_STAGES)[number];

/** Who a document may go to: anyone, named recipients, or the secretariat alone. */
export const MARKINGS = ['public', 'restricted', 'internal'] as const;
export type Marking = (typeof MARKINGS)[number];

/** The kinds of report a document is made from (the kinds of `ReportsService`). */
export const DOCUMENT_KINDS = ['event', 'state', 'theme', 'recommendation', 'period'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** The report options a document keeps: its dates, and for the period report its selection. */
export interface DocumentOptions {
  asOf?: string;
  compareWith?: string;
  from?: string;
  to?: string;
  event?: string;
  theme?: string;
  /** Event and theme reports: the annex of ratings as a heatmap (default) or a table. */
  annex?: AnnexForm;
}

/**
 * A report as a document the secretariat issues: a report kind and its options, a title and a
 * document symbol, a distribution marking, and the analyst's narrative (Markdown). It goes from
 * draft to submitted, is approved by someone other than its author, and is issued: its HTML and
 * PDF are then kept unchanged in `issued_documents`. A correction is a new revision (the same
 * symbol with "/Rev.N"), which supersedes the one it corrects once issued.
 */
@Entity({ name: 'documents' })
@Check('ck_documents_kind', `"kind" IN ('event', 'state', 'theme', 'recommendation', 'period')`)
@Check('ck_documents_stage', `"stage" IN ('draft', 'submitted', 'approved', 'issued')`)
@Check('ck_documents_marking', `"marking" IN ('public', 'restricted', 'internal')`)
@Index('ux_documents_number', ['year', 'number', 'revision'], { unique: true })
@Index('ix_documents_stage', ['stage', 'updatedAt'])
export class Document {
  @PrimaryGeneratedColumn({ name: 'id' })
  id: number;

  @Column({ name: 'kind', type: 'varchar', length: 16 })
  kind: DocumentKind;

  /** What the report is about: an event or theme slug, a State's code, a ref; '' for a period. */
  @Column({ name: 'target', type: 'varchar', length: 100 })
  target: string;

  @Column({ name: 'options', type: 'simple-json' })
  options: DocumentOptions;

  @Column({ name: 'title', type: 'varchar', length: 300 })
  title: string;

  /** The document symbol, e.g. "SEC/EVT/2026/3" or, for a revision, "SEC/EVT/2026/3/Rev.1". */
  @Column({ name: 'symbol', type: 'varchar', length: 120, unique: true })
  symbol: string;

  /** The year and the number within it that the symbol was made from. */
  @Column({ name: 'year', type: 'integer' })
  year: number;

  @Column({ name: 'number', type: 'integer' })
  number: number;

  /** 0 for the original, 1 for Rev.1, and so on. */
  @Column({ name: 'revision', type: 'integer', default: 0 })
  revision: number;

  /** The document this revision corrects. */
  @Column({ name: 'revises_id', type: 'integer', nullable: true })
  revisesId: number | null;

  @ManyToOne(() => Document, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'revises_id' })
  revises?: Relation<Document> | null;

  /** The issued revision that replaces this one; set when that revision is issued. */
  @Column({ name: 'superseded_by_id', type: 'integer', nullable: true })
  supersededById: number | null;

  @Column({ name: 'language', type: 'varchar', length: 8 })
  language: string;

  @Column({ name: 'marking', type: 'varchar', length: 16 })
  marking: Marking;

  @Column({ name: 'introduction', type: 'text' })
  introduction: string;

  /** Conclusions by recommendation ref (and, in a State report, `state` for the State). */
  @Column({ name: 'conclusions', type: 'simple-json' })
  conclusions: Record<string, string>;

  @Column({ name: 'overall_conclusion', type: 'text' })
  overallConclusion: string;

  @Column({ name: 'stage', type: 'varchar', length: 16, default: 'draft' })
  stage: DocumentStage;

  /** Moves on with every change, so that an edit made on an old copy is refused. */
  @Column({ name: 'version', type: 'integer', default: 1 })
  version: number;

  @Column({ name: 'author_id', type: 'integer', nullable: true })
  authorId: number | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id' })
  authorUser?: Relation<User> | null;

  /** Who wrote it, as the audit log names people. */
  @Column({ name: 'author', type: 'varchar', length: 200 })
  author: string;

  @Column({ name: 'approved_by', type: 'varchar', length: 200, nullable: true })
  approvedBy: string | null;

  @Column({ name: 'issued_by', type: 'varchar', length: 200, nullable: true })
  issuedBy: string | null;

  @Column({ name: 'submitted_at', type: Date, nullable: true })
  submittedAt: Date | null;

  @Column({ name: 'approved_at', type: Date, nullable: true })
  approvedAt: Date | null;

  @Column({ name: 'issued_at', type: Date, nullable: true })
  issuedAt: Date | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
