export { SkillEntity } from './skill.entity';
export { SkillsModule } from './skills.module';
export { SkillsRepository } from './skills.repository';
