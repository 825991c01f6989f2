import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One security-relevant event: a sign-in, a failed sign-in, a change to a user or token, a
 * refused write. Append-only, like assessments: the database refuses updates and deletes.
 */
@Entity({ name: 'audit_events' })
@Index('ix_audit_events_at', ['at'])
@Index('ix_audit_events_action', ['action', 'at'])
export class AuditEvent {
  @PrimaryGeneratedColumn({ name: 'id' })
  id: number;

  @CreateDateColumn({ name: 'at' })
  at: Date;

  /** e.g. `login.failed`, `user.created`, `write.refused`. */
  @Column({ name: 'action', type: 'varchar', length: 64 })
  action: string;

  /** Who acted: a username, `token:<name>`, `cli`, `system`, or what was typed at sign-in. */
  @Column({ name: 'actor', type: 'varchar', length: 200 })
  actor: string;

  @Column({ name: 'user_id', type: 'integer', nullable: true })
  userId: number | null;

  @Column({ name: 'api_token_id', type: 'integer', nullable: true })
  apiTokenId: number | null;

  /** What was acted on: a username, a token name, `ref/ISO3`. */
  @Column({ name: 'target', type: 'varchar', length: 200, nullable: true })
  target: string | null;

  @Column({ name: 'detail', type: 'text', nullable: true })
  detail: string | null;

  @Column({ name: 'source_ip', type: 'varchar', length: 64, nullable: true })
  sourceIp: string | null;
}
