import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { AUDIT_ACTION_PATTERN, AUDIT_ACTOR_KINDS, type AuditActorKind } from '../audit.types';
import { QueryInt } from '../../../common/http/query-transforms';

export class ListAuditQuery {
  @ApiPropertyOptional({ description: 'Exact action, e.g. auth.login_failed' })
  @IsOptional()
  @Matches(AUDIT_ACTION_PATTERN, { message: 'action must look like domain.what_happened' })
  @MaxLength(64)
  action?: string;

  @ApiPropertyOptional({ description: 'Every action of one domain, e.g. queue for queue.created and queue.updated' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{0,31}$/, { message: 'domain must be the first part of an action, e.g. queue' })
  domain?: string;

  @ApiPropertyOptional({ description: 'Id of the user or API key that acted' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ enum: AUDIT_ACTOR_KINDS })
  @IsOptional()
  @IsIn(AUDIT_ACTOR_KINDS)
  actorKind?: AuditActorKind;

  @ApiPropertyOptional({ description: 'Kind of thing acted upon, e.g. user, api_key, agent' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  targetType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(128)
  targetId?: string;

  @ApiPropertyOptional({ description: 'Entries at or after this instant (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

  @ApiPropertyOptional({ description: 'Entries before this instant (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  until?: string;

  @ApiPropertyOptional({ description: 'Page cursor: entries older than this id (the previous page\'s nextBefore)' })
  @IsOptional()
  @Matches(/^[1-9]\d{0,17}$/, { message: 'before must be an entry id' })
  before?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
