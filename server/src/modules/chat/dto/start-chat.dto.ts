import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { CHAT_MESSAGE_MAX_LENGTH, CHAT_NAME_MAX_LENGTH } from '@callcentre/shared';

export class StartChatDto {
  @ApiProperty({ maxLength: CHAT_NAME_MAX_LENGTH })
  @IsString()
  @MinLength(1)
  @MaxLength(CHAT_NAME_MAX_LENGTH)
  name!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ enum: ['en', 'zh-CN'] })
  @IsOptional()
  @IsIn(['en', 'zh-CN'])
  language?: 'en' | 'zh-CN';

  @ApiPropertyOptional({ maxLength: CHAT_MESSAGE_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(CHAT_MESSAGE_MAX_LENGTH)
  message?: string;
}

export class ChatTokenDto {
  @ApiProperty()
  @IsString()
  @MaxLength(100)
  token!: string;
}
