import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';

/** How many contacts of each channel an agent handles at once; 0 takes the agent off a channel. */
export class ChannelCapacityDto {
  @ApiProperty({ minimum: 0, maximum: 1, description: 'Calls at once: never a call on top of a call' })
  @IsInt()
  @Min(0)
  @Max(1)
  voice!: number;

  @ApiProperty({ minimum: 0, maximum: 10 })
  @IsInt()
  @Min(0)
  @Max(10)
  chat!: number;

  @ApiProperty({ minimum: 0, maximum: 50 })
  @IsInt()
  @Min(0)
  @Max(50)
  email!: number;

  @ApiProperty({ minimum: 0, maximum: 50 })
  @IsInt()
  @Min(0)
  @Max(50)
  ticket!: number;
}
