import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, Relation } from 'typeorm';
import { QueueEntity } from './queue.entity';

@Entity('queue_skills')
export class QueueSkillEntity {
  @PrimaryColumn({ name: 'queue_id', type: 'uuid' })
  queueId!: string;

  @PrimaryColumn({ name: 'skill_id', type: 'uuid' })
  skillId!: string;

  @Column({ name: 'min_proficiency', type: 'smallint' })
  minProficiency!: number;

  @Column({ type: 'boolean' })
  optional!: boolean;

  @ManyToOne(() => QueueEntity, (queue) => queue.skills, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'queue_id' })
  queue!: Relation<QueueEntity>;
}
