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

  @ApiPropertyOptional({ description: 'consult or blind_transfer, instead of agentId: a queue (id or code); a consult goes to its longest-free agent, a blind transfer sends the call back to wait in it' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  queueId?: string;
}
