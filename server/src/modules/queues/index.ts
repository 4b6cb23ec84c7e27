export type { QueueSkillEntity } from './queue-skill.entity';
export type { QueueEntity } from './queue.entity';
export { queueErrors } from './queues.errors';
