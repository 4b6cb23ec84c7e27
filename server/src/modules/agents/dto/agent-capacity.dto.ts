import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { AGENT_CAPACITY_FIELD_RULES as RULES } from '@callcentre/shared';

/** How many contacts of each channel an agent handles at once; 0 takes the agent off a channel. */
export class ChannelCapacityDto {
  @ApiProperty({ minimum: 0, maximum: RULES.voice.max, description: 'Calls at once: never a call on top of a call' })
  @IsInt()
  @Min(RULES.voice.min)
  @Max(RULES.voice.max)
  voice!: number;

  @ApiProperty({ minimum: 0, maximum: RULES.chat.max })
  @IsInt()
  @Min(RULES.chat.min)
  @Max(RULES.chat.max)
  chat!: number;

  @ApiProperty({ minimum: 0, maximum: RULES.email.max })
  @IsInt()
  @Min(RULES.email.min)
  @Max(RULES.email.max)
  email!: number;

  @ApiProperty({ minimum: 0, maximum: RULES.ticket.max })
  @IsInt()
  @Min(RULES.ticket.min)
  @Max(RULES.ticket.max)
  ticket!: number;
}
