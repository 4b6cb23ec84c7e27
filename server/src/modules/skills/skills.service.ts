import { Injectable } from '@nestjs/common';
import type { Skill } from '@callcentre/shared';
import { type AuthenticatedUser } from '../../common/auth';
import { DomainError } from '../../common/http/domain-error';
import { AuditService } from '../audit';
import { RoutingService } from '../routing';
import { CreateSkillDto } from './dto/create-skill.dto';
import { SkillEntity } from './skill.entity';
import { SkillsRepository } from './skills.repository';

/** A stored skill as the REST answers carry it. */
export function skillOf(entity: SkillEntity): Skill {
  return { id: entity.id, code: entity.code, name: entity.name, kind: entity.kind, createdAt: entity.createdAt.toISOString() };
}

/** Skills (products, languages, expertise): listed to everyone, created by administrators (audited). */
@Injectable()
export class SkillsService {
  constructor(
    private readonly skills: SkillsRepository,
    private readonly audit: AuditService,
    private readonly routing: RoutingService,
  ) {}

  async list(): Promise<Skill[]> {
    return (await this.skills.list()).map(skillOf);
  }

  async create(body: CreateSkillDto, user: AuthenticatedUser): Promise<Skill> {
    const created = await this.skills.transaction(async (manager) => {
      if (await this.skills.codeTaken(manager, body.code)) {
        throw new DomainError('SKILL_CODE_TAKEN', `a skill with code '${body.code}' already exists`, 409, { code: body.code });
      }
      const id = await this.skills.insert(manager, { code: body.code, name: body.name.trim(), kind: body.kind });
      await this.audit.record({ actor: { kind: 'user', id: user.id, username: user.username }, action: 'skill.created', target: { type: 'skill', id }, details: { ...body } }, manager);
      return id;
    });
    await this.routing.applyStoredConfiguration();
    return skillOf(await this.skills.get(created));
  }
}
