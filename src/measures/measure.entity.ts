import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
} from 'typeorm';
import { ApiToken } from '../api-tokens/api-token.entity.js';
import { Recommendation } from '../recommendations/recommendation.entity.js';
import { User } from '../users/user.entity.js';
import type { MeasureKind } from './measure.types.js';

/**
 * One version of how a recommendation is measured: its kind and rule (JSON, checked by
 * `parseMeasure()`), from the day it was set. A recommendation without any is graded. Versions
 * are only ever added (the database refuses updates and deletes): a rule change is a new version,
 * and the statuses derived before it stay what they were.
 */
@Entity({ name: 'measures' })
@Unique('uq_measures_recommendation_version', ['recommendationId', 'version'])
@Check('ck_measures_kind', `"kind" IN ('graded', 'milestones', 'count', 'rating')`)
export class Measure {
  @PrimaryGeneratedColumn({ name: 'id' })
  id: number;

  @Column({ name: 'recommendation_id', type: 'integer' })
  recommendationId: number;

  @ManyToOne(() => Recommendation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recommendation_id' })
  recommendation?: Relation<Recommendation>;

  /** 1, 2, ... per recommendation; an edit names the version it was based on. */
  @Column({ name: 'version', type: 'integer' })
  version: number;

  @Column({ name: 'kind', type: 'varchar', length: 16 })
  kind: MeasureKind;

  /** The rule as JSON (`MilestonesRule`, `CountRule` or `RatingRule`); null when graded. */
  @Column({ name: 'rule', type: 'text', nullable: true })
  rule: string | null;

  /** YYYY-MM-DD: the day it was set; from then on its rule derives the statuses. */
  @Column({ name: 'effective_on', type: 'date' })
  effectiveOn: string;

  /** Why it was set or changed. */
  @Column({ name: 'note', type: 'text', nullable: true })
  note: string | null;

  /** Who set it (a snapshot of the name, as on assessments). */
  @Column({ name: 'author', type: 'varchar', length: 200 })
  author: string;

  @Column({ name: 'user_id', type: 'integer', nullable: true })
  userId: number | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User> | null;

  @Column({ name: 'api_token_id', type: 'integer', nullable: true })
  apiTokenId: number | null;

  @ManyToOne(() => ApiToken, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'api_token_id' })
  apiToken?: Relation<ApiToken> | null;

  @CreateDateColumn({ name: 'recorded_at' })
  recordedAt: Date;
}
