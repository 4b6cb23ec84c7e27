import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBase64, IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { EMAIL_DEPARTMENTS, EMAIL_PRIORITIES, EMAIL_REPLY_TEMPLATES, type EmailDepartment, type EmailPriority, type EmailReplyTemplate } from '@callcentre/shared';

/** A supervisor's change of a contact's department or priority. */
export class ChangeSortingDto {
  @ApiPropertyOptional({ enum: EMAIL_DEPARTMENTS })
  @IsOptional()
  @IsIn(EMAIL_DEPARTMENTS)
  department?: EmailDepartment;

  @ApiPropertyOptional({ enum: EMAIL_PRIORITIES })
  @IsOptional()
  @IsIn(EMAIL_PRIORITIES)
  priority?: EmailPriority;
}

export class ReplyDto {
  @ApiPropertyOptional({ description: 'Default: "Re: " and the original subject. No line breaks.' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  subject?: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(100_000)
  body!: string;
}

export class DraftQuery {
  @ApiPropertyOptional({ enum: EMAIL_REPLY_TEMPLATES })
  @IsOptional()
  @IsIn(EMAIL_REPLY_TEMPLATES)
  template?: EmailReplyTemplate;

  @ApiPropertyOptional({ enum: ['en', 'zh-CN'], description: 'Language of the template (the agent’s console language)' })
  @IsOptional()
  @IsIn(['en', 'zh-CN'])
  language?: 'en' | 'zh-CN';
}

/** A message a mail gateway hands over by HTTP instead of SMTP. */
export class GatewayMessageDto {
  @ApiProperty({ description: 'The message as received (RFC 5322 text), base64; the request body is limited to 100 kB' })
  @IsBase64()
  @MaxLength(140_000)
  raw!: string;

  @ApiPropertyOptional({ description: 'Envelope recipients; the message’s To and Cc are read too', type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsEmail({}, { each: true })
  recipients?: string[];
}
