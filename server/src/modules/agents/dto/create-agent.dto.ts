import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { ChannelCapacityDto } from './agent-capacity.dto';
import { UpdateAgentSkillsDto } from './agent-skills.dto';

/** Makes an existing user (with the agent role) routable, with skills, languages and capacity. */
export class CreateAgentDto extends UpdateAgentSkillsDto {
  @ApiProperty()
  @IsUUID()
  userId!: string;

  @ApiPropertyOptional({ type: ChannelCapacityDto, description: 'Default: one call, three chats, five e-mails, five tickets' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ChannelCapacityDto)
  capacity?: ChannelCapacityDto;
}
