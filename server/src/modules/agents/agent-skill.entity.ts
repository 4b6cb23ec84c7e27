import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, Relation } from 'typeorm';
import { AgentEntity } from './agent.entity';

@Entity('agent_skills')
export class AgentSkillEntity {
  @PrimaryColumn({ name: 'agent_id', type: 'uuid' })
  agentId!: string;

  @PrimaryColumn({ name: 'skill_id', type: 'uuid' })
  skillId!: string;

  @Column({ type: 'smallint' })
  proficiency!: number;

  @ManyToOne(() => AgentEntity, (agent) => agent.skills, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agent_id' })
  agent!: Relation<AgentEntity>;
}
