import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinTable,
  ManyToMany,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';
import { State } from '../states/state.entity.js';
import { Role } from './role.enum.js';

/**
 * A person who signs in. The password is kept only as an argon2id hash. An analyst with a
 * non-empty `states` list may record assessments for those States only.
 */
@Entity({ name: 'users' })
@Check('ck_users_role', `"role" IN ('admin', 'analyst', 'viewer')`)
export class User {
  @PrimaryGeneratedColumn({ name: 'id' })
  id: number;

  /** Lower-case sign-in name. */
  @Column({ name: 'username', type: 'varchar', length: 64, unique: true })
  username: string;

  @Column({ name: 'display_name', type: 'varchar', length: 200 })
  displayName: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ name: 'role', type: 'varchar', length: 16 })
  role: Role;

  /** Set for a first or reset password: the user must choose a new one before anything else. */
  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword: boolean;

  /** A deactivated user cannot sign in; their sessions end. Users are never deleted. */
  @Column({ name: 'active', type: 'boolean', default: true })
  active: boolean;

  @ManyToMany(() => State)
  @JoinTable({
    name: 'user_states',
    joinColumn: { name: 'user_id', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'state_id', referencedColumnName: 'id' },
  })
  states?: Relation<State>[];

  @Column({ name: 'version', type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
