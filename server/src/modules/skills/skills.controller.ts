import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Skill } from '@callcentre/shared';
import { AuthenticatedUser, CurrentUser, Roles } from '../../common/auth';
import { CreateSkillDto } from './dto/create-skill.dto';
import { SkillsService } from './skills.service';

@ApiTags('skills')
@Controller('api/skills')
export class SkillsController {
  constructor(private readonly skills: SkillsService) {}

  @Get()
  @Roles('agent', 'team_lead', 'supervisor', 'admin')
  @ApiOperation({ summary: 'Every skill (products, languages, expertise)' })
  list(): Promise<Skill[]> {
    return this.skills.list();
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a skill (audited)' })
  create(@Body() body: CreateSkillDto, @CurrentUser() user: AuthenticatedUser): Promise<Skill> {
    return this.skills.create(body, user);
  }
}
