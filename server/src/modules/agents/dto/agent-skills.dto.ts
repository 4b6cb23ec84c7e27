import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { LANGUAGES } from '@callcentre/shared';

export class AgentSkillDto {
  @ApiProperty({ example: 'billing' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'skill must be a skill code such as billing' })
  skill!: string;

  @ApiProperty({ minimum: 1, maximum: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  proficiency!: number;
}

export class UpdateAgentSkillsDto {
  @ApiProperty({ type: [AgentSkillDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => AgentSkillDto)
  skills!: AgentSkillDto[];

  @ApiProperty({ enum: LANGUAGES, isArray: true })
  @IsArray()
  @ArrayMaxSize(10)
  @IsIn(LANGUAGES, { each: true })
  @MaxLength(16, { each: true })
  languages!: string[];
}
