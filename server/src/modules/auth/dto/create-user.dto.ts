import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '@callcentre/shared';
import { IsNotCommonPassword } from '../../../common/auth/password.policy';
import { PersonName } from '../../../common/http/person-name';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './change-password.dto';

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;

export class CreateUserDto {
  @ApiProperty({ example: 'jane.doe', pattern: USERNAME_PATTERN.source })
  @Matches(USERNAME_PATTERN, { message: 'username must be 2 to 64 lowercase letters, digits, dots, dashes or underscores' })
  username!: string;

  @ApiProperty({ example: 'Jane Doe', description: 'Bidirectional controls and zero-width characters are removed' })
  @PersonName()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  displayName!: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  @IsNotCommonPassword()
  password!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles!: Role[];

  @ApiPropertyOptional({ description: "Joins the team this team lead leads (made, named after them, when they lead none)" })
  @IsOptional()
  @IsUUID()
  teamLeadId?: string;

  @ApiPropertyOptional({ description: 'Joins this team (takes precedence over teamLeadId)' })
  @IsOptional()
  @IsUUID()
  teamId?: string;
}
