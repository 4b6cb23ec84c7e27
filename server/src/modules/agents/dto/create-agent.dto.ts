import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { UpdateAgentSkillsDto } from './agent-skills.dto';

export class ChannelCapacityDto {
  @ApiProperty() @IsInt() @Min(0) @Max(1) voice!: number;
  @ApiProperty() @IsInt() @Min(0) @Max(10) chat!: number;
  @ApiProperty() @IsInt() @Min(0) @Max(50) email!: number;
  @ApiProperty() @IsInt() @Min(0) @Max(50) ticket!: number;
}

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
