import { Column, Entity, JoinColumn, OneToMany, OneToOne, PrimaryColumn, Relation } from 'typeorm';
import type { AgentState, Channel } from '@callcentre/shared';
import { UserEntity } from '../auth';
import { AgentSkillEntity } from './agent-skill.entity';

@Entity('agents')
export class AgentEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @OneToOne(() => UserEntity, { eager: true })
  @JoinColumn({ name: 'user_id' })
  user!: Relation<UserEntity>;

  @Column({ type: 'jsonb' })
  capacity!: Record<Channel, number>;

  @Column({ type: 'text', array: true })
  languages!: string[];

  @Column({ type: 'varchar', length: 16 })
  state!: AgentState;

  @Column({ name: 'state_reason', type: 'varchar', length: 32, nullable: true })
  stateReason!: string | null;

  @Column({ name: 'state_since', type: 'timestamptz' })
  stateSince!: Date;

  @OneToMany(() => AgentSkillEntity, (skill) => skill.agent, { cascade: true, eager: true })
  skills!: Relation<AgentSkillEntity[]>;
}
