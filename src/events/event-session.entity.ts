import {
  Column,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
} from 'typeorm';
import { Event } from './event.entity.js';

/** A plenary session of an event; recommendations are adopted in one. */
@Entity({ name: 'event_sessions' })
@Unique('uq_event_sessions_event_number', ['eventId', 'number'])
export class EventSession {
  @PrimaryGeneratedColumn({ name: 'id' })
  id: number;

  @Column({ name: 'event_id', type: 'integer' })
  eventId: number;

  @ManyToOne(() => Event, (e) => e.sessions, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'event_id' })
  event?: Relation<Event>;

  /** As the source numbers it: "1", "II"... */
  @Column({ name: 'number', type: 'varchar', length: 10 })
  number: string;

  @Column({ name: 'title', type: 'varchar', length: 300 })
  title: string;

  @Column({ name: 'position', type: 'integer' })
  position: number;
}
