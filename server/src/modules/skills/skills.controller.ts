import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AuthenticatedUser, CurrentUser, Roles } from '../../common/auth';
import { DomainError } from '../../common/http/domain-error';
import { AuditService } from '../audit/audit.service';
import { RoutingService } from '../routing/routing.service';
import { CreateSkillDto } from './dto/create-skill.dto';
import { SkillEntity } from './skill.entity';

@ApiTags('skills')
@Controller('api/skills')
export class SkillsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly routing: RoutingService,
  ) {}

  @Get()
  @Roles('agent', 'team_lead', 'supervisor', 'admin')
  @ApiOperation({ summary: 'Every skill (products, languages, expertise)' })
  list() {
    return this.dataSource.getRepository(SkillEntity).find({ order: { kind: 'ASC', code: 'ASC' } });
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a skill (audited)' })
  async create(@Body() body: CreateSkillDto, @CurrentUser() user: AuthenticatedUser) {
    const created = await this.dataSource.transaction(async (manager) => {
      const [existing] = await manager.query(`SELECT id FROM skills WHERE code = $1`, [body.code]);
      if (existing) throw new DomainError('SKILL_CODE_TAKEN', `a skill with code '${body.code}' already exists`, 409, { code: body.code });
      const [row] = await manager.query(`INSERT INTO skills (code, name, kind) VALUES ($1, $2, $3) RETURNING id`, [body.code, body.name.trim(), body.kind]);
      await this.audit.record({ actor: { kind: 'user', id: user.id, username: user.username }, action: 'skill.created', target: { type: 'skill', id: row.id }, details: { ...body } }, manager);
      return row.id as string;
    });
    await this.routing.applyStoredConfiguration();
    return this.dataSource.getRepository(SkillEntity).findOneByOrFail({ id: created });
  }
}
