import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';

/** Extra priority points a supervisor gives a waiting contact, on top of queue, value tier, complaint and aging. */
export class SetPriorityDto {
  @ApiProperty({ minimum: -1000, maximum: 1000, description: 'Points added to the contact; 0 takes them away' })
  @IsInt()
  @Min(-1000)
  @Max(1000)
  boost!: number;
}
