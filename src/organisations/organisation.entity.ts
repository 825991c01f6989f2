import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

/** UNODC, FATF, CARICC, the OSCE itself and its units... */
@Entity({ name: 'organisations' })
export class Organisation {
  @PrimaryGeneratedColumn({ name: 'id' })
  id: number;

  @Column({ name: 'acronym', type: 'varchar', length: 32, unique: true })
  acronym: string;

  @Column({ name: 'name', type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'parent_id', type: 'integer', nullable: true })
  parentId: number | null;

  @ManyToOne(() => Organisation, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id' })
  parent?: Organisation | null;
}
