import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CALL_COMMAND_TYPES, type CallCommandType } from '@callcentre/shared';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

/** A command from the agent's desktop on the call they handle. */
export class CallCommandDto {
  @ApiProperty({ enum: CALL_COMMAND_TYPES })
  @IsIn(CALL_COMMAND_TYPES as unknown as string[])
  type!: CallCommandType;

  @ApiPropertyOptional({ description: 'The colleague: consult, blind_transfer, conference_add (a new colleague), conference_drop' })
  @IsOptional()
  @IsUUID()
  agentId?: string;

  @ApiPropertyOptional({ description: 'consult only: a queue (id or code); the server picks its longest-free agent' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  queueId?: string;
}
