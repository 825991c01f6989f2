import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'themes' })
export class Theme {
  @PrimaryGeneratedColumn({ name: 'id' })
  id: number;

  @Column({ name: 'slug', type: 'varchar', length: 64, unique: true })
  slug: string;

  @Column({ name: 'title', type: 'varchar', length: 200 })
  title: string;
}
