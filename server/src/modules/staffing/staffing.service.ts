import { Injectable } from '@nestjs/common';
import { WorkforceInputError, recommendStaffing, type StaffingAnswer, type StaffingLevel, type StaffingLiveWindow, type StaffingRow } from '@callcentre/shared';
import { DomainError } from '../../common/http/domain-error';
import type { StaffingQuery } from './dto/staffing.query';
import { STAFFING_LIMITS } from './dto/staffing.query';
import { staffingErrors } from './staffing.errors';
import { liveQueueLoad } from './staffing-load';
import { StaffingRepository } from './staffing.repository';

/** The live window a queue's arrival rate and AHT are read from. */
export const LIVE_WINDOW_MINUTES = 60;
export const DEFAULT_TARGET_PERCENT = 80;
export const DEFAULT_THRESHOLD_SECONDS = 20;

const finite = (value: number): number | null => (Number.isFinite(value) ? value : null);

function toLevel(row: StaffingRow): StaffingLevel {
  return {
    agents: row.agents,
    serviceLevel: row.serviceLevel,
    probabilityOfWaiting: row.probabilityOfWaiting,
    asaSeconds: finite(row.asaSeconds),
    occupancy: row.occupancy,
    abandonRate: row.abandonRate,
    meetsTarget: row.meetsTargets,
  };
}

/**
 * "How many agents for 80/20 at this forecast?": Erlang C (or Erlang A when callers' patience is given) on a
 * forecast from the request, or from a queue's last 60 minutes of the routing journal for whatever the
 * request leaves out: the offered figure per hour and the AHT, counted by the live statistics' own mapping and
 * arithmetic (liveQueueLoad). The window runs to the millisecond, where the wallboard's rolling hour is whole
 * minutes, so the two can differ by the events of one minute at either edge.
 */
@Injectable()
export class StaffingService {
  /** Clock; injectable for tests. */
  now: () => number = () => Date.now();

  constructor(private readonly repository: StaffingRepository) {}

  async recommend(query: StaffingQuery): Promise<StaffingAnswer> {
    if (query.queueId === undefined) {
      const missing = (['arrivalsPerHour', 'ahtSeconds'] as const).filter((field) => query[field] === undefined);
      if (missing.length > 0) throw staffingErrors.missing([...missing]);
    }
    let live: StaffingLiveWindow | null = null;
    let queueTarget: { percent: number; seconds: number } | null = null;
    if (query.queueId !== undefined) {
      const queue = await this.repository.queue(query.queueId);
      if (!queue) throw staffingErrors.unknownQueue(query.queueId);
      queueTarget = { percent: queue.serviceLevelPercent, seconds: queue.serviceLevelSeconds };
      const to = this.now();
      const from = to - LIVE_WINDOW_MINUTES * 60_000;
      const load = liveQueueLoad(await this.repository.queueEvents(queue.id, from, to), queue, from, to);
      live = {
        queueId: queue.id,
        queueName: queue.name,
        windowMinutes: LIVE_WINDOW_MINUTES,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        offered: load.offered,
        completed: load.completed,
        ahtSeconds: load.ahtSeconds,
      };
    }
    const arrivalsPerHour = query.arrivalsPerHour ?? (live as StaffingLiveWindow).offered * (60 / LIVE_WINDOW_MINUTES);
    const liveAht = live?.ahtSeconds ?? null;
    if (query.ahtSeconds === undefined && liveAht === null) {
      throw staffingErrors.noLiveHandleTime({ id: (live as StaffingLiveWindow).queueId, name: (live as StaffingLiveWindow).queueName }, LIVE_WINDOW_MINUTES);
    }
    const ahtSeconds = query.ahtSeconds ?? (liveAht as number);
    const targetPercent = query.targetPercent ?? queueTarget?.percent ?? DEFAULT_TARGET_PERCENT;
    const thresholdSeconds = query.thresholdSeconds ?? queueTarget?.seconds ?? DEFAULT_THRESHOLD_SECONDS;
    const patienceSeconds = query.patienceSeconds ?? null;

    const trafficErlangs = (arrivalsPerHour * ahtSeconds) / 3600;
    if (trafficErlangs > STAFFING_LIMITS.maxTrafficErlangs) throw staffingErrors.tooLarge(trafficErlangs);
    let recommendation;
    try {
      recommendation = recommendStaffing({
        arrivalRatePerHour: arrivalsPerHour,
        ahtSeconds,
        targetServiceLevel: targetPercent / 100,
        serviceLevelThresholdSeconds: thresholdSeconds,
        ...(patienceSeconds === null ? {} : { patienceSeconds }),
      });
    } catch (error) {
      // Only a queue's own stored target can get here (the query is validated): e.g. a 100% target.
      if (error instanceof WorkforceInputError) throw new DomainError('INVALID_FORECAST', error.message, 422, { field: error.field });
      throw error;
    }
    return {
      model: recommendation.model,
      forecast: {
        arrivalsPerHour,
        ahtSeconds,
        targetPercent,
        thresholdSeconds,
        patienceSeconds,
        arrivalsSource: query.arrivalsPerHour === undefined ? 'live' : 'request',
        ahtSource: query.ahtSeconds === undefined ? 'live' : 'request',
      },
      live,
      trafficErlangs: recommendation.trafficErlangs,
      requiredAgents: recommendation.requiredAgents,
      atRequired: toLevel(recommendation.atRequired),
      table: recommendation.rows.map(toLevel),
    };
  }
}
