import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform, Type as ClassType } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { COMPLAINT_RETURN_STEPS, type ComplaintEvent, type ComplaintEventType, type ComplaintReturnStep } from '@callcentre/shared';
import { createValidationPipe } from '../../../common/http/validation';
import { NOT_BLANK } from './open-complaint.dto';

/** Far beyond any complaint's number of changes: a version above it is a malformed body, not a conflict. */
export const MAX_COMPLAINT_VERSION = 1_000_000;

/** What every event body carries besides its own details. */
abstract class EventBodyDto {
  abstract type: ComplaintEventType;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_COMPLAINT_VERSION, description: 'The version the console showed; a complaint that changed meanwhile answers 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_COMPLAINT_VERSION)
  expectedVersion?: number;
}

/** Events without a note of their own take an optional note for the history. */
abstract class EventWithHistoryNoteDto extends EventBodyDto {
  @ApiPropertyOptional({ description: 'A note for the history' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

const text = (field: string, max = 2000): PropertyDecorator => (target, key) => {
  IsString()(target, key);
  Matches(NOT_BLANK, { message: `${field} must not be blank` })(target, key);
  MaxLength(max)(target, key);
};

const typed = (type: ComplaintEventType): PropertyDecorator => (target, key) => {
  ApiProperty({ enum: [type] })(target, key);
  IsIn([type])(target, key);
};

export class CustomerCalmedDto extends EventWithHistoryNoteDto {
  @typed('customer.calmed') type!: 'customer.calmed';
}

export class ProblemClarifiedDto extends EventWithHistoryNoteDto {
  @typed('problem.clarified') type!: 'problem.clarified';

  @ApiProperty({ description: 'Whether the complaint is upheld (the facts support it)' })
  @IsBoolean()
  upheld!: boolean;

  @ApiProperty({ description: 'The problem restated and confirmed with the customer' })
  @text('summary', 4000)
  summary!: string;
}

export class ExplanationAcceptedDto extends EventWithHistoryNoteDto {
  @typed('explanation.accepted') type!: 'explanation.accepted';
}

export class ExplanationRejectedDto extends EventBodyDto {
  @typed('explanation.rejected') type!: 'explanation.rejected';

  @ApiProperty({ description: 'What the customer said in rejecting the explanation' })
  @text('note')
  note!: string;
}

export class RemedyDto {
  @ApiProperty({ example: 'refund' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, { message: 'id must be 1 to 64 letters, digits, dots, dashes or underscores' })
  id!: string;

  @ApiProperty({ example: 'Refund the second collection within 3 days' })
  @text('description', 500)
  description!: string;
}

export class RemediesOfferedDto extends EventWithHistoryNoteDto {
  @typed('remedies.offered') type!: 'remedies.offered';

  @ApiProperty({ type: [RemedyDto], description: 'A choice of remedies, each with an id not offered before' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => RemedyDto)
  remedies!: RemedyDto[];
}

export class RemedyChosenDto extends EventWithHistoryNoteDto {
  @typed('remedy.chosen') type!: 'remedy.chosen';

  @ApiProperty({ description: 'The id of a remedy in the pending offer' })
  @IsString()
  @MaxLength(64)
  remedyId!: string;
}

export class RemediesRejectedDto extends EventBodyDto {
  @typed('remedies.rejected') type!: 'remedies.rejected';

  @ApiProperty({ description: 'What the customer said in refusing every remedy' })
  @text('note')
  note!: string;
}

export class ActionCompletedDto extends EventBodyDto {
  @typed('action.completed') type!: 'action.completed';

  @ApiProperty({ description: 'What was done' })
  @text('note')
  note!: string;
}

export class ActionDeferredDto extends EventWithHistoryNoteDto {
  @typed('action.deferred') type!: 'action.deferred';

  @ApiProperty({ description: 'What will be done' })
  @text('description', 1000)
  description!: string;

  @ApiProperty({ description: 'When it will be done (ISO 8601, in the future)' })
  @IsISO8601({ strict: true }, { message: 'dueAt must be an ISO 8601 date-time' })
  dueAt!: string;

  @ApiProperty({ description: 'Who follows it up (an agent or team lead)' })
  @IsUUID()
  ownerId!: string;
}

export class ActionRescheduledDto extends EventWithHistoryNoteDto {
  @typed('action.rescheduled') type!: 'action.rescheduled';

  @ApiProperty({ description: 'The new due date (ISO 8601, in the future)' })
  @IsISO8601({ strict: true }, { message: 'dueAt must be an ISO 8601 date-time' })
  dueAt!: string;

  @ApiProperty()
  @text('reason')
  reason!: string;
}

export class ProgressLoggedDto extends EventBodyDto {
  @typed('progress.logged') type!: 'progress.logged';

  @ApiProperty({ description: 'What the customer was told' })
  @text('note')
  note!: string;
}

export class ComplaintEscalatedDto extends EventWithHistoryNoteDto {
  @typed('complaint.escalated') type!: 'complaint.escalated';

  @ApiProperty({ description: 'Why it goes to the team lead' })
  @text('reason')
  reason!: string;
}

export class EscalationAcceptedDto extends EventWithHistoryNoteDto {
  @typed('escalation.accepted') type!: 'escalation.accepted';
}

export class OwnerAssignedDto extends EventWithHistoryNoteDto {
  @typed('owner.assigned') type!: 'owner.assigned';

  @ApiProperty({ description: 'The new follow-up owner (an agent or team lead)' })
  @IsUUID()
  ownerId!: string;
}

export class EscalationReturnedDto extends EventWithHistoryNoteDto {
  @typed('escalation.returned') type!: 'escalation.returned';

  @ApiProperty({ enum: COMPLAINT_RETURN_STEPS, description: 'resolve (explore solutions again) or the step it was escalated from' })
  @IsIn(COMPLAINT_RETURN_STEPS)
  to!: ComplaintReturnStep;

  @ApiProperty({ description: 'The team lead’s guidance to the agent' })
  @text('guidance')
  guidance!: string;
}

export class EscalationResolvedDto extends EventWithHistoryNoteDto {
  @typed('escalation.resolved') type!: 'escalation.resolved';

  @ApiProperty()
  @text('resolution')
  resolution!: string;
}

export class CustomerThankedDto extends EventWithHistoryNoteDto {
  @typed('customer.thanked') type!: 'customer.thanked';

  @ApiProperty({ description: '"Does this settle it for you?" Not settled sends it to the team lead' })
  @IsBoolean()
  settled!: boolean;

  @ApiPropertyOptional({ nullable: true, description: '"Is there anything else?": what the customer raised' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(2000)
  anythingElse?: string | null;

  @ApiPropertyOptional({ nullable: true, minimum: 1, maximum: 5, description: 'Satisfaction 1-5; null when the customer declined to score' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(1)
  @Max(5)
  satisfaction?: number | null;
}

export class CustomerWaitDto extends EventWithHistoryNoteDto {
  @typed('customer.wait') type!: 'customer.wait';

  @ApiProperty({ description: 'What the customer is to come back with; the clock pauses meanwhile' })
  @text('reason')
  reason!: string;
}

export class CustomerAnsweredDto extends EventWithHistoryNoteDto {
  @typed('customer.answered') type!: 'customer.answered';
}

/** The events a console sends (`complaint.recorded` is POST /api/complaints). */
export const COMPLAINT_EVENT_DTOS = {
  'customer.calmed': CustomerCalmedDto,
  'problem.clarified': ProblemClarifiedDto,
  'explanation.accepted': ExplanationAcceptedDto,
  'explanation.rejected': ExplanationRejectedDto,
  'remedies.offered': RemediesOfferedDto,
  'remedy.chosen': RemedyChosenDto,
  'remedies.rejected': RemediesRejectedDto,
  'action.completed': ActionCompletedDto,
  'action.deferred': ActionDeferredDto,
  'action.rescheduled': ActionRescheduledDto,
  'progress.logged': ProgressLoggedDto,
  'complaint.escalated': ComplaintEscalatedDto,
  'escalation.accepted': EscalationAcceptedDto,
  'owner.assigned': OwnerAssignedDto,
  'escalation.returned': EscalationReturnedDto,
  'escalation.resolved': EscalationResolvedDto,
  'customer.thanked': CustomerThankedDto,
  'customer.wait': CustomerWaitDto,
  'customer.answered': CustomerAnsweredDto,
} as const satisfies Record<Exclude<ComplaintEventType, 'complaint.recorded'>, ClassType<EventBodyDto>>;

export type SendableEventType = keyof typeof COMPLAINT_EVENT_DTOS;
export const SENDABLE_EVENT_TYPES = Object.keys(COMPLAINT_EVENT_DTOS) as SendableEventType[];

/** A validated event body: one of the DTOs above. */
export type ComplaintEventBody = InstanceType<(typeof COMPLAINT_EVENT_DTOS)[SendableEventType]>;

/** Event types whose own details include `note` (for the others `note` is a note for the history). */
const NOTE_IS_PAYLOAD: ReadonlySet<ComplaintEventType> = new Set(['explanation.rejected', 'remedies.rejected', 'action.completed', 'progress.logged']);

/**
 * The machine event a body stands for, stamped with the server's time and the sender; the history note
 * separately (for events whose details include a note, the note is both).
 */
export function toMachineEvent(body: ComplaintEventBody, at: string, by: string): { event: ComplaintEvent; note: string | null } {
  const { expectedVersion: _version, ...fields } = body as ComplaintEventBody & Record<string, unknown>;
  const note = typeof fields.note === 'string' ? fields.note : null;
  if (!NOTE_IS_PAYLOAD.has(body.type)) delete fields.note;
  if (body.type === 'customer.thanked') {
    fields.anythingElse = body.anythingElse ?? null;
    fields.satisfaction = body.satisfaction ?? null;
  }
  if (body.type === 'action.deferred' || body.type === 'action.rescheduled') fields.dueAt = new Date(body.dueAt).toISOString();
  if (body.type === 'remedies.offered') fields.remedies = body.remedies.map(({ id, description }) => ({ id, description }));
  return { event: { ...fields, at, by } as unknown as ComplaintEvent, note };
}

/**
 * Validates an event body against the DTO of its `type` (a discriminated validation): unknown fields are
 * rejected and every bad field is listed, as for any other body.
 */
@Injectable()
export class ComplaintEventPipe implements PipeTransform<unknown, Promise<ComplaintEventBody>> {
  private readonly validation = createValidationPipe();

  async transform(value: unknown, metadata: ArgumentMetadata): Promise<ComplaintEventBody> {
    const type = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { type?: unknown }).type : undefined;
    const dto = typeof type === 'string' && Object.hasOwn(COMPLAINT_EVENT_DTOS, type) ? COMPLAINT_EVENT_DTOS[type as SendableEventType] : undefined;
    if (!dto) {
      const message =
        type === 'complaint.recorded'
          ? 'type complaint.recorded is sent by opening a complaint (POST /api/complaints)'
          : `type must be one of: ${SENDABLE_EVENT_TYPES.join(', ')}`;
      throw new BadRequestException({ code: 'VALIDATION_FAILED', message: 'The request has invalid fields', fields: [{ field: 'type', messages: [message] }] });
    }
    return this.validation.transform(value, { ...metadata, type: 'body', metatype: dto });
  }
}
