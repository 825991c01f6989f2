import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  JoinTable,
  ManyToMany,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { State } from '../states/state.entity.js';
import { Role } from '../users/role.enum.js';
import { User } from '../users/user.entity.js';

/**
 * A named credential for `/api/v1`. Only the SHA-256 of the secret is stored; the secret is
 * shown once, when the token is issued. Revoked tokens stay for the audit trail.
 */
@Entity({ name: 'api_tokens' })
@Check('ck_api_tokens_role', `"role" IN ('admin', 'analyst', 'viewer')`)
export class ApiToken {
  @PrimaryGeneratedColumn({ name: 'id' })
  id: number;

  @Column({ name: 'name', type: 'varchar', length: 100 })
  name: string;

  /** Hex SHA-256 of the whole token. */
  @Column({ name: 'token_hash', type: 'varchar', length: 64, unique: true })
  tokenHash: string;

  /** The token's first characters, to tell tokens apart in lists. */
  @Column({ name: 'prefix', type: 'varchar', length: 16 })
  prefix: string;

  @Column({ name: 'role', type: 'varchar', length: 16 })
  role: Role;

  @ManyToMany(() => State)
  @JoinTable({
    name: 'api_token_states',
    joinColumn: { name: 'api_token_id', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'state_id', referencedColumnName: 'id' },
  })
  states?: Relation<State>[];

  /** Null when issued from the command line. */
  @Column({ name: 'created_by_id', type: 'integer', nullable: true })
  createdById: number | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: Relation<User> | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: Date, nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'last_used_at', type: Date, nullable: true })
  lastUsedAt: Date | null;

  @Column({ name: 'revoked_at', type: Date, nullable: true })
  revokedAt: Date | null;
}
