import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A web session, kept in the database so that every app instance on it sees the same sessions. */
@Entity({ name: 'sessions' })
@Index('ix_sessions_expires_at', ['expiresAt'])
@Index('ix_sessions_user', ['userId'])
export class Session {
  @PrimaryColumn({ name: 'sid', type: 'varchar', length: 128 })
  sid: string;

  @Column({ name: 'user_id', type: 'integer', nullable: true })
  userId: number | null;

  /** The serialised session (JSON). */
  @Column({ name: 'data', type: 'text' })
  data: string;

  /** Milliseconds since the epoch (beyond a 32-bit integer); the session is gone after this. */
  @Column({
    name: 'expires_at',
    type: 'bigint',
    transformer: { to: (v: number) => v, from: Number },
  })
  expiresAt: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
