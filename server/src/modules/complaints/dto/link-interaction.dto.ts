import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** Another contact about the same complaint (the customer called back, wrote in). */
export class LinkInteractionDto {
  @ApiProperty()
  @IsUUID()
  interactionId!: string;
}
