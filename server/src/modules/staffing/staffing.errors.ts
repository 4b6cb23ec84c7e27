import { BadRequestException } from '@nestjs/common';
import { DomainError } from '../../common/http/domain-error';
import { STAFFING_LIMITS } from './dto/staffing.query';

export const staffingErrors = {
  /** Field-level 400, shaped like body validation's. */
  missing: (fields: string[]) =>
    new BadRequestException({
      code: 'VALIDATION_FAILED',
      message: `${fields.join(' and ')} ${fields.length > 1 ? 'are' : 'is'} required unless queueId is given`,
      fields: fields.map((field) => ({ field, messages: [`${field} is required unless queueId is given`] })),
    }),
  unknownQueue: (queueId: string) => new DomainError('QUEUE_NOT_FOUND', `queue '${queueId}' does not exist`, 404, { queueId }),
  noLiveHandleTime: (queue: { id: string; name: string }, windowMinutes: number) =>
    new DomainError(
      'NO_LIVE_HANDLE_TIME',
      `Queue ${queue.name} ended no handling (no contact completed, transferred or handed back) in the last ${windowMinutes} minutes, so its handle time is unknown: give the average handle time (ahtSeconds)`,
      422,
      { queueId: queue.id, queueName: queue.name, windowMinutes },
    ),
  tooLarge: (trafficErlangs: number) =>
    new DomainError(
      'FORECAST_TOO_LARGE',
      `the forecast is ${Math.round(trafficErlangs)} Erlangs of traffic; this endpoint sizes up to ${STAFFING_LIMITS.maxTrafficErlangs} (split the work by queue)`,
      400,
      { trafficErlangs, maxTrafficErlangs: STAFFING_LIMITS.maxTrafficErlangs },
    ),
};
