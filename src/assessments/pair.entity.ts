import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { Organisation } from '../organisations/organisation.entity.js';
import { Recommendation } from '../recommendations/recommendation.entity.js';
import { State } from '../states/state.entity.js';
import { ImplementationStatus } from './implementation-status.enum.js';

/**
 * A pair: a recommendation and the subject it is tracked for (a State, or an organisation such
 * as the OSCE itself). The pair and its assessments are one aggregate, written only through
 * `PairsRepository`; "pair" is the name used for it everywhere (code, API, pages, docs).
 *
 * The rows with `inScope` make up the recommendation's scope. A pair taken out of scope keeps
 * its row and its history. `status`, `assessedOn` and `assessmentId` repeat the pair's current
 * assessment (the latest by `assessedOn`, then by id), `firstAssessedOn` the date of its
 * earliest, and `version` counts its assessments (from 1): the database keeps them so when an
 * assessment is inserted (migrations PairMovedByAssessment, PairFirstAssessment), and a write
 * based on an older version is caught.
 *
 * The table keeps its first name, `current_statuses`: renaming it would rewrite every trigger
 * and function that keeps the totals, for no change a user would see.
 */
@Entity({ name: 'current_statuses' })
@Unique('uq_current_statuses_recommendation_state', ['recommendationId', 'stateId'])
@Unique('uq_current_statuses_recommendation_organisation', ['recommendationId', 'organisationId'])
@Check(
  'ck_current_statuses_one_subject',
  '("state_id" IS NULL AND "organisation_id" IS NOT NULL) OR ("state_id" IS NOT NULL AND "organisation_id" IS NULL)',
)
// Counts by status read these indexes alone: all pairs, a State's (with the dates of its latest
// and earliest assessments, also for its counts as of a date), a set of recommendations'.
@Index('ix_current_statuses_scope_status', ['inScope', 'status'])
@Index('ix_current_statuses_state_status_dates', [
  'stateId',
  'inScope',
  'status',
  'assessedOn',
  'firstAssessedOn',
])
@Index('ix_current_statuses_recommendation_status', ['recommendationId', 'inScope', 'status'])
export class Pair {
  @PrimaryGeneratedColumn({ name: 'id' })
  id: number;

  @Column({ name: 'recommendation_id', type: 'integer' })
  recommendationId: number;

  @ManyToOne(() => Recommendation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recommendation_id' })
  recommendation?: Relation<Recommendation>;

  @Column({ name: 'state_id', type: 'integer', nullable: true })
  stateId: number | null;

  @ManyToOne(() => State, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'state_id' })
  state?: Relation<State> | null;

  @Column({ name: 'organisation_id', type: 'integer', nullable: true })
  organisationId: number | null;

  @ManyToOne(() => Organisation, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<Organisation> | null;

  @Column({ name: 'in_scope', type: 'boolean', default: true })
  inScope: boolean;

  @Column({
    name: 'status',
    type: 'varchar',
    length: 32,
    default: ImplementationStatus.NoInformation,
  })
  status: ImplementationStatus;

  @Column({ name: 'assessed_on', type: 'date', nullable: true })
  assessedOn: string | null;

  /** The assessment that set `status`; null while the pair was never assessed. */
  @Column({ name: 'assessment_id', type: 'integer', nullable: true })
  assessmentId: number | null;

  /** The date of the pair's earliest assessment; null while it was never assessed. */
  @Column({ name: 'first_assessed_on', type: 'date', nullable: true })
  firstAssessedOn: string | null;

  @Column({ name: 'version', type: 'integer', default: 1 })
  version: number;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
