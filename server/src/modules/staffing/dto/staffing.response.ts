import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { StaffingAnswer, StaffingForecastUsed, StaffingLevel, StaffingLiveWindow } from '@callcentre/shared';

/** The OpenAPI description of `GET /api/staffing`; the shape itself is the shared StaffingAnswer contract. */

export class StaffingRowDto implements StaffingLevel {
  @ApiProperty() agents!: number;
  @ApiProperty({ description: 'Share 0-1 of offered contacts answered within the threshold' }) serviceLevel!: number;
  @ApiProperty({ description: 'Share 0-1 of contacts that wait at all' }) probabilityOfWaiting!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Average speed of answer, seconds; null when the queue would grow without bound' }) asaSeconds!: number | null;
  @ApiProperty({ description: 'Share 0-1 of agents’ time spent handling contacts' }) occupancy!: number;
  @ApiProperty({ description: 'Share 0-1 of contacts abandoned (0 under Erlang C)' }) abandonRate!: number;
  @ApiProperty({ description: 'This many agents meet the target' }) meetsTarget!: boolean;
}

export class StaffingForecastDto implements StaffingForecastUsed {
  @ApiProperty() arrivalsPerHour!: number;
  @ApiProperty() ahtSeconds!: number;
  @ApiProperty() targetPercent!: number;
  @ApiProperty() thresholdSeconds!: number;
  @ApiProperty({ type: Number, nullable: true }) patienceSeconds!: number | null;
  @ApiProperty({ enum: ['request', 'live'], description: 'Where arrivalsPerHour came from' }) arrivalsSource!: 'request' | 'live';
  @ApiProperty({ enum: ['request', 'live'], description: 'Where ahtSeconds came from' }) ahtSource!: 'request' | 'live';
}

export class StaffingLiveDto implements StaffingLiveWindow {
  @ApiProperty({ format: 'uuid' }) queueId!: string;
  @ApiProperty() queueName!: string;
  @ApiProperty() windowMinutes!: number;
  @ApiProperty({ description: 'Start of the window, ISO 8601' }) from!: string;
  @ApiProperty({ description: 'End of the window (now), ISO 8601' }) to!: string;
  @ApiProperty({ description: 'The queue’s offered figure in the window: contacts that entered its line (arrivals, overflow and transfers in, hand-backs)' }) offered!: number;
  @ApiProperty({ description: 'Contacts of the queue completed in the window' }) completed!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Average handle time of the handlings that ended in the window (completed, transferred, handed back), as the live statistics count it; null when none ended' }) ahtSeconds!: number | null;
}

export class StaffingResponseDto implements StaffingAnswer {
  @ApiProperty({ enum: ['erlang_c', 'erlang_a'] }) model!: 'erlang_c' | 'erlang_a';
  @ApiProperty({ type: StaffingForecastDto }) forecast!: StaffingForecastDto;
  @ApiPropertyOptional({ type: StaffingLiveDto, nullable: true }) live!: StaffingLiveDto | null;
  @ApiProperty({ description: 'Offered load: arrivals per second × AHT' }) trafficErlangs!: number;
  @ApiProperty({ description: 'Fewest agents (logged in and available for contacts) that meet the target' }) requiredAgents!: number;
  @ApiProperty({ type: StaffingRowDto, description: 'Figures at requiredAgents' }) atRequired!: StaffingRowDto;
  @ApiProperty({ type: [StaffingRowDto], description: 'Figures from two agents fewer to three more' }) table!: StaffingRowDto[];
}
