import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { SIGN_IN_FIELD_RULES } from '@callcentre/shared';

export class LoginDto {
  @ApiProperty({ example: 'sophie' })
  @IsString()
  @MinLength(1)
  @MaxLength(SIGN_IN_FIELD_RULES.username.maxLength)
  username!: string;

  @ApiProperty({ example: 'sophie' })
  @IsString()
  @MinLength(1)
  @MaxLength(SIGN_IN_FIELD_RULES.password.maxLength)
  password!: string;
}
