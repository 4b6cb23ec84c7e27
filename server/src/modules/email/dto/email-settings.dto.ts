import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsEmail, IsIn, IsInt, IsObject, IsOptional, IsString, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { EMAIL_DEPARTMENTS, EMAIL_PRIORITIES, EMAIL_RULE_FIELDS, type EmailDepartment, type EmailPriority, type EmailRuleField } from '@callcentre/shared';

export class EmailMailboxDto {
  @ApiProperty({ example: 'service@example.com' })
  @IsEmail()
  @MaxLength(254)
  address!: string;

  @ApiProperty({ enum: EMAIL_DEPARTMENTS })
  @IsIn(EMAIL_DEPARTMENTS)
  department!: EmailDepartment;
}

const queueCode = () => [IsString(), MaxLength(64)];
const apply = (decorators: PropertyDecorator[]): PropertyDecorator => (target, key) => decorators.forEach((decorator) => decorator(target, key));

export class DepartmentQueuesDto {
  @ApiProperty() @apply(queueCode()) sales!: string;
  @ApiProperty() @apply(queueCode()) customer_service!: string;
  @ApiProperty() @apply(queueCode()) pr!: string;
  @ApiProperty() @apply(queueCode()) hr!: string;
  @ApiProperty() @apply(queueCode()) finance!: string;
}

/** Working minutes per priority: 1 minute to 30 days. */
const minutes = () => [IsInt(), Min(1), Max(43200)];

export class PromiseMinutesDto {
  @ApiProperty({ example: 240 }) @apply(minutes()) '1'!: number;
  @ApiProperty({ example: 480 }) @apply(minutes()) '2'!: number;
  @ApiProperty({ example: 1440 }) @apply(minutes()) '3'!: number;
  @ApiProperty({ example: 1440 }) @apply(minutes()) '4'!: number;
  @ApiProperty({ example: 1440 }) @apply(minutes()) '5'!: number;
}

/** The channel's settings: the centre's addresses, each department's queue, the reply promise per priority. */
export class EmailSettingsDto {
  @ApiProperty({ type: [EmailMailboxDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => EmailMailboxDto)
  mailboxes!: EmailMailboxDto[];

  @ApiProperty({ type: DepartmentQueuesDto })
  @IsObject()
  @ValidateNested()
  @Type(() => DepartmentQueuesDto)
  departmentQueues!: DepartmentQueuesDto;

  @ApiProperty({ type: PromiseMinutesDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PromiseMinutesDto)
  promiseMinutes!: PromiseMinutesDto;
}

export class EmailRuleDto {
  @ApiProperty({ enum: ['department', 'priority'] })
  @IsIn(['department', 'priority'])
  kind!: 'department' | 'priority';

  @ApiProperty({ enum: EMAIL_RULE_FIELDS })
  @IsIn(EMAIL_RULE_FIELDS)
  field!: EmailRuleField;

  @ApiProperty({ description: 'Comma-separated words for text fields, a value tier for tier, empty for flags' })
  @IsString()
  @MaxLength(2000)
  pattern!: string;

  @ApiPropertyOptional({ enum: EMAIL_DEPARTMENTS })
  @ValidateIf((rule: EmailRuleDto) => rule.kind === 'department')
  @IsIn(EMAIL_DEPARTMENTS, { message: 'a department rule names a department' })
  department?: EmailDepartment | null;

  @ApiPropertyOptional({ enum: EMAIL_PRIORITIES })
  @ValidateIf((rule: EmailRuleDto) => rule.kind === 'priority')
  @IsIn(EMAIL_PRIORITIES, { message: 'a priority rule names a priority from 1 to 5' })
  priority?: EmailPriority | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  complaint?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class EmailRulesDto {
  @ApiProperty({ type: [EmailRuleDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => EmailRuleDto)
  rules!: EmailRuleDto[];
}
