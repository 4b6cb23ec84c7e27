import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateBy, ValidateNested } from 'class-validator';
import { WEEKDAYS, type Weekday } from '@callcentre/shared';
import { isTimeZone } from '../../../common/config/app-config';

const CLOCK = /^([01]\d|2[0-4]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class WorkingIntervalDto {
  @ApiProperty({ example: '09:00' })
  @Matches(CLOCK, { message: 'from must be a time as HH:MM' })
  from!: string;

  @ApiProperty({ example: '12:00', description: 'Exclusive; 24:00 allowed' })
  @Matches(CLOCK, { message: 'to must be a time as HH:MM' })
  to!: string;
}

const intervals = () => [IsArray(), ArrayMaxSize(8), ValidateNested({ each: true }), Type(() => WorkingIntervalDto)];
const apply = (decorators: PropertyDecorator[]): PropertyDecorator => (target, key) => decorators.forEach((decorator) => decorator(target, key));

/** Hours that differ on some weekdays (an empty list: no working hours that day). */
export class WorkingHoursByDayDto {
  @ApiPropertyOptional({ type: [WorkingIntervalDto] }) @IsOptional() @apply(intervals()) sun?: WorkingIntervalDto[];
  @ApiPropertyOptional({ type: [WorkingIntervalDto] }) @IsOptional() @apply(intervals()) mon?: WorkingIntervalDto[];
  @ApiPropertyOptional({ type: [WorkingIntervalDto] }) @IsOptional() @apply(intervals()) tue?: WorkingIntervalDto[];
  @ApiPropertyOptional({ type: [WorkingIntervalDto] }) @IsOptional() @apply(intervals()) wed?: WorkingIntervalDto[];
  @ApiPropertyOptional({ type: [WorkingIntervalDto] }) @IsOptional() @apply(intervals()) thu?: WorkingIntervalDto[];
  @ApiPropertyOptional({ type: [WorkingIntervalDto] }) @IsOptional() @apply(intervals()) fri?: WorkingIntervalDto[];
  @ApiPropertyOptional({ type: [WorkingIntervalDto] }) @IsOptional() @apply(intervals()) sat?: WorkingIntervalDto[];
}

/** The default business calendar: working days and hours, holidays and make-up days. */
export class UpdateCalendarDto {
  @ApiPropertyOptional({ example: 'Head office' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ example: 'Asia/Shanghai', description: 'IANA time zone; leave out to follow CENTRE_TIME_ZONE' })
  @IsOptional()
  @ValidateBy({ name: 'isTimeZone', validator: { validate: isTimeZone, defaultMessage: () => 'timeZone must be an IANA time zone such as Asia/Shanghai' } })
  timeZone?: string;

  @ApiProperty({ enum: WEEKDAYS, isArray: true, example: ['mon', 'tue', 'wed', 'thu', 'fri'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @IsIn(WEEKDAYS, { each: true })
  workingDays!: Weekday[];

  @ApiProperty({ type: [WorkingIntervalDto] })
  @apply(intervals())
  workingHours!: WorkingIntervalDto[];

  @ApiPropertyOptional({ type: WorkingHoursByDayDto })
  @IsOptional()
  @IsObject({ message: 'workingHoursByDay must be an object of weekdays (sun to sat)' })
  @ValidateNested()
  @Type(() => WorkingHoursByDayDto)
  workingHoursByDay?: WorkingHoursByDayDto;

  @ApiPropertyOptional({ type: [String], example: ['2026-12-25'], description: 'Dates (YYYY-MM-DD, local) not worked although their weekday is' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(400)
  @Matches(DATE, { each: true, message: 'each holiday must be a date as YYYY-MM-DD' })
  holidays?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Make-up days (YYYY-MM-DD) worked although their weekday is not' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(400)
  @Matches(DATE, { each: true, message: 'each extra working day must be a date as YYYY-MM-DD' })
  extraWorkingDays?: string[];
}
