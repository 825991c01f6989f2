import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum StateGroup {
  Participating = 'participating',
  MediterraneanPartner = 'mediterranean-partner',
  AsianPartner = 'asian-partner',
}

/** A participating State or Partner for Co-operation; `iso3` is its key in URLs and CSV. */
@Entity({ name: 'states' })
export class State {
  @PrimaryGeneratedColumn({ name: 'id' })
  id: number;

  @Column({ name: 'iso3', type: 'varchar', length: 3, unique: true })
  iso3: string;

  @Column({ name: 'iso2', type: 'varchar', length: 2, unique: true })
  iso2: string;

  @Column({ name: 'iso_numeric', type: 'varchar', length: 3 })
  isoNumeric: string;

  @Column({ name: 'name', type: 'varchar', length: 120 })
  name: string;

  @Column({ name: 'group', type: 'varchar', length: 32 })
  group: StateGroup;
}
