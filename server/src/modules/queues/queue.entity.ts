import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn, Relation } from 'typeorm';
import type { AssignmentStrategy, QueueBusinessHours, QueueRelaxationStep, ServiceLevelFormula } from '@callcentre/shared';
import { QueueSkillEntity } from './queue-skill.entity';

@Entity('queues')
export class QueueEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  code!: string;

  @Column({ type: 'varchar', length: 120 })
  name!: string;

  @Column({ name: 'base_priority', type: 'integer' })
  basePriority!: number;

  @Column({ name: 'service_level_percent', type: 'integer' })
  serviceLevelPercent!: number;

  @Column({ name: 'service_level_seconds', type: 'integer' })
  serviceLevelSeconds!: number;

  @Column({ name: 'service_level_formula', type: 'varchar', length: 32 })
  serviceLevelFormula!: ServiceLevelFormula;

  @Column({ name: 'short_abandon_seconds', type: 'integer' })
  shortAbandonSeconds!: number;

  @Column({ name: 'offer_timeout_seconds', type: 'integer' })
  offerTimeoutSeconds!: number;

  @Column({ name: 'wrap_up_seconds', type: 'integer' })
  wrapUpSeconds!: number;

  @Column({ name: 'max_wait_seconds', type: 'integer', nullable: true })
  maxWaitSeconds!: number | null;

  @Column({ name: 'overflow_queue_id', type: 'uuid', nullable: true })
  overflowQueueId!: string | null;

  @Column({ type: 'varchar', length: 32 })
  strategy!: AssignmentStrategy;

  @Column({ name: 'relaxation_steps', type: 'jsonb' })
  relaxationSteps!: QueueRelaxationStep[];

  @Column({ name: 'business_hours', type: 'jsonb', nullable: true })
  businessHours!: QueueBusinessHours | null;

  @OneToMany(() => QueueSkillEntity, (skill) => skill.queue, { cascade: true, eager: true })
  skills!: Relation<QueueSkillEntity[]>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
