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
} from 'typeorm';
import { ApiToken } from '../api-tokens/api-token.entity.js';
import { User } from '../users/user.entity.js';

export type ImportStatus = 'dry-run' | 'applied' | 'discarded';
export type ImportFormat = 'csv' | 'xlsx';

/** The line counts of a dry run (and, once applied, how many assessments were written). */
export interface ImportCounts {
  /** Data lines, the header not counted. */
  lines: number;
  /** Valid lines that add an assessment. */
  changes: number;
  /** Valid lines equal to an assessment already recorded: skipped. */
  unchanged: number;
  /** Lines with at least one problem. */
  bad: number;
  /** Problems over all bad lines. */
  problems: number;
  /** Assessments written, once applied. */
  written?: number;
}

/**
 * An uploaded file of assessments, kept from its dry run until it is applied (or discarded), so
 * that the apply step checks exactly what was shown. `pairVersions` holds the version of each
 * pair the dry run would change: if any has moved by the time of applying, nothing is written.
 */
@Entity({ name: 'imports' })
@Check('ck_imports_status', `"status" IN ('dry-run', 'applied', 'discarded')`)
@Check('ck_imports_format', `"format" IN ('csv', 'xlsx')`)
@Index('ix_imports_created_at', ['createdAt'])
export class Import {
  @PrimaryGeneratedColumn({ name: 'id' })
  id: number;

  /** The signed-in user who uploaded it; null when it came through an API token. */
  @Column({ name: 'user_id', type: 'integer', nullable: true })
  userId: number | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User> | null;

  /** The API token it came through, if any. */
  @Column({ name: 'api_token_id', type: 'integer', nullable: true })
  apiTokenId: number | null;

  @ManyToOne(() => ApiToken, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'api_token_id' })
  apiToken?: Relation<ApiToken> | null;

  /** Who uploaded it, as shown in the list (a snapshot of the name). */
  @Column({ name: 'uploaded_by', type: 'varchar', length: 200 })
  uploadedBy: string;

  @Column({ name: 'filename', type: 'varchar', length: 255 })
  filename: string;

  @Column({ name: 'format', type: 'varchar', length: 8 })
  format: ImportFormat;

  /** The file's text for CSV; for XLSX the rows of its first worksheet as JSON. */
  @Column({ name: 'content', type: 'text' })
  content: string;

  @Column({ name: 'counts', type: 'simple-json' })
  counts: ImportCounts;

  /** Pair id → the version the dry run saw, for each pair it would change. */
  @Column({ name: 'pair_versions', type: 'simple-json' })
  pairVersions: Record<string, number>;

  @Column({ name: 'status', type: 'varchar', length: 16, default: 'dry-run' })
  status: ImportStatus;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @Column({ name: 'applied_at', type: Date, nullable: true })
  appliedAt: Date | null;
}
