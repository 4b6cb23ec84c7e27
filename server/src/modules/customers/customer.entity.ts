import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RfmSegment, ValueTier } from '@callcentre/shared';

@Entity('customers')
export class CustomerEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The customer's id in the business's own systems (CRM, shop); null for a customer known only here. */
  @Column({ name: 'external_id', type: 'varchar', length: 64, nullable: true, unique: true })
  externalId!: string | null;

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

  /** IANA zone of the customer's own clock (when to call them back, their birthday). */
  @Column({ name: 'time_zone', type: 'varchar', length: 64, nullable: true })
  timeZone!: string | null;

  /** YYYY-MM-DD */
  @Column({ type: 'date', nullable: true })
  birthday!: string | null;

  @Column({ type: 'text' })
  notes!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
