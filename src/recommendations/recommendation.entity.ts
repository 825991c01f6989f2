import {
  Index,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  JoinTable,
  ManyToMany,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';
import { EventSession } from '../events/event-session.entity.js';
import { Event } from '../events/event.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { Theme } from '../themes/theme.entity.js';
import { Addressee } from './addressee.enum.js';

/** A recommendation adopted at an event; `ref` (JEW-II.9) is stable and never changes. */
@Entity({ name: 'recommendations' })
@Index('ix_recommendations_event', ['eventId', 'position'])
export class Recommendation {
  @PrimaryGeneratedColumn({ name: 'id' })
  id: number;

  @Column({ name: 'ref', type: 'varchar', length: 40, unique: true })
  ref: string;

  @Column({ name: 'event_id', type: 'integer' })
  eventId: number;

  @ManyToOne(() => Event, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'event_id' })
  event?: Relation<Event>;

  @Column({ name: 'session_id', type: 'integer', nullable: true })
  sessionId: number | null;

  @ManyToOne(() => EventSession, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'session_id' })
  session?: Relation<EventSession> | null;

  /** Order within its event, as the source lists them. */
  @Column({ name: 'position', type: 'integer' })
  position: number;

  @Column({ name: 'title', type: 'varchar', length: 200 })
  title: string;

  @Column({ name: 'text', type: 'text' })
  text: string;

  @Column({ name: 'addressee', type: 'varchar', length: 40 })
  addressee: Addressee;

  @ManyToMany(() => Theme)
  @JoinTable({
    name: 'recommendation_themes',
    joinColumn: { name: 'recommendation_id' },
    inverseJoinColumn: { name: 'theme_id' },
  })
  themes?: Theme[];

  @ManyToMany(() => Organisation)
  @JoinTable({
    name: 'recommendation_organisations',
    joinColumn: { name: 'recommendation_id' },
    inverseJoinColumn: { name: 'organisation_id' },
  })
  organisations?: Organisation[];

  /** Bumped by every edit; an edit names the version it was based on. */
  @Column({ name: 'version', type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
