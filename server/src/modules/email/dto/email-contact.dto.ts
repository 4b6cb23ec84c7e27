import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
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
}
