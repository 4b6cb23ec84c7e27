import { AgentSkillEntity } from '../../modules/agents/agent-skill.entity';
import { AgentEntity } from '../../modules/agents/agent.entity';
import { CustomerEntity } from '../../modules/customers/customer.entity';
import { QueueSkillEntity } from '../../modules/queues/queue-skill.entity';
import { QueueEntity } from '../../modules/queues/queue.entity';
import { SkillEntity } from '../../modules/skills/skill.entity';
import { UserEntity } from '../../modules/auth/user.entity';

/** Every TypeORM entity of the server, registered once for the application and the CLI. */
export const ENTITIES = [
  UserEntity,
  SkillEntity,
  QueueEntity,
  QueueSkillEntity,
  AgentEntity,
  AgentSkillEntity,
  CustomerEntity,
];
