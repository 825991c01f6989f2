import {
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
import { Pair } from './pair.entity.js';
import { ImplementationStatus } from './implementation-status.enum.js';

/**
 * One status judgement of a tracked pair, as of the date the facts refer to. Append-only:
 * rows are never updated or deleted (the database refuses both).
 */
@Entity({ name: 'assessments' })
// A pair's assessments by date and id, with their status: the status in force on a date is read
// from this index alone.
@Index('ix_assessments_pair_assessed_on_status', ['pairId', 'assessedOn', 'id', 'status'])
@Index('ix_assessments_recorded_at', ['recordedAt'])
export class Assessment {
  @PrimaryGeneratedColumn({ name: 'id' })
  id: number;

  @Column({ name: 'pair_id', type: 'integer' })
  pairId: number;

  @ManyToOne(() => Pair, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'pair_id' })
  pair?: Relation<Pair>;

  @Column({ name: 'status', type: 'varchar', length: 32 })
  status: ImplementationStatus;

  /** The date the facts refer to (YYYY-MM-DD); may lie in the past. */
  @Column({ name: 'assessed_on', type: 'date' })
  assessedOn: string;

  @Column({ name: 'note', type: 'text', nullable: true })
  note: string | null;

  /** Never printed in a public report. */
  @Column({ name: 'internal_note', type: 'text', nullable: true })
  internalNote: string | null;

  @Column({ name: 'evidence_url', type: 'varchar', length: 2000, nullable: true })
  evidenceUrl: string | null;

  @Column({ name: 'evidence_citation', type: 'varchar', length: 1000, nullable: true })
  evidenceCitation: string | null;

  /** Who recorded it, as shown in history and internal reports (a snapshot of the name). */
  @Column({ name: 'author', type: 'varchar', length: 200 })
  author: string;

  /** The signed-in user who recorded it; null when it came through an API token. */
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

  @CreateDateColumn({ name: 'recorded_at' })
  recordedAt: Date;

  /**
   * The fact recorded with it (JSON: a milestone reached, a count, a rating; see
   * `measures/measure.types.ts`), from which its status was derived; null for a judgement on the
   * scale.
   */
  @Column({ name: 'fact', type: 'text', nullable: true })
  fact: string | null;

  /**
   * The status the recommendation's measure derives at `assessedOn`: the status itself, unless
   * an analyst overrode it. Null for a judgement on the scale.
   */
  @Column({ name: 'derived_status', type: 'varchar', length: 32, nullable: true })
  derivedStatus: ImplementationStatus | null;

  /** Why an analyst set a status other than the derived one. */
  @Column({ name: 'override_reason', type: 'text', nullable: true })
  overrideReason: string | null;

  /** The version of the measure whose rule derived `derivedStatus`. */
  @Column({ name: 'measure_version', type: 'integer', nullable: true })
  measureVersion: number | null;
}
