import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { SKILL_KINDS, type SkillKind } from '@callcentre/shared';

export class CreateSkillDto {
  @ApiProperty({ example: 'mortgages' })
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'code must be lower-case letters, digits and dashes' })
  code!: string;

  @ApiProperty({ example: 'Mortgages' })
  @IsString()
  @MaxLength(120)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @ApiProperty({ enum: SKILL_KINDS })
  @IsIn(SKILL_KINDS)
  kind!: SkillKind;
}
