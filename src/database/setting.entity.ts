import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Instance-wide values generated once and shared by every app instance, e.g. the cookie secret. */
@Entity({ name: 'settings' })
export class Setting {
  @PrimaryColumn({ name: 'key', type: 'varchar', length: 64 })
  key: string;

  @Column({ name: 'value', type: 'text' })
  value: string;
}
