import {
  Column,
  Entity,
  Index,
  JoinColumn,
  JoinTable,
  ManyToMany,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Organisation } from '../organisations/organisation.entity.js';
import { State } from '../states/state.entity.js';
import { EventSession } from './event-session.entity.js';

export enum EventKind {
  Workshop = 'workshop',
  Conference = 'conference',
}

/** A workshop or conference. Dates may be unknown: the sources do not always say. */
@Entity({ name: 'events' })
// The order of lists: by start date, undated last, then id. An expression index, made by the
// EventOrderIndex migration; TypeORM cannot describe it, so schema checks leave it alone.
@Index('ix_events_list_order', { synchronize: false })
export class Event {
  @PrimaryGeneratedColumn({ name: 'id' })
  id: number;

  @Column({ name: 'slug', type: 'varchar', length: 100, unique: true })
  slug: string;

  @Column({ name: 'title', type: 'varchar', length: 300 })
  title: string;

  @Column({ name: 'kind', type: 'varchar', length: 20 })
  kind: EventKind;

  @Column({ name: 'start_date', type: 'date', nullable: true })
  startDate: string | null;

  @Column({ name: 'end_date', type: 'date', nullable: true })
  endDate: string | null;

  @Column({ name: 'published_on', type: 'date', nullable: true })
  publishedOn: string | null;

  @Column({ name: 'venue', type: 'varchar', length: 300, nullable: true })
  venue: string | null;

  @Column({ name: 'city', type: 'varchar', length: 100, nullable: true })
  city: string | null;

  @Column({ name: 'country_id', type: 'integer', nullable: true })
  countryId: number | null;

  @ManyToOne(() => State, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'country_id' })
  country?: State | null;

  @Column({ name: 'summary', type: 'text', nullable: true })
  summary: string | null;

  @Column({ name: 'source', type: 'varchar', length: 300, nullable: true })
  source: string | null;

  @Column({ name: 'participants_count', type: 'integer', nullable: true })
  participantsCount: number | null;

  @Column({ name: 'participating_states_note', type: 'text', nullable: true })
  participatingStatesNote: string | null;

  /** Who the event was for ("Experts", "OSCE staff"...), as the source words it. */
  @Column({ name: 'audience', type: 'simple-json' })
  audience: string[];

  @Column({ name: 'tags', type: 'simple-json' })
  tags: string[];

  @ManyToMany(() => Organisation)
  @JoinTable({
    name: 'event_organisers',
    joinColumn: { name: 'event_id' },
    inverseJoinColumn: { name: 'organisation_id' },
  })
  organisers?: Organisation[];

  @ManyToMany(() => State)
  @JoinTable({
    name: 'event_participating_states',
    joinColumn: { name: 'event_id' },
    inverseJoinColumn: { name: 'state_id' },
  })
  participatingStates?: State[];

  @ManyToMany(() => State)
  @JoinTable({
    name: 'event_funders',
    joinColumn: { name: 'event_id' },
    inverseJoinColumn: { name: 'state_id' },
  })
  funders?: State[];

  @OneToMany(() => EventSession, (s) => s.event)
  sessions?: EventSession[];
}
