import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RfmSegment, ValueTier } from '@callcentre/shared';

@Entity('customers')
export class CustomerEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 160 })
  name!: string;

  @Column({ type: 'varchar', length: 32, nullable: true, unique: true })
  phone!: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true, unique: true })
  email!: string | null;

  @Column({ name: 'value_tier', type: 'varchar', length: 16 })
  valueTier!: ValueTier;

  @Column({ name: 'rfm_segment', type: 'varchar', length: 32, nullable: true })
  rfmSegment!: RfmSegment | null;

  /** numeric comes back from pg as a string; keep it exact and convert at the edge. */
  @Column({ name: 'lifetime_value', type: 'numeric', precision: 14, scale: 2 })
  lifetimeValue!: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  language!: string | null;

  @Column({ type: 'text' })
  notes!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
